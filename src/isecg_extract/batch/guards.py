"""What keeps a batch safe: one batch per output folder. (A stop signal is turned into an
exception by ``isecg_extract.lifetime``, so ``run_batch`` cleans up, keeps the finished reports
cached and raises ``Interrupted``.)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from isecg_extract.batch.errors import OutputBusy

LOCK = ".batch.lock"


@contextlib.contextmanager
def exclusive(out: Path) -> Iterator[None]:
    """One batch at a time per OUT: two would publish and combine over each other."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, run one at a time
        yield
        return
    with (out / LOCK).open("a") as f:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputBusy(os.fspath(out)) from None
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)
