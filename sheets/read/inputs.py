"""What an input is, decided in one place for every command: a code file or an
authenticator export (anything else is refused while reading, in one line).

A file is read as an export when its name or first bytes say so (sheets.read.authenticators
sniffs only a regular file, never a FIFO), unless the user named a provider or a service
for it, which makes it a code file. An export's password comes from --vault-password-file,
else it is asked for on the terminal, and only when the file turns out to be encrypted.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from sheets.model import CodeSet, Vault
from sheets.read import authenticators
from sheets.read.codes import read_codes

Warn = Callable[[str, str], None]


def is_export(path: str, provider: str | None = None, service: str | None = None) -> bool:
    """Whether `path` is read as an authenticator export rather than a code file."""
    return not (provider or service) and authenticators.is_export_file(path)


def read(
    path: str,
    *,
    provider: str | None = None,
    account: str | None = None,
    service: str | None = None,
    vault_password_file: str | None = None,
    warn: Warn | None = None,
) -> CodeSet | Vault:
    """The code set or the export the file holds (InputError when it holds neither)."""
    if is_export(path, provider, service):
        return read_vault(path, vault_password_file, warn)
    return read_codes(path, provider, account, service)


def read_vault(path: str, password_file: str | None = None, warn: Warn | None = None) -> Vault:
    """One authenticator export; its password from password_file or the terminal."""
    password = authenticators.password_from(password_file, warn, os.path.basename(path))
    return authenticators.read_vault(path, password)
