from __future__ import annotations

import csv
import io
import json
import os

import pytest

from isecg_extract.model import Report
from isecg_extract.write import DATASETS, atomic_write, safe_cell, to_csv, write_report


def test_formula_cells_are_neutralised_unless_raw():
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-3.5") == "-3.5"  # a number stays a number
    assert safe_cell("=1+1", raw=True) == "=1+1"
    assert safe_cell(None) == "" and safe_cell(True) == "true"


def test_csv_quotes_per_rfc4180():
    text = to_csv([{"a": 'say "hi", then\nleave'}], ["a"])
    assert list(csv.reader(io.StringIO(text))) == [["a"], ['say "hi", then\nleave']]


def test_atomic_write_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "x.csv"
    atomic_write(target, "old")

    def boom(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]


def test_outputs_validate_as_a_frictionless_data_package(tmp_path, cfg):
    from frictionless import Package

    from isecg_extract.pipeline import extract

    from helpers import SEED_TEXT

    report = extract(SEED_TEXT)
    write_report(report, tmp_path, cfg)
    for name in DATASETS:
        assert (tmp_path / f"{name}.csv").exists()
    report_json = json.loads((tmp_path / "report.json").read_text())
    assert report_json["schema_version"] and report_json["checks"]
    result = Package(str(tmp_path / "datapackage.json")).validate()
    assert result.valid, result.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_report_tables_are_dataframes_for_the_python_api():
    import isecg_extract

    from helpers import SEED_TEXT

    report = isecg_extract.extract(SEED_TEXT)
    assert isinstance(report, Report)
    df = report.agencies
    assert list(df.columns)[:3] == ["doc_id", "agency_id", "acronym"]
    assert len(df) == 28 and set(df["doc_id"]) == {"isecg-ar-2025"}
    events = report.events
    assert str(events["month"].dtype) == "Int64" and str(events["year"].dtype) == "Int64"
    # The sample has events with and without a month: both fit one integer column.
    assert events["month"].isna().any()
    months = list(events["month"].dropna())
    assert months and all(float(m).is_integer() and 1 <= m <= 12 for m in months)
    assert str(report.agencies["in_registry"].dtype) == "boolean"
