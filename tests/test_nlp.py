"""The NLP stage on small hand-made reports: activities, changes, events, publications."""

from __future__ import annotations

HEAD = """2030 Annual Report

March 2031

International Space Exploration Coordination Group

"""


def acts(report):
    return [(a["actor"], a["year"], a["description"]) for a in report.tables["activities"]]


def test_will_statements_split_into_activities_with_actor_from_sentence_and_back_reference(
    run_text,
):
    report = run_text(
        HEAD
        + """Outlook for 2031

Technology Working Group (TWG)

In 2031, the TWG will publish the Gap Report and contribute to shared technical discussions with the IMEWG. The group will also refine, validate and integrate agency priorities. This resource is useful, that will be reflected in the next roadmap.
"""
    )
    got = acts(report)
    assert ("TWG", 2031, "publish the Gap Report") in got
    assert ("TWG", 2031, "contribute to shared technical discussions with the IMEWG") in got
    assert ("TWG", 2031, "refine, validate and integrate agency priorities") in got
    assert len(got) == 3, got  # the relative clause "that will be reflected" is not a plan
    row = next(a for a in report.tables["activities"] if "IMEWG" in a["description"])
    assert row["partners"] == "imewg" and row["actor_source"] == "sentence"


def test_include_lists_count_only_in_planning_sections(run_text):
    report = run_text(
        HEAD
        + """Outlook for 2031

Strategic Communications Working Group (SCWG)

The SCWG will continue to coordinate communications. Planned activities include development of web content, production of new materials, and dissemination support for flagship products.

Annex: Groups

Strategic Communications Working Group (SCWG)

Major activities of the SCWG include the development of webnews and the preparation of the annual report.
"""
    )
    got = acts(report)
    assert ("SCWG", 2031, "development of web content") in got
    assert ("SCWG", 2031, "dissemination support for flagship products") in got
    assert not any("webnews" in d for _, _, d in got)


def test_focus_and_priority_statements_take_the_section_actor(run_text):
    report = run_text(
        HEAD
        + """Outlook for 2031

ISECG Priorities

A key focus will be enhancing collaboration across working groups — in particular with the ERWG and the SWG — to ensure alignment. Deepening engagement with emerging agencies is also a priority. Efforts will focus on identifying pathways, addressing barriers to involvement, and highlighting opportunities.
"""
    )
    got = acts(report)
    assert (
        "ISECG",
        2031,
        "enhancing collaboration across working groups to ensure alignment",
    ) in got
    assert ("ISECG", 2031, "Deepening engagement with emerging agencies") in got
    assert ("ISECG", 2031, "addressing barriers to involvement") in got
    row = next(a for a in report.tables["activities"] if a["description"].startswith("enhancing"))
    assert row["partners"] == "erwg;swg"


def test_changes_take_the_report_year_and_merge_several_subjects(run_text):
    # An undated statement in a report recounts the report's own year; an outside body's
    # change (the Science Advisory Group is external in the registry) is not ISECG's.
    report = run_text(
        HEAD
        + """Executive Summary

This year ISECG welcomed the Hellenic Space Agency as a new member. At the end of 2030, the National Aeronautics and Space Administration (NASA) assumed the chair position of the group. In 2030, ISECG consolidated its Emerging Space Agencies Working Group and Benefits Tiger Team under the Strategic Communications Working Group. The SWG has established a Science Advisory Group. The Lunar Surface Working Group (LSWG) was established by the agencies.
"""
    )
    got = {(c["kind"], c["subject"], c["object"], c["year"]) for c in report.tables["changes"]}
    assert got == {
        ("joined", "Hellenic Space Agency", "", 2030),
        ("established", "LSWG", "", 2030),
        ("chair", "NASA", "", 2030),
        (
            "merged",
            "Emerging Space Agencies Working Group",
            "Strategic Communications Working Group",
            2030,
        ),
        ("merged", "Benefits Tiger Team", "Strategic Communications Working Group", 2030),
    }


def test_events_get_year_month_and_location_from_the_sentence(run_text):
    report = run_text(
        HEAD
        + """Highlights

Delegates presented at the Global Conference on Space Exploration (GLEX) in New Delhi in May 2030. A session was held at GLEX 2030, held in India in May 2030. The CWG will present at IAC 2031 and at the Lunar Horizons Summit 2031.
"""
    )
    events = {e["event_id"]: e for e in report.tables["events"]}
    assert events["glex-2030"]["location"] == "New Delhi, India"
    assert events["glex-2030"]["month"] == 5
    assert "iac-2031" in events
    assert events["lunar-horizons-summit-2031"]["name"] == "Lunar Horizons Summit"


def test_publications_from_lists_registry_editions_and_quotes(run_text):
    report = run_text(
        HEAD
        + """Highlights

The GER 2030 was published in June 2030. The GER is the flagship. ISECG released the third edition of *Benefits stemming from space exploration* in July 2030. In May 2007, agencies released “The Global Exploration Strategy: The Framework for Coordination”.

ISECG Publications 2030

- [ISECG Annual Report 2029](#)
- [IAC-30-A3.1.2 – Lunar Benefits Paper](#)
"""
    )
    pubs = {p["title"]: p for p in report.tables["publications"]}
    assert pubs["GER 2030"]["year"] == 2030 or pubs.get("Global Exploration Roadmap 2030")
    assert pubs["Benefits stemming from space exploration – Third Edition"]["year"] == 2030
    assert pubs["The Global Exploration Strategy: The Framework for Coordination"]["year"] == 2007
    assert pubs["IAC-30-A3.1.2 – Lunar Benefits Paper"]["identifier"] == "IAC-30-A3.1.2"
    assert pubs["ISECG Annual Report 2029"]["year"] == 2030
    assert len([p for p in pubs.values() if p["pub_id"].startswith("ger")]) == 1


def test_past_tense_and_subjectless_statements_are_not_plans(run_text):
    report = run_text(
        HEAD
        + """Outlook for 2031

Science Working Group (SWG)

In November 2030, the SWG delivered an initial draft of the plan to the SAMs for consideration. The portfolio update continued during the year and will be completed in 2031. The SWG will refine the plan.
"""
    )
    assert acts(report) == [("SWG", 2031, "refine the plan")]


def test_a_renamed_group_keeps_its_old_name_as_renamed(run_text):
    report = run_text(
        HEAD
        + """Executive Summary

In 2030, the Commercialisation Working Group was renamed the Commercial Space Working Group (CSWG). The CSWG will develop a catalogue of partnership mechanisms.
"""
    )
    groups = {g["wg_id"]: (g["status"], g["merged_into"]) for g in report.tables["working_groups"]}
    assert groups["cwg"] == ("renamed", "CSWG")
    assert groups["cswg"][0] in {"active", "external"}
    assert acts(report) == [("CSWG", 2031, "develop a catalogue of partnership mechanisms")]
