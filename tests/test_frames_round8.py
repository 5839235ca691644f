"""Frames, meetings and plans (issue 26, round eight): wordings read from bank 9.

As in the earlier rounds' tests, each case is written here (not copied from a bank) in a
small 2030 report: a section that recalls history, a join told only by "member since", a
rename "from" its old name, a list of a group's orders after a colon, another body's meeting
told by "its".
"""

from __future__ import annotations

import pytest

from helpers import REPORT_2030_HEAD, change_rows, event_rows, plans_found

HEAD = REPORT_2030_HEAD
INTRO = "Some words of introduction.\n\n"

CHANGES = [
    # joins in more forms
    (
        "Three agencies came aboard in 2030 — the Polish Space Agency, the Swiss Space Office "
        "and the Norwegian Space Agency.",
        {("joined", a, "", 2030, False) for a in ("polsa", "sso", "nosa")},
    ),
    (
        "The year brought a new seat to the table: the Swiss Space Office, whose admission to "
        "ISECG was agreed in June.",
        {("joined", "sso", "", 2030, False)},
    ),
    (
        "The Swiss Space Office has been a member of ISECG since 2030.",
        {("joined", "sso", "", 2030, False)},
    ),
    (
        "Norwegian Space Agency (NOSA) — ISECG member since 2030",
        {("joined", "nosa", "", 2030, False)},
    ),
    (
        "The adhesion of the Polish Space Agency to the Group was realised in 2030.",
        {("joined", "polsa", "", 2030, False)},
    ),
    # joins that are none: guests, hopes, another body
    ("Experts of the Swiss Space Office joined an IAWG teleconference as guests in 2030.", set()),
    ("Polish officials have said the country hopes to join ISECG soon.", set()),
    (
        "ESA's Council approved Europe's continued participation in the International Space "
        "Station in 2030.",
        set(),
    ),
    # group changes
    ("• ISWG becomes IAWG", {("renamed", "iswg", "iawg", 2030, False)}),
    (
        "Agreed: ISWG to be known henceforth as the International Architecture Working Group.",
        {("renamed", "iswg", "iawg", 2030, False)},
    ),
    (
        "IAWG | International Architecture Working Group (renamed from ISWG during 2030) | NASA",
        {("renamed", "iswg", "iawg", 2030, False)},
    ),
    (
        "The creation in 2030 of the Technology Working Group (TWG) and of the Science Working "
        "Group (SWG) gives the Group two new instruments.",
        {("established", "twg", "", 2030, False), ("established", "swg", "", 2030, False)},
    ),
    (
        "Benefits Tiger Team (new in 2030): a small team on the benefits of exploration.",
        {("established", "btt", "", 2030, False)},
    ),
    (
        "2030 – ESAWG set up to support emerging space agencies",
        {("established", "esawg", "", 2030, False)},
    ),
    ("Once established, the ESAWG will draft a guide for new agencies.", set()),
]


@pytest.mark.parametrize(("text", "expected"), CHANGES, ids=[c[0][:40] for c in CHANGES])
def test_changes_of_round_eight(run_text, text, expected):
    report = run_text(HEAD + text + "\n")
    assert change_rows(report) == expected


@pytest.mark.parametrize(
    "title",
    [
        "Part 1: Background",
        "2. ISECG through the years",
        "2. ISECG at ten",
        "2. A 10th anniversary",
    ],
)
def test_a_section_that_recalls_history_states_no_change_of_another_year(run_text, title):
    report = run_text(
        HEAD + INTRO + f"{title}\n\n"
        "In 2009 ESA took over the chairmanship from JAXA, the first of several hand-overs. "
        "The Group met for the first time in Berlin in November 2007.\n"
    )
    assert change_rows(report) == set()
    assert report.tables["events"] == []


def test_a_background_line_with_a_month_and_no_year_is_the_years_news(run_text):
    report = run_text(
        HEAD + INTRO + "Part 1: Background\n\n"
        "After eighteen months at the helm, Japan passed the chair to the European Space Agency "
        "in May.\n"
    )
    assert change_rows(report) == {("chair", "esa", "jaxa", 2030, False)}


MEETINGS = [
    (
        "ISECG meetings: Lisbon (March 2030), Rome (July 2030), Oslo (November 2030).",
        {
            ("isecg-meeting", 2030, 3, "Lisbon"),
            ("isecg-meeting", 2030, 7, "Rome"),
            ("isecg-meeting", 2030, 11, "Oslo"),
        },
    ),
    (
        "CEOS, the Committee on Earth Observation Satellites, held its plenary in Rome in May 2030.",
        set(),
    ),
    ("ILEWG's lunar conference took place in the autumn, apart from ISECG's own meetings.", set()),
    ("The COPUOS Legal Subcommittee set up its own working group in 2030.", set()),
    ("The International Astronautical Congress in Milan featured speeches by agency heads.", set()),
]


@pytest.mark.parametrize(("text", "expected"), MEETINGS, ids=[m[0][:40] for m in MEETINGS])
def test_meetings_of_round_eight(run_text, text, expected):
    report = run_text(HEAD + text + "\n")
    assert event_rows(report) == expected


def test_a_groups_orders_after_a_colon_are_its_plans(run_text):
    report = run_text(
        HEAD + INTRO + "Outlook 2031\n\n"
        "SCWG: produce a video on the lunar scenario; expand social-media outreach.\n\n"
        "• Secretariat: launch a public ISECG website\n"
        "• TWG – 2031 priorities: refresh the technology gap list\n"
    )
    got = {(a["actor"], a["year"], a["description"]) for a in report.tables["activities"]}
    assert got == {
        ("SCWG", 2031, "produce a video on the lunar scenario"),
        ("SCWG", 2031, "expand social-media outreach"),
        ("ISECG", 2031, "launch a public ISECG website"),
        ("TWG", 2031, "refresh the technology gap list"),
    }


PLANS = [
    (
        "Action 30-04 (IAWG): prepare a trade study of cislunar staging options in 2031.",
        {("IAWG", 2031, "trade study")},
    ),
    ("NASA will continue to chair the Group until the end of 2031.", set()),
]


@pytest.mark.parametrize(("text", "expected"), PLANS, ids=[p[0][:40] for p in PLANS])
def test_plans_of_round_eight(run_text, text, expected):
    report = run_text(HEAD + text + "\n")
    assert plans_found(report, expected) == expected
    if not expected:
        assert report.tables["activities"] == []
