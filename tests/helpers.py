"""Paths the tests share (imported as `helpers`, since every test folder has its own conftest).

Everything a test reads is in the repository, so the suite passes on a clone with nothing
beside it; ``../shared`` is read only by ``tests/test_evaluate_agreement.py``, which skips
without it.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEED_TEXT = SAMPLES / "isecg-annual-report-2025.txt"
GOLD = SAMPLES / "isecg-annual-report-2025.gold.json"
"""The hand-made gold of the sample report, kept beside it (a copy of ../shared's)."""
VARIANTS = ROOT / "tests" / "fixtures" / "variants"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
"""Real-world PDFs from pdfplumber's test suite (MIT), committed: see its README.md."""
SHARED = ROOT.parent / "shared"
"""Help for development beside the repository, never needed: only the agreement test reads it."""
REFERENCE_SCORER = SHARED / "eval" / "score.py"
HISTORY = ROOT / "tests" / "fixtures" / "history"
HELDOUT = ROOT / "tests" / "fixtures" / "heldout"


def default_signals() -> None:
    """``preexec_fn`` of a child a test stops with Ctrl-C or a hang-up: those signals do what
    they do in a terminal. A child inherits ignored signals, and a suite started in the
    background (``make test &``: SIGINT ignored) or under ``nohup`` (SIGHUP ignored) would
    otherwise start children that never stop, and the test would wait for ever."""
    for signum in (signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


@contextlib.contextmanager
def ctrl_c_raises() -> Iterator[None]:
    """Within the block, SIGINT raises KeyboardInterrupt in this process, as in a terminal,
    also when the suite runs in the background (where it is ignored)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def lzw_run(byte: int, cycles: int) -> bytes:
    """LZW (PDF's, EarlyChange 1) for a run of one byte: about 7.4 MB per cycle in 5.5 kB.

    A run's codes need no encoder: after a clear code, the byte itself, then each new code
    is the previous string plus the byte (258, 259, ...), until the table is nearly full.
    """
    bits: list[tuple[int, int]] = []
    for _ in range(cycles):
        bits.append((256, 9 if not bits else 12))  # clear
        bits.append((byte, 9))
        for code in range(258, 4095):
            width = 9 if code <= 510 else 10 if code <= 1022 else 11 if code <= 2046 else 12
            bits.append((code, width))
    bits.append((257, 12))  # end of data
    value, nbits = 0, 0
    for code, width in bits:
        value, nbits = (value << width) | code, nbits + width
    pad = -nbits % 8
    return (value << pad).to_bytes((nbits + pad) // 8, "big")


REPORT_2030_HEAD = """2030 Annual Report

March 2031

International Space Exploration Coordination Group

Executive Summary

"""
"""The cover of a small 2030 report: a sentence after it is read in the report's year."""


def change_rows(report) -> set[tuple]:
    """(kind, subject id, object id, year, planned) of each change a report gave."""
    return {
        (c["kind"], c["subject_id"], c["object_id"], c["year"], bool(c["planned"]))
        for c in report.tables["changes"]
    }


def event_rows(report) -> set[tuple]:
    """(series, year, month, first word of the location) of each event a report gave."""
    return {
        (e["series_id"], e["year"], e["month"], (e["location"] or "").split(" ")[0].strip(","))
        for e in report.tables["events"]
    }


def plans_found(report, expected: set[tuple]) -> set[tuple]:
    """(actor, year, word) of each expected plan whose word a planned activity's description
    holds: the plan-table cases of tests/test_frames_round*.py compare this with ``expected``."""
    return {
        (a["actor"], a["year"], word)
        for a in report.tables["activities"]
        for _, _, word in expected
        if word in a["description"]
    }
