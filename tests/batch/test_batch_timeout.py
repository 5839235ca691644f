"""Issue 23 (hostile inputs, round three), item 6: ``batch --timeout`` is the limit per
document, start-up included, and ``duration_s`` is what the document really took."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time

from batch_helpers import HOOK, HOOK_ENV, ROOT, tiny_report


def _manifest(out):
    with open(out / "manifest.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_hanging_documents_each_take_their_timeout_and_no_more(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("hang-1.txt", "hang-2.txt", "hang-3.txt"):
        (folder / name).write_text(tiny_report(name), encoding="utf-8")
    out = tmp_path / "o"
    env = {**os.environ, HOOK_ENV: HOOK, "PYTHONPATH": os.fspath(ROOT / "tests" / "batch")}
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "isecg_extract", "batch", folder, "-o", out, "-q", "-j", "1"]
        + ["--timeout", "3"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    took = time.monotonic() - t0
    assert proc.returncode == 15, proc.stderr
    rows = _manifest(out)
    assert [r["exit_code"] for r in rows] == ["12", "12", "12"]
    for r in rows:
        assert 3.0 <= float(r["duration_s"]) < 3.0 + 2.0  # what it really took
    # Three limits of 3 s and the start of three workers; each new worker once got 60 s more.
    assert took < 3 * 3.0 + 3 * 10.0
