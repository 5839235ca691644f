"""Issue 22, end to end: a folder that mixes, per year, reports, excerpts, news posts, press
releases, web pages and files that are no report texts, written blind with its expected
results (tests/fixtures/mixed/EXPECTED.json).

``batch``, ``diff --batch`` of every consecutive pair of years, ``timeline`` and ``load`` run on
a copy of it as a user runs them (the command line, in other processes), through
``tools/score_mixed.py``, which also scores a checkout from before issue 22 for
docs/coverage.md. Before issue 22 this folder gave 5 invented joins, departures and renames, found 4
of 8 stated changes, dated 3 texts wrong and lost 9 report texts on load.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MIXED = ROOT / "tests" / "fixtures" / "mixed"
EXPECTED = json.loads((MIXED / "EXPECTED.json").read_text(encoding="utf-8"))


def _scorer():
    spec = importlib.util.spec_from_file_location("score_mixed", ROOT / "tools" / "score_mixed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


score_mixed = _scorer()


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    work = tmp_path_factory.mktemp("mixed")
    exe = str(Path(sys.executable).with_name("isecg-extract"))
    return score_mixed.score(MIXED, exe, work=work), work


def test_every_report_text_is_kept_and_every_other_file_skipped(scored):
    result, _ = scored
    assert result["batch_status"] == 0
    assert result["report_texts_extracted"] == result["report_texts"] == 18
    assert result["distractors_skipped"] == result["distractors"] == 7


def test_report_years_are_right_or_unknown_never_wrong(scored):
    result, _ = scored
    assert result["report_year"]["wrong"] == []
    assert result["report_year"]["unknown"] == []  # the undated page is expected unknown too


def test_each_document_has_its_kind(scored):
    result, _ = scored
    assert result["kinds_wrong"] == {}
    assert result["kinds_right"] == 18


def test_diffs_of_every_consecutive_pair_invent_nothing_and_miss_nothing(scored):
    result, _ = scored
    assert set(result["diffs"]) == set(EXPECTED["diffs"])
    assert all("error" not in d for d in result["diffs"].values()), result["diffs"]
    assert result["diff_totals"] == {
        "invented_joins": 0,
        "invented_left": 0,
        "invented_renames": 0,
        "missed_joins": 0,
        "missed_left": 0,
        "missed_renames": 0,
        "chair_wrong": 0,
    }, result["diffs"]
    assert result["stated_changes_found"] == result["stated_changes"] == 8


def test_timeline_counts_members_where_a_year_states_them(scored):
    result, work = scored
    assert result["timeline"] == {}  # every year's count as expected
    assert result["timeline_years_extra"] == []


def test_no_document_is_lost_on_load(scored):
    result, _ = scored
    assert result["load_status"] == 0
    assert result["documents_lost_on_load"] == []
    rows = result["rows_per_document"]
    assert len(rows) == 18
    assert len({r["doc_id"] for r in rows.values()}) == 18
    assert {n: r["rows_after"] for n, r in rows.items()} == {
        n: r["rows_before"] for n, r in rows.items()
    }


def test_members_per_year_view_matches_the_timeline(scored):
    result, _ = scored
    view = {year: members for year, members, _ in result["view_members_per_year"]}
    assert view == {int(y): n for y, n in EXPECTED["timeline"].items()}  # no row without year


def test_each_document_says_what_it_covers_and_who_chairs(scored):
    _, work = scored
    expected = {d["file"]: d for d in EXPECTED["documents"] if d["is_report_text"]}
    out = work / "out"
    seen = {}
    for report in out.glob("*/report.json"):
        doc = json.loads(report.read_text(encoding="utf-8"))["documents"][0]
        want = expected[doc["source_file"]]
        seen[doc["source_file"]] = doc
        # A full list exactly where the key has one; no other text is read as the membership.
        assert (doc["members_coverage"] == "full") == (want["members_coverage"] == "full"), doc
        if want["chair"]:
            assert doc["chair"] == score_mixed._id(want["chair"]), doc
        else:
            assert not doc["chair"], doc
        # Groups: never a full list where the key has none.
        if want["groups_coverage"] != "full":
            assert doc["groups_coverage"] != "full", doc
    assert set(seen) == set(expected)


def test_the_scorer_counts_an_invented_departure():
    """The scorer itself can fail: a diff with a departure the key does not have."""
    diff = {
        "changes": [
            {"category": "members", "change": "left", "old_id": "nasa", "new_id": ""},
            {"category": "members", "change": "replaced", "old_id": "bnsc", "new_id": "uksa"},
            {"category": "chair", "change": "not_stated", "old_id": "", "new_id": "x"},
        ]
    }
    got = score_mixed._diff_sets(diff)
    assert got == {
        "joined": set(),
        "left": {"nasa"},
        "renamed": {("bnsc", "uksa")},
        "chair": "not stated",
    }
    assert score_mixed._ids(["PTS", "UAESA", "Roscosmos"]) == {"pt-space", "uaesa", "roscosmos"}
