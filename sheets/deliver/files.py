"""Atomic, private output: a temp file in the target folder, fsync, rename, mode 0600.

A reader never sees a half-written sheet, and a file mksheet did not write is never replaced
without --force. A sheet counts as mksheet's own only while it holds mksheet's mark: a
comment line holding the SHA-256 of every other byte of the file. Any program that
rewrites or appends to the file breaks that match, so an edited copy is never taken for
mksheet's own; the mark is a hash of the file it sits in and tells nothing the file does not.
It is a PDF comment just before the last `startxref`, so no offset moves, %%EOF stays last
and every reader opens the file as before.

A temp file (a `.part`) is locked (flock) by its writer for as long as it lives. A run killed
with SIGKILL cannot remove its part, which may hold a whole sheet of codes; the next run that
writes in that folder removes every part of mksheet's naming that is older than itself, owned
by the same user and held by no live process. Standard output is sheets/deliver/stdout.py's.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import secrets
import stat
import time

from sheets.errors import OutputError, SheetsError

TEMP_PREFIX = ".mksheet-"
PART = re.compile(r"^\.mksheet-[0-9a-f]{16}\.part$")
MARK = b"%mksheet-own sha256="
TAIL = 2048  # where the last startxref of a PDF is looked for
MAX_OWN_BYTES = 256_000_000  # larger files are no sheet or binder of ours
STARTED = time.time()  # parts older than this run, and unlocked, are leftovers


def write_atomic(path: str, data: bytes, force: bool = False) -> None:
    """Write data to path in one step, readable by the owner only."""
    check_target(path, force)
    _write(path, data, os.replace)


def create_atomic(path: str, data: bytes) -> bool:
    """Create path holding data, whole or not at all; False if it already exists."""
    try:
        _write(path, data, os.link)
    except FileExistsError:
        return False
    return True


SERIALS = re.compile(rb"/Keywords \(mksheet-sheets((?: [0-9A-Z]{2}-[0-9A-Z]{4})+)\)")


def sheet_serials(path: str) -> list[str]:
    """The serials an existing sheet or binder PDF names in its metadata (none if
    unreadable); reportlab writes the metadata near the end, so the whole file is read."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_OWN_BYTES)
    except OSError:
        return []
    found = SERIALS.search(data)
    return found.group(1).decode("ascii").split() if found else []


def digest(path: str) -> str | None:
    """The SHA-256 of a file mksheet wrote (how the ledger knows an encrypted copy), or None
    for any other file."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_OWN_BYTES + 1)
    except OSError:
        return None
    own = data.startswith(b"%PDF") and len(data) <= MAX_OWN_BYTES and _marked(data)
    return hashlib.sha256(data).hexdigest() if own else None


def mark(pdf: bytes) -> bytes:
    """The PDF with mksheet's mark added (unchanged if it already holds a valid one)."""
    at = pdf.rfind(b"startxref", max(0, len(pdf) - TAIL))
    if at <= 0 or _marked(pdf):
        return pdf
    # views, not slices: a binder's PDF is megabytes, and each copy adds to the run's peak
    view, newline = memoryview(pdf), b"" if pdf[at - 1] in b"\r\n" else b"\n"
    digest = hashlib.sha256(view[:at])
    digest.update(newline)
    digest.update(view[at:])
    return b"".join(
        (view[:at], newline, MARK, digest.hexdigest().encode("ascii"), b"\n", view[at:])
    )


def check_target(path: str, force: bool) -> None:
    """Refuse a missing folder, a folder as target, or a foreign file without --force."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise OutputError(
            path, "its folder does not exist", "create the folder or choose another -o"
        )
    if os.path.isdir(path):
        raise OutputError(path, "is a folder", "give a file name with -o")
    if os.path.exists(path) and not os.path.isfile(path):
        raise OutputError(path, "is not a regular file", "give a file name with -o")
    if os.path.exists(path) and not force and not is_own(path):
        raise OutputError(
            path,
            "exists and was not written by mksheet (or was changed since)",
            "choose another name with -o, or add --force to replace it",
        )
    if not os.access(folder, os.W_OK):
        raise OutputError(path, "its folder is not writable", "choose another folder with -o")


def is_own(path: str) -> bool:
    """Whether an existing file is a PDF mksheet wrote and nobody changed since."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_OWN_BYTES + 1)
    except OSError:
        return False
    return data.startswith(b"%PDF") and len(data) <= MAX_OWN_BYTES and _marked(data)


