"""Issue 23: hostile inputs, round three (statuses and messages, corrections).

Every input is generated here and small. Each test fails on the code before its fix: a
traceback or the wrong status, a temporary file left behind, a page refused, a correction
silently ignored or applied, a cost that grows with the square of the corrections.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from isecg_extract.cli import main

from helpers import SEED_TEXT
from test_hostile_round2 import make_pdf


def _run(args, **kwargs):
    result = CliRunner().invoke(main, [str(a) for a in args], **kwargs)
    assert "Traceback" not in result.output, result.output
    assert not isinstance(result.exception, (AttributeError, OverflowError, ZeroDivisionError))
    return result


def _one_line(result) -> str:
    (line,) = result.output.strip().splitlines()
    return line


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``folder`` with its bytes: to see that nothing changed."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """An output folder of the sample report, and a batch folder holding it."""
    root = tmp_path_factory.mktemp("round3")
    assert _run(["extract", SEED_TEXT, "-o", root / "o", "-q"]).exit_code == 0
    batch = root / "batch"
    assert _run(["batch", SEED_TEXT, "-o", batch, "-j", "1", "-q"]).exit_code == 0
    return root


# 9. --max-memory: a value too large is a usage error ------------------------------------------


@pytest.mark.parametrize("value", ["inf", "-inf", "1e400", "1e30G", "nan"])
@pytest.mark.parametrize("command", ["extract", "batch", "diff"])
def test_an_impossible_max_memory_is_a_usage_error(tmp_path, extracted, command, value):
    args = {
        "extract": ["extract", SEED_TEXT, "-o", tmp_path / "o"],
        "batch": ["batch", SEED_TEXT, "-o", tmp_path / "o"],
        "diff": ["diff", extracted / "o", extracted / "o"],
    }[command]
    result = _run([*args, "--max-memory", value])
    assert result.exit_code == 2, result.output
    assert "Usage: " in result.output
    errors = [ln for ln in result.output.splitlines() if ln.startswith("Error: ")]
    assert len(errors) == 1 and "'--max-memory'" in errors[0], result.output
    assert not (tmp_path / "o").exists()


def test_the_largest_max_memory_is_still_taken():
    from isecg_extract.cli_options import MAX_SIZE, MemorySize

    assert MemorySize().convert("1G", None, None) == 2**30
    assert MemorySize().convert(str(MAX_SIZE), None, None) == MAX_SIZE
    assert MemorySize().convert(MAX_SIZE, None, None) == MAX_SIZE
