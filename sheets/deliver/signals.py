"""SIGINT and SIGTERM: stop cleanly, leaving whole files or nothing.

A signal raises Interrupted, a BaseException, so it unwinds through the atomic writer's
cleanup and past click's Abort. reportlab has bare `except:` clauses that may swallow it,
so the signal is also remembered, and `check_stopped` raises it again before anything more
is written.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

_stopped: list[int] = []  # signals received
_deferring: list[bool] = []  # inside deferred(): a stop waits for the block's end


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived; detail says what was written but not recorded, if anything.

    Its own __init__ also keeps Python's codec machinery from re-wrapping it with a message of
    its own ("encoding with 'extpdfdoc' codec failed") when the signal lands inside a codec."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail)
        self.detail = detail


def install() -> None:
    """Handle SIGTERM, and SIGINT unless it is ignored (as a background job's is)."""
    signal.signal(signal.SIGTERM, _stop)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _stop)


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
