"""Reports of other years and other shapes (tests/fixtures/history), scored against their gold.

The texts were written blind from ../shared/history/isecg-history.md, in the shapes 2007-2024
material takes: Parts and numbered headings with a per-agency annex, Markdown, a PDF-to-text
conversion with running headers, a report whose line breaks were lost, news posts and press
releases. Each must score at least its floor (tests/quality.py: today's F1 per dataset minus
0.01), and macro F1 >= 0.95, with no code written for it.
"""

from __future__ import annotations

import json

import pytest

from helpers import HELDOUT, HISTORY
from quality import assert_at_least_today, assert_readme_quotes

TEXTS = sorted(HISTORY.glob("*.txt")) + sorted(HELDOUT.glob("*.txt"))


@pytest.mark.slow
@pytest.mark.parametrize("text", TEXTS, ids=lambda p: p.stem)
def test_other_years_score(text, tmp_path, scorer):
    from isecg_extract.pipeline import extract_to

    extract_to(text, tmp_path)
    gold = json.loads(text.with_suffix(".gold.json").read_text(encoding="utf-8"))
    results, doc, macro = scorer.score_all(str(tmp_path), gold)
    by_name = {r["dataset"]: r for r in results}
    assert doc["report_year"], "report year"
    assert doc["published"], "publication month"
    assert by_name["agencies"]["f1"] >= 0.95, by_name["agencies"]
    assert macro >= 0.95, {r["dataset"]: r["f1"] for r in results}
    assert_at_least_today(text.stem, results, macro)
    assert_readme_quotes(text.stem, macro)
    stated = gold["document"].get("stated_member_count")
    row = (tmp_path / "documents.csv").read_text(encoding="utf-8").splitlines()
    if stated is not None:
        assert f",{stated}," in row[1], "stated member count"


def test_history_fixtures_are_there():
    assert len(list(HISTORY.glob("*.txt"))) >= 6
    for text in HISTORY.glob("*.txt"):
        assert text.with_suffix(".gold.json").is_file(), text
