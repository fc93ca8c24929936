"""A password from a file or a pipe: its first line, read without waiting long or far.

Every password mksheet takes comes through here: an encrypted export's vault password, the
--encrypt password, the password of a sheet PDF to verify. A FIFO or a pipe
(`<(pass show x)`) is read, but never waited on for long; a file others can read is warned
about. What the password must be is the caller's rule (sheets.deliver.crypto for PDFs).
"""

from __future__ import annotations

import os
import select
import stat
import time

from sheets.errors import InputError

MAX_PASSWORD_FILE = 64_000
PIPE_WAIT = 5.0  # seconds a FIFO may take to send the password


def first_line(path: str, warn=None, check=None) -> str:
    """The first line of a password file, without its line ending, passed through check
    (which may refuse it); then warn(file, text) if others may read the file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO opens at once
    except FileNotFoundError:
        raise InputError(
            path, "no such password file", "check the path given to --password-file"
        ) from None
    except OSError as exc:
        raise InputError(
            path, f"cannot read the password file ({exc.strerror})", "check its permissions"
        ) from None
    try:
        data, open_to_others = _read_password(fd, path)
    finally:
        os.close(fd)
    line = data.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].removesuffix(b"\r")
    try:
        password = line.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(
            path,
            "the password file's first line is not UTF-8 text",
            "save it as plain text (UTF-8)",
        ) from None
    if check is not None:
        password = check(password)
    if open_to_others and warn:  # after the checks: a refusal stays one line
        warn(path, "the password file can be read by other users: chmod 600 it")
    return password


def _read_password(fd: int, path: str) -> tuple[bytes, bool]:
    """The start of the file or pipe, and whether others may read it."""
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a folder, not a password file", "name the file itself")
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        raise InputError(path, "is not a file or a pipe", "give a password file")
    data, deadline = b"", time.monotonic() + PIPE_WAIT
    while len(data) < MAX_PASSWORD_FILE and b"\n" not in data:
        if not select.select([fd], [], [], max(0.0, deadline - time.monotonic()))[0]:
            raise InputError(
                path,
                f"sent no password within {PIPE_WAIT:.0f} seconds",
                "write the password into a file and give that file",
            )
        try:
            chunk = os.read(fd, MAX_PASSWORD_FILE - len(data))
        except BlockingIOError:  # woken with nothing to read yet
            continue
        except OSError as exc:
            raise InputError(
                path, f"cannot read the password file ({exc.strerror})", "check its permissions"
            ) from None
        if not chunk:
            break
        data += chunk
    return data, stat.S_ISREG(info.st_mode) and bool(info.st_mode & 0o077)
