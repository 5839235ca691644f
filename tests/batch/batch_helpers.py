"""Paths and test hooks for the batch tests (a unique name: every test folder is on sys.path).

``misbehave`` is what ``ISECG_BATCH_TEST_HOOK=batch_helpers:misbehave`` runs in each worker
process before each half of a document (read, annotate): the document's file name says how
and where to fail, so one batch can hold a crash, an exit, a hang and a good report side by
side.
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
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
HOOK = "batch_helpers:misbehave"
RECORDING_HOOK = "batch_helpers:record"
HOOK_ENV = "ISECG_BATCH_TEST_HOOK"
RECORD_ENV = "ISECG_BATCH_TEST_RECORD"
REGEN_ENV = "ISECG_REGEN_YEAR_FIXTURES"


def misbehave(path: str, part: str) -> None:
    """Fail the way the file's name says; leave every other document alone.

    A name starting with ``late-`` fails in the document's annotate half (after it was read,
    in whichever worker annotates it), any other in its read half.
    """
    name = Path(path).name
    late = name.startswith("late-")
    if late != (part == "annotate"):
        return
    name = name.removeprefix("late-")
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


def record(path: str, part: str) -> None:
    """Append ``pid part file-name`` to the file RECORD_ENV names, then ``misbehave``."""
    with open(os.environ[RECORD_ENV], "a", encoding="utf-8") as f:
        f.write(f"{os.getpid()} {part} {Path(path).name}\n")
    misbehave(path, part)


def recorded(log: Path) -> list[tuple[int, str, str]]:
    """What ``record`` wrote: (pid, part, file name) per line."""
    rows = [line.split(" ", 2) for line in log.read_text(encoding="utf-8").splitlines()]
    return [(int(pid), part, name) for pid, part, name in rows]


def tiny_report(title: str) -> str:
    """A small report text; its title makes its bytes (and so its cache key) unique. It names
    ISECG, as a report does: batch skips texts in a folder that do not (issue 22)."""
    return (
        f"{title}\n\n2024 Annual Report\n\nExecutive Summary\n\n"
        "The ISECG TWG will publish a report.\n"
    )
