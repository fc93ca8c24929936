"""Atomic, private output: a temp file in the target folder, fsync, rename, mode 0600.

A reader never sees a half-written sheet, an interrupted run leaves nothing behind, and a
file mksheet did not write is never replaced without --force.
"""

from __future__ import annotations

import os
import secrets
import stat
import sys

from sheets import crypto
from sheets.errors import OutputError, SheetsError

OWN_MARK = b"/Creator (mksheet"
TEMP_PREFIX = ".mksheet-"


def write_atomic(path: str, data: bytes, force: bool = False) -> None:
    """Write data to path in one step, readable by the owner only."""
    folder = os.path.dirname(os.path.abspath(path))
    check_target(path, force)
    # The temp name is chosen before it exists, so a signal landing right after the file is
    # created still finds it by name in the cleanup below.
    temp = os.path.join(folder, f"{TEMP_PREFIX}{secrets.token_hex(8)}.part")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), 0o600)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException as exc:  # includes what SIGINT and SIGTERM raise (cli.Interrupted)
        if not isinstance(exc, FileExistsError):  # never remove a file someone else made
            _remove(temp)
        if isinstance(exc, OSError):
            raise OutputError(path, f"cannot write in {folder} ({exc.strerror})",
                              "check the free space and the folder's permissions, "
                              "or choose another folder with -o") from None
        raise
    _sync_folder(folder)


def write_stdout(data: bytes) -> None:
    """Write data to stdout (a pipe or a file), never to a terminal."""
    if sys.stdout.isatty():
        raise SheetsError("-", "will not write a PDF to a terminal",
                          "redirect it: -o - > sheet.pdf")
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def check_target(path: str, force: bool) -> None:
    """Refuse a missing folder, a folder as target, or a foreign file without --force."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise OutputError(path, "its folder does not exist", "create the folder or choose another -o")
    if os.path.isdir(path):
        raise OutputError(path, "is a folder", "give a file name with -o")
    if os.path.exists(path) and not os.path.isfile(path):
        raise OutputError(path, "is not a regular file", "give a file name with -o")
    if os.path.exists(path) and not force and not is_own(path):
        raise OutputError(path, "exists and was not written by mksheet",
                          "choose another name with -o, or add --force to replace it")
    if not os.access(folder, os.W_OK):
        raise OutputError(path, "its folder is not writable", "choose another folder with -o")


def is_own(path: str) -> bool:
    """Whether an existing file is a PDF that mksheet wrote (so it may be rewritten)."""
    try:
        with open(path, "rb") as f:
            data = f.read(8_000_000)
    except OSError:
        return False
    return data.startswith(b"%PDF") and (OWN_MARK in data or crypto.OWN_MARK in data)


def shred(path: str) -> None:
    """Overwrite a file with random bytes of its length, sync, then delete it."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            raise SheetsError(path, "was not shredded: it is not a regular file",
                              "delete the file it points to yourself")
        with open(path, "r+b") as f:
            for start in range(0, info.st_size, 1 << 16):
                f.write(os.urandom(min(1 << 16, info.st_size - start)))
            f.flush()
            os.fsync(f.fileno())
        os.unlink(path)
    except OSError as exc:
        raise SheetsError(path, f"was not shredded ({exc.strerror})",
                          "the sheet is written; delete the file yourself") from None
    _sync_folder(os.path.dirname(os.path.abspath(path)))


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (best effort where the platform allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
