"""What runs inside a worker process: extract one report into a temporary folder.

Kept apart from the parent's bookkeeping so that a report that hangs or crashes its process
takes nothing else with it. Besides the pipeline's own files the folder gets
``sentences.json`` (the report's sentences with section and page), which ``diff`` reads to
find past-tense statements of completed work; the pipeline's tables do not keep the body text.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from isecg_extract.model import Report
from isecg_extract.pipeline import ExtractOptions

SENTENCES = "sentences.json"
TEST_HOOK_ENV = "ISECG_BATCH_TEST_HOOK"
"""Test-only: ``module:function`` called with each input path before it is extracted, in the
worker process, so tests can make a chosen document crash or hang. Unset in normal use."""


@dataclass
class Task:
    """One document for a worker: where it is and where to write it."""

    index: int
    path: str
    work_dir: str
    options: ExtractOptions
    raw_cells: bool = False


@dataclass
class Outcome:
    """What became of one document; plain data so it crosses the process boundary."""

    index: int
    status: str  # "ok" or "failed"
    doc_id: str = ""
    report_year: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""  # the one-line reason, without the file name
    exit_code: int = 0
    duration_s: float = 0.0
    checks: list[str] = field(default_factory=list)
    cacheable: bool = True  # False when another run might succeed (memory, timeout, crash)
    retire: bool = False  # the worker should not be trusted with another document


def extract_one(task: Task) -> Outcome:
    """Extract ``task.path`` into ``task.work_dir``; never raises for a bad document."""
    from isecg_extract.errors import ExtractError, StageError

    t0 = time.perf_counter()
    try:
        _run_test_hook(task.path)
        report = extract_into(task.path, Path(task.work_dir), task.options, task.raw_cells)
    except ExtractError as exc:
        memory = isinstance(exc.__cause__, MemoryError)
        return _failed(task, exc, t0, cacheable=not memory and exc.exit_code != 12, retire=memory)
    except MemoryError:
        return _failed(task, StageError(task.path, "MemoryError"), t0, cacheable=False, retire=True)
    except Exception as exc:  # a bug outside the stages must still fail only this document
        err = StageError(task.path, f"{exc.__class__.__name__}: {exc}", stage="batch")
        return _failed(task, err, t0, cacheable=False)
    documents = report.tables.get("documents") or [{}]
    year = documents[0].get("report_year")
    return Outcome(
        index=task.index,
        status="ok",
        doc_id=report.doc_id,
        report_year=int(year) if year not in (None, "") else None,
        counts={name: len(rows) for name, rows in report.tables.items()},
        duration_s=round(time.perf_counter() - t0, 3),
        checks=[c.message for c in report.checks if c.severity == "warning"],
    )


def extract_into(path: str, work: Path, options: ExtractOptions, raw_cells: bool = False) -> Report:
    """``extract_to`` plus ``sentences.json``; raises the pipeline's errors."""
    from isecg_extract.pipeline import extract_to

    inter = work / ".intermediate"
    try:
        opts = replace(options, keep_intermediate=inter)
        report = extract_to(path, work, opts, raw_cells=raw_cells)
        _write_sentences(inter / "3-nlp.json", work / SENTENCES, report.doc_id)
    finally:
        shutil.rmtree(inter, ignore_errors=True)
    return report


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


def _write_sentences(nlp_json: Path, dest: Path, doc_id: str) -> None:
    from isecg_extract.write import atomic_write

    try:
        data = json.loads(nlp_json.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # diff then falls back to the sentences the tables quote
    keep = ("text", "section_id", "page", "char_start", "char_end")
    sentences = [{k: s.get(k) for k in keep} for s in data.get("sentences", [])]
    atomic_write(
        dest, json.dumps({"doc_id": doc_id, "sentences": sentences}, ensure_ascii=False, indent=0)
    )


def _run_test_hook(path: str) -> None:
    spec = os.environ.get(TEST_HOOK_ENV)
    if not spec:
        return
    module, _, name = spec.partition(":")
    getattr(importlib.import_module(module), name)(path)


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


def worker_main(conn: Any) -> None:
    """Serve tasks from the parent until it closes the pipe or sends None."""
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
