"""Standard input saved to a file, under the same limits as any input.

A pipe can trickle for ever (``while :; do echo a; sleep .5; done | isecg-extract extract -``)
or be bigger than memory, so it is read in chunks against ``--max-bytes`` and against the
document's ``--timeout``, which starts when reading starts: the time spent reading is taken
from what the extraction may use.
"""

from __future__ import annotations

import errno
import io
import os
import select
import sys
import time
from pathlib import Path
from typing import BinaryIO

from isecg_extract.errors import ExtractTimeout, InputNotFound, NotAReport, TooLarge

STDIN_NAME = "-"
_CHUNK = 1 << 20


def stdin_source() -> int | BinaryIO:
    """Standard input's descriptor; the byte stream of a substitute that has none (a test
    runner's, a notebook's); a one-line error when there is no input at all (``<&-``)."""
    stream = sys.stdin
    buffer = getattr(stream, "buffer", None)
    try:
        fd = stream.fileno()
        os.fstat(fd)
        return fd
    except (ValueError, OSError, AttributeError, io.UnsupportedOperation):
        if buffer is not None and not getattr(buffer, "closed", True):
            return buffer
    raise InputNotFound(STDIN_NAME, "standard input is closed")


def save_stream(source: int | BinaryIO, dest: Path, max_bytes: int, timeout: float | None) -> float:
    """Copy ``source`` to ``dest`` until end of file; the seconds it took.

    Raises TooLarge past ``max_bytes`` and, for a descriptor, ExtractTimeout once ``timeout``
    seconds have passed, even while no byte arrives (the wait is a ``select`` with the time
    left). A stream with no descriptor is in memory already: it ends.
    """
    start = time.monotonic()
    deadline = start + timeout if timeout and isinstance(source, int) else None
    size = 0
    with dest.open("wb") as f:
        while True:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([source], [], [], left)[0]:
                    raise ExtractTimeout(
                        STDIN_NAME,
                        f"standard input still open after {timeout:g} s (--timeout)",
                    )
            try:
                chunk = os.read(source, _CHUNK) if isinstance(source, int) else source.read(_CHUNK)
            except OSError as exc:
                if exc.errno == errno.EBADF:  # open only for writing (0>file): no input
                    raise InputNotFound(STDIN_NAME, "standard input is closed") from None
                reason = f"standard input cannot be read: {exc.strerror or exc}"
                raise NotAReport(STDIN_NAME, reason) from None
            if not chunk:
                return time.monotonic() - start
            size += len(chunk)
            if size > max_bytes:
                raise TooLarge(STDIN_NAME, f"more than --max-bytes {max_bytes} bytes")
            f.write(chunk)
