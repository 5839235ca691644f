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
# their year (b1-0068's meeting, b1-0351's join): -1 joined, -1 event. After issue 26's third
# to fifth rounds: plan recall 0.896 -> 0.883, as an announced meeting ("ISECG will meet in
# Yokohama in March 2009") is an event, not a plan (banks 4-7's convention, bank 1's differs).
BASELINE = {
    "joined": (1.000, 0.945, 0.972, 0),
    "left": (1.000, 1.000, 1.000, 0),
    "chair": (1.000, 1.000, 1.000, 0),
    "group": (0.877, 0.847, 0.862, 0),
    "event": (0.952, 0.870, 0.909, 0),
    "plan": (0.944, 0.883, 0.913, 0),
    "all": (0.959, 0.909, 0.933, 0),
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
    "joined": (0.989, 0.873, 0.927, 0),
    "left": (1.000, 0.533, 0.696, 0),
    "chair": (1.000, 0.981, 0.990, 0),
    "group": (0.821, 0.932, 0.873, 3),
    "event": (0.886, 0.940, 0.912, 1),
    "plan": (0.957, 0.859, 0.905, 0),
    "all": (0.930, 0.895, 0.912, 4),
}
BANK2_PROBLEMS = {"b2-0102"}  # its last line reads as a cover line in a document of its own


BANK3 = ROOT / "tests" / "fixtures" / "sentence-banks" / "bank3" / "bank.jsonl"
BANK3_SHA256 = "812b5a1813a508ab8f70492ef0b79a45ba3be67d351e360e9213df781bc0fae5"
# Bank 3, the held-out measure of the second round of issue 26 (outside conferences tied to
# ISECG, joins named by their section, dated lists, successions): at 7d214d8 all kinds P 0.738
# R 0.651 F1 0.692, 22 leaks; after, scored once: all kinds P 0.763 R 0.660 F1 0.708, 15 leaks;
# the scores below since (group renames by frame, conferences that only date a meeting). Round
# seven lowered plan precision and recall (0.967/0.841 -> 0.933/0.812): bank 3 gives the plan of
# "CSA, as chair, will ..." to the agency and calls "JAXA will host the next meeting" a plan;
# banks 5, 6 and 8 give the first to ISECG and call the second an event only.
BASELINE3 = {
    "joined": (0.923, 0.833, 0.876, 1),
    "left": (1.000, 0.727, 0.842, 0),
    "chair": (0.861, 0.861, 0.861, 1),
    "group": (0.730, 0.675, 0.701, 1),
    "event": (0.816, 0.845, 0.830, 4),
    "plan": (0.933, 0.812, 0.868, 0),
    "all": (0.863, 0.811, 0.836, 5),
}
BANK3_PROBLEMS = {"b3-0045", "b3-0202", "b3-0285"}  # last lines read as cover lines


BANK4 = ROOT / "tests" / "fixtures" / "sentence-banks" / "bank4" / "bank.jsonl"
BANK4_SHA256 = "c8bc36b358579473e628f90f3dcae4f10cae114c1ffbc445dece563c8cbe7177"
# Bank 4, the held-out measure of the whole second round (banks 1-3 and the mixed folders read):
# at 7d214d8 all kinds P 0.796 R 0.724 F1 0.758, 14 leaks; after, scored once: P 0.826 R 0.737
# F1 0.779, 11 leaks; read in issue 26's third round, the scores below since.
BASELINE4 = {
    "joined": (1.000, 0.968, 0.984, 0),
    "left": (1.000, 0.875, 0.933, 0),
    "chair": (0.929, 0.963, 0.945, 0),
    "group": (0.774, 0.774, 0.774, 0),
    "event": (0.898, 0.883, 0.891, 2),
    "plan": (0.902, 0.860, 0.881, 1),
    "all": (0.916, 0.897, 0.906, 3),
}
BANK4_PROBLEMS = {"b4-0064", "b4-0110", "b4-0134"}  # list lines alone read as headings


BANK5 = ROOT / "tests" / "fixtures" / "sentence-banks" / "bank5" / "bank.jsonl"
BANK5_SHA256 = "d8aeac186632fa9130328e0a81d6fa3761afac25dfb5f529df2f5795647a9d02"
# Bank 5, the held-out measure of issue 26's third round (written while that round was built from
# banks 1-4, scored before and after it): at 4803823 all kinds P 0.763 R 0.602 F1 0.673, 27 leaks;
# after the third round P 0.803 R 0.647 F1 0.716, 13 leaks; read in the fourth round since.
BASELINE5 = {
    "joined": (0.985, 0.831, 0.901, 1),
    "left": (1.000, 0.692, 0.818, 0),
    "chair": (1.000, 1.000, 1.000, 0),
    "group": (0.906, 0.806, 0.853, 0),
    "event": (0.873, 0.886, 0.879, 1),
    "plan": (0.927, 0.911, 0.919, 0),
    "all": (0.937, 0.872, 0.903, 2),
}
BANK5_PROBLEMS = {"b5-0154", "b5-0299"}  # numbered annex lines alone read as headings


