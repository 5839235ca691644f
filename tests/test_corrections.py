"""Corrections recorded once in pipeline/corrections.csv last: extract, batch and load apply them."""

from __future__ import annotations

import csv
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from isecg_extract.cli import main
from isecg_extract.config import load_config
from isecg_extract.corrections import COLUMNS, Correction, apply_corrections, read_corrections
from isecg_extract.errors import ConfigError

from helpers import ROOT, SEED_TEXT

FIXES = [
    # drop a row the extractor should not have made
    ["isecg-ar-2025", "activities", "isecg-2026-01", "drop", "", "", "not a plan"],
    # replace a value
    ["isecg-ar-2025", "events", "iac-2025", "replace", "month", "9", "IAC 2025 was in September"],
    # add a row the extractor missed, one line per column
    ["isecg-ar-2025", "publications", "lss-gap-report", "add", "title", "LSS Gap Report", "missed"],
    ["isecg-ar-2025", "publications", "lss-gap-report", "add", "year", "2026", "missed"],
    # a row that is not there: reported, not silently ignored
    ["isecg-ar-2025", "agencies", "nosuch", "replace", "country", "Atlantis", "typo in the id"],
    # another report's correction: not applied here
    ["isecg-ar-2030", "events", "iac-2025", "replace", "month", "1", ""],
]


def write_config(tmp_path, rows, header=COLUMNS):
    config = tmp_path / "pipeline"
    shutil.copytree(ROOT / "pipeline", config)
    with (config / "corrections.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return config


def read(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def check_corrected(out):
    activities = read(out / "activities.csv")
    assert "isecg-2026-01" not in {r["activity_id"] for r in activities}
    assert {r["provenance"] for r in activities} == {"extracted"}
    (iac,) = [r for r in read(out / "events.csv") if r["event_id"] == "iac-2025"]
    assert (iac["month"], iac["provenance"]) == (
        "9",
        "corrected by hand: IAC 2025 was in September",
    )
    (added,) = [r for r in read(out / "publications.csv") if r["pub_id"] == "lss-gap-report"]
    assert (added["doc_id"], added["title"], added["year"]) == (
        "isecg-ar-2025",
        "LSS Gap Report",
        "2026",
    )
    assert added["provenance"] == "corrected by hand: missed"


def test_extract_applies_the_corrections_with_provenance(tmp_path):
    config = write_config(tmp_path, FIXES)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["extract", str(SEED_TEXT), "-o", str(out), "--config-dir", str(config)]
    )
    assert result.exit_code == 0, result.output
    check_corrected(out)
    assert (
        "warning: isecg-annual-report-2025.txt: corrections.csv line 6: agencies of isecg-ar-2025 "
        "has no row agency_id=nosuch; the correction was not applied"
    ) in result.output


def test_batch_applies_the_corrections(tmp_path):
    from isecg_extract.batch.run import run_batch
    from isecg_extract.cli import make_options

    config = write_config(tmp_path, FIXES[:4])
    options = make_options(config, None, "pdfplumber", 10**8, 100, None)
    result = run_batch([str(SEED_TEXT)], tmp_path / "b", jobs=1, quiet=True, options=options)
    assert result.summary["failed"] == 0
    check_corrected(tmp_path / "b" / "isecg-ar-2025")


def test_load_applies_corrections_recorded_after_the_extraction(tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["extract", str(SEED_TEXT), "-o", str(out), "-q"]).exit_code == 0
    config = write_config(tmp_path, FIXES[:4])
    db = tmp_path / "isecg.db"
    args = ["load", str(out), "--db", f"sqlite:///{db}", "--config-dir", str(config), "-q"]
    for _ in range(2):  # applying the corrections again changes nothing
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        con = sqlite3.connect(db)
        assert con.execute(
            "SELECT month, provenance FROM events WHERE event_id = 'iac-2025'"
        ).fetchall() == [(9, "corrected by hand: IAC 2025 was in September")]
        assert con.execute(
            "SELECT count(*) FROM activities WHERE activity_id = 'isecg-2026-01'"
        ).fetchone() == (0,)
        assert con.execute(
            "SELECT title, year FROM publications WHERE pub_id = 'lss-gap-report'"
        ).fetchall() == [("LSS Gap Report", 2026)]
        con.close()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ["isecg-ar-2025", "events", "iac-2025", "move", "", "", ""],
            "action 'move' is not one of",
        ),
        (["isecg-ar-2025", "nosuch", "x", "drop", "", "", ""], "no table 'nosuch'"),
        (
            ["isecg-ar-2025", "events", "iac-2025", "replace", "colour", "red", ""],
            "no column 'colour'",
        ),
        (
            ["isecg-ar-2025", "events", "iac-2025", "replace", "month", "Sept", ""],
            "'Sept' is not an integer",
        ),
        (
            ["isecg-ar-2025", "events", "iac-2025", "replace", "event_id", "x", ""],
            "set by the correction",
        ),
        (["", "events", "iac-2025", "drop", "", "", ""], "doc_id, table and row_id are required"),
    ],
)
def test_a_bad_corrections_file_is_a_configuration_error_naming_the_line(tmp_path, row, message):
    config = write_config(tmp_path, [row])
    with pytest.raises(ConfigError, match=message) as caught:
        read_corrections(config, load_config().tables["tables"])
    assert "corrections.csv: invalid pipeline configuration: line 2: " in str(caught.value)
    result = CliRunner().invoke(
        main, ["extract", str(SEED_TEXT), "-o", str(tmp_path / "o"), "--config-dir", str(config)]
    )
    assert result.exit_code == 13
    assert result.output.startswith(f"isecg-extract: {config / 'corrections.csv'}: ")
    assert "line 2: " in result.output


def test_the_shipped_corrections_file_is_empty_and_readable_as_plain_csv():
    with (ROOT / "pipeline" / "corrections.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows == [COLUMNS]


def test_applying_twice_is_applying_once():
    schema = load_config().tables["tables"]
    config_rows = read_fixes()
    tables = {"events": [{"doc_id": "isecg-ar-2025", "event_id": "iac-2025", "month": None}]}
    apply_corrections("isecg-ar-2025", tables, config_rows, schema)
    once = [dict(r) for r in tables["events"]]
    apply_corrections("isecg-ar-2025", tables, config_rows, schema)
    assert tables["events"] == once and once[0]["month"] == 9


def read_fixes():
    return [Correction(*row, line=i + 2) for i, row in enumerate(FIXES)]
