"""Pages read by worker processes: same pages as one process, typed errors, no orphans."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from isecg_extract import errors
from isecg_extract.ingest import IngestOptions, ingest
from isecg_extract.ingest import workers as W
from isecg_extract.model import to_jsonable

from helpers import SAMPLES

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(),
    reason="the tests patch the page reader in this process, which only forked workers see",
)
WORD = SAMPLES / "isecg-annual-report-2025-word.pdf"


@given(pages=st.integers(1, 500), jobs=st.integers(1, 16))
def test_page_ranges_cover_every_page_once_in_order_and_evenly(pages, jobs):
    ranges = W.page_ranges(pages, jobs)
    assert len(ranges) == min(pages, jobs)
    assert [p for a, b in ranges for p in range(a, b + 1)] == list(range(1, pages + 1))
    sizes = [b - a + 1 for a, b in ranges]
    assert max(sizes) - min(sizes) <= 1


def test_job_plan_respects_requests_cpus_pages_and_daemons(monkeypatch):
    monkeypatch.setattr(W, "usable_cpus", lambda: 2)
    assert W.plan_jobs(None, 200) == 2
    assert W.plan_jobs(None, 5) == 1  # too few pages to share
    assert W.plan_jobs(3, 200) == 3
    assert W.plan_jobs(8, 3) == 3  # never more workers than pages
    monkeypatch.setattr(W, "usable_cpus", lambda: 16)
    assert W.plan_jobs(None, 2000) == W.MAX_AUTO_JOBS
    monkeypatch.setattr(W, "usable_cpus", lambda: 1)
    assert W.plan_jobs(None, 200) == 1
    monkeypatch.setattr(W, "can_fork_workers", lambda: False)
    assert W.plan_jobs(4, 200) == 1  # a batch worker reads its pages itself


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_workers_give_the_same_pages_as_one_process(engine):
    one = ingest(WORD, IngestOptions(engine=engine, jobs=1))
    calls = []
    three = ingest(WORD, IngestOptions(engine=engine, jobs=3), lambda: calls.append(1))
    assert calls == [1]  # the caller's work ran once, while the workers read
    assert to_jsonable(three) == to_jsonable(one)
    assert [p.number for p in three.pages] == list(range(1, len(one.pages) + 1))
    assert multiprocessing.active_children() == []


def test_spawned_workers_give_the_same_pages(monkeypatch):
    """Where forking is unsafe (other threads running) workers start from a fresh interpreter."""
    monkeypatch.setattr(W, "start_method", lambda: "spawn")
    one = ingest(WORD, IngestOptions(jobs=1))
    two = ingest(WORD, IngestOptions(jobs=2))
    assert to_jsonable(two) == to_jsonable(one)


def test_workers_are_spawned_when_other_threads_run():
    import threading

    assert W.start_method() == "fork"
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert W.start_method() == "spawn"
    finally:
        stop.set()
        thread.join()


def test_one_job_reads_here_and_does_not_call_while_waiting():
    calls = []
    ingest(WORD, IngestOptions(jobs=1), lambda: calls.append(1))
    assert calls == []


def test_automatic_jobs_overlap_the_callers_work_even_with_one_worker(monkeypatch):
    monkeypatch.setattr(W, "usable_cpus", lambda: 2)
    started = []
    real = multiprocessing.get_context("fork").Process.start

    def counting_start(self):
        started.append(self.name)
        return real(self)

    monkeypatch.setattr(multiprocessing.context.ForkProcess, "start", counting_start)
    calls = []
    ingest(
        SAMPLES / "isecg-annual-report-2025-twocol.pdf", IngestOptions(), lambda: calls.append(1)
    )
    assert calls == [1] and len(started) == 1  # 7 pages: one worker, beside the caller


def _failing_reader(kind):
    real = W.read_range

    def read_range(path, opts, first, last):
        if first > 1:
            if kind == "typed":
                raise errors.MalformedPdf(str(path), f"page {first}: broken xref")
            if kind == "bug":
                raise KeyError("oops")
            if kind == "dies":
                os._exit(3)
            if kind == "hangs":
                time.sleep(60)
        return real(path, opts, first, last)

    return read_range


@pytest.mark.parametrize(
    ("kind", "error", "text"),
    [
        ("typed", errors.MalformedPdf, "malformed or truncated PDF: page 8: broken xref"),
        ("bug", errors.StageError, "internal error in stage ingest: KeyError: 'oops'"),
        ("dies", errors.StageError, "reading pages 8-14 died (exit status 3)"),
    ],
)
def test_a_failing_worker_fails_the_document_with_one_typed_line(monkeypatch, kind, error, text):
    monkeypatch.setattr(W, "read_range", _failing_reader(kind))
    with pytest.raises(error) as info:
        ingest(WORD, IngestOptions(jobs=2))
    assert text in str(info.value) and str(info.value).startswith(str(WORD))
    assert "\n" not in str(info.value)
    assert multiprocessing.active_children() == []


def test_a_timeout_kills_the_workers(monkeypatch):
    from isecg_extract.nlp.build import build_nlp
    from isecg_extract.pipeline import ExtractOptions, extract

    # Built beforehand: a timeout that lands inside spaCy's first import would leave that
    # import half done for the rest of this test process.
    build_nlp(None, None)
    monkeypatch.setattr(W, "read_range", _failing_reader("hangs"))
    t0 = time.monotonic()
    with pytest.raises(errors.ExtractTimeout):
        extract(WORD, ExtractOptions(timeout=1.0, ingest=IngestOptions(jobs=2)))
    assert time.monotonic() - t0 < 30  # not the worker's 60 s
    assert multiprocessing.active_children() == []


def test_an_error_while_waiting_kills_the_workers(monkeypatch):
    monkeypatch.setattr(W, "read_range", _failing_reader("hangs"))

    def fail():
        raise errors.ConfigError("en_core_web_xx", "spaCy model not installed")

    with pytest.raises(errors.ConfigError):
        ingest(WORD, IngestOptions(jobs=2), fail)
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize(
    "cls",
    [
        c
        for c in vars(errors).values()
        if isinstance(c, type) and issubclass(c, errors.ExtractError)
    ],
)
def test_errors_cross_process_boundaries_intact(cls):
    err = cls("reports/a.pdf", "page 3: bad", "ingest")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is cls
    assert (back.path, back.detail, back.stage, str(back)) == (
        err.path,
        err.detail,
        err.stage,
        str(err),
    )
    assert back.exit_code == err.exit_code
