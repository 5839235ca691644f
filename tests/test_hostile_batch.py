"""Issue 6's acceptance as a test: a batch over the real-world corpus and mutated samples."""

from __future__ import annotations

import csv
import random

import pytest
from click.testing import CliRunner

from helpers import CORPUS, SAMPLES, SEED_TEXT


def _mutants(folder):
    data = next(p for p in sorted(SAMPLES.glob("*.pdf")) if "-x" not in p.stem).read_bytes()
    rng = random.Random(6)
    flipped = bytearray(data)
    for _ in range(60):
        flipped[rng.randrange(len(flipped))] ^= 0xFF
    mutants = {
        "truncated.pdf": data[: len(data) // 3],
        "flipped.pdf": bytes(flipped),
        "padded.pdf": data + b"\x00" * 4096,
        "html.pdf": b"<!DOCTYPE html><html><body>not a report</body></html>",
    }
    for name, blob in mutants.items():
        (folder / name).write_bytes(blob)


def _read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.slow
def test_batch_over_corpus_and_mutants_accounts_for_every_file(tmp_path):
    from isecg_extract.batch.cli import batch_command

    bad = tmp_path / "bad"
    bad.mkdir()
    _mutants(bad)
    inputs = [*sorted(str(p) for p in CORPUS.glob("*.pdf")), str(bad), str(SEED_TEXT)]
    out = tmp_path / "all-inputs"
    result = CliRunner().invoke(
        batch_command,
        [
            *inputs,
            "-o",
            str(out),
            "-j",
            "2",
            "-q",
            "--timeout",
            "120",
            "--cache-dir",
            str(tmp_path / "c1"),
        ],
    )
    assert "Traceback" not in result.output
    assert result.exit_code == 15, result.output  # some inputs are broken on purpose
    rows = _read(out / "manifest.csv")
    expected = len(list(CORPUS.glob("*.pdf"))) + len(list(bad.iterdir())) + 1
    assert len(rows) == expected
    for row in rows:
        assert row["status"] in {"ok", "failed"}, row
        if row["status"] == "failed":
            assert row["error"] and row["exit_code"] not in {"", "0", "14"}, row
    seed = next(r for r in rows if r["file"].endswith(SEED_TEXT.name))
    assert seed["status"] == "ok"

    good = tmp_path / "good-only"
    result = CliRunner().invoke(
        batch_command, [str(SEED_TEXT), "-o", str(good), "-q", "--cache-dir", str(tmp_path / "c2")]
    )
    assert result.exit_code == 0, result.output
    (alone,) = _read(good / "manifest.csv")
    for name in (
        "agencies.csv",
        "activities.csv",
        "sections.csv",
        "changes.csv",
        "events.csv",
        "mentions.csv",
    ):
        mixed = (out / seed["folder"] / name).read_bytes()
        assert mixed == (good / alone["folder"] / name).read_bytes(), name
