"""Frames, meetings and plans (issue 26, rounds three to six): wordings read from banks 1-7.

Each case is one sentence (or two) in a small 2030 report with the rows it must give or none.
The sentences are written here, not copied from a bank: they test the method of each change
(a country's adjective for its agency, a lead and a colon before plans, a meeting listed by
place and month, a join whose object is another organisation), not one phrasing.
"""

from __future__ import annotations

import pytest

from helpers import REPORT_2030_HEAD, change_rows, event_rows, plans_found

HEAD = REPORT_2030_HEAD

CHANGES = [
    # chair changes: a country or its adjective for its one agency; "from 2031"; a panel
    (
        "Italy handed the chair to Germany's DLR in May 2030.",
        {("chair", "dlr", "asi", 2030, False)},
    ),
    (
        "Under Norwegian chairmanship, which started in January, the group revised its charter.",
        {("chair", "nosa", "", 2030, False)},
    ),
    (
        "The Swiss Space Office will chair ISECG from 2031.",
        {("chair", "sso", "", 2031, True)},
    ),
    ("The panel on lunar logistics was chaired by the NASA Associate Administrator.", set()),
    # joins: another organisation as the object; "last year"; "followed by"; approvals; names
    ("The Polish Space Agency joined the International Astronautical Federation in 2030.", set()),
    ("The Romanian Space Agency became a member of the Moon Village Association in 2030.", set()),
    ("The Swiss Space Office submitted an application to join ISECG.", set()),
    (
        "Last year the Swiss Space Office signed on as a member of ISECG.",
        {("joined", "sso", "", 2029, False)},
    ),
    (
        "The Norwegian Space Agency joined ISECG in March 2030, followed in June by the Swiss "
        "Space Office.",
        {("joined", "nosa", "", 2030, False), ("joined", "sso", "", 2030, False)},
    ),
    (
        "Membership applications from the Polish Space Agency and the Romanian Space Agency were "
        "approved by consensus in 2030.",
        {("joined", "polsa", "", 2030, False), ("joined", "rosa", "", 2030, False)},
    ),
    (
        "The Norwegian Space Agency became the 30th member of ISECG in 2030, the first Nordic "
        "space agency to join.",
        {("joined", "nosa", "", 2030, False)},
    ),
    (  # a clause of background still states the join (the 2017 held-out report's gold)
        "Since the Polish Space Agency joined in 2018, ISECG has grown every year.",
        {("joined", "polsa", "", 2018, False)},
    ),
    # groups: intransitive creation, a list after a colon, renames by noun and by "became"
    (
        "The Science Working Group came into being in 2030.",
        {("established", "swg", "", 2030, False)},
    ),
    (
        "Two new groups were stood up in 2030: the Science Working Group and the Technology "
        "Working Group.",
        {("established", "swg", "", 2030, False), ("established", "twg", "", 2030, False)},
    ),
    (
        "Following the renaming of the ISWG as the IAWG in 2030, the group widened its remit.",
        {("renamed", "iswg", "iawg", 2030, False)},
    ),
    # fourth round (from bank 5): words between "was" and its participle, a count and a dash,
    # references back, "the newest participant", a request approved, another body's member
    (
        "The Swiss Space Office was this week admitted to ISECG.",
        {("joined", "sso", "", 2030, False)},
    ),
    (
        "Three agencies were welcomed in 2030 — the Polish Space Agency, the Romanian Space Agency "
        "and the Swiss Space Office — so that 30 agencies now participate.",
        {
            ("joined", "polsa", "", 2030, False),
            ("joined", "rosa", "", 2030, False),
            ("joined", "sso", "", 2030, False),
        },
    ),
    (
        "Norway's space agency attended the March meeting. By the end of the year it had become "
        "a full participant.",
        {("joined", "nosa", "", 2030, False)},
    ),
    ("Romania became the 19th ESA Member State in 2011.", set()),
    (
        "The Polish Space Agency is the newest participant in ISECG.",
        {("joined", "polsa", "", 2030, False)},
    ),
    (
        "On 9 March 2030 the participating agencies approved the Swiss Space Office's request to "
        "join the group.",
        {("joined", "sso", "", 2030, False)},
    ),
    (
        "At the beginning of 2030 ESA passed the gavel to NASA.",
        {("chair", "nasa", "esa", 2030, False)},
    ),
    (
        "Chairmanship: CSA (from January 2030; previously NASA).",
        {("chair", "csa", "nasa", 2030, False)},
    ),
    ("The Swiss Space Office will hold the chair in 2031.", {("chair", "sso", "", 2031, True)}),
    (
        "JAXA presented the roadmap in May 2030. Two months later, the European Space Agency "
        "succeeded it as chair.",
        {("chair", "esa", "jaxa", 2030, False)},
    ),
    (
        "The Science Working Group finished its report in 2029. This year it was absorbed by the "
        "SCWG, together with the TWG.",
        {("merged", "swg", "scwg", 2030, False), ("merged", "twg", "scwg", 2030, False)},
    ),
    ("ISWG → IAWG (renamed 2030)", {("renamed", "iswg", "iawg", 2030, False)}),
    (
        "A new International Objectives Working Group (IOWG) began work this year.",
        {("established", "iowg", "", 2030, False)},
    ),
    # fifth round (from bank 7): negations and conditions silence the phrase patterns too;
    # list lines; "(incoming)"; "membership extended to"
    ("It was not possible to merge the SWG with the TWG, as first proposed.", set()),
    ("Should ESA not be ready to take over the chair in 2031, CSA would remain chair.", set()),
    ("Chair: NASA (incoming), ESA (outgoing) from 2031.", {("chair", "nasa", "esa", 2031, True)}),
    (
        "• POLSA and ROSA admitted as members (virtual meeting, 9 Sep.)",
        {("joined", "polsa", "", 2030, False), ("joined", "rosa", "", 2030, False)},
    ),
    (
        "Membership was extended to the Swiss Space Office during the reporting period.",
        {("joined", "sso", "", 2030, False)},
    ),
    (
        "New in 2030: Polish Space Agency and Romanian Space Agency.",
        {("joined", "polsa", "", 2030, False), ("joined", "rosa", "", 2030, False)},
    ),
    (
        "Commercialisation Working Group (CWG): newly formed in 2030; first telecon held in June.",
        {("established", "cwg", "", 2030, False)},
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), CHANGES, ids=[c[0][:40] for c in CHANGES])
def test_changes_read_from_their_parts(run_text, sentence, expected):
    report = run_text(HEAD + sentence + "\n")
    assert change_rows(report) == expected


