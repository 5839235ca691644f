"""The whole pipeline on the sample report, scored against its hand-made gold by the project's
scorer; floors just under today's scores (tests/quality.py)."""

from __future__ import annotations

import json

import pytest

from helpers import GOLD, SEED_TEXT
from quality import assert_at_least_today, assert_readme_quotes


@pytest.fixture(scope="module")
def seed_scores(tmp_path_factory, scorer):
    from isecg_extract.pipeline import extract_to

    out = tmp_path_factory.mktemp("seed")
    extract_to(SEED_TEXT, out)
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    results, doc, macro = scorer.score_all(str(out), gold)
    return {r["dataset"]: r for r in results}, doc, macro


def test_seed_macro_f1(seed_scores):
    by_name, doc, macro = seed_scores
    assert_at_least_today(SEED_TEXT.stem, list(by_name.values()), macro)
    assert_readme_quotes(SEED_TEXT.name, macro)
    assert macro >= 0.99
    assert doc["report_year"] and doc["published"]


def test_seed_agencies_and_groups_are_exact(seed_scores):
    by_name, _, _ = seed_scores
    assert by_name["agencies"]["f1"] == 1.0
    assert by_name["agencies"]["country_code_accuracy"] == 1.0
    assert by_name["working_groups"]["f1"] == 1.0
    assert by_name["working_groups"]["status_accuracy"] == 1.0


def test_seed_activities_and_sections(seed_scores):
    by_name, _, _ = seed_scores
    assert by_name["activities"]["f1"] >= 0.99
    assert by_name["activities"]["year_accuracy"] == 1.0
    assert by_name["sections"]["level_accuracy"] >= 0.99
    assert by_name["sections"]["page_accuracy"] == 1.0


def test_extracting_twice_gives_identical_outputs(tmp_path):
    from isecg_extract.pipeline import extract_to

    extract_to(SEED_TEXT, tmp_path / "a")
    extract_to(SEED_TEXT, tmp_path / "b")
    for f in (tmp_path / "a").iterdir():
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes(), f.name


@pytest.mark.parametrize(
    "sample", ["isecg-annual-report-2025.txt", "isecg-annual-report-2025-word.pdf"]
)
def test_the_two_halves_across_a_pickle_give_what_extract_gives(sample):
    """A batch reads in one process and annotates in another: the pickle between them must
    carry everything annotating needs (the section index cache included)."""
    import pickle

    from isecg_extract.model import to_jsonable
    from isecg_extract.pipeline import annotate, extract, read_document

    from helpers import SAMPLES

    path = SAMPLES / sample
    parsed = read_document(path, prepare_nlp=False)
    parsed.structure.section("no-such-section")  # builds the index cache that is pickled too
    moved = pickle.loads(pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
    annotated = annotate(moved)
    assert to_jsonable(annotated.report) == to_jsonable(extract(path))
    assert annotated.nlp.sentences and annotated.report.tables["agencies"]


@pytest.mark.parametrize("name", ["variant-a-2026", "variant-b-2024"])
def test_hand_made_variants_score_against_their_own_gold(tmp_path, scorer, name):
    """Members added and removed, a renamed group, other wordings, reordered and numbered
    sections, form-feed pages with running headers: no code knows these texts."""
    from isecg_extract.pipeline import extract_to

    from helpers import VARIANTS

    extract_to(VARIANTS / f"{name}.txt", tmp_path)
    gold = json.loads((VARIANTS / f"{name}.gold.json").read_text(encoding="utf-8"))
    results, doc, macro = scorer.score_all(str(tmp_path), gold)
    by_name = {r["dataset"]: r for r in results}
    assert doc["report_year"] and doc["published"]
    assert_at_least_today(name, results, macro)
    assert_readme_quotes(name, macro)
    assert by_name["agencies"]["f1"] == 1.0
    assert by_name["working_groups"]["f1"] == 1.0


def test_a_report_prints_in_one_short_line():
    """Printing a Report (a notebook cell, a log line) gave every row: 108 kB for the sample."""
    from isecg_extract.pipeline import extract

    report = extract(SEED_TEXT)
    text = repr(report)
    assert len(text) < 300 and "\n" not in text, text
    assert text.startswith("Report(doc_id='isecg-ar-2025', schema_version=")
    assert "agencies=28" in text and f"checks={len(report.checks)}" in text
