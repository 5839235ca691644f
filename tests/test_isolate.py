"""``isolate.run_isolated``: the memory limit is the document's, not its caller's.

A forked child starts with its caller's data segment (shared until written). The limit must
count only what the child adds, or a caller of some size leaves it nothing: under pytest after
other tests the child once could not import spaCy and died without a word, or stalled.
"""

from __future__ import annotations

import sys

import pytest

from isecg_extract.errors import OverMemory
from isecg_extract.isolate import CODE_SHARE, _context, data_size, run_isolated

MB = 2**20
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_DATA and /proc: Linux")


def _allocate(n: int) -> int:
    block = bytearray(n)  # zero pages: counted by RLIMIT_DATA, barely touched
    return len(block)


def test_a_forked_child_gets_the_whole_limit_above_what_it_inherits():
    # A limit the caller is just under half of, so the child is forked (``_context``).
    limit = max(300 * MB, 2 * data_size() + 120 * MB)
    ballast = bytearray(max(0, limit // 2 - 10 * MB - data_size()))
    assert _context(limit).get_start_method() == "fork"
    inherited = data_size()
    budget = limit - min(CODE_SHARE, limit // 8)
    # More than the limit leaves above the caller's size, less than the whole limit.
    ask = (budget - inherited + budget) // 2
    assert budget - inherited < ask < budget
    got = run_isolated(_allocate, (ask,), path="x.pdf", timeout=60, max_memory=limit)
    assert got == ask
    with pytest.raises(OverMemory):  # and the limit still holds
        run_isolated(_allocate, (limit,), path="x.pdf", timeout=60, max_memory=limit)
    del ballast
