"""Paths the tests share (imported as `helpers`, since every test folder has its own conftest)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
SEED_TEXT = SAMPLES / "isecg-annual-report-2025.txt"
GOLD = SHARED / "gold" / "isecg-annual-report-2025.json"
VARIANTS = ROOT / "tests" / "fixtures" / "variants"
CORPUS = SHARED / "corpus"
HISTORY = ROOT / "tests" / "fixtures" / "history"
HELDOUT = ROOT / "tests" / "fixtures" / "heldout"


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
