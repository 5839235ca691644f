"""What keeps a batch safe: one batch per output folder, and SIGTERM stopping it as Ctrl-C
does (``run_batch`` then cleans up, keeps the finished reports cached and raises
``Interrupted``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from isecg_extract.batch.errors import OutputBusy

LOCK = ".batch.lock"


class Stop(BaseException):
    """SIGTERM turned into an exception, so cleanup runs as for Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def exclusive(out: Path) -> Iterator[None]:
    """One batch at a time per OUT: two would publish and combine over each other."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, run one at a time
        yield
        return
    with (out / LOCK).open("a") as f:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputBusy(os.fspath(out)) from None
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """SIGTERM raises ``Stop`` while a batch runs (main thread only: signals go there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise Stop(signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
