"""Paths and test hooks for the batch tests (a unique name: every test folder is on sys.path).

``misbehave`` is what ``ISECG_BATCH_TEST_HOOK=batch_helpers:misbehave`` runs in each worker
process before a document is extracted: the document's file name says how to fail, so one
batch can hold a crash, an exit, a hang and a good report side by side.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "samples" / "isecg-annual-report-2025.txt"
YEARS = ROOT / "tests" / "fixtures" / "years"
Y2023 = YEARS / "synthetic-isecg-annual-report-2023.txt"
Y2026 = YEARS / "synthetic-isecg-annual-report-2026.txt"
FROZEN = YEARS / "extracted"
"""The three years as the pipeline extracted them, so diff tests do not move with it."""
CORPUS = ROOT.parent / "shared" / "corpus"
HOOK = "batch_helpers:misbehave"
HOOK_ENV = "ISECG_BATCH_TEST_HOOK"
REGEN_ENV = "ISECG_REGEN_YEAR_FIXTURES"


def misbehave(path: str) -> None:
    """Fail the way the file's name says; leave every other document alone."""
    name = Path(path).name
    if name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGSEGV)
    elif name.startswith("exit"):
        os._exit(3)
    elif name.startswith("memory"):
        raise MemoryError("test hook")
    elif name.startswith(("hang", "slow")):
        time.sleep(600)
    elif name.startswith("ctrl-c"):
        os.kill(os.getppid(), signal.SIGINT)  # the batch's process, as Ctrl-C would
        time.sleep(600)


def tiny_report(title: str) -> str:
    """A small report text; its title makes its bytes (and so its cache key) unique."""
    return f"{title}\n\n2024 Annual Report\n\nExecutive Summary\n\nThe TWG will publish a report.\n"
