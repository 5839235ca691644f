"""A batch stopped half-way (SIGTERM, Ctrl-C) leaves no half output, and the next run resumes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_helpers import HOOK, HOOK_ENV, SEED, Y2023, Y2026

from isecg_extract.batch.run import run_batch

from helpers import ctrl_c_raises, default_signals

CLI = (
    "import sys\n"
    "from isecg_extract.batch.cli import batch_command\n"
    "batch_command(sys.argv[1:], prog_name='isecg-extract batch')\n"
)


def finished_entries(out: Path) -> list[Path]:
    reports = out / ".cache" / "reports"
    return sorted(reports.glob("*/.batch.json")) if reports.is_dir() else []


def test_sigterm_leaves_no_half_output_and_the_next_run_resumes(tmp_path):
    signum = signal.SIGTERM
    inputs = tmp_path / "in"
    inputs.mkdir()
    # "slow-..." hangs in its worker (test hook) so the batch is surely mid-way when stopped;
    # it sorts first, so one worker holds it while the other does the two quick reports.
    shutil.copy(SEED, inputs / "slow-2025.txt")
    shutil.copy(Y2023, inputs / "y2023.txt")
    shutil.copy(Y2026, inputs / "y2026.txt")
    out = tmp_path / "out"
    here = str(Path(__file__).parent)
    env = {**os.environ, HOOK_ENV: HOOK, "PYTHONPATH": os.pathsep.join([here, *sys.path])}
    proc = subprocess.Popen(
        [sys.executable, "-c", CLI, str(inputs), "-o", str(out), "-j", "2", "-q"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=default_signals,
    )
    try:
        deadline = time.monotonic() + 60
        while len(finished_entries(out)) < 2 and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.1)
        assert len(finished_entries(out)) == 2
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + signum
    assert stderr.splitlines()[-1] == (
        f"isecg-extract: {out}: interrupted: 2 of 3 reports finished and are cached; "
        "run the same command again to resume"
    )
    # Nothing half-written: no report folder, no combined tables, no manifest, no temp folders.
    assert sorted(p.name for p in out.iterdir()) == [".batch.lock", ".cache"]
    # .lock: the cache's own lock, which batches sharing it take to store an entry
    assert sorted(p.name for p in (out / ".cache").iterdir()) == [
        ".lock",
        "CACHEDIR.TAG",
        "reports",
    ]
    for entry in finished_entries(out):
        assert (entry.parent / "datapackage.json").is_file()

    result = run_batch([str(inputs)], out, jobs=2, quiet=True)
    assert result.summary == {"total": 3, "extracted": 1, "cached": 2, "failed": 0}
    assert sorted(r.folder for r in result.rows) == [
        "isecg-ar-2023", "isecg-ar-2025", "isecg-ar-2026",
    ]  # fmt: skip
    assert (out / "manifest.json").is_file()


def test_ctrl_c_stops_the_workers_and_writes_nothing(tmp_path, monkeypatch):
    """A worker's hook sends SIGINT to this process, as Ctrl-C would, while it holds a document."""
    from isecg_extract.batch.errors import Interrupted

    (tmp_path / "ctrl-c.txt").write_text("2024 Annual Report\n")
    monkeypatch.setenv(HOOK_ENV, HOOK)
    out = tmp_path / "out"
    # In the background (make test &) SIGINT is ignored: put Ctrl-C's handler back meanwhile.
    with ctrl_c_raises(), pytest.raises(Interrupted) as caught:
        run_batch([str(tmp_path / "ctrl-c.txt")], out, jobs=1, quiet=True)
    assert caught.value.exit_code == 130
    assert caught.value.one_line() == (
        f"{out}: interrupted: 0 of 1 reports finished and are cached; "
        "run the same command again to resume"
    )
    assert sorted(p.name for p in out.iterdir()) == [".batch.lock", ".cache"]
    assert [p.name for p in (out / ".cache").iterdir()] == ["CACHEDIR.TAG"]
    import multiprocessing

    assert multiprocessing.active_children() == []
