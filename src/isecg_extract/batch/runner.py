"""Run tasks in worker processes with a time limit each, surviving hangs and crashes.

A process pool from ``concurrent.futures`` cannot stop one task that hangs, and one worker
that dies breaks the whole pool. So each worker here is a plain spawned process with a pipe:
the parent hands it one document at a time, waits on all pipes and process sentinels at once,
kills a worker whose document is over its time limit, and replaces any worker that died. The
document it held is failed with the reason; the others go on. Workers are reused between
documents, so spaCy loads once per worker rather than once per document; a new worker's first
document gets ``STARTUP_GRACE`` on top of its limit for that.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

from isecg_extract.batch.errors import WorkerCrashed
from isecg_extract.batch.worker import Outcome, Task, reason_of, worker_main
from isecg_extract.errors import ExtractTimeout

STARTUP_GRACE = 60.0
"""Seconds added to the time limit of a new worker's first document: the worker's one-off
start-up (Python, spaCy, the registries) is not the document's fault."""


@dataclass
class _Worker:
    process: Any
    conn: Any
    task: Task | None = None
    deadline: float | None = None
    served: int = 0  # documents handed to this worker so far


def run_tasks(
    tasks: Sequence[Task],
    jobs: int,
    timeout: float | None,
    on_done: Callable[[Task, Outcome], None],
) -> None:
    """Run every task on at most ``jobs`` workers; ``on_done`` gets each outcome as it comes.

    Returns when all tasks are done. On an exception (including KeyboardInterrupt raised by a
    signal handler) every worker is killed before it propagates.
    """
    ctx = multiprocessing.get_context("spawn")  # no inherited threads or locks, as on macOS
    pending = deque(tasks)
    workers: list[_Worker] = []
    jobs = max(1, min(jobs, len(tasks))) if tasks else 0

    def start() -> _Worker:
        parent, child = ctx.Pipe(duplex=True)
        proc = ctx.Process(target=worker_main, args=(child,), daemon=True, name="isecg-worker")
        proc.start()
        child.close()
        w = _Worker(proc, parent)
        workers.append(w)
        return w

    def retire(w: _Worker, kill: bool) -> None:
        w.process.join(0.2)  # a dying process gets to report its own exit status
        if kill and w.process.is_alive():
            w.process.kill()
        w.process.join(5)
        w.conn.close()
        workers.remove(w)

    def assign(w: _Worker, task: Task) -> None:
        try:
            _assign(w, task, timeout)
        except OSError:  # the idle worker died between documents: the task goes back
            w.task, w.deadline = None, None
            retire(w, kill=True)
            pending.appendleft(task)

    try:
        while pending or any(w.task for w in workers):
            for w in [w for w in workers if w.task is None]:
                if not pending:
                    break
                assign(w, pending.popleft())
            while pending and len(workers) < jobs:
                assign(start(), pending.popleft())
            busy = [w for w in workers if w.task is not None]
            deadlines = [w.deadline for w in busy if w.deadline is not None]
            wait_s = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_s))
            for w in busy:
                task = w.task
                assert task is not None
                if w.conn in ready or w.process.sentinel in ready or w.conn.poll():
                    outcome = _receive(w, task)
                    w.task, w.deadline = None, None
                    if outcome is None:  # the process died without answering
                        retire(w, kill=True)
                        on_done(task, _crashed(task, w.process.exitcode))
                        continue
                    if outcome.retire:
                        retire(w, kill=False)
                    on_done(task, outcome)
                elif w.deadline is not None and time.monotonic() >= w.deadline:
                    w.task, w.deadline = None, None
                    retire(w, kill=True)
                    on_done(task, _timed_out(task, timeout or 0.0))
    finally:
        # Every idle worker is told to stop before any is waited for, so they exit together.
        for w in workers:
            if w.task is None:
                with contextlib.suppress(OSError):
                    w.conn.send(None)
        for w in list(workers):
            retire(w, kill=w.task is not None)


def _assign(w: _Worker, task: Task, timeout: float | None) -> None:
    w.task = task
    grace = STARTUP_GRACE if w.served == 0 else 0.0
    w.deadline = time.monotonic() + timeout + grace if timeout else None
    w.served += 1
    w.conn.send(task)


def _receive(w: _Worker, task: Task) -> Outcome | None:
    """The worker's outcome for ``task``, or None if the worker died without one."""
    try:
        if w.conn.poll():
            message = w.conn.recv()
            if isinstance(message, Outcome) and message.index == task.index:
                return message
    except (EOFError, OSError):
        pass
    return None


def _timed_out(task: Task, timeout: float) -> Outcome:
    err = ExtractTimeout(
        task.path, f"over the {timeout:g} s limit per document; the worker was stopped"
    )
    return Outcome(
        task.index,
        "failed",
        error=reason_of(err),
        exit_code=err.exit_code,
        cacheable=False,
        duration_s=round(timeout, 3),
    )


def _crashed(task: Task, exitcode: int | None) -> Outcome:
    if exitcode is not None and exitcode < 0:
        try:
            how = f"killed by signal {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"killed by signal {-exitcode}"
    else:
        how = f"exit status {exitcode}"
    err = WorkerCrashed(task.path, how)
    return Outcome(
        task.index, "failed", error=reason_of(err), exit_code=err.exit_code, cacheable=False
    )
