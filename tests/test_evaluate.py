"""The project's scorer (``isecg_extract.evaluate``, ``isecg-extract score``) on outputs whose
faults are known: every removed row is missed, every invented one extra, a missing table scores
0, and the command's statuses are the README's. Runs on any clone (no ../shared needed)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from isecg_extract.cli import main
from isecg_extract.evaluate import load_gold, score_folder
from isecg_extract.evaluate.rules import gold_aliases, same_body

from helpers import GOLD, SEED_TEXT


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory) -> Path:
    from isecg_extract.pipeline import extract_to

    out = tmp_path_factory.mktemp("seed-out")
    extract_to(SEED_TEXT, out)
    return out


@pytest.fixture
def copy(seed_out, tmp_path) -> Path:
    """A copy of the sample's output to damage."""
    return Path(shutil.copytree(seed_out, tmp_path / "out"))


def rows_of(folder: Path, dataset: str) -> list[dict[str, str]]:
    with (folder / f"{dataset}.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_rows(folder: Path, dataset: str, rows: list[dict[str, str]]) -> None:
    header = (folder / f"{dataset}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    with (folder / f"{dataset}.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def test_every_removed_row_is_missed_and_lowers_recall_alone(copy):
    agencies = rows_of(copy, "agencies")
    removed = [a["name"] for a in agencies[:2]]
    write_rows(copy, "agencies", agencies[2:])
    score = score_folder(copy, load_gold(GOLD)).by_dataset()["agencies"]
    assert (score.gold, score.predicted, score.matched) == (28, 26, 26)
    assert (score.precision, score.recall, score.f1) == (1.0, round(26 / 28, 3), 0.963)
    assert score.missed == removed
    assert removed[0] == "Australian Space Agency"
    assert score.extra == []


def test_an_invented_row_is_extra_and_lowers_precision_alone(copy):
    activities = rows_of(copy, "activities")
    invented = {**activities[0], "activity_id": "x", "description": "build a cathedral on Ceres"}
    write_rows(copy, "activities", [*activities, invented])
    result = score_folder(copy, load_gold(GOLD))
    score = result.by_dataset()["activities"]
    # 41 rows of which 4 match optional gold rows (neither helping nor hurting) and 37 the
    # required ones; the invented row is the one counted against precision.
    assert (score.predicted, score.matched, score.recall) == (42, 37, 1.0)
    assert score.precision == round(37 / 38, 3)
    assert score.extra == ["ISECG: build a cathedral on Ceres"]
    assert result.macro_f1 < 1.0


def test_a_wrong_attribute_lowers_its_accuracy_not_the_match(copy):
    agencies = rows_of(copy, "agencies")
    agencies[0]["country_code"] = "NZ"  # still Australia by name: matched, code wrong
    write_rows(copy, "agencies", agencies)
    score = score_folder(copy, load_gold(GOLD)).by_dataset()["agencies"]
    assert score.f1 == 1.0
    assert score.accuracy["country_code"] == round(27 / 28, 3)


def test_a_missing_table_scores_zero_and_says_so(copy):
    (copy / "events.csv").unlink()
    result = score_folder(copy, load_gold(GOLD))
    events = result.by_dataset()["events"]
    assert events.missing and events.f1 == 0.0 and events.gold == 4
    assert result.macro_f1 == pytest.approx(6 / 7)
    assert events.to_dict() == {
        "dataset": "events", "missing": True, "precision": 0.0, "recall": 0.0, "f1": 0.0,
        "gold": 4,
    }  # fmt: skip


def test_doc_id_keeps_only_that_documents_rows(copy):
    result = score_folder(copy, load_gold(GOLD), doc_id="isecg-ar-1999")
    assert all(d.predicted == 0 for d in result.datasets)
    assert result.document == {"dataset": "documents", "rows": 0}
    assert score_folder(copy, load_gold(GOLD), doc_id="isecg-ar-2025").macro_f1 == 1.0


def test_names_the_gold_gives_as_aliases_are_the_same_body():
    gold = {"agencies": [{"acronym": "KASA", "name": "Korea AeroSpace Administration",
                          "aliases": ["KARI"]}]}  # fmt: skip
    aliases = gold_aliases(gold)
    assert same_body("KASA", "kari", aliases)
    assert same_body("KASA", "Korea Aero-Space Administration", aliases)
    assert not same_body("KASA", "KARI Institute", aliases)
    assert not same_body("KASA", "", aliases)


def _score(*args: str):
    return CliRunner().invoke(main, ["score", *args])


def test_score_command_prints_the_table_and_the_macro_f1_last(seed_out):
    result = _score(str(seed_out), str(GOLD))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:2] == ["dataset", "gold"]
    assert lines[-1] == "macro F1 1.000"
    assert "agencies            28    28    28  1.000  1.000  1.000" in result.output


def test_score_command_json_and_min_f1(copy):
    write_rows(copy, "agencies", rows_of(copy, "agencies")[3:])
    result = _score(str(copy), str(GOLD), "--format", "json")
    data = json.loads(result.output)
    assert data["macro_f1"] < 1.0 and data["document"]["report_year"] is True
    assert next(d for d in data["datasets"] if d["dataset"] == "agencies")["matched"] == 25
    assert _score(str(copy), str(GOLD), "--min-f1", "0.995", "--show=0").exit_code == 1
    assert _score(str(copy), str(GOLD), "--min-f1", "0.9").exit_code == 0


def test_score_command_errors_are_one_line_with_the_readmes_status(copy, tmp_path):
    not_json = tmp_path / "gold.json"
    not_json.write_text("{not json", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    cases = [
        ([str(copy), str(tmp_path / "nope.json")], 3, f"{tmp_path / 'nope.json'}: no such file"),
        ([str(copy), str(not_json)], 17, f"{not_json}: not a gold file"),
        ([str(tmp_path / "nowhere"), str(GOLD)], 3, f"{tmp_path / 'nowhere'}: no such file"),
        ([str(empty), str(GOLD)], 17, f"{empty}: not an isecg-extract output folder"),
    ]
    for args, status, words in cases:
        result = _score(*args)
        assert result.exit_code == status, (args, result.output)
        (line,) = result.output.strip().splitlines()
        assert line.startswith(f"isecg-extract: {words}"), line
