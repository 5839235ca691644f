"""Garbage-collector thresholds for a run: fewer, larger collections.

pdfminer allocates millions of short-lived objects for a report while the pages read so far
stay alive, so with CPython's default thresholds (700, 10, 10) the collector runs thousands of
times and rescans the growing document. On the 191-page benchmark report, in one process,
the defaults cost 14.0-15.1 s of CPU and ``THRESHOLDS`` 12.5-13.2 s, for 3 MB more peak
memory (``docs/benchmarks.md``). Scoped, not set at import: a library must not change its
caller's collector for good.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (50_000, 20, 100)


@contextmanager
def relaxed_gc() -> Iterator[None]:
    """Run the block with ``THRESHOLDS``, unless the caller's are already as relaxed."""
    old = gc.get_threshold()
    if old[0] == 0 or old[0] >= THRESHOLDS[0]:  # disabled by threshold, or tuned by the caller
        yield
        return
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)
