"""Run tasks in worker processes with a time limit each, surviving hangs and crashes.

A process pool from ``concurrent.futures`` cannot stop one task that hangs, and one worker
that dies breaks the whole pool. So each worker here is a plain spawned process with a pipe:
the parent hands it one task at a time, waits on all pipes and process sentinels at once,
kills a worker whose document is over its time limit, and replaces any worker that died. The
document it held is failed with the reason; the others go on. Workers are reused between
documents. The time limit is the document's, start-up included: a new worker's start-up
(Python, spaCy, the registries) counts against the document it was started for, since a user
who says ``--timeout 3`` means three seconds, and a worker replaced after every hang must not
grant each new document minutes of grace.

With more than one job, loading spaCy (about a second of CPU and 100 MB per process) is done
by one worker in ``READERS_PER_ANNOTATOR + 1``, the annotator: the others only read documents
(ingest, layout, structure) and hand them over, and the annotator annotates them (NLP,
normalise, write) before taking whole documents of its own. Reading is about nine tenths of
the work, so one annotator keeps up with several readers, and the readers start at once
while the annotator loads spaCy. With one job the worker does whole documents.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import wait
from typing import Any

from isecg_extract.batch.errors import WorkerCrashed
from isecg_extract.batch.worker import Outcome, Task, reason_of, worker_main
from isecg_extract.errors import ExtractTimeout

READERS_PER_ANNOTATOR = 7
"""Reading workers per annotating one (annotating costs about a tenth of reading)."""
HANDOVER_WAIT = 5.0
"""Seconds a read document may wait for a busy annotator while a reader has nothing left to
read; then that reader starts annotating too. A normal document keeps an annotator busy for
a second or two, so this happens only behind a long or hanging one."""


@dataclass
class _Worker:
    process: Any
    conn: Any
    annotates: bool  # takes annotate tasks and whole documents; otherwise reads only
    task: Task | None = None
    deadline: float | None = None
    assigned_at: float = 0.0  # when the current task was handed over (monotonic)
    served: int = 0  # tasks handed to this worker so far


def annotators_for(jobs: int) -> int:
    """How many of ``jobs`` workers annotate: all of one, else one per group of readers."""
    return jobs if jobs <= 1 else 1 + (jobs - 1) // (READERS_PER_ANNOTATOR + 1)


def run_tasks(
    tasks: Sequence[Task],
    jobs: int,
    timeout: float | None,
    on_done: Callable[[Task, Outcome], None],
) -> None:
    """Run every document on at most ``jobs`` workers; ``on_done`` gets each outcome as it comes.

    ``timeout`` is per document: its annotate half gets what its read half left. Returns when
    all documents are done. On an exception (including KeyboardInterrupt raised by a signal
    handler) every worker is killed before it propagates.
    """
    ctx = multiprocessing.get_context("spawn")  # no inherited threads or locks, as on macOS
    pending = deque(tasks)  # documents not started
    read: deque[Task] = deque()  # documents read by a reader, waiting for an annotator
    reading_s: dict[int, float] = {}  # what each read document's read half took
    handed_at: dict[int, float] = {}  # when each read document was handed over
    workers: list[_Worker] = []
    jobs = max(1, min(jobs, len(tasks))) if tasks else 0
    annotators = annotators_for(jobs)

    def next_task(annotates: bool) -> Task | None:
        if annotates and read:
            handed_at.pop(read[0].index, None)
            return read.popleft()
        if not pending:
            return None
        task = pending.popleft()
        return replace(task, part="whole" if annotates else "read")

    def start(annotates: bool) -> _Worker:
        parent, child = ctx.Pipe(duplex=True)
        proc = ctx.Process(
            target=worker_main, args=(child, os.getpid()), daemon=True, name="isecg-worker"
        )
        proc.start()
        child.close()
        w = _Worker(proc, parent, annotates)
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
        limit = timeout - reading_s.get(task.index, 0.0) if timeout else None
        try:
            _assign(w, task, limit)
        except OSError:  # the idle worker died between documents: the task goes back
            w.task, w.deadline = None, None
            retire(w, kill=True)
            if task.part == "annotate":
                read.appendleft(task)
            else:
                pending.appendleft(_document(task))

    def promote_at() -> float:
        return min(handed_at.values(), default=time.monotonic()) + HANDOVER_WAIT

    def finish(task: Task, outcome: Outcome) -> None:
        if outcome.status == "read":
            reading_s[task.index] = outcome.duration_s
            handed_at[task.index] = time.monotonic()
            read.append(replace(task, part="annotate"))
            return
        outcome.duration_s = round(outcome.duration_s + reading_s.pop(task.index, 0.0), 3)
        on_done(_document(task), outcome)

    try:
        while pending or read or any(w.task for w in workers):
            if read and not pending and time.monotonic() >= promote_at():
                for w in workers:  # annotators are all busy: an idle reader becomes one
                    if w.task is None and not w.annotates:
                        w.annotates = True
                        break
            for w in [w for w in workers if w.task is None]:
                task = next_task(w.annotates)
                if task is not None:
                    assign(w, task)
            while len(workers) < jobs:
                # Annotators first, and a replacement for one that died: so there is always
                # one to take the documents the readers hand over.
                annotates = sum(w.annotates for w in workers) < annotators
                task = next_task(annotates)
                if task is None:
                    break
                assign(start(annotates), task)
            busy = [w for w in workers if w.task is not None]
            if not busy:  # a worker died as it was given a task; the task is queued again
                continue
            deadlines = [w.deadline for w in busy if w.deadline is not None]
            if read and any(not w.annotates and w.task is None for w in workers):
                deadlines.append(promote_at())
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
                        finish(task, _crashed(task, w.process.exitcode))
                        continue
                    if outcome.retire:
                        retire(w, kill=False)
                    finish(task, outcome)
                elif w.deadline is not None and time.monotonic() >= w.deadline:
                    took = time.monotonic() - w.assigned_at
                    w.task, w.deadline = None, None
                    retire(w, kill=True)
                    finish(task, _timed_out(task, timeout or 0.0, took))
    finally:
        # Every idle worker is told to stop before any is waited for, so they exit together.
        for w in workers:
            if w.task is None:
                with contextlib.suppress(OSError):
                    w.conn.send(None)
        for w in list(workers):
            retire(w, kill=w.task is not None)


def _document(task: Task) -> Task:
    """The task as the caller gave it (a whole document), whatever half of it ran."""
    return replace(task, part="whole")


def _assign(w: _Worker, task: Task, limit: float | None) -> None:
    w.task = task
    w.assigned_at = time.monotonic()
    w.deadline = w.assigned_at + max(limit, 0.0) if limit is not None else None
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


def _timed_out(task: Task, timeout: float, took: float) -> Outcome:
    """``took`` is this half's real time; ``finish`` adds the read half's, if any."""
    err = ExtractTimeout(
        task.path, f"over the {timeout:g} s limit per document; the worker was stopped"
    )
    return Outcome(
        task.index,
        "failed",
        error=reason_of(err),
        exit_code=err.exit_code,
        cacheable=False,
        duration_s=took,
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
