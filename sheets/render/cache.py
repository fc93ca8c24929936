"""Files kept between runs under $XDG_CACHE_HOME/mksheet: what mksheet ships, prepared once.

Compiled templates (words.py) and parsed font metrics (fontcache.py) go here; both are made
from files in the package alone, so no code, key or name ever reaches the cache. A cache
that cannot be made, read or written costs time, never a failure.
"""

from __future__ import annotations

import os
import tempfile


def folder(name: str) -> str | None:
    """The cache's sub-folder `name`, made private (0700) if missing; None if unwritable."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    where = os.path.join(base, "mksheet", name)
    try:
        os.makedirs(where, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return where if os.access(where, os.W_OK) else None


def replace(path: str, data: bytes) -> None:
    """Write data to path whole or not at all: a second run reads the old file or the new,
    never half of one. A failure (disk full, read-only) leaves no file behind."""
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
