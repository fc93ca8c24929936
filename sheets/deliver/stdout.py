"""Standard output as a place for a PDF: every byte written, and only once the reader took them.

A terminal is refused, and a reader that goes before the whole PDF arrived (a closed pipe,
`| head -c 10`) is an OutputError rather than a sheet that looks written. Files go through
sheets/deliver/files.py instead.
"""

from __future__ import annotations

import array
import errno
import fcntl
import io
import os
import select
import stat
import sys
import termios

from sheets.errors import OutputError


def write(data: bytes, stream=None) -> None:
    """Write all of data to standard output, or raise OutputError (a closed pipe, a full disk)."""
    stream = stream or getattr(sys.stdout, "buffer", None)
    if stream is None:  # started with stdout closed (>&-)
        raise OutputError(
            "standard output", "standard output is closed", "write to a file with -o FILE"
        )
    if stream.isatty():
        raise OutputError(
            "standard output", "will not write a PDF to a terminal", "redirect it: -o - > sheet.pdf"
        )
    try:
        _write_all(stream, data)
    except OSError as exc:
        silence(stream)
        gone = exc.errno in (errno.EPIPE, errno.ECONNRESET)
        problem = (
            "was closed by the program reading it before the whole PDF arrived"
            if gone
            else f"cannot take the whole PDF ({exc.strerror})"
        )
        raise OutputError(
            "standard output", problem, "write to a file with -o FILE instead"
        ) from None


def _write_all(stream, data: bytes) -> None:
    """Every byte, by os.write on the descriptor: a buffered write may hide a short write."""
    stream.flush()
    try:
        fd = stream.fileno()
    except (AttributeError, ValueError, io.UnsupportedOperation):  # a capture in tests
        stream.write(data)
        stream.flush()
        return
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view[: 1 << 20]) :]
    if stat.S_ISFIFO(os.fstat(fd).st_mode):
        _wait_until_read(fd)


def _wait_until_read(fd: int) -> None:
    """A pipe takes a whole sheet into its buffer, so every write succeeds even when the
    reader stops early (`| head -c 10`): wait until it has read every byte, and raise EPIPE
    if it goes with some left unread."""
    poller = select.poll()
    poller.register(fd, select.POLLERR)
    unread = array.array("i", [0])
    while True:
        fcntl.ioctl(fd, termios.FIONREAD, unread)
        if not unread[0]:
            return
        if poller.poll(20):
            fcntl.ioctl(fd, termios.FIONREAD, unread)
            if unread[0]:
                raise OSError(errno.EPIPE, os.strerror(errno.EPIPE))


def silence(stream) -> None:
    """Point standard output at /dev/null, dropping what is buffered, so the flush at exit
    does not fail a second time (Python would then exit 120)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
