"""Frames (issue 26): joins and chair changes read from their parts, whatever the wording.

Each case is one sentence in a small 2030 report, with the change rows it must give (kind,
subject and object as registry ids, year, planned) or none. The wordings are new here (not those of a bank or a
pattern), so they test the method: lemmas ("joining", "was admitted"), roles from the sentence
("to X", "from X", "succeeding X", "handed ... to"), countries for their agency, the year nearest
the change, modality, and silence on negations, hypotheticals, other bodies and history.
"""

from __future__ import annotations

import pytest

from helpers import REPORT_2030_HEAD, change_rows, event_rows

HEAD = REPORT_2030_HEAD

CASES = [
    # renames of a group: the new name after the verb, or the old one after "until", "previously"
    (
        "The International Architecture Working Group (IAWG, known until November as the ISWG) "
        "is led by NASA.",
        {("renamed", "iswg", "iawg", 2030, False)},
    ),
    (
        "In November the ISWG took the name International Architecture Working Group.",
        {("renamed", "iswg", "iawg", 2030, False)},
    ),
    # joins: inflections, voice, nominalisations, countries, lists with a year each
    (
        "Joining the coordination group this year was the Polish Space Agency.",
        {("joined", "polsa", "", 2030, False)},
    ),
    (
        "The Romanian Space Agency was formally admitted into ISECG in 2029.",
        {("joined", "rosa", "", 2029, False)},
    ),
    (
        "The accession of Portugal Space and the Swiss Space Office took the membership to 30.",
        {("joined", "pt-space", "", 2030, False), ("joined", "sso", "", 2030, False)},
    ),
    (
        "Norway and Mexico signed up to ISECG in 2030.",
        {("joined", "nosa", "", 2030, False), ("joined", "aem", "", 2030, False)},
    ),
    (
        "Earlier members include the Luxembourg Space Agency (2018) and the Polish Space Agency "
        "(2019).",
        set(),  # no join verb: a list of members is no change
    ),
    # leaves and successions: the successor joins, the predecessor leaves
    ("CSIRO withdrew from ISECG in 2030.", {("left", "csiro", "", 2030, False)}),
    ("Roscosmos will leave the space station programme in 2030.", set()),
    # chair changes: roles from "to", "from", "succeeding", the verb's direction, modality
    (
        "JAXA passed the chairmanship of the group on to the Canadian Space Agency in June 2030.",
        {("chair", "csa", "jaxa", 2030, False)},
    ),
    (
        "NASA took up the ISECG chair in 2030, succeeding the German Aerospace Center.",
        {("chair", "nasa", "dlr", 2030, False)},
    ),
    (
        "ESA gave up the chair in April; the Italian Space Agency has chaired ISECG ever since.",
        {("chair", "asi", "esa", 2030, False)},
    ),
    (
        "It was agreed that KASA would take over the chair from NASA in 2031.",
        {("chair", "kasa", "nasa", 2031, True)},
    ),
    (  # a modal in a relative clause about the new chair: the hand-over itself is done
        "On 30 September 2030 the Canadian Space Agency (CSA) handed over the chairmanship of "
        "ISECG to the European Space Agency (ESA), which will lead the group through the "
        "coming year.",
        {("chair", "esa", "csa", 2030, False)},
    ),
    # group changes: voice, nouns, mergers in either direction, modality near the verb
    (
        "The Technology Working Group was set up by the agencies in 2030.",
        {("established", "twg", "", 2030, False)},
    ),
    (
        "The IAWG is to be folded into the ERWG in 2031.",
        {("merged", "iawg", "erwg", 2031, True)},
    ),
    (
        "In 2030 the SCWG absorbed the Emerging Space Agencies Working Group.",
        {("merged", "esawg", "scwg", 2030, False)},
    ),
    (
        "The Science Working Group, set up this year, will report to the agencies in 2031.",
        {("established", "swg", "", 2030, False)},
    ),
    (
        "The IAWG and the TWG now form part of the ERWG.",
        {("merged", "iawg", "erwg", 2030, False), ("merged", "twg", "erwg", 2030, False)},
    ),
    ("The Polish Space Agency was established in 2014.", set()),  # an agency's own founding
    # near misses: silence
    ("The Israel Space Agency may consider joining ISECG in 2031.", set()),
    ("The Polish Space Agency has yet to join ISECG.", set()),
    ("CNES joined the lunar gateway programme in 2030.", set()),
    ("The ESA delegate chaired a panel at the workshop in 2030.", set()),
    ("NASA currently holds the ISECG chair.", set()),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_frames_read_changes_from_their_parts(run_text, sentence, expected):
    report = run_text(HEAD + sentence + "\n")
    assert change_rows(report) == expected


def test_history_sections_state_no_change(run_text):
    report = run_text(
        HEAD
        + "Some words of introduction.\n\nBackground\n\n"
        + "The Luxembourg Space Agency joined ISECG in 2018.\n"
    )
    assert report.tables["changes"] == []


def test_lemmas_come_from_the_installed_lookup_tables():
    from isecg_extract.nlp.frames import tokens

    lemmas = [t.lemma for t in tokens("Agencies joined, chairing and handed over", "en")]
    assert lemmas[:2] == ["agency", "join"]
    assert "chair" in lemmas and "hand" in lemmas


MEETINGS = [
    # (sentence, expected (series, year, month, first word of the location)) or none
    (
        "The Italian Space Agency hosted ISECG delegates in Rome on 3-4 June 2030.",
        {("isecg-meeting", 2030, 6, "Rome")},
    ),
    (
        "A workshop of the Technology Working Group was held in Toulouse in April 2030.",
        {("isecg-workshop", 2030, 4, "Toulouse")},
    ),
    (
        "The spring plenary took place at the Guiana Space Centre.",
        {("isecg-meeting", 2030, None, "Guiana")},
    ),
    (
        "ISECG held three meetings in 2030: one in February, one in June and one in November.",
        {
            ("isecg-meeting", 2030, 2, ""),
            ("isecg-meeting", 2030, 6, ""),
            ("isecg-meeting", 2030, 11, ""),
        },
    ),
    ("Each working group reports to the ISECG plenary.", set()),
    ("The ISECG chair attended the ESA Council meeting in Paris in June 2030.", set()),
    ("JAXA offered to host a future ISECG meeting if a date can be found.", set()),
    (  # a kind of body, not a meeting (a variant report once gave "SRWG single forum")
        "In April 2030, the Space Resources Working Group (SRWG) was merged into the "
        "Commercialisation Working Group (CWG), so that the work is carried out in a single "
        "forum.",
        set(),
    ),
    (
        "ISECG held a workshop in Berlin in March 2030.",
        {("isecg-workshop", 2030, 3, "Berlin")},
    ),
    # Another body's conference: an event of the report only when the sentence ties it to ISECG.
    ("The 81st International Astronautical Congress took place in Antalya in October 2030.", set()),
    ("COPUOS met in Vienna in June 2030.", set()),
    (
        "ISECG delegates presented the roadmap at the International Astronautical Congress "
        "in Antalya in October 2030.",
        {("iac", 2030, 10, "Antalya")},
    ),
    ("The work will be showcased at GLEX 2030.", {("glex", 2030, None, "")}),
    (  # the congress only says when ISECG met
        "ISECG met in Antalya in October 2030, on the eve of the International Astronautical "
        "Congress.",
        {("isecg-meeting", 2030, 10, "Antalya")},
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), MEETINGS, ids=[m[0][:40] for m in MEETINGS])
def test_meetings_from_any_mention_tied_to_isecg(run_text, sentence, expected):
    report = run_text(HEAD + sentence + "\n")
    assert event_rows(report) == expected


def test_a_condition_is_no_plan(run_text):
    report = run_text(
        HEAD + "Should more agencies ask to join in 2031, the group will revise its charter.\n"
    )
    assert report.tables["activities"] == []


def test_a_section_recalling_history_by_its_title_states_no_group_change(run_text):
    report = run_text(
        HEAD
        + "Some words of introduction.\n\nAnnex C: Working Group History\n\n"
        + "The Technology Working Group was set up in 2016.\n"
    )
    assert report.tables["changes"] == []


def test_a_succession_is_a_join_and_a_leave(run_text):
    # Subset: the phrase patterns' rename rows of the same sentence are not this test's concern.
    report = run_text(
        HEAD + "The Norwegian Space Agency replaced the Norwegian Space Centre as ISECG member in "
        "2030.\n"
    )
    got = {(c["kind"], c["subject_id"], c["year"]) for c in report.tables["changes"]}
    assert {("joined", "nosa", 2030), ("left", "nsc-no", 2030)} <= got


PLANS = [
    # (sentence, expected (actor, year, a word of the description)) or none
    (
        "For 2031 the Technology Working Group foresees the update of the technology roadmap.",
        {("TWG", 2031, "update")},
    ),
    (
        "Among the priorities for 2031 is a review of the terms of reference by the SCWG.",
        {("SCWG", 2031, "review")},
    ),
    ("The agencies prepared the roadmap update in 2030.", set()),  # done, not planned
    ("NASA foresees a crewed landing in the coming years.", set()),  # an agency's own plan
]


@pytest.mark.parametrize(("sentence", "expected"), PLANS, ids=[p[0][:40] for p in PLANS])
def test_plans_without_a_future_verb(run_text, sentence, expected):
    report = run_text(HEAD + sentence + "\n")
    rows = report.tables["activities"]
    got = {
        (a["actor"] if len(a["actor"]) <= 5 else a["actor_id"].upper(), a["year"], word)
        for a in rows
        for _, _, word in expected
        if word in a["description"]
    }
    assert got == expected
    if not expected:
        assert rows == []


def test_a_history_section_line_dated_the_documents_own_year_is_its_news(run_text):
    report = run_text(
        HEAD + "\nOur history\n\nIn 2014 the UAE Space Agency joined ISECG. In 2030 the Hellenic "
        "Space Centre (HSC) joined ISECG. In 2031 the Korea AeroSpace Administration will "
        "join ISECG.\n"
    )
    got = {(c["kind"], c["subject_id"], c["year"]) for c in report.tables["changes"]}
    assert got == {("joined", "hsc", 2030)}


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (  # what they joined is named by the section title
            "The Brazilian Space Agency (AEB) joined in 2029; the Mexican Space Agency (AEM) and "
            "the New Zealand Space Agency (NZSA) joined in 2030.",
            {("aeb", 2029), ("aem", 2030), ("nzsa", 2030)},
        ),
        (  # a date after the first of a list does not end the list
            "Three agencies joined the group during the year: the Swiss Space Office (SSO) in "
            "February, the Norwegian Space Agency (NOSA) and the Vietnam National Space Center "
            "(VNSC).",
            {("sso", 2030), ("nosa", 2030), ("vnsc", 2030)},
        ),
        # Named only around it, a join with an object of its own joined something else.
        ("Poland joined the European Space Agency in 2012.", set()),
    ],
)
def test_joins_named_by_their_section(run_text, paragraph, expected):
    report = run_text(HEAD.replace("Executive Summary", "Growth of the membership") + paragraph)
    got = {(c["subject_id"], c["year"]) for c in report.tables["changes"] if c["kind"] == "joined"}
    assert got == expected


def test_a_count_that_grew_is_the_count_it_grew_to(run_text):
    report = run_text(
        HEAD + "ISECG has grown from twenty-two member agencies at the end of 2028 to "
        "twenty-seven today.\n"
    )
    assert report.tables["documents"][0]["stated_member_count"] == 27