MEETINGS = [
    (
        "ISECG met twice in 2030: in Lisbon in April and in Oslo in October.",
        {("isecg-meeting", 2030, 4, "Lisbon"), ("isecg-meeting", 2030, 10, "Oslo")},
    ),
    (
        "The group met in Bern in February 2030, hosted by SSO, and again in Oslo in September.",
        {("isecg-meeting", 2030, 2, "Bern"), ("isecg-meeting", 2030, 9, "Oslo")},
    ),
    ("The plenary scheduled for May in Lisbon was cancelled.", set()),
    ("Had travel been possible, the meeting would have been hosted by ASI in Rome.", set()),
    ("At the June plenary the agencies adopted a new charter.", {("isecg-meeting", 2030, 6, "")}),
    ("The International Lunar Exploration Working Group held its conference in Oslo.", set()),
    ("The International Mars Exploration Working Group met in Oslo in March 2030.", set()),
    (
        "ISECG held its first face-to-face plenary since 2019 in Lisbon in May 2030, in the "
        "margins of the IAC.",
        {("isecg-meeting", 2030, 5, "Lisbon")},
    ),
    ("Senior agency managers met in Oslo on 2 October 2030.", {("isecg-sam", 2030, 10, "Oslo")}),
    ("The ERWG met six times in 2030.", set()),  # how often, not when or where
    (
        "ISECG met online on 4 March 2030. A further session took place on 8 December.",
        {("isecg-meeting", 2030, 3, "virtual"), ("isecg-meeting", 2030, 12, "")},
    ),
    (
        "The next meeting is foreseen for March 2031 in Rome, hosted by ASI.",
        {("isecg-meeting", 2031, 3, "Rome")},
    ),
    (
        "Heads of agency met in Baku on 2 October 2030 at the ISECG Senior Agency Management "
        "meeting.",
        {("isecg-sam", 2030, 10, "Baku")},
    ),
    ("The ISS heads of agency met in Tokyo in November 2030.", set()),
    (
        "CSA hosted the spring 2030 meeting in Montreal.",
        {("isecg-meeting", 2030, None, "Montreal")},
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), MEETINGS, ids=[m[0][:40] for m in MEETINGS])
def test_meetings_listed_named_and_silenced(run_text, sentence, expected):
    report = run_text(HEAD + sentence + "\n")
    assert event_rows(report) == expected


def test_meetings_a_section_about_meetings_lists_after_a_dash(run_text):
    report = run_text(
        HEAD
        + "Some words of introduction.\n\nMeetings\n\n"
        + "Two meetings took place in 2030 — in Paris in February and in Oslo in September.\n"
    )
    got = {(e["year"], e["month"], e["location"]) for e in report.tables["events"]}
    assert got == {(2030, 2, "Paris"), (2030, 9, "Oslo")}


def test_a_meeting_recalled_in_a_history_section_is_not_the_years(run_text):
    report = run_text(
        HEAD
        + "Some words of introduction.\n\nHistory of ISECG\n\n"
        + "The first meeting of ISECG took place in Berlin in November 2007.\n"
    )
    assert report.tables["events"] == []


PLANS = [
    # (sentence, expected (actor, year, a word of the description)) or none
    ("JAXA plans to launch its lunar rover in 2031.", set()),  # the agency's own mission
    (
        "The SWG is to deliver an assessment of lunar science priorities in 2031.",
        {("SWG", 2031, "assessment")},
    ),
    (
        "The fourth edition of the roadmap is scheduled for release by the ERWG in 2032.",
        {("ERWG", 2032, "edition")},
    ),
    (
        "TWG work plan for 2031: a survey of power technologies; a gap analysis.",
        {("TWG", 2031, "survey"), ("TWG", 2031, "gap")},
    ),
    (  # the chair acts for the group (banks 5, 6 and 8; bank 3 labelled it the agency's)
        "CSA, as chair, will organise a workshop with industry in 2031.",
        {("ISECG", 2031, "workshop")},
    ),
    ("ISECG does not intend to publish a new roadmap in 2031.", set()),
    (
        "The Technology Working Group was reorganised in 2030. It will publish an updated list "
        "of technology gaps in 2031.",
        {("Technology Working Group", 2031, "list")},
    ),
    (
        "In early 2031 the group intends to review its terms of reference.",
        {("ISECG", 2031, "review")},
    ),
    (
        "On behalf of ISECG, ESA will coordinate a series of workshops with industry in 2031.",
        {("ISECG", 2031, "workshops")},
    ),
    ("ISECG has no plans to develop missions of its own.", set()),
    (
        "Next year, ISECG wants to make the Roadmap available online.",
        {("ISECG", 2031, "Roadmap")},
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), PLANS, ids=[p[0][:40] for p in PLANS])
def test_plans_in_any_phrasing(run_text, sentence, expected):
    report = run_text(HEAD + sentence + "\n")
    assert plans_found(report, expected) == expected
    if not expected:
        assert report.tables["activities"] == []
