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
