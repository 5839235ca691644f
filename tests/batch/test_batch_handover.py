"""With several jobs, readers hand read documents to the one worker that has spaCy loaded.

The test hook ``record`` logs, in each worker, the pid and the half about to run, so these
tests see which process read and which annotated each document.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest
from batch_helpers import (
    HOOK_ENV,
    RECORD_ENV,
    RECORDING_HOOK,
    SEED,
    Y2023,
    Y2026,
    recorded,
    tiny_report,
)

from isecg_extract.batch import runner
from isecg_extract.batch.run import run_batch
from isecg_extract.batch.runner import annotators_for, run_tasks
from isecg_extract.batch.worker import Task
from isecg_extract.pipeline import ExtractOptions


@pytest.fixture
def recording(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    log = tmp_path / "parts.log"
    monkeypatch.setenv(HOOK_ENV, RECORDING_HOOK)
    monkeypatch.setenv(RECORD_ENV, str(log))
    return log


def six_reports(folder: Path) -> Path:
    folder.mkdir()
    for src in (Y2023, SEED, Y2026):
        shutil.copy(src, folder / src.name)
    for i in range(3):
        (folder / f"tiny-{i}.txt").write_text(tiny_report(f"Tiny {i}"), encoding="utf-8")
    return folder


def same_tree(a: Path, b: Path) -> bool:
    """Every file alike but .batch.json (which holds timings)."""
    cmp = filecmp.dircmp(a, b, ignore=[".batch.json"])

    def alike(c: filecmp.dircmp) -> bool:
        if c.left_only or c.right_only or c.funny_files:
            return False
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        return not mismatch and not errors and all(alike(s) for s in c.subdirs.values())

    return alike(cmp)


def test_two_jobs_load_spacy_in_one_worker_and_give_what_one_job_gives(
    recording, tmp_path, monkeypatch
):
    inputs = six_reports(tmp_path / "in")
    monkeypatch.setattr(runner, "HANDOVER_WAIT", 600.0)  # no reader starts annotating
    two = run_batch([str(inputs)], tmp_path / "two", jobs=2, quiet=True)
    assert two.summary == {"total": 6, "extracted": 6, "cached": 0, "failed": 0}
    parts = recorded(recording)
    readers = {pid for pid, part, _ in parts if part == "read"}
    annotators = {pid for pid, part, _ in parts if part == "annotate"}
    assert len(readers) == 2 and len(annotators) == 1 and annotators < readers
    assert sorted(name for _, part, name in parts if part == "annotate") == sorted(
        p.name for p in inputs.iterdir()
    )
    # The durations in the manifest add both halves.
    assert all(row.duration_s > 0 for row in two.rows)

    recording.unlink()
    one = run_batch([str(inputs)], tmp_path / "one", jobs=1, quiet=True)
    assert len({pid for pid, _, _ in recorded(recording)}) == 1  # one worker, whole documents
    assert [r.folder for r in one.rows] == [r.folder for r in two.rows]
    for row in one.rows:
        assert same_tree(tmp_path / "one" / row.folder, tmp_path / "two" / row.folder)
    assert same_tree(tmp_path / "one" / "all", tmp_path / "two" / "all")


def test_failures_after_a_document_was_read_fail_only_that_document(recording, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    # "late-..." fails in the annotate half: in the annotator, after a reader handed it over.
    for name in ("late-crash.txt", "late-exit.txt", "late-memory.txt", "tiny.txt"):
        (inputs / name).write_text(tiny_report(name), encoding="utf-8")
    shutil.copy(Y2026, inputs / "good-2026.txt")
    result = run_batch([str(inputs)], tmp_path / "out", jobs=2, quiet=True)
    got = {Path(r.file).name: (r.status, r.exit_code, r.error) for r in result.rows}
    assert got == {
        "good-2026.txt": ("ok", 0, ""),
        "late-crash.txt": (
            "failed", 14, "the extraction process crashed: killed by signal SIGSEGV",
        ),
        "late-exit.txt": ("failed", 14, "the extraction process crashed: exit status 3"),
        "late-memory.txt": (
            "failed", 19, "over the memory limit (--max-memory): ran out of memory",
        ),
        "tiny.txt": ("ok", 0, ""),
    }  # fmt: skip
    late = [name for _, part, name in recorded(recording) if part == "annotate"]
    assert {"late-crash.txt", "late-exit.txt", "late-memory.txt"} <= set(late)
    # What was handed over and failed leaves nothing behind in the cache's work area.
    assert not list((tmp_path / "out" / ".cache").glob("tmp*/**/.parsed.pickle"))


def test_a_reader_annotates_when_the_annotator_is_stuck(recording, tmp_path, monkeypatch):
    # The annotator takes hang.txt first (whole) and hangs; the reader reads the others, waits
    # HANDOVER_WAIT for it, then annotates them itself, long before hang.txt's time is up.
    monkeypatch.setattr(runner, "HANDOVER_WAIT", 0.5)
    names = ["hang.txt", "a.txt", "b.txt"]
    tasks = []
    for i, name in enumerate(names):
        (tmp_path / name).write_text(tiny_report(name), encoding="utf-8")
        work = tmp_path / "work" / name
        work.mkdir(parents=True)
        tasks.append(Task(i, str(tmp_path / name), str(work), ExtractOptions()))
    finished = []
    run_tasks(tasks, 2, 12.0, lambda task, outcome: finished.append((task, outcome)))
    assert [Path(t.path).name for t, _ in finished] == ["a.txt", "b.txt", "hang.txt"]
    assert [o.status for _, o in finished] == ["ok", "ok", "failed"]
    assert all(t.part == "whole" for t, _ in finished)  # the caller sees its own tasks
    hung = {pid for pid, _, name in recorded(recording) if name == "hang.txt"}
    helpers = {pid for pid, part, name in recorded(recording) if part == "annotate"}
    assert len(helpers) == 1 and not hung & helpers


@pytest.mark.parametrize(
    ("jobs", "annotators"), [(1, 1), (2, 1), (4, 1), (8, 1), (9, 2), (16, 2), (17, 3)]
)
def test_one_annotator_per_group_of_readers(jobs, annotators):
    assert annotators_for(jobs) == annotators
