"""The blind sentence bank of issue 26, scored: wording nobody here wrote may not be lost again.

Bank 1 (tests/fixtures/sentence-banks/bank1) was written by someone who never read the code,
and scored before any change was made for it (docs/sentence-banks.md records the baseline at
901f02c). The whole bank scores in about ten seconds, so it runs in the normal suite: each
kind's precision, recall and F1 must stay at least just under the baseline, and no more near
misses may give rows. When a change raises a score, raise ``BASELINE`` with it (and the table in
docs/sentence-banks.md), so the gain is kept too. The rules of the scorer itself (how a label
and a row are matched, how an item is set in its document) are tested below on small cases.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from collections import Counter

import pytest

from helpers import ROOT

BANK1 = ROOT / "tests" / "fixtures" / "sentence-banks" / "bank1" / "bank.jsonl"
BANK1_SHA256 = "93588585fdba4cfa3b31dd7958faa9ac63687137b8e950628c62b397cbc18cb7"

# Bank 1 after issue 26's frames (joins, leaves, chair and group changes, meetings, plans); 901f02c's baseline was all kinds
# P 0.831 R 0.522 F1 0.641 with 14 near misses giving rows (docs/sentence-banks.md).
# (precision, recall, F1, near misses giving rows of the kind). With issue 22's rule that a
# report year comes only from evidence, two items dated only by a "City, 2011." line lost
# their year (b1-0068's meeting, b1-0351's join): -1 joined, -1 event.
BASELINE = {
    "joined": (1.000, 0.901, 0.948, 0),
    "left": (1.000, 0.900, 0.947, 0),
    "chair": (1.000, 0.982, 0.991, 0),
    "group": (0.870, 0.797, 0.832, 0),
    "event": (0.928, 0.837, 0.880, 1),
    "plan": (0.932, 0.896, 0.914, 2),
    "all": (0.950, 0.881, 0.914, 3),
}
SLACK = 0.01  # "just under": one true positive fewer in any kind with up to ~100 labels fails


def _library():
    """tools/sentence_bank.py, imported by its path (tools/ is not a package)."""
    if "sentence_bank" in sys.modules:
        return sys.modules["sentence_bank"]
    spec = importlib.util.spec_from_file_location(
        "sentence_bank", ROOT / "tools" / "sentence_bank.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["sentence_bank"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bank():
    return _library()


@pytest.fixture(scope="module")
def bank1_score(bank):
    return bank.score_items(bank.load_bank(BANK1))


def test_bank1_is_the_writers_own(bank):
    """The labels are the writer's: a changed line would score the bank against our wishes."""
    assert hashlib.sha256(BANK1.read_bytes()).hexdigest() == BANK1_SHA256
    items = bank.load_bank(BANK1)
    assert len(items) == 434
    assert sum(it.near_miss for it in items) == 114
    rows = Counter(bank.label_kind(r) for it in items for r in it.rows)
    assert rows == {"joined": 91, "left": 10, "chair": 56, "group": 59, "event": 92, "plan": 77}


@pytest.mark.slow
def test_bank1_keeps_its_baseline(bank1_score):
    score = bank1_score
    assert not score.problems, "an item was not set where the bank puts it"
    assert not score.unknown_names, "a label names what the registry does not know"
    lost = _below(score.summary(), BASELINE)
    assert not lost, f"below the baseline of docs/sentence-banks.md: {lost}"


def _below(summary, baseline):
    """The kinds whose scores fell more than SLACK under ``baseline``, or leak more."""
    lost = {}
    for kind, (precision, recall, f1, leaks) in baseline.items():
        got = summary[kind]
        if (
            got["precision"] < precision - SLACK
            or got["recall"] < recall - SLACK
            or got["f1"] < f1 - SLACK
            or got["near_miss_leaks"] > leaks
        ):
            lost[kind] = got
    return lost


