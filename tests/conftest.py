"""Shared fixtures: the pipeline configuration, the samples, and the scorer from ../shared."""

from __future__ import annotations

import importlib.util

import pytest

from helpers import SHARED


@pytest.fixture(scope="session")
def cfg():
    from isecg_extract.config import load_config

    return load_config()


@pytest.fixture(scope="session")
def scorer():
    """The project's evaluation script, imported from ../shared/eval (the reference scorer)."""
    path = SHARED / "eval" / "score.py"
    if not path.exists():
        pytest.skip(f"{path} not found: the scorer lives in ../shared beside the repository")
    spec = importlib.util.spec_from_file_location("isecg_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
