"""Issue 15: hostile inputs, round two (bounded memory and time, whole output folders).

Every input is generated here and small; what would take gigabytes or minutes is made to
fail fast with a low ``--max-memory`` or ``--timeout``.
"""

from __future__ import annotations

import csv
import json
import sqlite3

from click.testing import CliRunner

from isecg_extract.cli import main

from helpers import SEED_TEXT

MEMBER_ROW = "Canada\t\tCanadian Space Agency (CSA)"


def _seed_with(tmp_path, old: str, new: str, name: str = "report.txt"):
    text = SEED_TEXT.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _run(args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


def _rows(path):
    csv.field_size_limit(2**31 - 1)
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# 1. A cell over csv's default field limit (131,072 characters) -------------------------------


def test_a_member_cell_over_the_csv_field_limit_is_batched_combined_and_loaded(tmp_path):
    long_name = "Canadian Space Agency (CSA) " + "x" * 140_000
    src = _seed_with(tmp_path, MEMBER_ROW, "Canada\t\t" + long_name)
    out = tmp_path / "out"
    result = _run(["batch", src, "-o", out, "-j", "1", "-q", "--timeout", "120"])
    assert result.exit_code == 0, result.output
    assert json.loads((out / "manifest.json").read_text())["summary"]["failed"] == 0
    cells = [c for r in _rows(out / "all" / "agencies.csv") for c in r.values()]
    assert max(len(c) for c in cells) >= 140_000
    db = tmp_path / "x.db"
    result = _run(["load", out / "isecg-ar-2025", "--db", f"sqlite:///{db}"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        (longest,) = conn.execute("SELECT max(length(name)) FROM agencies").fetchone()
    assert longest >= 140_000


def test_organisation_names_are_split_in_linear_time(cfg):
    """The member-cell pattern once rescanned the rest of the cell from every position."""
    from isecg_extract.normalise.members import split_organisations

    cell = "Australian Space Agency (ASA) Commonwealth (CSIRO) " + "x" * 400_000
    assert split_organisations(cell, cfg)[:2] == [
        ("Australian Space Agency", "ASA"),
        ("Commonwealth", "CSIRO"),
    ]
    assert split_organisations("A (B (C) D", cfg) == [("B", "C"), ("D", "")]