BANK2 = ROOT / "tests" / "fixtures" / "sentence-banks" / "bank2" / "bank.jsonl"
BANK2_SHA256 = "27151d8023d0f5608fa25dccdc0f4390bf7a59653ccf8ed9906a27d6f753051a"
# Bank 2, the held-out measure of issue 26's frames (scored once they were built; nobody working
# on the code had read it): at 901f02c all kinds P 0.723 R 0.496 F1 0.588, 32 leaks.
BASELINE2 = {
    "joined": (0.901, 0.716, 0.798, 6),
    "left": (1.000, 0.533, 0.696, 0),
    "chair": (0.933, 0.808, 0.866, 0),  # held-out 0.955 / 0.875; see docs/sentence-banks.md
    "group": (0.793, 0.780, 0.786, 3),
    "event": (0.804, 0.892, 0.846, 7),
    "plan": (0.836, 0.718, 0.772, 4),
    "all": (0.852, 0.769, 0.808, 20),
}
BANK2_PROBLEMS = {"b2-0102"}  # its last line reads as a cover line in a document of its own


BANK3 = ROOT / "tests" / "fixtures" / "sentence-banks" / "bank3" / "bank.jsonl"
BANK3_SHA256 = "812b5a1813a508ab8f70492ef0b79a45ba3be67d351e360e9213df781bc0fae5"
# Bank 3, the held-out measure of the second round of issue 26 (outside conferences tied to
# ISECG, joins named by their section, dated lists, successions): at 7d214d8 all kinds P 0.738
# R 0.651 F1 0.692, 22 leaks; after, scored once: all kinds P 0.763 R 0.660 F1 0.708, 15 leaks;
# the scores below since (group renames by frame, conferences that only date a meeting).
BASELINE3 = {
    "joined": (0.831, 0.681, 0.748, 3),
    "left": (0.667, 0.364, 0.471, 0),
    "chair": (0.818, 0.750, 0.783, 1),
    "group": (0.694, 0.625, 0.658, 2),
    "event": (0.740, 0.679, 0.708, 6),
    "plan": (0.865, 0.652, 0.744, 5),
    "all": (0.787, 0.663, 0.720, 15),
}
BANK3_PROBLEMS = {"b3-0045", "b3-0202", "b3-0285"}  # last lines read as cover lines


BANK4 = ROOT / "tests" / "fixtures" / "sentence-banks" / "bank4" / "bank.jsonl"
BANK4_SHA256 = "c8bc36b358579473e628f90f3dcae4f10cae114c1ffbc445dece563c8cbe7177"
# Bank 4, the held-out measure of the whole second round (banks 1-3 and the mixed folders read):
# at 7d214d8 all kinds P 0.796 R 0.724 F1 0.758, 14 leaks; after, scored once: the scores below.
BASELINE4 = {
    "joined": (0.909, 0.794, 0.847, 0),
    "left": (1.000, 0.500, 0.667, 0),
    "chair": (0.880, 0.815, 0.846, 0),
    "group": (0.733, 0.710, 0.721, 0),
    "event": (0.810, 0.783, 0.797, 6),
    "plan": (0.743, 0.605, 0.667, 5),
    "all": (0.826, 0.737, 0.779, 11),
}
BANK4_PROBLEMS = {"b4-0064", "b4-0110", "b4-0134"}  # list lines alone read as headings


HELD_OUT = {
    "bank2": (BANK2, BANK2_SHA256, BASELINE2, BANK2_PROBLEMS),
    "bank3": (BANK3, BANK3_SHA256, BASELINE3, BANK3_PROBLEMS),
    "bank4": (BANK4, BANK4_SHA256, BASELINE4, BANK4_PROBLEMS),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(HELD_OUT))
def test_a_held_out_bank_keeps_its_scores(bank, name):
    """Each bank that served as a held-out measure stays at least at its scores since."""
    path, sha256, baseline, problems = HELD_OUT[name]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    score = bank.score_items(bank.load_bank(path))
    assert {item for item, _ in score.problems} <= problems, score.problems
    lost = _below(score.summary(), baseline)
    assert not lost, f"below {name}'s scores in docs/sentence-banks.md: {lost}"


# ---------------------------------------------------------------------------------------------
# The scorer's rules, on small cases


