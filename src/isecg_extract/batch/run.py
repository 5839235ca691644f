"""``run_batch``: every input report into its own folder, the combined tables and a manifest.

The order of work makes interruption harmless: each report is extracted into a temporary
folder and renamed into the cache when complete; only when all are done are the report
folders published under OUT, ``all/`` combined and the manifest written, each atomically. A
run stopped half-way leaves the previous output as it was, and the next run reuses every
report that finished.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isecg_extract.batch.cache import (
    ReportCache,
    cache_key,
    file_sha256,
    options_fingerprint,
    pipeline_version,
)
from isecg_extract.batch.combine import ALL, combine
from isecg_extract.batch.db import BatchLoader
from isecg_extract.batch.discover import Selection, discover
from isecg_extract.batch.errors import Interrupted, NoInputs
from isecg_extract.batch.guards import exclusive
from isecg_extract.batch.identity import SameDocument, separate_documents
from isecg_extract.batch.manifest import (
    MANIFEST_CSV,
    MANIFEST_JSON,
    ManifestRow,
    read_manifest,
    summary,
    write_manifest,
)
from isecg_extract.batch.progress import progress_bar
from isecg_extract.batch.publish import (
    TMP,
    assign_folders,
    clean_tmp,
    publish,
    remove_superseded,
)
from isecg_extract.batch.runner import run_tasks
from isecg_extract.batch.worker import Outcome, Task, reason_of
from isecg_extract.config import load_config
from isecg_extract.errors import ExtractError, InputNotFound, OutputUnwritable
from isecg_extract.ingest import input_size
from isecg_extract.lifetime import Stop, stop_signals_raise
from isecg_extract.names import printable_name
from isecg_extract.pipeline import ExtractOptions
from isecg_extract.swap import Staging, check_folder_target, clean_stale

DEFAULT_TIMEOUT = 300.0
CACHE = ".cache"


@dataclass
class BatchResult:
    """What a batch did: one manifest row per input, and what to tell the user."""

    out: Path
    rows: list[ManifestRow]
    pipeline_version: str
    warnings: list[str] = field(default_factory=list)
    checks: list[tuple[str, str]] = field(default_factory=list)  # (file, message), new reports
    notes: list[tuple[str, str]] = field(default_factory=list)  # informational checks, the same
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why): not report texts

    @property
    def summary(self) -> dict[str, int]:
        return summary(self.rows)

    @property
    def failed(self) -> list[ManifestRow]:
        return [r for r in self.rows if r.status == "failed" or r.load_error]


def run_batch(
    inputs: Sequence[str | os.PathLike[str]],
    out: Path,
    jobs: int | None = None,
    force: bool = False,
    quiet: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    options: ExtractOptions | None = None,
    *,
    raw_cells: bool = False,
    cache_dir: Path | None = None,
    db_url: str | None = None,
    all_files: bool = False,
) -> BatchResult:
    """Extract every report named by ``inputs`` (files, folders, globs) into ``out``.

    ``jobs`` worker processes (default: one per CPU) each take one document at a time; one that
    runs over ``timeout`` seconds or crashes fails only its document. Reports already in the
    cache (same input bytes, pipeline and options) are reused unless ``force``. With
    ``db_url`` each report is loaded into that database as soon as it is extracted.
    A failed report is a manifest row with its reason, not an exception; Ctrl-C or SIGTERM
    raise ``Interrupted`` after stopping the workers. Text files found in folders that are
    notes or not about ISECG are skipped (``BatchResult.skipped``) unless ``all_files``.
    """
    out = Path(out)
    try:
        return _run_batch(
            inputs,
            out,
            jobs,
            force,
            quiet,
            timeout,
            options,
            raw_cells,
            cache_dir,
            db_url,
            all_files,
        )
    except OSError as exc:
        # The inputs are read by workers (their faults are manifest rows); what fails here is
        # writing OUT or the cache: permissions, a full disk.
        where = f" ({exc.filename})" if exc.filename else ""
        raise OutputUnwritable(os.fspath(out), f"{exc.strerror or exc}{where}") from None


def _run_batch(
    inputs: Sequence[str | os.PathLike[str]],
    out: Path,
    jobs: int | None,
    force: bool,
    quiet: bool,
    timeout: float | None,
    options: ExtractOptions | None,
    raw_cells: bool,
    cache_dir: Path | None,
    db_url: str | None,
    all_files: bool = False,
) -> BatchResult:
    check_folder_target(out)
    out.mkdir(parents=True, exist_ok=True)
    options = options or ExtractOptions()
    cache = ReportCache(Path(cache_dir) if cache_dir else out / CACHE)
    with exclusive(out), stop_signals_raise():
        clean_stale(out, recover=(CACHE,))  # what a run killed while switching left beside OUT
        cache.claim()
        cache.clean_tmp()
        clean_tmp(out)
        version = pipeline_version(options.config_dir)
        # A broken configuration is one line naming its file (status 13), not the same
        # failure recorded against every report of the batch.
        cfg = load_config(options.config_dir)
        same_document = SameDocument.from_settings(cfg.settings)
        result = BatchResult(out, [], version)
        try:
            loader = BatchLoader(db_url)
            plan = _plan(inputs, out, cache, options, raw_cells, force, result, all_files)
            for row in result.rows:
                if row.from_cache and row.succeeded:
                    loader.load(row, cache.reports / row.key)
            _extract(plan, cache, loader, result, jobs, timeout, quiet)
            _write(out, cache, result, same_document, loader)
        except (KeyboardInterrupt, Stop) as exc:
            cache.clean_tmp()
            clean_tmp(out)
            done = sum(1 for r in result.rows if r.status != "pending")
            signum = exc.signum if isinstance(exc, Stop) else signal.SIGINT
            raise Interrupted(
                os.fspath(out),
                f"{done} of {len(result.rows)} reports finished and are cached; "
                "run the same command again to resume",
                signal_number=int(signum),
            ) from None
        return result


@dataclass
class _Plan:
    """The documents to extract; ``waiting[key]`` are the rows that wait for one extraction."""

    tasks: list[Task] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # tasks[i]'s cache key
    waiting: dict[str, list[ManifestRow]] = field(default_factory=dict)


def _selection(options: ExtractOptions, all_files: bool) -> Selection:
    """Which files found in folders are report texts, from ``[batch]`` of ``pipeline/``."""
    import re

    from isecg_extract.config import load_config

    batch = load_config(options.config_dir).settings["batch"]
    return Selection(
        note_names=tuple(re.compile(p, re.I) for p in batch["note_names"]),
        content_cues=tuple(re.compile(p, re.I) for p in batch["content_cues"]),
        opening_bytes=int(batch["opening_bytes"]),
        include_all=all_files,
    )


def _plan(
    inputs: Sequence[str | os.PathLike[str]],
    out: Path,
    cache: ReportCache,
    options: ExtractOptions,
    raw_cells: bool,
    force: bool,
    result: BatchResult,
    all_files: bool = False,
) -> _Plan:
    """One manifest row per input; what the cache has is filled in, the rest becomes tasks."""
    found = discover(inputs, exclude=[out, cache.root], selection=_selection(options, all_files))
    if not found.files and not found.missing:
        raise NoInputs(", ".join(printable_name(i) for i in inputs) or "(no inputs)")
    result.warnings += found.warnings
    result.skipped += found.skipped
    fingerprint = options_fingerprint(options, raw_cells)
    plan = _Plan()
    for path in found.files:
        row = ManifestRow(file=printable_name(path))  # the task keeps the real name
        result.rows.append(row)
        try:
            input_size(path)  # a FIFO or a device would stall the hashing below
            row.sha256 = file_sha256(path)
        except ExtractError as exc:
            row.status, row.exit_code, row.error = "failed", exc.exit_code, reason_of(exc)
            continue
        except OSError as exc:
            row.status, row.exit_code = "failed", 3
            row.error = f"cannot read: {exc.strerror or exc}"
            continue
        row.key = cache_key(row.sha256, result.pipeline_version, fingerprint)
        hit = None if force else cache.lookup(row.key)
        if hit is not None:
            _from_meta(row, hit.meta)
        elif row.key in plan.waiting:
            plan.waiting[row.key].append(row)  # the same bytes under another name: extract once
        else:
            plan.waiting[row.key] = [row]
            work = cache.new_work_dir(path.stem)
            task = Task(len(plan.tasks), os.fspath(path), os.fspath(work), options, raw_cells)
            plan.tasks.append(task)
            plan.keys.append(row.key)
    for text in found.missing:
        err = InputNotFound(text)
        result.rows.append(
            ManifestRow(file=err.path, status="failed", error=err.reason, exit_code=err.exit_code)
        )
    return plan


def _extract(
    plan: _Plan,
    cache: ReportCache,
    loader: BatchLoader,
    result: BatchResult,
    jobs: int | None,
    timeout: float | None,
    quiet: bool,
) -> None:
    """Run the tasks; each finished report goes into the cache (and the database) at once."""
    bar = progress_bar(len(plan.tasks), quiet)

    def on_done(task: Task, outcome: Outcome) -> None:
        key = plan.keys[task.index]
        rows = plan.waiting[key]
        meta = _meta(rows[0].file, rows[0].sha256, result.pipeline_version, outcome)
        if outcome.status == "ok":
            folder = cache.store(key, Path(task.work_dir), meta)
            for row in rows:
                _from_meta(row, meta, cached=False)
                loader.load(row, folder)
            result.checks += [(rows[0].file, message) for message in outcome.checks]
            result.notes += [(rows[0].file, message) for message in outcome.notes]
        else:
            shutil.rmtree(task.work_dir, ignore_errors=True)
            if outcome.cacheable:
                cache.store_failure(key, meta)
            else:
                cache.forget(key)
            for row in rows:
                _from_meta(row, meta, cached=False)
        bar.update(1)

    try:
        run_tasks(plan.tasks, jobs or os.cpu_count() or 1, timeout or None, on_done)
    finally:
        bar.close()


def _write(
    out: Path,
    cache: ReportCache,
    result: BatchResult,
    same_document: SameDocument,
    loader: BatchLoader,
) -> None:
    """Report folders, then all/, then the manifest: each atomic, the manifest last."""
    previous = read_manifest(out)
    folders = {r.key: cache.reports / r.key for r in result.rows if r.succeeded}
    result.warnings += separate_documents(result.rows, folders, same_document)
    result.warnings += assign_folders(result.rows)
    result.warnings += [
        f"{r.file}: report year unknown (no title or cover year, date line or statement of the "
        f"year it covers), so it is in no year's diff or timeline: {r.folder}/; set it in "
        f"pipeline/corrections.csv: {r.doc_id},documents,{r.doc_id},replace,report_year,YYYY,<why>"
        for r in result.rows
        if r.succeeded and r.report_year is None
    ]
    # Built beside OUT and switched in whole (``swap``): killed at any moment, OUT holds the
    # previous output or this one. What this run does not rewrite is carried over as links.
    stage = Staging(out)
    moved = False
    try:
        stage.carry_over(skip={CACHE, TMP, ALL, MANIFEST_CSV, MANIFEST_JSON})
        new = stage.path
        warnings = publish(new, result.rows, cache)
        result.warnings += [w.replace(os.fspath(new), os.fspath(out)) for w in warnings]
        remove_superseded(new, previous, result.rows)
        loader.settle(result.rows, new)  # before the manifest, which says what was loaded
        combine(new, result.rows)
        write_manifest(new, result.rows, result.pipeline_version)
        if cache.root == out / CACHE and cache.root.is_dir():
            os.rename(cache.root, new / CACHE)  # the cache stays in OUT
            moved = True
        stage.switch()
    except BaseException:
        if moved and not (out / CACHE).exists():
            os.rename(stage.path / CACHE, out / CACHE)
        stage.abandon()
        raise
    clean_tmp(out)
    cache.clean_tmp()


def _meta(file: str, sha256: str, version: str, o: Outcome) -> dict[str, Any]:
    return {
        "file": file,
        "sha256": sha256,
        "pipeline_version": version,
        "status": o.status,
        "doc_id": o.doc_id,
        "report_year": o.report_year,
        "rows": o.counts,
        "error": o.error,
        "exit_code": o.exit_code,
        "duration_s": o.duration_s,
    }


def _from_meta(row: ManifestRow, meta: dict[str, Any], cached: bool = True) -> None:
    ok = meta.get("status") == "ok"
    row.status = ("cached" if cached else "ok") if ok else "failed"
    row.from_cache = cached
    row.doc_id = meta.get("doc_id") or ""
    row.report_year = meta.get("report_year")
    row.rows = dict(meta.get("rows") or {})
    row.error = meta.get("error") or ""
    row.exit_code = int(meta.get("exit_code") or 0)
    row.duration_s = float(meta.get("duration_s") or 0.0)
