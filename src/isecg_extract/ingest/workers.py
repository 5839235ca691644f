"""A PDF's pages read by worker processes while the caller does other work.

Why: pdfminer lays characters out in pure Python, about a tenth of a second a page, and pages
are independent, so on a machine with several cores they can be read side by side. The main
process would only wait meanwhile, so it runs ``while_waiting`` instead: the pipeline builds
the NLP pipeline there (importing spaCy costs more than a second), which then no longer adds
to the wall time either.

Each worker is a plain process with a pipe, not a pool (forked, or spawned where forking is
unsafe, see ``start_method``): a worker that dies (a parser crash in
C code, the OOM killer) must fail the document with one line, never leave it waiting. The
workers are killed when the caller leaves early (a timeout, Ctrl-C, an error while waiting).
A process that may not have children (a batch worker, which runs one document at a time per
core already) reads its pages itself.
"""

from __future__ import annotations

import importlib
import math
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from isecg_extract.errors import ExtractError, NoPages, StageError, TooLarge, memory_error
from isecg_extract.gctune import relaxed_gc
from isecg_extract.ingest.pdf import PARSER_LOG
from isecg_extract.ingest.streams import bounded_streams
from isecg_extract.lifetime import die_with_parent
from isecg_extract.model import Page, PageRun

ENGINES = {"pdfplumber": "isecg_extract.ingest.pdf", "pdfium": "isecg_extract.ingest.pdfium"}
MAX_AUTO_JOBS = 4  # past this, pdfminer's per-worker start-up and memory outweigh the gain
MIN_PAGES_PER_JOB = 8  # a worker with fewer pages spends much of its time opening the file


def engine_module(engine: str) -> Any:
    return importlib.import_module(ENGINES[engine])


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def can_fork_workers() -> bool:
    """Daemonic processes (batch workers) may not start children of their own."""
    return not multiprocessing.current_process().daemon


def plan_jobs(requested: int | None, pages: int) -> int:
    """How many processes read pages: ``requested``, or by CPUs and pages when None."""
    if not can_fork_workers():
        return 1
    if requested is not None:
        return max(1, min(requested, pages))
    cpus = usable_cpus()
    if cpus <= 1:
        return 1
    return max(1, min(cpus, MAX_AUTO_JOBS, math.ceil(pages / MIN_PAGES_PER_JOB)))


def start_method() -> str:
    """Fork when it is safe: it starts a worker in milliseconds with everything imported.

    A process with other threads (a notebook kernel, a web server) may hold locks at the fork
    that its child would wait on forever; there, and where there is no fork, workers are
    spawned (a fresh interpreter: a few tenths of a second of imports each).
    """
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def page_ranges(pages: int, jobs: int) -> list[tuple[int, int]]:
    """``jobs`` consecutive 1-based page ranges, as even as possible, together all pages."""
    jobs = max(1, min(jobs, pages))
    size, extra = divmod(pages, jobs)
    out, first = [], 1
    for i in range(jobs):
        last = first + size - 1 + (1 if i < extra else 0)
        out.append((first, last))
        first = last + 1
    return out


def read_pdf(
    path: Path,
    opts: Any,
    while_waiting: Callable[[], None] | None = None,
) -> tuple[list[Page], dict[str, str]]:
    """The document's pages and metadata, read by ``opts.jobs`` processes (None: automatic).

    ``while_waiting`` runs in this process while the workers read; it is not called when the
    pages are read here (one job on one CPU, ``jobs=1``, or no right to start processes).
    """
    PARSER_LOG.messages.clear()
    with bounded_streams(path, opts.max_memory):
        pages, meta = _read_pdf(path, opts, while_waiting)
    if PARSER_LOG.messages:
        meta[PARSER_WARNINGS] = "\n".join(PARSER_LOG.messages)
    return pages, meta


