"""Atomic, private output: a temp file in the target folder, fsync, rename, mode 0600.

A reader never sees a half-written sheet, an interrupted run leaves nothing behind, and a
file mksheet did not write is never replaced without --force.
"""

from __future__ import annotations

import errno
import os
import re
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
    """Write all of data to stdout (a pipe or a file), never to a terminal; a reader that
    goes away, a full disk or a closed stdout is an OutputError, not a short success."""
    if sys.stdout is not None and sys.stdout.isatty():
        raise SheetsError("-", "will not write a PDF to a terminal",
                          "redirect it: -o - > sheet.pdf")
    view, written = memoryview(data), 0
    try:
        if sys.stdout is None:  # started with stdout closed
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        while written < len(data):  # a pipe may take part of it and return the count
            taken = sys.stdout.buffer.write(view[written:])
            if not taken:  # a non-blocking stream that is full
                raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))
            written += taken
        sys.stdout.buffer.flush()
    except OSError as exc:
        sys.stdout = open(os.devnull, "w")  # what is left in the buffer goes nowhere at exit
        raise OutputError("-", f"standard output took {written} of {len(data)} bytes "
                          f"({exc.strerror})",
                          "nothing was recorded; write it to a file with -o instead") from None


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


SERIALS = re.compile(rb"/Keywords \(mksheet-sheets((?: [0-9A-Z]{2}-[0-9A-Z]{4})+)\)")


def sheet_serials(path: str) -> list[str]:
    """The serials an existing sheet PDF names in its metadata (none if unreadable)."""
    try:
        with open(path, "rb") as f:
            data = f.read(8_000_000)
    except OSError:
        return []
    found = SERIALS.search(data)
    return found.group(1).decode("ascii").split() if found else []


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
