"""Frames, meetings and plans (issue 26, round seven): wordings read from bank 8.

As in round three's tests, each case is a sentence (or a table row, a list item) written here,
not copied from a bank, in a small 2030 report, with the rows it must give or none. They test
the method: a table row read as one sentence whose cells are asides, the role a bracket gives
a chair ("CSA (to 30 Sep)"), a meeting's own month before the next place, a plan given as an
order in a planning section.
"""

from __future__ import annotations

import pytest

from helpers import REPORT_2030_HEAD, change_rows, event_rows, plans_found

HEAD = REPORT_2030_HEAD

CHANGES = [
    # a table row's note is an aside on the row's agency or group
    (
        "Member agencies\n\nCountry | Agency | Note\n"
        "Norway | Norwegian Space Agency (NOSA) | joined 2030\n"
        "Poland | Polish Space Agency (POLSA) | new member, 2030\n"
        "Italy | Agenzia Spaziale Italiana (ASI) | founding member\n",
        {("joined", "nosa", "", 2030, False), ("joined", "polsa", "", 2030, False)},
    ),
    (
        "Working groups\n\nGroup | Status\nESAWG | merged into SCWG (2030)\n",
        {("merged", "esawg", "scwg", 2030, False)},
    ),
    # chairs: roles from brackets, "outgoing:", an arrow, an adjective, "the US"
    (
        "Chair | NASA (to 31 May 2030); ESA (from 1 June 2030)",
        {("chair", "esa", "nasa", 2030, False)},
    ),
    ("• Chair 2030: CSA (outgoing: NASA)", {("chair", "csa", "nasa", 2030, False)}),
    ("- Chair: JAXA → ASI (1 June 2030)", {("chair", "asi", "jaxa", 2030, False)}),
    (
        "In June the chair passed from the Japanese to the European agency.",
        {("chair", "esa", "jaxa", 2030, False)},
    ),
    (
        "After a year under European chairmanship, ISECG is now chaired by NASA.",
        {("chair", "nasa", "esa", 2030, False)},
    ),
    ("The chair will rotate to the US in the new year.", {("chair", "nasa", "", 2031, True)}),
    (
        "ESA takes the lead for the coming year, succeeding JAXA from 1 June.",
        {("chair", "esa", "jaxa", 2030, False)},
    ),
    (
        "The Italian Space Agency will take the lead for the coming year.",
        {("chair", "asi", "", 2031, True)},
    ),
    (
        "ROME, 2 March 2030 — ASI announced today that it has accepted the chairmanship of ISECG.",
        {("chair", "asi", "", 2030, False)},
    ),
    # no change: the chair as a capacity; another body's chair; "since" without a year
    ("As chair, NASA will present the roadmap to COPUOS in 2031.", set()),
    ("CNES assumed the chair of the Committee on Earth Observation Satellites in 2030.", set()),
    ("Membership stands at 30 agencies, unchanged since the Swiss Space Office joined.", set()),
    ("Neither the ESAWG nor the CWG has been merged with another group.", set()),
    # "for the first time" in the verb's own clause only
    (
        "The Norwegian Space Agency and the Swiss Space Office attended as members for the first "
        "time in May 2030.",
        {("joined", "nosa", "", 2030, False), ("joined", "sso", "", 2030, False)},
    ),
    (
        "The Polish Space Agency continued to take part in the plenary meetings, and the Swiss "
        "Space Office joined the work of the TWG for the first time.",
        set(),
    ),
]


@pytest.mark.parametrize(("text", "expected"), CHANGES, ids=[c[0][:40] for c in CHANGES])
def test_changes_of_round_seven(run_text, text, expected):
    report = run_text(HEAD + text + "\n")
    assert change_rows(report) == expected


def test_a_member_tables_note_cells_are_no_agencies(run_text):
    """ "joined 2030" and "2030" beside a member's name: neither an agency of its own nor the
    tail of the agency's name."""
    report = run_text(
        HEAD + "Member agencies\n\nCountry | Agency | Joined\n"
        "Norway | Norwegian Space Agency | 2030\n"
        "Poland | Polish Space Agency (POLSA) | joined 2030\n"
        "France | Centre National d'Études Spatiales | Founding member\n"
        "Canada | Agence spatiale canadienne | 2007\n"
    )
    names = {a["name"] for a in report.tables["agencies"]}
    assert "Norwegian Space Agency" in names
    assert "Agence spatiale canadienne" in names  # sentence case is still a name
    assert not any(any(ch.isdigit() for ch in n) or "member" in n for n in names)


