"""The state folder ($XDG_STATE_HOME/mksheet) itself: where it is, that it is private, its lock.

The folder (and every parent --state-dir makes) is created 0700, and a file or folder in it
found open to others is tightened again, if it is ours to tighten. A folder that belongs to
another user, or that is reached through a link another user owns (who may point it
anywhere at any time), is refused: whoever controls it could read the ledger, swap it, or
plant one. Links the user or root owns are followed. One mksheet at a time may load, plan,
write and record: `locked` holds an flock on ledger.lock, and a run that waits for another
says so once a second has passed. What the folder holds is sheets/ledger/store.py's.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import threading

from sheets.errors import SheetsError

LOCK = "ledger.lock"
WAIT_NOTE_AFTER = 1.0  # seconds of waiting for another mksheet before saying so
WRITABLE = "choose a state folder you can write to with --state-dir"
OWN = "choose a state folder of your own with --state-dir"
MAX_LINKS = 40  # as the kernel's ELOOP: a longer chain of links is a loop
_held: set[str] = set()  # state folders whose lock this process holds


def folder(explicit: str | None = None, environ=os.environ) -> str:
    """The state folder: --state-dir, else $XDG_STATE_HOME/mksheet, else ~/.local/state/mksheet."""
    if explicit:
        return os.path.abspath(os.path.expanduser(explicit))
    base = environ.get("XDG_STATE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec says to ignore a relative value
        base = os.path.join(os.path.expanduser("~"), ".local", "state")
    return os.path.join(base, "mksheet")


@contextlib.contextmanager
def locked(where: str, say=None, wait_note_after: float = WAIT_NOTE_AFTER):
    """Hold the state folder's lock; a second run waits (saying so via say after a second).

    A run that made the folder and fails before saving anything removes it again, so a
    first run that stops on a bad file leaves no state behind."""
    where = os.path.abspath(where)
    if where in _held:  # this process holds it already: an outer flow took it
        yield
        return
    new = not os.path.isdir(where)
    ensure_folder(where)
    path = os.path.join(where, LOCK)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise SheetsError(path, f"cannot be opened ({exc.strerror})", WRITABLE) from None
    try:
        _wait_for(
            fd,
            wait_note_after,
            lambda: say and say(f"waiting for another mksheet to finish with {where}"),
        )
        _held.add(where)
        try:
            yield
        except BaseException:
            if new and os.listdir(where) == [LOCK]:
                _remove_new_folder(where)
            raise
        finally:
            _held.discard(where)
    finally:
        os.close(fd)  # releases the lock


def _remove_new_folder(where: str) -> None:
    """Remove a state folder this run made and left holding only its lock file."""
    with contextlib.suppress(OSError):
        os.unlink(os.path.join(where, LOCK))
        os.rmdir(where)


def _wait_for(fd: int, note_after: float, note) -> None:
    """flock, calling note once if that takes longer than note_after seconds."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    timer = threading.Timer(note_after, note)
    timer.daemon = True
    timer.start()
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # the kernel wakes us when the other run is done
    finally:
        timer.cancel()


def check_owned(where: str) -> None:
    """Refuse a state folder another user owns, or one reached through another user's link."""
    link = _foreign_link(os.path.abspath(where))
    if link:
        raise SheetsError(where, f"is reached through {link}, a link another user owns", OWN)
    try:
        info = os.stat(where)
    except OSError:  # not there yet (it will be made, ours), or reported where it is used
        return
    if info.st_uid != os.geteuid():
        raise SheetsError(where, "belongs to another user", OWN)


def _foreign_link(path: str, depth: int = 0) -> str | None:
    """The first link on the way to path owned by neither this user nor root, if any; the
    targets of links are walked too, so a link inside a link's target is seen."""
    current = os.sep
    for part in path.split(os.sep):
        if not part:
            continue
        current = os.path.join(current, part)
        try:
            info = os.lstat(current)
        except OSError:  # the rest does not exist yet
            return None
        if not stat.S_ISLNK(info.st_mode):
            continue
        if info.st_uid not in (os.geteuid(), 0):
            return current
        if depth >= MAX_LINKS:
            return current  # a loop of links: no folder to trust
        target = os.path.join(os.path.dirname(current), os.readlink(current))
        found = _foreign_link(os.path.abspath(target), depth + 1)
        if found:
            return found
    return None


def ensure_folder(where: str) -> None:
    """Make the folder and any missing parent 0700 (makedirs gives only the last one mode),
    after check_owned; a link of the user's own to a folder not made yet is made."""
    check_owned(where)
    missing = []
    path = os.path.realpath(where)
    while not os.path.isdir(path) and os.path.dirname(path) != path:
        missing.append(path)
        path = os.path.dirname(path)
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
            os.chmod(path, 0o700)  # whatever the umask
        except FileExistsError:  # another mksheet made it a moment ago
            pass
        except OSError as exc:
            raise SheetsError(where, f"cannot be created ({exc.strerror})", WRITABLE) from None
    private(os.path.realpath(where), 0o700)


def private(path: str, mode: int) -> None:
    """Tighten a state file or folder found open to others, if it is ours to tighten."""
    try:
        info = os.lstat(path)
    except OSError:
        return
    if not stat.S_IMODE(info.st_mode) & 0o077 or stat.S_ISLNK(info.st_mode):
        return
    shared = info.st_uid != os.geteuid() or info.st_mode & stat.S_ISVTX  # /tmp, say
    try:
        if shared:
            raise PermissionError(1, "it is shared with other users")
        os.chmod(path, mode)
    except OSError as exc:
        raise SheetsError(
            path,
            f"is open to other users and cannot be made private ({exc.strerror})",
            "choose a private folder with --state-dir",
        ) from None
