"""Fixtures for the batch tests: one real batch over the three report years, shared by the
tests that only read its output (extracting costs a few seconds per worker process)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from batch_helpers import SEED, Y2023, Y2026


@pytest.fixture(scope="session")
def years_batch(tmp_path_factory: pytest.TempPathFactory):
    """``run_batch`` over the 2023, 2025 and 2026 reports, with two workers."""
    from isecg_extract.batch.run import run_batch

    out = tmp_path_factory.mktemp("years") / "out"
    result = run_batch([str(Y2023), str(SEED), str(Y2026)], out, jobs=2, quiet=True)
    return out, result


@pytest.fixture
def years_copy(years_batch, tmp_path: Path) -> Path:
    """A private copy of the years batch, for tests that run it again."""
    out, _ = years_batch
    dest = tmp_path / "out"
    shutil.copytree(out, dest)
    return dest
