"""Issue 22: years compared only on what their documents cover, on hand-made report rows.

A year may be several documents (``combine_year``); each says in ``documents`` what it covers.
"""

from __future__ import annotations

from pathlib import Path

from isecg_extract.compare.diff import diff_reports
from isecg_extract.compare.folder import ReportData, combine_year
from isecg_extract.compare.stated import LISTED, NOT_STATED, PARTIAL, members_known

FOURTEEN = [
    "asi", "bnsc", "cnes", "cnsa", "csa", "csiro", "dlr",
    "esa", "isro", "jaxa", "kari", "nasa", "nsau", "roscosmos",
]  # fmt: skip


def doc(
    doc_id: str,
    year: int,
    kind: str = "annual report",
    members: str = "full",
    listed: int | None = None,
    chair: str = "",
    published: str = "",
    stated: int | None = None,
) -> ReportData:
    row = {
        "doc_id": doc_id,
        "report_year": year,
        "kind": kind,
        "members_coverage": members,
        "listed_member_count": listed,
        "groups_coverage": "none",
        "chair_coverage": "stated" if chair else "none",
        "chair": chair,
        "published": published,
        "stated_member_count": stated,
    }
    return ReportData(Path("."), doc_id, year, "", {"documents": [row]})


def with_agencies(report: ReportData, ids: list[str], source: str = "table") -> ReportData:
    report.tables["agencies"] = [
        {"doc_id": report.doc_id, "agency_id": a, "acronym": a.upper(), "name": a, "source": source}
        for a in ids
    ]
    return report


def with_changes(report: ReportData, *changes: dict) -> ReportData:
    report.tables["changes"] = [{"doc_id": report.doc_id, **c} for c in changes]
    return report


def members(result) -> list[tuple[str, str, str]]:
    return [(c.change, c.old_id, c.new_id) for c in result.of("members")]


def test_a_news_post_naming_agencies_is_no_membership_list():
    """The 2020 news post names the agencies that joined: not "everyone else left"."""
    old = with_agencies(doc("isecg-ar-2019", 2019, listed=14), FOURTEEN)
    post = with_agencies(doc("isecg-news-2020-aa", 2020, "news post", "partial"), ["aeb"], "change")
    post = with_changes(post, {"kind": "joined", "subject_id": "aeb", "year": 2020})
    result = diff_reports(old, post)
    assert members(result) == [("partial", "", "isecg-news-2020-aa"), ("joined", "", "aeb")]
    assert members_known(post).state == PARTIAL


def test_a_year_takes_its_list_from_its_fullest_document_and_joins_from_the_others():
    report = with_agencies(doc("isecg-ar-2021", 2021, listed=14), FOURTEEN)
    post = with_agencies(doc("isecg-news-2021-bb", 2021, "news post", "partial"), ["jaxa", "aem"])
    post = with_changes(post, {"kind": "joined", "subject_id": "aem", "year": 2021})
    year = combine_year([post, report])
    assert year.doc_id == "isecg-ar-2021, isecg-news-2021-bb"  # the annual report first
    known = members_known(year)
    assert known.state == LISTED and known.count == 15 and "aem" in known.ids
    old = with_agencies(doc("isecg-ar-2020", 2020, listed=14), FOURTEEN)
    assert members(diff_reports(old, year)) == [("joined", "", "aem")]


def test_no_full_document_leaves_the_year_partial_with_its_stated_count():
    excerpt = doc("isecg-excerpt-2014-cc", 2014, "report excerpt", "partial", stated=14)
    press = doc("isecg-press-2014-dd", 2014, "press release", "none")
    year = combine_year([excerpt, press])
    known = members_known(year)
    assert (known.state, known.count) == (PARTIAL, 14)
    assert members_known(doc("x", 2014, "other", "none")).state == NOT_STATED


def test_a_different_spelling_or_an_annex_heading_is_no_rename():
    old = with_agencies(doc("isecg-ar-2012", 2012, listed=14), FOURTEEN)
    new = with_agencies(doc("isecg-ar-2013", 2013, listed=14), FOURTEEN)
    new.tables["agencies"][0]["name"] = "Annex: Member Agencies 1. Agenzia Spaziale Italiana"
    new.tables["agencies"][2]["name"] = "Centre National d'Études Spatiales"
    assert members(diff_reports(old, new)) == []


def test_a_stated_rename_is_found():
    old = with_agencies(doc("isecg-ar-2012", 2012, listed=14), FOURTEEN)
    ids = [("ssau" if a == "nsau" else a) for a in FOURTEEN]
    new = with_agencies(doc("isecg-ar-2013", 2013, listed=14), ids)
    new = with_changes(
        new,
        {"kind": "renamed", "subject_id": "nsau", "object_id": "ssau", "year": 2013},
    )
    assert members(diff_reports(old, new)) == [("renamed", "nsau", "ssau")]


def test_the_chair_is_compared_only_where_both_years_state_it():
    old, new = doc("isecg-ar-2020", 2020), doc("isecg-ar-2021", 2021)
    chair = [(c.change, c.old_id, c.new_id) for c in diff_reports(old, new).of("chair")]
    assert chair == [("not_stated", "isecg-ar-2020", ""), ("not_stated", "", "isecg-ar-2021")]
    same = diff_reports(doc("a", 2019, chair="jaxa"), doc("b", 2020, chair="jaxa"))
    assert same.of("chair") == []  # both state it: no change


def test_a_planned_hand_over_is_no_change_of_its_year():
    old = doc("isecg-ar-2008", 2008, chair="jaxa")
    new = with_changes(
        doc("isecg-ar-2009", 2009, chair="esa"),
        {"kind": "chair", "subject_id": "esa", "object_id": "jaxa", "year": 2009},
        {"kind": "chair", "subject_id": "nasa", "year": 2010, "planned": True},
    )
    chair = [(c.change, c.old_id, c.new_id) for c in diff_reports(old, new).of("chair")]
    assert chair == [("changed", "jaxa", "esa")]


def test_the_chair_of_a_year_is_its_reports_then_the_last_published():
    post = doc("isecg-news-2009-aa", 2009, "news post", chair="jaxa", published="2009-03")
    press = doc("isecg-press-2009-bb", 2009, "press release", chair="esa", published="2009-12")
    year = combine_year([press, post])
    chair = diff_reports(doc("isecg-ar-2008", 2008, chair="jaxa"), year).of("chair")
    assert [(c.old_id, c.new_id) for c in chair] == [("jaxa", "esa")]


def test_diff_batch_takes_two_years_and_names_what_is_wrong(tmp_path):
    from click.testing import CliRunner

    from isecg_extract.cli import main

    runner = CliRunner()
    bad_year = runner.invoke(main, ["diff", "--batch", str(tmp_path), "2019", "next"])
    assert bad_year.exit_code == 2
    assert "'next' is not a year; with --batch give two years" in bad_year.output
    no_batch = runner.invoke(main, ["diff", "--batch", str(tmp_path), "2019", "2020"])
    assert no_batch.exit_code == 17
    assert no_batch.output.strip().endswith("no manifest.json; give the folder batch wrote")