def _read_pdf(
    path: Path, opts: Any, while_waiting: Callable[[], None] | None
) -> tuple[list[Page], dict[str, str]]:
    engine = engine_module(opts.engine)
    doc = engine.open_document(path, opts.password)
    try:
        n, meta = engine.document_info(doc)
        if n == 0:
            raise NoPages(str(path))
        if n > opts.max_pages:
            raise TooLarge(str(path), f"{n} pages > --max-pages {opts.max_pages}")
        meta["pages"] = str(n)
        jobs = plan_jobs(opts.jobs, n)
        # With the job count left automatic, even one worker pays: it reads while we wait.
        overlap = (
            while_waiting is not None
            and opts.jobs is None
            and can_fork_workers()
            and usable_cpus() > 1
        )
        if jobs == 1 and not overlap:
            runs = [engine.read_pages(doc, path, opts, 1, n)]
    finally:
        doc.close()
    if jobs > 1 or overlap:
        runs = _read_in_workers(path, opts, page_ranges(n, jobs), while_waiting)
        for run in runs:  # in page order, as one process reading them all would have logged
            for message in run.parser_log:
                PARSER_LOG.keep(message)
    engine.check_text(path, n, runs)
    return [page for run in runs for page in run.pages], meta


PARSER_WARNINGS = "parser_warnings"
"""Metadata key: what the PDF parser logged while reading, in this process and in the page
readers (each sends its messages back with its pages)."""


def read_range(path: Path, opts: Any, first: int, last: int) -> PageRun:
    """Pages ``first``..``last`` (1-based, inclusive): one worker's share of a document.

    What the parser logs meanwhile goes back with the pages (``parser_log``): the worker's
    log handler is its own copy, which the caller never sees.
    """
    engine = engine_module(opts.engine)
    PARSER_LOG.messages.clear()  # a forked worker starts with its parent's
    with bounded_streams(path, opts.max_memory):
        doc = engine.open_document(path, opts.password)
        try:
            run = engine.read_pages(doc, path, opts, first, last)
        finally:
            doc.close()
    run.parser_log = list(PARSER_LOG.messages)
    return run


def _read_in_workers(
    path: Path,
    opts: Any,
    ranges: list[tuple[int, int]],
    while_waiting: Callable[[], None] | None,
) -> list[PageRun]:
    ctx = multiprocessing.get_context(start_method())
    workers = []
    try:
        for first, last in ranges:
            receiver, sender = ctx.Pipe(duplex=False)
            proc = ctx.Process(
                target=_worker,
                args=(sender, str(path), opts, first, last, os.getpid()),
                name=f"isecg-pages-{first}-{last}",
                daemon=True,
            )
            proc.start()
            sender.close()
            workers.append((proc, receiver, first, last))
        if while_waiting is not None:
            while_waiting()
        return [_result(path, *w) for w in workers]
    finally:
        with _alarm_deferred():  # a repeated --timeout alarm must not cut the clean-up short
            for proc, receiver, _, _ in workers:
                if proc.is_alive():
                    proc.kill()
                proc.join()
                receiver.close()


@contextmanager
def _alarm_deferred() -> Iterator[None]:
    """SIGALRM (the pipeline's time limit) held back until the block is done."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def memory_limited() -> bool:
    """Whether this process runs under a data-segment limit (``--max-memory``)."""
    try:
        import resource

        return resource.getrlimit(resource.RLIMIT_DATA)[0] != resource.RLIM_INFINITY
    except (ImportError, AttributeError, OSError):
        return False


def _result(path: Path, proc: Any, receiver: Any, first: int, last: int) -> PageRun:
    try:
        ok, payload = receiver.recv()
    except EOFError:
        proc.join()
        if proc.exitcode == -signal.SIGABRT and memory_limited():
            # pdfium (C++) aborts when an allocation fails under the memory limit
            err = memory_error(str(path), f"reading pages {first}-{last} (the reader aborted)")
            raise err from None
        raise StageError(
            str(path),
            f"the process reading pages {first}-{last} died (exit status {proc.exitcode})",
            stage="ingest",
        ) from None
    if not ok:
        raise payload
    return payload


def _worker(
    sender: Any, path: str, opts: Any, first: int, last: int, parent_pid: int | None = None
) -> None:
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        with relaxed_gc():  # a spawned reader starts with the default thresholds
            run = read_range(Path(path), opts, first, last)
        sender.send((True, run))
    except ExtractError as exc:
        sender.send((False, exc))
    except MemoryError:
        sender.send((False, memory_error(path, f"pages {first}-{last}")))
    except Exception as exc:  # anything else still reaches the caller as one line
        sender.send((False, StageError(path, f"{exc.__class__.__name__}: {exc}", "ingest")))
    finally:
        sender.close()