def test_a_change_by_country_shows_the_registrys_acronym(run_text):
    report = run_text(HEAD + "In June the chair passed from the Japanese to the European agency.\n")
    [row] = report.tables["changes"]
    assert (row["subject"], row["object"]) == ("ESA", "JAXA")


MEETINGS = [
    (
        "ISECG meeting | 7–8 June 2030 | Lisbon | host: PTS",
        {("isecg-meeting", 2030, 6, "Lisbon")},
    ),
    (
        "ISECG met in Oslo in April and in Bern in October 2030.",
        {("isecg-meeting", 2030, 4, "Oslo"), ("isecg-meeting", 2030, 10, "Bern")},
    ),
    (
        "The Group convened twice in 2030: in Lisbon (May) and in Rome (November).",
        {("isecg-meeting", 2030, 5, "Lisbon"), ("isecg-meeting", 2030, 11, "Rome")},
    ),
    ("The ERWG met regularly by teleconference throughout the year.", set()),
    ("ESA's Council at ministerial level met in Seville in November 2030.", set()),
    ("The side event foreseen at IAC 2030 did not take place.", set()),
    ("A JAXA representative chaired the plenary panel on lunar exploration at IAC 2030.", set()),
]


@pytest.mark.parametrize(("text", "expected"), MEETINGS, ids=[m[0][:40] for m in MEETINGS])
def test_meetings_of_round_seven(run_text, text, expected):
    report = run_text(HEAD + text + "\n")
    assert event_rows(report) == expected


PLANS = [
    # (text, expected (actor, year, a word of the description)) or none
    (
        "Before the end of the year, the SCWG will publish a guide for new agencies.",
        {("SCWG", 2030, "guide")},
    ),
    ("ISECG plans to publish the scenario update later this year.", {("ISECG", 2030, "scenario")}),
    (
        "Over the remaining months of 2030, ISECG will support preparations for the forum to be "
        "held in Rome in January 2031.",
        {("ISECG", 2030, "preparations")},
    ),
    ("The TWG hopes to publish a gap assessment in 2031.", {("TWG", 2031, "gap")}),
    ("ISECG aims, in 2031, to bring the new agencies into its groups.", {("ISECG", 2031, "bring")}),
    ("SCWG's goal for 2031 is a short brochure on benefits.", {("SCWG", 2031, "brochure")}),
    (
        "For 2031 the Group has set itself two goals: to review its charter and to widen its "
        "outreach.",
        {("ISECG", 2031, "charter"), ("ISECG", 2031, "outreach")},
    ),
    ("• Action: ERWG to circulate the draft outline by 30 June 2031.", {("ERWG", 2031, "outline")}),
    ("• ACTION (TWG): deliver the gap assessment (Q1 2031).", {("TWG", 2031, "gap")}),
    (
        "As chair, NASA will work with ISECG partners in 2031 to align lunar plans.",
        {("ISECG", 2031, "align")},
    ),
    ("ISECG hopes to welcome new members from Africa in the coming years.", set()),
    ("The TWG meeting was called off and will be rescheduled once travel allows.", set()),
]


@pytest.mark.parametrize(("text", "expected"), PLANS, ids=[p[0][:40] for p in PLANS])
def test_plans_of_round_seven(run_text, text, expected):
    report = run_text(HEAD + text + "\n")
    assert plans_found(report, expected) == expected
    if not expected:
        assert report.tables["activities"] == []


def test_orders_in_a_planning_section_are_plans(run_text):
    """ "– finalise the white paper (SWG, 2031)" under "Outlook", and a work-plan table's row
    "2031 | ERWG | Prepare ...": the order is the plan, the bracket or the cell its actor."""
    report = run_text(
        HEAD
        + "Some words of introduction.\n\nOutlook\n\n"
        + "– finalise the science white paper (SWG, 2031)\n"
        + "– complete the new roadmap edition during 2031 (ERWG)\n\n"
        + "Work plan 2031\n\nYear | Group | Task\n"
        + "2031 | TWG | Prepare a lunar power technology survey\n"
    )
    got = {(a["actor"], a["year"], a["description"]) for a in report.tables["activities"]}
    assert got == {
        ("SWG", 2031, "finalise the science white paper"),
        ("ERWG", 2031, "complete the new roadmap edition during 2031"),
        ("TWG", 2031, "prepare a lunar power technology survey"),
    }