BANK6 = ROOT / "tests" / "fixtures" / "sentence-banks" / "bank6" / "bank.jsonl"
BANK6_SHA256 = "d85492dd631b6be1c65932a350d87fbd4a8b293fe31e669719ca604820228610"
# Bank 6, the held-out measure of the third and fourth rounds: at 4803823 all kinds P 0.761
# R 0.522 F1 0.619, 17 leaks; after the fourth round P 0.851 R 0.616 F1 0.714, 6 leaks; read in
# the fifth round since.
BASELINE6 = {
    "joined": (1.000, 0.873, 0.932, 0),
    "left": (1.000, 0.833, 0.909, 0),
    "chair": (0.935, 0.806, 0.866, 0),
    "group": (0.900, 0.750, 0.818, 0),
    "event": (0.898, 0.779, 0.835, 0),
    "plan": (1.000, 0.849, 0.918, 0),
    "all": (0.952, 0.817, 0.880, 0),
}
BANK6_PROBLEMS = {"b6-0030", "b6-0045", "b6-0280", "b6-0286"}


BANK7 = ROOT / "tests" / "fixtures" / "sentence-banks" / "bank7" / "bank.jsonl"
BANK7_SHA256 = "8af70785be2f90670840e74620f8c15929a418a79d65fd98145b0682fbbd2537"
# Bank 7, the held-out measure of the third to fifth rounds (nobody working on the code has read
# it): at 4803823 all kinds P 0.792 R 0.571 F1 0.664, 24 leaks; after, scored once: P 0.887
# R 0.671 F1 0.764, 8 leaks; read in the sixth round, the scores below since.
BASELINE7 = {
    "joined": (0.951, 0.853, 0.899, 1),
    "left": (1.000, 0.417, 0.588, 0),
    "chair": (0.939, 0.861, 0.899, 0),
    "group": (0.871, 0.730, 0.794, 1),
    "event": (0.893, 0.685, 0.775, 0),
    "plan": (1.000, 0.815, 0.898, 0),
    "all": (0.935, 0.768, 0.843, 2),
}
BANK7_PROBLEMS = {"b7-0023", "b7-0076", "b7-0194", "b7-0206"}


BANK8 = ROOT / "tests" / "fixtures" / "sentence-banks" / "bank8" / "bank.jsonl"
BANK8_SHA256 = "0876fb4ad5815169b53f671c938ab0b5fc1f9da0b215a30c0a7327773e874a19"
# Bank 8, the held-out measure of the third to sixth rounds: at 4803823 all kinds P 0.720 R 0.479
# F1 0.575, 22 leaks; after, scored once: P 0.812 R 0.574 F1 0.673, 8 leaks; the scores below
# since (round seven was made from it).
BASELINE8 = {
    "joined": (0.965, 0.873, 0.917, 0),
    "left": (1.000, 0.667, 0.800, 0),
    "chair": (0.939, 0.838, 0.886, 0),
    "group": (0.808, 0.583, 0.677, 0),
    "event": (0.912, 0.812, 0.860, 0),
    "plan": (0.938, 0.882, 0.909, 0),
    "all": (0.926, 0.806, 0.862, 0),
}
BANK8_PROBLEMS = {"b8-0046", "b8-0136", "b8-0252"}


BANK9 = ROOT / "tests" / "fixtures" / "sentence-banks" / "bank9" / "bank.jsonl"
BANK9_SHA256 = "4b3a8523bcf6af6b8de59ca694c6f1ae175beddb8d39513ed3ae328395b835d9"
# Bank 9, the held-out measure of round seven (made from bank 8): at 3bcf36b all kinds P 0.781
# R 0.619 F1 0.691, 25 leaks; after round seven, scored once: P 0.783 R 0.653 F1 0.712, 25
# leaks; the scores below since (round eight was made from it).
BASELINE9 = {
    "joined": (0.981, 0.855, 0.914, 1),
    "left": (1.000, 0.786, 0.880, 0),
    "chair": (0.920, 0.639, 0.754, 0),
    "group": (0.833, 0.714, 0.769, 1),
    "event": (0.881, 0.868, 0.874, 3),
    "plan": (0.820, 0.820, 0.820, 1),
    "all": (0.895, 0.800, 0.845, 6),
}
BANK9_PROBLEMS = {"b9-0255"}


