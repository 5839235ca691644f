"""Frames, meetings and plans (issue 26, round nine): wordings read from bank 10.

Cases written here, in a small 2030 report: a list led by "Members since", a succession told
by a span of years or by a seat handed on, an aside's year that is not the change's, a group
"convened", a working group's meeting "as guests of" an agency.
"""

from __future__ import annotations

import pytest

from helpers import REPORT_2030_HEAD, change_rows, event_rows, plans_found

HEAD = REPORT_2030_HEAD

CHANGES = [
    (
        "Members since 2030: Polish Space Agency; Swiss Space Office",
        {("joined", "polsa", "", 2030, False), ("joined", "sso", "", 2030, False)},
    ),
    ("Mar 2030 · Polish Space Agency accedes to ISECG", {("joined", "polsa", "", 2030, False)}),
    (
        "Agreed: Swiss Space Office admitted as a member with immediate effect.",
        {("joined", "sso", "", 2030, False)},
    ),
    ("CNES welcomed the heads of ISECG delegations to its headquarters in Paris.", set()),
    (
        "Two agencies sat at the table as full members for the first time this year: Poland's "
        "POLSA and Norway's NOSA.",
        {("joined", "polsa", "", 2030, False), ("joined", "nosa", "", 2030, False)},
    ),
    (
        "Membership was extended in 2030 to the Swiss Space Office.",
        {("joined", "sso", "", 2030, False)},
    ),
    (
        "Jun 2030 – the BNSC hands the United Kingdom's ISECG seat to the UK Space Agency",
        {("joined", "uksa", "", 2030, False), ("left", "bnsc", "", 2030, False)},
    ),
    (
        "British National Space Centre (BNSC) — member 2007–2030, succeeded by the UK Space Agency",
        {("joined", "uksa", "", 2030, False), ("left", "bnsc", "", 2030, False)},
    ),
    (
        "BNSC, a member since the group was founded in 2007, handed its place this year to the UK "
        "Space Agency.",
        {("joined", "uksa", "", 2030, False), ("left", "bnsc", "", 2030, False)},
    ),
    ("On the last day of September it passed the role to ESA.", set()),
    ("Chair 2029–2031: NASA, following ESA", {("chair", "nasa", "esa", 2029, False)}),
    (
        "Action: ESA to assume the chair on 30 September; CSA to transfer the records to the "
        "incoming chair.",
        {("chair", "esa", "csa", 2030, True)},
    ),
    (
        "The constitution of the TWG, co-chaired by DLR and NASA, gives technology a home.",
        {("established", "twg", "", 2030, False)},
    ),
    (
        "For that purpose a dedicated Benefits Tiger Team was convened in March.",
        {("established", "btt", "", 2030, False)},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CHANGES, ids=[c[0][:40] for c in CHANGES])
def test_changes_of_round_nine(run_text, text, expected):
    report = run_text(HEAD + text + "\n")
    assert change_rows(report) == expected


MEETINGS = [
    (
        "The ERWG met in Lisbon in April as guests of PTS to finalise the roadmap.",
        {("isecg-meeting", 2030, 4, "Lisbon")},
    ),
    ("Joint ERWG/IAWG session — Rome, March 2030", {("isecg-meeting", 2030, 3, "Rome")}),
    ("For that purpose a dedicated Benefits Tiger Team was convened in March.", set()),
]


@pytest.mark.parametrize(("text", "expected"), MEETINGS, ids=[m[0][:40] for m in MEETINGS])
def test_meetings_of_round_nine(run_text, text, expected):
    report = run_text(HEAD + text + "\n")
    assert event_rows(report) == expected


def test_a_named_body_working_towards_an_edition_plans_it(run_text):
    expected = {("ERWG", 2032, "edition")}
    report = run_text(
        HEAD + "The ERWG is working towards a fourth edition of the GER, targeted for early 2032.\n"
    )
    assert plans_found(report, expected) == expected
