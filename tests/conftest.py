"""Shared fixtures: the pipeline configuration, the samples, and the project's scorer."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def cfg():
    from isecg_extract.config import load_config

    return load_config()


@pytest.fixture(scope="session")
def scorer():
    """The project's scorer (``isecg_extract.evaluate``): ``score_all(out, gold)`` gives
    (datasets, document, macro F1) as the reference scorer in ../shared does, and agrees with
    it (tests/test_evaluate_agreement.py), so the quality tests run on any clone."""
    from isecg_extract import evaluate

    return evaluate


def lines_of(text: str):
    """A RawDocument made from a small hand-written text, as the text ingest would make it."""
    from isecg_extract.ingest.text import text_to_pages
    from isecg_extract.model import RawDocument

    return RawDocument("t.txt", "0" * 64, "text", text_to_pages(text), {})


@pytest.fixture
def make_raw():
    return lines_of


@pytest.fixture
def run_text(tmp_path, cfg):
    """Extract a small hand-written report through the whole pipeline."""
    from isecg_extract.pipeline import extract

    def run(text: str):
        path = tmp_path / "report.txt"
        path.write_text(text, encoding="utf-8")
        return extract(path)

    return run