BANK10 = ROOT / "tests" / "fixtures" / "sentence-banks" / "bank10" / "bank.jsonl"
BANK10_SHA256 = "f1739fc5928eb268a6484b001c1cff1aab85825a5dae25bc2d7461df69bf8b88"
# Bank 10, the held-out measure of round eight (made from bank 9): at 3bcf36b all kinds P 0.847
# R 0.616 F1 0.714, 6 leaks; at 00269e9 (after round seven) P 0.859 R 0.677 F1 0.758, 5 leaks;
# after round eight, scored once: P 0.861 R 0.688 F1 0.765, 5 leaks; the scores below since
# (round nine was made from it).
BASELINE10 = {
    "joined": (1.000, 0.734, 0.847, 0),
    "left": (1.000, 0.500, 0.667, 0),
    "chair": (0.875, 0.778, 0.824, 1),
    "group": (0.867, 0.684, 0.765, 0),
    "event": (0.818, 0.851, 0.834, 3),
    "plan": (0.860, 0.811, 0.835, 1),
    "all": (0.881, 0.767, 0.820, 5),
}
BANK10_PROBLEMS = {"b10-0195", "b10-0242", "b10-0269", "b10-0350"}


BANK11 = ROOT / "tests" / "fixtures" / "sentence-banks" / "bank11" / "bank.jsonl"
BANK11_SHA256 = "84b12e53321f6d40d6713e86e25a4dad92118d6af7298208fc024a739ed611aa"
# Bank 11, the held-out measure of round nine: at 3bcf36b all kinds P 0.874 R 0.719 F1 0.789,
# 7 leaks; at 00269e9 (after round seven) P 0.898 R 0.798 F1 0.845, 7 leaks; after round nine,
# scored once: P 0.918 R 0.831 F1 0.872, 5 leaks; the scores below since (round ten was made
# from it).
BASELINE11 = {
    "joined": (1.000, 0.917, 0.957, 0),
    "left": (1.000, 0.833, 0.909, 0),
    "chair": (0.966, 0.933, 0.949, 1),
    "group": (0.955, 0.700, 0.808, 0),
    "event": (0.833, 0.859, 0.846, 3),
    "plan": (0.977, 0.913, 0.944, 0),
    "all": (0.938, 0.872, 0.904, 4),
}
BANK11_PROBLEMS = {"b11-0041", "b11-0089", "b11-0186", "b11-0220", "b11-0237"}


BANK12 = ROOT / "tests" / "fixtures" / "sentence-banks" / "bank12" / "bank.jsonl"
BANK12_SHA256 = "36d7bed759ee22aa0e2aa20dcd00b30e01b7076c29865186badb961980f4d7c0"
# Bank 12, the held-out measure of round ten (made from bank 11) and the latest (nobody working
# on the code has read it): at 3bcf36b all kinds P 0.830 R 0.691 F1 0.754, 8 leaks; at f6044ba
# (after round nine) P 0.862 R 0.777 F1 0.817, 8 leaks; after round ten, scored once: the scores
# below. The next round's measure must be a new bank.
BASELINE12 = {
    "joined": (0.955, 0.840, 0.894, 1),
    "left": (0.857, 0.462, 0.600, 0),
    "chair": (0.926, 0.806, 0.862, 0),
    "group": (0.773, 0.548, 0.642, 1),
    "event": (0.797, 0.902, 0.846, 4),
    "plan": (0.881, 0.787, 0.831, 2),
    "all": (0.863, 0.781, 0.820, 8),
}
BANK12_PROBLEMS = {"b12-0019", "b12-0086", "b12-0259"}


HELD_OUT = {
    "bank2": (BANK2, BANK2_SHA256, BASELINE2, BANK2_PROBLEMS),
    "bank3": (BANK3, BANK3_SHA256, BASELINE3, BANK3_PROBLEMS),
    "bank4": (BANK4, BANK4_SHA256, BASELINE4, BANK4_PROBLEMS),
    "bank5": (BANK5, BANK5_SHA256, BASELINE5, BANK5_PROBLEMS),
    "bank6": (BANK6, BANK6_SHA256, BASELINE6, BANK6_PROBLEMS),
    "bank7": (BANK7, BANK7_SHA256, BASELINE7, BANK7_PROBLEMS),
    "bank8": (BANK8, BANK8_SHA256, BASELINE8, BANK8_PROBLEMS),
    "bank9": (BANK9, BANK9_SHA256, BASELINE9, BANK9_PROBLEMS),
    "bank10": (BANK10, BANK10_SHA256, BASELINE10, BANK10_PROBLEMS),
    "bank11": (BANK11, BANK11_SHA256, BASELINE11, BANK11_PROBLEMS),
    "bank12": (BANK12, BANK12_SHA256, BASELINE12, BANK12_PROBLEMS),
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
