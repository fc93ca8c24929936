"""Files kept between runs under $XDG_CACHE_HOME/mksheet: what mksheet ships, prepared once.

Compiled templates (words.py) and parsed font metrics (fontcache.py) go here; both are made
from files mksheet ships or depends on, so no code, key or name ever reaches the cache. A
kept value is plain data (marshal: numbers, strings, bytes, lists, dicts) under a key naming
what it was made from; a cache that cannot be made, read or written costs time, never a
failure. Compiled templates are code that runs, and kept font metrics decide where text is
printed, so only a folder this user alone can write to is used.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import tempfile
from typing import Any


def folder(name: str) -> str | None:
    """The cache's sub-folder `name`, private (0700); None if it cannot be made so."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    ours, where = os.path.join(base, "mksheet"), os.path.join(base, "mksheet", name)
    try:
        os.makedirs(where, mode=0o700, exist_ok=True)
    except OSError:
        return None
    private = _private(ours) and _private(where) and os.access(where, os.W_OK)
    return where if private else None


def _private(folder: str) -> bool:
    """Whether folder is a real folder (not a link) of this user that only it can write to.

    One of ours found open (makedirs gives parents the umask's mode, 0775 under umask 002)
    is closed to 0700 and its files dropped, as someone else may have put them there."""
    try:
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
            return False
        if info.st_mode & 0o077:
            os.chmod(folder, 0o700)
            for entry in os.scandir(folder):
                if entry.is_file(follow_symlinks=False) or entry.is_symlink():
                    os.unlink(entry.path)
    except OSError:
        return False
    return True


def path(sub_folder: str, name: str) -> str | None:
    """Where a kept value called name lives, or None when there is no usable cache."""
    where = folder(sub_folder)
    return os.path.join(where, f"{name}.marshal") if where else None


def read(where: str | None, key: str) -> Any:
    """The value kept at where under key; None if it is missing, damaged or another key's.
    A SHA-256 of the value is kept beside it, so a file damaged on disk is never used."""
    if where is None:
        return None
    try:
        with open(where, "rb") as file:
            saved = marshal.loads(file.read())  # marshal.load reads a file in tiny pieces
        value = saved["value"]
        if saved["key"] != key or saved["sum"] != hashlib.sha256(value).digest():
            return None
        return marshal.loads(value)
    except Exception:  # missing, damaged (marshal raises several kinds) or another format
        return None


def keep(where: str | None, key: str, value: Any) -> None:
    """Keep value at where under key, whole or not at all."""
    if where is None:
        return
    try:
        data = marshal.dumps(value)
    except ValueError:  # holds an object marshal cannot write: nothing is kept
        return
    saved = {"key": key, "sum": hashlib.sha256(data).digest(), "value": data}
    replace(where, marshal.dumps(saved))


def replace(where: str, data: bytes) -> None:
    """Write data to where whole or not at all: a second run reads the old file or the new,
    never half of one. A failure (disk full, read-only) leaves no file behind."""
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(where), prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, where)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
