"""Run one document's work in a child process that can be stopped and is held to a memory limit.

A ``SIGALRM`` cannot interrupt C code (spaCy's matcher, pdfium, zlib), so a time limit
enforced inside the process doing the work may bite minutes late; a memory limit inside it
would also hold the caller to it. Here the work runs in a child process: its memory is
capped with ``RLIMIT_DATA`` (so an allocation over the limit fails with ``MemoryError``
instead of exhausting the machine), and the parent kills its whole process group (the
child and the page readers it started) as soon as the time limit passes.
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import wait
from typing import Any

from isecg_extract.errors import (
    ExtractError,
    ExtractTimeout,
    OverMemory,
    StageError,
    memory_error,
)
from isecg_extract.lifetime import die_with_parent

try:
    import resource
except ImportError:  # pragma: no cover - Windows: no rlimits, the limit is not enforced
    resource = None  # type: ignore[assignment]


CODE_SHARE = 64 * 2**20


def limit_memory(max_memory: int | None, inherited: int = 0) -> None:
    """Cap this process's data segment (heap and anonymous mappings) at ``max_memory`` bytes
    more than the ``inherited`` bytes it started with.

    A forked child starts with its parent's data segment, shared until written: not memory
    the document's work uses. Without counting it, a caller of some size (a test session, a
    script holding data) left the child too little to import spaCy, and it died without a
    word, or stalled at the limit.
    """
    if not max_memory or resource is None or not hasattr(resource, "RLIMIT_DATA"):
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    # RLIMIT_DATA leaves out code and shared libraries (about 40 MB resident with spaCy and
    # pdfium loaded): they get their share, so the peak resident size stays under the limit.
    data = inherited + max_memory - min(CODE_SHARE, max_memory // 8)
    limit = data if hard == resource.RLIM_INFINITY else min(data, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _child(
    conn: Any,
    fn: Callable[..., Any],
    args: tuple,
    max_memory: int | None,
    path: str,
    inherited: int = 0,
    parent_pid: int | None = None,
):
    die_with_parent(parent_pid)
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)  # so the parent can stop the page readers this process starts
    faulthandler.disable()  # an abort under the memory limit is the parent's to report
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        limit_memory(max_memory, inherited)
        message: tuple[bool, Any] = (True, fn(*args))
    except ExtractError as exc:
        message = (False, exc)
    except MemoryError:
        message = (False, memory_error(path))
    except Exception as exc:
        message = (False, StageError(path, f"{exc.__class__.__name__}: {exc}"[:300]))
    try:
        conn.send(message)
    except MemoryError:
        del message  # the result is what filled the memory: drop it to say why
        _send_or_exit(conn, (False, memory_error(path, "handing the result back")))
    except Exception as exc:  # an unpicklable result is our bug, still one line
        _send_or_exit(conn, (False, StageError(path, f"{exc.__class__.__name__}: {exc}"[:300])))
    conn.close()
    os._exit(0)


OUT_OF_MEMORY_EXIT = 119
"""The child's exit status when even its error message would not fit in the memory left:
the parent reads it as over --max-memory (a traceback of the child's was once all it said)."""


def _send_or_exit(conn: Any, message: tuple[bool, Any]) -> None:
    try:
        conn.send(message)
    except MemoryError:
        os._exit(OUT_OF_MEMORY_EXIT)


def _context(max_memory: int | None) -> Any:
    """fork when nothing else runs (fast: the child shares what is loaded), else spawn.

    A forked child starts with its parent's memory: a large caller (a notebook, a test
    session) would leave it little of the limit, so such a caller spawns a fresh one.
    """
    if (
        threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
        and (not max_memory or data_size() < max_memory // 2)
    ):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def data_size() -> int:
    """Bytes in this process's data segment now (what RLIMIT_DATA counts); 0 if unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def run_isolated(
    fn: Callable[..., Any],
    args: tuple,
    *,
    path: str,
    timeout: float | None,
    max_memory: int | None,
) -> Any:
    """``fn(*args)`` in a child process; its result, or the error it raised.

    Raises ExtractTimeout within a fraction of a second after ``timeout`` seconds, OverMemory
    when the child ran out of its ``max_memory`` bytes, StageError when it died otherwise.
    """
    ctx = _context(max_memory)
    parent, child = ctx.Pipe(duplex=False)
    inherited = data_size() if ctx.get_start_method() == "fork" else 0
    # Not a daemon: it may start page readers of its own; it is killed on every way out.
    proc = ctx.Process(
        target=_child,
        args=(child, fn, args, max_memory, path, inherited, os.getpid()),
        daemon=False,
    )
    proc.start()
    child.close()
    deadline = time.monotonic() + timeout if timeout else None
    try:
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready = wait([parent, proc.sentinel], left)
            if parent in ready:
                try:
                    ok, payload = parent.recv()
                except (EOFError, OSError):  # died without a word: its exit status says how
                    proc.join(5)
                    raise _died(path, proc.exitcode, max_memory) from None
                proc.join(5)
                if ok:
                    return payload
                raise payload
            if proc.sentinel in ready:
                if parent.poll(0):
                    continue  # its last words are in the pipe: read them first
                proc.join(1)
                raise _died(path, proc.exitcode, max_memory)
            if deadline is not None and time.monotonic() >= deadline:
                _kill(proc)
                raise ExtractTimeout(
                    path, f"more than {timeout:g} s (--timeout); the extraction was stopped"
                )
    finally:
        if proc.is_alive():
            _kill(proc)
        parent.close()


def _kill(proc: Any) -> None:
    with contextlib.suppress(OSError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        proc.kill()
    proc.join(5)


def _died(path: str, exitcode: int | None, max_memory: int | None = None) -> ExtractError:
    if exitcode == OUT_OF_MEMORY_EXIT:
        return memory_error(path, "handing the result back")
    if max_memory and exitcode == -signal.SIGABRT:
        # C++ code (pdfium) aborts when an allocation fails under the limit.
        return OverMemory(
            path,
            f"the extraction process aborted under --max-memory {max_memory / 2**20:.0f} MB "
            "(an allocation failed)",
        )
    if exitcode == -signal.SIGKILL:
        # The kernel's out-of-memory killer, or someone else: not the document's verdict.
        return StageError(path, "the extraction process was killed (SIGKILL; out of memory?)")
    if exitcode is not None and exitcode < 0:
        try:
            how = signal.Signals(-exitcode).name
        except ValueError:
            how = str(-exitcode)
        return StageError(path, f"the extraction process crashed (signal {how})")
    return StageError(path, f"the extraction process ended without a result (status {exitcode})")
