"""Issue 22 on small hand-made inputs: each document's kind, id and coverage, its year only from
evidence, the chair it states, and which files of a folder batch takes.

The end-to-end test on a blind mixed folder is tests/test_mixed_folder.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from isecg_extract.batch.discover import Selection, discover

ISECG = "International Space Exploration Coordination Group (ISECG)"
MEMBERS = (
    "Agenzia Spaziale Italiana (ASI), Italy\n"
    "Canadian Space Agency (CSA), Canada\n"
    "Centre National d'Etudes Spatiales (CNES), France\n"
    "China National Space Administration (CNSA), China\n"
    "German Aerospace Center (DLR), Germany\n"
    "European Space Agency (ESA), Europe\n"
    "Indian Space Research Organisation (ISRO), India\n"
    "Japan Aerospace Exploration Agency (JAXA), Japan\n"
    "Korea Aerospace Research Institute (KARI), Republic of Korea\n"
    "National Aeronautics and Space Administration (NASA), United States\n"
)


def doc_of(run_text, text: str) -> dict:
    return run_text(text).tables["documents"][0]


# --- kind and id --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,kind,id_pattern",
    [
        (
            f"ISECG Annual Report 2012\n\nIntroduction\n\nThe {ISECG} met twice in 2012.\n",
            "annual report",
            r"isecg-ar-2012",
        ),
        (
            "ISECG News\n\nAgencies meet in Rome\n\nPosted 17 June 2016\n\n"
            f"The {ISECG} met in Rome this week.\n",
            "news post",
            r"isecg-news-2016-[0-9a-f]{8}",
        ),
        (
            "MONTREAL, Sept. 30, 2014 /CNW/ - The Canadian Space Agency today handed over the "
            f"chairmanship of the {ISECG} to the European Space Agency (ESA).\n",
            "press release",
            r"isecg-press-2014-[0-9a-f]{8}",
        ),
        (
            "[Excerpt: pages 3 to 5 of the report]\n\nISECG Annual Report 2024\n\n"
            f"Executive Summary\n\nThe {ISECG} delivered two products.\n",
            "report excerpt",
            r"isecg-excerpt-2024-[0-9a-f]{8}",
        ),
        # Kinds a second blind folder showed missing (their cues are in settings.toml):
        (  # the title alone on the cover, its lines taken by the title
            "INTERNATIONAL SPACE EXPLORATION COORDINATION GROUP\n\n"
            "              ISECG Annual Report 2008\n\n"
            "     Released by the ISECG Secretariat, March 2009\n\n"
            f"Part 1: Background\n\nThe {ISECG} met in Montreal.\n",
            "annual report",
            r"isecg-ar-2008",
        ),
        (  # a post dated on a line of its own at its top
            "# UAE Space Agency becomes fifteenth ISECG member\n\n**12.11.2015**\n\n"
            f"The UAE Space Agency has joined the {ISECG}.\n",
            "news post",
            r"isecg-news-2015-[0-9a-f]{8}",  # a date in figures, day first
        ),
        (
            "September 10, 2020\n\n## ISECG agencies meet online\n\n"
            f"Delegates of the {ISECG} met in a virtual session.\n",
            "news post",
            r"isecg-news-2020-[0-9a-f]{8}",
        ),
        (  # a dateline with a region, on the second line, and a wire tag
            "Hellenic Space Center Joins International Space Exploration Coordination Group\n\n"
            "ATHENS, Greece, June 16, 2025 /PRNewswire/ -- The Hellenic Space Center (HSC) "
            f"today announced that it has become a member of the {ISECG}.\n",
            "press release",
            r"isecg-press-2025-[0-9a-f]{8}",  # a dateline with a region, below a headline
        ),
        (  # a dateline with a region and a date in figures
            "Canberra joins global exploration group\n\n"
            "CANBERRA, ACT, 12.03.2019 - The Australian Space Agency has become a member of the "
            f"{ISECG}, the agency said today.\n",
            "press release",
            r"isecg-press-2019-[0-9a-f]{8}",
        ),
        (  # a supplement names itself in its first lines and never takes the report's id
            "ISECG Annual Report 2025\nSupplement: Working Group Activities\n\n"
            f"This supplement describes the working groups of the {ISECG} in 2025.\n",
            "report supplement",
            r"isecg-supplement-2025-[0-9a-f]{8}",
        ),
        (
            "Addendum to the ISECG Annual Report 2019\n\nAnnex: member agencies\n\n"
            f"The {ISECG} counted 24 member agencies at the end of 2019.\n",
            "report supplement",
            r"isecg-supplement-2019-[0-9a-f]{8}",
        ),
        (  # a parenthesised tag under the title
            "ISECG ANNUAL REPORT 2019\n(extract - sections 1 to 3; Annex A omitted)\n\n"
            f"1 EXECUTIVE SUMMARY\n\nThe {ISECG} grew in 2019.\n",
            "report excerpt",
            r"isecg-excerpt-2019-[0-9a-f]{8}",
        ),
        (  # a bracketed tag under the cover
            "ISECG\n\nANNUAL REPORT 2013\n\nReleased March 2014\n\n"
            "[Extract prepared for internal circulation: Parts 1 and 2 only]\n\n"
            f"Part 1: Background\n\nThe {ISECG} met twice in 2013.\n",
            "report excerpt",
            r"isecg-excerpt-2013-[0-9a-f]{8}",
        ),
        (
            "# ISECG welcomes the Hellenic Space Centre\n\n_Posted: 23.06.2025 | ISECG web "
            f"news_\n\nThe {ISECG} is pleased to welcome the Hellenic Space Centre (HSC).\n",
            "news post",
            r"isecg-news-2025-[0-9a-f]{8}",
        ),
        (  # an annex published on its own
            "ISECG ANNUAL REPORT 2021\nANNEX A: MEMBER AGENCIES\n(published as a separate "
            f"document)\n\nThe {ISECG} had 27 members at the end of 2021.\n",
            "report supplement",
            r"isecg-supplement-2021-[0-9a-f]{8}",
        ),
        (  # a contents line naming an annex published on its own is no such tag
            "ISECG Annual Report 2021\n\nPublished April 2022\nContents  Executive Summary 3  "
            "Annex A: Member Agencies (published separately)  Annex B: Publications 6\n\n"
            f"Executive Summary\n\nThe {ISECG} met twice in 2021.\n",
            "annual report",
            r"isecg-ar-2021",
        ),
        (
            f"# About ISECG\n\nThe {ISECG} is a voluntary forum.\n\nLast updated: 2025\n",
            "web page",
            r"isecg-web-2025-[0-9a-f]{8}",
        ),
        (  # "supplement" further down a report's text is no cue
            "ISECG Annual Report 2016\n\nIntroduction\n\n"
            f"The {ISECG} met twice in 2016. A supplement to the Global Exploration Roadmap "
            "was published in 2016.\n",
            "annual report",
            r"isecg-ar-2016",
        ),
        (
            "ISECG Annual Report 2024 — extract (sections 1-3)\n\n1 A YEAR OF NEW EDITIONS\n\n"
            f"The {ISECG} completed two products in 2024.\n",
            "report excerpt",
            r"isecg-excerpt-2024-[0-9a-f]{8}",
        ),
        (
            "ISECG | About\n\nHome > About ISECG\n\nAbout ISECG\n\n"
            f"The {ISECG} is a voluntary forum.\n\nLast updated: 2022\n",
            "web page",
            r"isecg-web-2022-[0-9a-f]{8}",
        ),
    ],
)
def test_each_document_has_a_kind_and_an_id_of_its_own(run_text, text, kind, id_pattern):
    doc = doc_of(run_text, text)
    assert doc["kind"] == kind
    assert re.fullmatch(id_pattern, doc["doc_id"]), doc["doc_id"]


def test_the_id_is_stable_and_two_posts_of_a_year_never_share_one(run_text):
    post = "ISECG News\n\nPosted 3 May 2019\n\nThe {} met in {}.\n"
    a = doc_of(run_text, post.format(ISECG, "Paris"))["doc_id"]
    b = doc_of(run_text, post.format(ISECG, "Tokyo"))["doc_id"]
    assert a != b and a.startswith("isecg-news-2019-") and b.startswith("isecg-news-2019-")
    assert doc_of(run_text, post.format(ISECG, "Paris"))["doc_id"] == a


# --- report year only from evidence --------------------------------------------------------------


@pytest.mark.parametrize(
    "text,year",
    [
        # A history paragraph's years are no evidence: unknown, not 2007.
        (
            f"About ISECG\n\nThe {ISECG} was established in November 2007. In 2007 fourteen "
            "agencies released the Global Exploration Strategy, and in 2011 the roadmap.\n",
            None,
        ),
        # A report's title inside a sentence names another document: the post's date decides.
        (
            "ISECG News\n\nPosted 27 March 2009\n\nThe participating agencies approved the ISECG "
            f"Annual Report 2008, the first annual report of the {ISECG}.\n",
            2009,
        ),
        # A date that ends a wrapped sentence is no cover date.
        (
            "Introduction\n\nNASA assumed the chair, as agreed by the members of ISECG\n"
            "at the Noordwijk meeting in December 2009.\n\nMore text about the group.\n",
            None,
        ),
        # A web page's footer.
        (f"ISECG | Members\n\nThe {ISECG} has 27 members.\n\nLast updated: 2022\n", 2022),
        # The period it covers, stated on the cover (not "December 2012" as a release date).
        (
            "INTERNATIONAL SPACE EXPLORATION COORDINATION GROUP\n\nAnnual Report\n\n"
            "Covering the period January - December 2012\nReleased March 2013\n\n"
            "[Excerpt: Parts 1 to 3 only]\n\nPart 1: Background\n\n"
            f"The {ISECG} brings together fourteen agencies.\n",
            2012,
        ),
        # A date alone at the top dates a release, not a date a sentence names further down.
        (
            "ISECG PRESS RELEASE\n\n20.08.2013\n\nAgencies release the second roadmap\n\n"
            f"The 14 member agencies of the {ISECG} today released the roadmap. The first\n"
            "edition of the roadmap was published in September 2011. The new edition\n"
            "introduces a reference mission scenario.\n",
            2013,
        ),
    ],
)
def test_report_year_only_from_evidence(run_text, text, year):
    doc = doc_of(run_text, text)
    assert doc["report_year"] == year
    if year is None:
        assert doc["doc_id"].startswith("doc-")


def test_a_title_that_heads_every_page_gives_the_year(run_text):
    page = "ISECG Annual Report 2010\n\n{}\n\nThe {} met in {}.\n\n-{}-\n"
    text = "\f".join(page.format(f"Part {i}", ISECG, f"city {i}", i) for i in range(1, 5))
    doc = doc_of(run_text, text)
    assert (doc["report_year"], doc["title"]) == (2010, "ISECG Annual Report 2010")


# --- coverage -------------------------------------------------------------------------------------


def test_a_member_list_under_a_members_heading_is_the_whole_membership(run_text):
    text = (
        "ISECG Annual Report 2010\n\nMembership\n\nISECG had ten member agencies in 2010.\n\n"
        f"Annex A: ISECG Member Agencies\n\n{MEMBERS}"
    )
    doc = doc_of(run_text, text)
    assert (doc["members_coverage"], doc["listed_member_count"]) == ("full", 10)


def test_a_news_post_naming_a_few_agencies_is_no_list(run_text):
    text = (
        "ISECG News\n\nPosted 2 December 2020\n\nThe "
        f"{ISECG} welcomed the Brazilian Space Agency (AEB) and GISTDA of Thailand, hosted by "
        "the Japan Aerospace Exploration Agency (JAXA).\n"
    )
    doc = doc_of(run_text, text)
    assert doc["members_coverage"] in ("partial", "joins")
    assert doc["listed_member_count"] is None or doc["members_coverage"] != "full"


def test_a_list_shorter_than_the_stated_count_is_partial(run_text):
    text = (
        f"ISECG Annual Report 2013\n\nMembership\n\nThe {ISECG} has twelve member agencies.\n\n"
        f"Annex A: ISECG Member Agencies\n\n{MEMBERS}"
    )
    assert doc_of(run_text, text)["members_coverage"] == "partial"


# --- the chair -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence,chair,coverage,rows",
    [
        (
            "The Japan Aerospace Exploration Agency (JAXA) chaired ISECG in 2008.",
            "jaxa",
            "stated",
            0,
        ),
        (
            "JAXA chaired ISECG until 20 May 2009, when it handed over the chair to the European "
            "Space Agency (ESA).",
            "esa",
            "stated",
            1,
        ),
        (
            "The agencies reviewed the International Architecture Working Group and agreed that "
            "NASA will assume the chair of ISECG in 2010.",
            "",
            "planned",
            1,
        ),
        ("The group met three times.", "", "none", 0),
    ],
)
def test_the_chair_a_document_states(run_text, sentence, chair, coverage, rows):
    report = run_text(f"ISECG News\n\nPosted 11 December 2009\n\n{sentence}\n")
    doc = report.tables["documents"][0]
    assert (doc["chair"], doc["chair_coverage"]) == (chair, coverage)
    # Who holds the chair is no change: only hand-overs and plans are rows of `changes`.
    chairs = [c for c in report.tables["changes"] if c["kind"] == "chair"]
    assert len(chairs) == rows
    if coverage == "planned":
        assert chairs[0]["subject_id"] == "nasa" and chairs[0]["planned"]


# --- batch input selection ---------------------------------------------------------------------------


def test_notes_and_texts_without_isecg_found_in_a_folder_are_skipped(tmp_path: Path):
    (tmp_path / "report.txt").write_text(f"The {ISECG} annual report.\n", encoding="utf-8")
    (tmp_path / "2009-report.truth.md").write_text("ISECG 2009 expected output\n")
    (tmp_path / "SCORES.md").write_text("ISECG scores\n")
    (tmp_path / "README").write_text("ISECG notes\n")
    (tmp_path / "bread.txt").write_text("A recipe for bread, 2001.\n")
    (tmp_path / "blank.txt").write_text("")
    selection = Selection(
        note_names=(re.compile(r"\.truth\.", re.I), re.compile(r"^scores?\b", re.I)),
        content_cues=(re.compile(r"\bISECG\b"),),
    )
    found = discover([tmp_path], selection=selection)
    assert [p.name for p in found.files] == ["report.txt"]
    assert sorted((Path(f).name, why) for f, why in found.skipped) == [
        ("2009-report.truth.md", "its name marks a note, not a report text"),
        ("README", "its name marks a note, not a report text"),
        ("SCORES.md", "its name marks a note, not a report text"),
        ("blank.txt", "it does not name ISECG"),
        ("bread.txt", "it does not name ISECG"),
    ]
    everything = discover([tmp_path], selection=Selection(include_all=True))
    assert sorted(p.name for p in everything.files) == [
        "2009-report.truth.md",
        "SCORES.md",
        "blank.txt",
        "bread.txt",
        "report.txt",
    ]
    named = discover([tmp_path / "bread.txt"], selection=selection)
    assert [p.name for p in named.files] == ["bread.txt"]  # named on the command line: taken


def test_the_configured_note_names(cfg):
    """``[batch] note_names`` of settings.toml: a note's name may carry its word anywhere."""
    names = [re.compile(p, re.I) for p in cfg.settings["batch"]["note_names"]]

    def note(name: str) -> bool:
        return any(p.search(name) for p in names)

    assert note("analyst_notes.txt") and note("member_counts_expected.txt")
    assert note("README.md") and note("SCORES.md") and note("2009-report.truth.md")
    assert not note("ISECG_Annual_Report_2021_Annex_Members.txt")
    assert not note("news_hellenic_space_centre.md") and not note("isecg-annual-report-2010.txt")
