"""Atomic, private output: a temp file in the target folder, fsync, rename, mode 0600.

A reader never sees a half-written sheet, an interrupted run leaves nothing behind, and a
file mksheet did not write is never replaced without --force.
"""

from __future__ import annotations

import os
import tempfile

from sheets.errors import OutputError

OWN_MARK = b"/Creator (mksheet"
TEMP_PREFIX = ".mksheet-"


def write_atomic(path: str, data: bytes, force: bool = False) -> None:
    """Write data to path in one step, readable by the owner only."""
    folder = os.path.dirname(os.path.abspath(path))
    check_target(path, force)
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=".part")
    except OSError as exc:
        raise OutputError(path, f"cannot write in {folder} ({exc.strerror})",
                          "choose a folder you can write to with -o") from None
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), 0o600)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException as exc:  # includes KeyboardInterrupt and SIGTERM's SystemExit
        _remove(temp)
        if isinstance(exc, OSError):
            raise OutputError(path, f"cannot write ({exc.strerror})",
                              "check the disk and the folder's permissions") from None
        raise
    _sync_folder(folder)


def check_target(path: str, force: bool) -> None:
    """Refuse a missing folder, a folder as target, or a foreign file without --force."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise OutputError(path, "its folder does not exist", "create the folder or choose another -o")
    if os.path.isdir(path):
        raise OutputError(path, "is a folder", "give a file name with -o")
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
    return data.startswith(b"%PDF") and OWN_MARK in data


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