def check_shreddable(path: str) -> os.stat_result:
    """The file's status, if overwriting it destroys the codes and nothing else."""
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        raise SheetsError(
            path,
            "was not shredded: it is not a regular file",
            "delete the file it points to yourself",
        )
    if info.st_nlink > 1:
        raise SheetsError(
            path,
            f"was not shredded: it has {info.st_nlink - 1} other name(s) "
            "(hard links), which overwriting would destroy too",
            "delete each name of the file yourself",
        )
    return info


def shred(path: str) -> None:
    """Overwrite a file with random bytes of its length, sync, then delete it."""
    try:
        info = check_shreddable(path)
        with open(path, "r+b") as f:
            for start in range(0, info.st_size, 1 << 16):
                f.write(os.urandom(min(1 << 16, info.st_size - start)))
            f.flush()
            os.fsync(f.fileno())
        os.unlink(path)
    except OSError as exc:
        raise SheetsError(
            path,
            f"was not shredded ({exc.strerror})",
            "the sheet is written; delete the file yourself",
        ) from None
    _sync_folder(os.path.dirname(os.path.abspath(path)))


def remove_leftovers(folder: str) -> list[str]:
    """Remove the parts that killed runs left in folder; returns their names."""
    removed: list[str] = []
    try:
        names = [name for name in os.listdir(folder) if PART.match(name)]
    except OSError:
        return removed
    for name in names:
        if _remove_if_left(os.path.join(folder, name)):
            removed.append(name)
    return removed


# -- helpers ----------------------------------------------------------------------------------
def _write(path: str, data: bytes, put) -> None:
    """Write a locked part beside path, then put(part, path): os.replace, or os.link."""
    folder = os.path.dirname(os.path.abspath(path))
    remove_leftovers(folder)
    # The temp name is chosen before it exists, so a signal landing right after the file is
    # created still finds it by name in the cleanup below.
    temp, made = os.path.join(folder, f"{TEMP_PREFIX}{secrets.token_hex(8)}.part"), False
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        made = True
        with os.fdopen(fd, "wb") as f:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX)  # a live writer's part is never a leftover
            os.fchmod(f.fileno(), 0o600)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
            put(temp, path)
        if put is os.link:
            os.unlink(temp)
    except BaseException as exc:  # includes what SIGINT and SIGTERM raise (cli.Interrupted)
        if made or not isinstance(exc, FileExistsError):  # never remove someone else's file
            _remove(temp)
        if made and isinstance(exc, FileExistsError) and put is os.link:
            raise
        if isinstance(exc, OSError):
            raise OutputError(
                path,
                f"cannot write in {folder} ({exc.strerror})",
                "check the free space and the folder's permissions, "
                "or choose another folder with -o",
            ) from None
        raise
    _sync_folder(folder)


def _remove_if_left(path: str) -> bool:
    """Remove one part if it is ours, older than this run and locked by nobody."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_uid != os.geteuid()
            or info.st_mtime >= STARTED
        ):
            return False
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        now = os.lstat(path)  # still the same file under that name?
        if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):
            return False
        os.unlink(path)
        return True
    except OSError:  # held by a live writer, or gone meanwhile
        return False
    finally:
        os.close(fd)


def _marked(data: bytes) -> bool:
    """Whether the line before the last startxref is a mark matching every other byte."""
    at = data.rfind(b"startxref", max(0, len(data) - TAIL))
    line = data.rfind(b"\n", 0, max(at - 1, 0)) + 1
    if at <= 0 or not data.startswith(MARK, line) or data[at - 1] != 10:
        return False
    digest = data[line + len(MARK) : at - 1]
    return hashlib.sha256(data[:line] + data[at:]).hexdigest().encode("ascii") == digest


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
