"""The batch's progress bar: tqdm on a terminal, nothing in logs and pipes."""

from __future__ import annotations

import sys
from typing import Any


class _NoBar:
    """What a quiet or piped batch draws: nothing."""

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(total: int, quiet: bool) -> Any:
    """A tqdm bar on a terminal; nothing when quiet, piped or logged."""
    if quiet or total == 0 or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc="extracting", unit="report", file=sys.stderr, leave=False)
