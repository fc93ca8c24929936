"""Fuzz the authenticator-export path: bytes -> the reader its name and content choose.

A SheetsError is the expected answer to a bad export; any other exception is a crash (from
reading, or from making a card's QR symbol), and so is an entry that does not come back
unchanged from the QR texts its card and the restore page print (its otpauth:// URI, and
Google's migration URI where the entry fits one). The bytes are read under each name below
in turn, so every reader's sniff and parse see them.
Encrypted exports are read without a password: the fuzzer reaches their headers and key
parameters, not the plaintext, which only the password's holder can choose.

    pip install -e '.[fuzz]'
    mkdir -p build/fuzz-exports
    python fuzz/fuzz_exports.py build/fuzz-exports tests/fixtures/authenticators/*/ \\
        -max_total_time=600

`check()` is also imported by tests/test_fuzz_target.py, so the target cannot rot.
"""

from __future__ import annotations

import sys
from dataclasses import replace

from sheets.errors import SheetsError
from sheets.read.authenticators import entry as checks
from sheets.read.authenticators import migration, otpauth, parse_export

# One name of each kind the readers' sniffs tell apart, and one that says nothing.
NAMES = (
    "aegis-export-20261201-101500.json",
    "2fas-backup-20261201101900.2fas",
    "otp_accounts_2026-12-01_10-21-00.json",
    "otp_accounts_2026-12-01_10-22-00.json.aes",
    "google-authenticator-export.txt",
    "bitwarden_export_20261201.csv",
    "backup-2026-12-01.authpro",
    "export.json",
)


def check(data: bytes) -> None:
    """Read one export under each name; raise on anything but a SheetsError, or an entry
    its QR texts change."""
    for name in NAMES:
        try:
            vault = parse_export(name, data, None, name)
        except SheetsError as exc:
            assert "\n" not in exc.message(), "an error message spans lines"
            continue
        entries_survive_their_qr(vault)


def entries_survive_their_qr(vault) -> None:
    """The card's QR gives the entry back but its note (printed beside it) and an mOTP PIN
    (printed, as Aegis's motp:// has none); the restore QR gives back its key's bytes. A name
    or key too long for any QR code is one line, never a crash."""
    from sheets.render import cards

    assert vault.entries, "a vault without entries"
    for entry in vault.entries:
        shown = replace(entry, note="", pin=None if entry.type == "motp" else entry.pin)
        assert otpauth.parse(otpauth.uri(entry)) == shown, "its card's QR changes the entry"
        try:
            cards.matrix(cards.Card(entry, otpauth.uri(entry)))
        except SheetsError:
            pass
        if migration.fits(entry):
            (back,), _, _, _ = migration.decode(migration.encode([entry]))
            assert back.secret == checks.canonical(entry.secret), "the restore QR changes the key"
            assert replace(back, secret=entry.secret) == shown, "the restore QR changes the entry"


def main() -> None:
    import atheris

    atheris.instrument_all()
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
