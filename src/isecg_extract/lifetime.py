"""How long the tool's processes live: a stop signal cleans up as Ctrl-C does, and no child
outlives the process that started it.

``timeout 2 isecg-extract extract big.pdf`` sends SIGTERM: Python's default is to die on the
spot, skipping every ``finally`` (the extraction child and its page readers were left blocked
on a pipe for good, temporary folders stayed). Here SIGTERM and SIGHUP raise ``Stop`` in the
main thread, so the same clean-up as for Ctrl-C runs; and every child asks the kernel to kill
it when its parent dies (``PR_SET_PDEATHSIG``), which also covers a parent killed outright.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

STOP_SIGNALS = tuple(
    s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s
)
_PR_SET_PDEATHSIG = 1


class Stop(BaseException):
    """A stop signal (SIGTERM, SIGHUP) turned into an exception, so clean-up runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + int(self.signum)

    @property
    def name(self) -> str:
        try:
            return signal.Signals(self.signum).name
        except ValueError:
            return str(self.signum)


@contextlib.contextmanager
def stop_signals_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP raise ``Stop`` while the block runs (main thread only: signals go
    there; elsewhere the caller's handling stays as it is)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise Stop(signum)

    previous = {}
    for signum in STOP_SIGNALS:
        if signal.getsignal(signum) is signal.SIG_IGN:
            continue  # started under nohup: the user asked for it to go on
        previous[signum] = signal.signal(signum, handler)
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def die_with_parent(parent_pid: int | None = None) -> None:
    """In a child process: be killed when the parent dies, however it dies (Linux).

    Called first thing in every child this tool starts. If the parent is already gone (it
    died between the fork and this call), the child exits at once. A forked child inherits
    ``stop_signals_raise``'s handler: the default is put back, since the parent cleans up.
    """
    for signum in STOP_SIGNALS:
        with contextlib.suppress(OSError, ValueError):
            signal.signal(signum, signal.SIG_DFL)
    if sys.platform != "linux":  # pragma: no cover - elsewhere the parent's clean-up must do
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no prctl: best effort only
        return
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)