def _item(bank, **kw):
    base = dict(
        id="t",
        style="report",
        report_year=2015,
        section=None,
        before=None,
        text="The UAE Space Agency joined ISECG in 2015.",
        rows=[],
        near_miss=False,
    )
    base.update(kw)
    return bank.Item(**base)


def test_an_item_is_set_under_its_title_and_heading(bank):
    item = _item(bank, section="Membership", before="The group met twice.")
    doc = bank.item_document(item)
    assert doc.splitlines()[0] == "# ISECG Annual Report 2015"
    assert "## Membership" in doc
    # The sentence before shares the item's paragraph: alone, a short sentence under a heading
    # would be read as the cover.
    assert "The group met twice. The UAE Space Agency joined" in doc
    assert "joined" not in bank.item_document(item, with_item=False)
    assert not bank.item_document(_item(bank, report_year=None)).startswith("#")


def test_a_label_without_a_year_matches_any_year(bank):
    names = bank.Names()
    row = {
        "dataset": "changes",
        "bucket": "joined",
        "kind": "joined",
        "subject": "PT Space",
        "subject_id": "pt-space",
        "object": "",
        "object_id": "",
        "year": 2021,
        "planned": False,
    }
    assert bank.change_matches({"kind": "joined", "subject": "PTS", "year": None}, row, names)
    assert bank.change_matches({"kind": "joined", "subject": "PTS", "year": 2021}, row, names)
    assert not bank.change_matches({"kind": "joined", "subject": "PTS", "year": 2020}, row, names)


def test_a_chair_change_needs_the_outgoing_chair_the_label_names(bank):
    names = bank.Names()
    row = {
        "dataset": "changes",
        "bucket": "chair",
        "kind": "chair",
        "subject": "ESA",
        "subject_id": "esa",
        "object": "",
        "object_id": "",
        "year": 2014,
        "planned": False,
    }
    label = {"kind": "chair", "subject": "ESA", "object": "CSA", "year": 2014}
    assert not bank.change_matches(label, row, names)
    assert bank.change_matches({**label, "object": None}, row, names)


def test_a_conference_is_not_the_isecg_event_beside_it(bank):
    from isecg_extract.config import load_config

    series = bank._series_names(load_config())
    label = {"kind": "event", "name": "ISECG side event", "year": 2017, "month": 9}
    label["location"] = "Adelaide"
    iac = {"dataset": "events", "series_id": "iac", "acronym": "IAC", "year": 2017, "month": 9}
    iac.update(name="International Astronautical Congress", location="Adelaide")
    assert not bank.event_matches(label, iac, series)
    meeting = {**iac, "series_id": "isecg-meeting", "acronym": "", "name": "ISECG Meeting"}
    assert bank.event_matches(label, meeting, series)
    assert not bank.event_matches({**label, "month": 10}, meeting, series)


def test_a_plan_needs_half_the_labels_words(bank):
    names = bank.Names()
    label = {"kind": "plan", "actor": "IAWG", "year": 2012}
    label["description"] = "continue its analysis of Mars mission architectures"
    row = {"dataset": "activities", "actor": "IAWG", "actor_id": "iawg", "year": 2012}
    row["description"] = "continue its analysis of Mars mission architectures during 2012"
    assert bank.plan_matches(label, row, names)
    assert not bank.plan_matches(label, {**row, "description": "continue its work"}, names)
    assert not bank.plan_matches(label, {**row, "actor_id": "erwg", "actor": "ERWG"}, names)


def test_rows_of_the_sentence_before_are_not_the_items(bank):
    """The meeting in the sentence before is given, but it is not the item's row."""
    item = _item(
        bank,
        report_year=2020,
        before="ISECG met virtually on 12-13 March 2020.",
        text="A second virtual meeting followed on 9 September 2020.",
        rows=[
            {"kind": "event", "name": "ISECG virtual meeting", "acronym": None, "year": 2020}
            | {"month": 9, "location": "virtual", "host": None}
        ],
    )
    score = bank.score_items([item])
    (result,) = score.items
    assert result.removed == 1
    assert [row.get("month") for row in result.rows] == [9]
    assert score.kinds["event"].tp == 1 and score.kinds["event"].fp == 0
