"""Frames, meetings and plans (issue 26, round ten): wordings read from bank 11.

Cases written here, in a small 2030 report: a membership "assumed" from the agency that held
it, an agency "stepping back in favour of" its successor, "successor to", a work-plan row whose
task is a noun phrase, a plan dated by its month, an agency that hopes to host a meeting.
"""

from __future__ import annotations

import pytest

from helpers import REPORT_2030_HEAD, change_rows, plans_found

HEAD = REPORT_2030_HEAD

CHANGES = [
    (
        "In 2030 the UK Space Agency assumed the membership previously held by the British "
        "National Space Centre.",
        {("joined", "uksa", "", 2030, False), ("left", "bnsc", "", 2030, False)},
    ),
    (
        "After many years in ISECG, the British National Space Centre is stepping back in favour "
        "of the UK Space Agency.",
        {("joined", "uksa", "", 2030, False), ("left", "bnsc", "", 2030, False)},
    ),
    (
        "The United Kingdom is now represented in the Group by the UK Space Agency, successor to "
        "the British National Space Centre.",
        {("joined", "uksa", "", 2030, False), ("left", "bnsc", "", 2030, False)},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CHANGES, ids=[c[0][:40] for c in CHANGES])
def test_changes_of_round_ten(run_text, text, expected):
    report = run_text(HEAD + text + "\n")
    assert change_rows(report) == expected


def test_a_work_plan_rows_task_may_be_a_noun_phrase(run_text):
    report = run_text(
        HEAD + "Some words of introduction.\n\nWork plan 2031\n\nGroup | Year | Task\n"
        "SWG | 2031 | Science input to the lunar surface scenario\n"
    )
    got = {(a["actor"], a["year"], a["description"]) for a in report.tables["activities"]}
    assert got == {("SWG", 2031, "science input to the lunar surface scenario")}


PLANS = [
    (
        "The Group will hold a workshop on lunar surface interoperability in September.",
        {("ISECG", 2030, "interoperability")},
    ),
    (
        "ISECG will publish its next roadmap supplement this autumn.",
        {("ISECG", 2030, "supplement")},
    ),
    ("Portugal Space said it hopes to host an ISECG meeting in the coming years.", set()),
]


@pytest.mark.parametrize(("text", "expected"), PLANS, ids=[p[0][:40] for p in PLANS])
def test_plans_of_round_ten(run_text, text, expected):
    report = run_text(HEAD + text + "\n")
    assert plans_found(report, expected) == expected
    if not expected:
        assert report.tables["activities"] == []
