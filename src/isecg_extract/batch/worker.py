"""What runs inside a worker process: one document, or one half of one, in a temporary folder.

Kept apart from the parent's bookkeeping so that a report that hangs or crashes its process
takes nothing else with it. A task is a whole document, or one of its halves (``part``):
``read`` (ingest, layout, structure; no spaCy) leaves the parsed document in the folder as a
pickle, and ``annotate`` (NLP, normalise, write) picks it up in the worker that has spaCy
loaded, so a batch loads spaCy in one process rather than in every one. Besides the
pipeline's own files the folder gets ``sentences.json`` (the report's sentences with section
and page), which ``diff`` reads to find past-tense statements of completed work; the
pipeline's tables do not keep the body text.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import pickle
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isecg_extract.lifetime import die_with_parent
from isecg_extract.model import NlpResult, Report
from isecg_extract.pipeline import ExtractOptions

SENTENCES = "sentences.json"
PARSED = ".parsed.pickle"
"""Where a ``read`` task leaves the parsed document for the ``annotate`` task (in the work
folder the parent made for this document alone, so only our own processes read it)."""
PARTS = ("whole", "read", "annotate")
TEST_HOOK_ENV = "ISECG_BATCH_TEST_HOOK"
"""Test-only: ``module:function`` called in the worker process with the input path and the
half about to run (``"read"``, then ``"annotate"``), so tests can make a chosen document
crash or hang in either. Unset in normal use."""


@dataclass
class Task:
    """One document for a worker: where it is and where to write it."""

    index: int
    path: str
    work_dir: str
    options: ExtractOptions
    raw_cells: bool = False
    part: str = "whole"  # one of PARTS


@dataclass
class Outcome:
    """What became of one document; plain data so it crosses the process boundary."""

    index: int
    status: str  # "ok" or "failed"; "read" when a read task left the parsed document
    doc_id: str = ""
    report_year: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""  # the one-line reason, without the file name
    exit_code: int = 0
    duration_s: float = 0.0
    checks: list[str] = field(default_factory=list)  # warnings: a user can act on them
    notes: list[str] = field(default_factory=list)  # informational checks (shown with -v)
    cacheable: bool = True  # False when another run might succeed (memory, timeout, crash)
    retire: bool = False  # the worker should not be trusted with another document


def extract_one(task: Task) -> Outcome:
    """Run ``task`` (a document or one half of it); never raises for a bad document."""
    from isecg_extract.errors import (
        NOT_THE_DOCUMENTS_FAULT,
        ExtractError,
        OverMemory,
        StageError,
        memory_error,
    )
    from isecg_extract.isolate import limit_memory

    t0 = time.perf_counter()
    try:
        limit_memory(task.options.ingest.max_memory)
        report = _run_part(task)
    except ExtractError as exc:
        memory = isinstance(exc, OverMemory) or isinstance(exc.__cause__, MemoryError)
        cacheable = exc.exit_code not in NOT_THE_DOCUMENTS_FAULT and not memory
        return _failed(task, exc, t0, cacheable=cacheable, retire=memory)
    except MemoryError:
        return _failed(task, memory_error(task.path), t0, cacheable=False, retire=True)
    except Exception as exc:  # a bug outside the stages must still fail only this document
        err = StageError(task.path, f"{exc.__class__.__name__}: {exc}", stage="batch")
        return _failed(task, err, t0, cacheable=False)
    duration = round(time.perf_counter() - t0, 3)
    if report is None:
        return Outcome(index=task.index, status="read", duration_s=duration)
    documents = report.tables.get("documents") or [{}]
    year = documents[0].get("report_year")
    return Outcome(
        index=task.index,
        status="ok",
        doc_id=report.doc_id,
        report_year=int(year) if year not in (None, "") else None,
        counts={name: len(rows) for name, rows in report.tables.items()},
        duration_s=duration,
        checks=[c.message for c in report.checks if c.severity == "warning"],
        notes=[c.message for c in report.checks if c.severity != "warning"],
    )


def _run_part(task: Task) -> Report | None:
    """The report, or None after a ``read`` task (its result is in the work folder).

    ``options.timeout``, when a caller sets it, limits each part as ``extract`` limits a run.
    """
    from isecg_extract.pipeline import read_document, time_limit

    work = Path(task.work_dir)
    with time_limit(task.options.timeout, task.path):
        if task.part == "annotate":
            parsed = _load_parsed(work / PARSED)
        else:
            _run_test_hook(task.path, "read")
            parsed = read_document(task.path, task.options, prepare_nlp=task.part == "whole")
            if task.part == "read":
                _save_parsed(parsed, work / PARSED)
                return None
        _run_test_hook(task.path, "annotate")
        return _finish(parsed, work, task.options, task.raw_cells)


def extract_into(path: str, work: Path, options: ExtractOptions, raw_cells: bool = False) -> Report:
    """``extract_to`` plus ``sentences.json``; raises the pipeline's errors (``--timeout`` too).

    With a time or memory limit it runs in a child process held to them, as ``extract`` does.
    """
    if options.timeout or options.ingest.max_memory:
        from dataclasses import replace

        from isecg_extract.isolate import run_isolated

        inner = replace(options, timeout=None)  # the parent enforces it, by killing the child
        limits = {"timeout": options.timeout, "max_memory": options.ingest.max_memory}
        return run_isolated(_extract_into_here, (path, work, inner, raw_cells), path=path, **limits)
    return _extract_into_here(path, work, options, raw_cells)


def _extract_into_here(path: str, work: Path, options: ExtractOptions, raw_cells: bool) -> Report:
    from isecg_extract.pipeline import read_document

    return _finish(read_document(path, options), work, options, raw_cells)


def _finish(parsed: Any, work: Path, options: ExtractOptions, raw_cells: bool) -> Report:
    from isecg_extract.config import load_config
    from isecg_extract.pipeline import annotate
    from isecg_extract.write import write_report

    annotated = annotate(parsed, options)
    write_report(annotated.report, work, load_config(options.config_dir), raw_cells)
    _write_sentences(annotated.nlp, work / SENTENCES, annotated.report.doc_id)
    return annotated.report


def _save_parsed(parsed: Any, dest: Path) -> None:
    from isecg_extract.write import atomic_write

    atomic_write(dest, pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))


def _load_parsed(src: Path) -> Any:
    from isecg_extract.errors import StageError

    try:
        data = src.read_bytes()
    except OSError as exc:
        raise StageError(str(src), f"the read document is gone: {exc}", stage="batch") from exc
    src.unlink(missing_ok=True)
    return pickle.loads(data)  # noqa: S301 - written by our own worker into our own folder


def reason_of(exc: Any) -> str:
    """The one-line message without the leading ``<file>: `` (the manifest has a file column)."""
    text = exc.one_line()
    prefix = f"{exc.path}: " if getattr(exc, "path", "") else ""
    return text[len(prefix) :] if prefix and text.startswith(prefix) else text


def _failed(task: Task, exc: Any, t0: float, cacheable: bool, retire: bool = False) -> Outcome:
    shutil.rmtree(task.work_dir, ignore_errors=True)
    return Outcome(
        index=task.index,
        status="failed",
        error=reason_of(exc),
        exit_code=exc.exit_code,
        duration_s=round(time.perf_counter() - t0, 3),
        cacheable=cacheable,
        retire=retire,
    )


def _write_sentences(nlp: NlpResult, dest: Path, doc_id: str) -> None:
    from isecg_extract.write import atomic_write

    keep = ("text", "section_id", "page", "char_start", "char_end")
    sentences = [{k: getattr(s, k) for k in keep} for s in nlp.sentences]
    atomic_write(
        dest, json.dumps({"doc_id": doc_id, "sentences": sentences}, ensure_ascii=False, indent=0)
    )


def _run_test_hook(path: str, part: str) -> None:
    spec = os.environ.get(TEST_HOOK_ENV)
    if not spec:
        return
    module, _, name = spec.partition(":")
    getattr(importlib.import_module(module), name)(path, part)


def _exit_now() -> None:
    """End the worker without the interpreter's shutdown.

    Every document it served is already written (atomically) and reported, so there is nothing
    left to save; tearing down spaCy's and pdfplumber's objects one by one took about 0.25 s per
    worker, which the parent waited for at the end of every batch.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)


def worker_main(conn: Any, parent_pid: int | None = None) -> None:
    """Serve tasks from the parent until it closes the pipe or sends None."""
    die_with_parent(parent_pid)
    # Ctrl-C reaches the whole process group; the parent decides what it means and stops us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            _exit_now()
        outcome = extract_one(task)
        try:
            conn.send(outcome)
        except (BrokenPipeError, OSError):
            return
        if outcome.retire:
            return
