"""SIGINT, SIGTERM and SIGQUIT: stop cleanly, leaving whole files or nothing, and no core.

A signal raises Interrupted, a BaseException, so it unwinds through the atomic writer's
cleanup and past click's Abort. reportlab has bare `except:` clauses that may swallow it,
so the signal is also remembered, and `check_stopped` raises it again before anything more
is written.

A core file would hold every code and key in memory (and an export's vault password), so
a run as a program writes none: SIGQUIT (Ctrl-\\), whose default is a core dump, stops like
SIGTERM, and `no_core_dumps` sets the core limit to 0 and, on Linux, marks the process not
dumpable, which also keeps other processes of the same user from reading its memory.
"""

from __future__ import annotations

import contextlib
import resource
import signal
import sys
from collections.abc import Iterator

PR_SET_DUMPABLE = 4  # <linux/prctl.h>
_stopped: list[int] = []  # signals received
_deferring: list[bool] = []  # inside deferred(): a stop waits for the block's end


class Interrupted(BaseException):
    """A stop signal arrived; detail says what was written but not recorded, if anything.

    Its own __init__ also keeps Python's codec machinery from re-wrapping it with a message of
    its own ("encoding with 'extpdfdoc' codec failed") when the signal lands inside a codec."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail)
        self.detail = detail


def install() -> None:
    """Handle SIGTERM and SIGQUIT, and SIGINT unless it is ignored (as a background job's is)."""
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGQUIT, _stop)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _stop)


def no_core_dumps() -> None:
    """No core file, whatever `ulimit -c` says, and (Linux) a process no debugger may read."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def _stop(signum, frame):
    _stopped.append(signum)
    if not _deferring:
        raise Interrupted


@contextlib.contextmanager
def deferred(detail: str) -> Iterator[None]:
    """Let a stop that arrives inside the block wait until it is done, then raise it with
    detail: writing a file and recording it in the ledger is one step, never half done."""
    before = len(_stopped)
    _deferring.append(True)
    try:
        yield
    finally:
        _deferring.pop()
    if len(_stopped) > before:
        raise Interrupted(detail)


def check_stopped() -> None:
    """Raise again a stop that a library swallowed, before anything more is written."""
    if _stopped:
        raise Interrupted


def stopped() -> bool:
    """Whether a signal arrived during this run."""
    return bool(_stopped)


def exit_status() -> int:
    """128 + the signal that stopped us (130 for Ctrl-C)."""
    return 128 + (_stopped[0] if _stopped else signal.SIGINT)
