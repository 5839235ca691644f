"""relaxed_gc: the run's collector thresholds, scoped so the caller's come back."""

from __future__ import annotations

import gc

import pytest

from isecg_extract.gctune import THRESHOLDS, relaxed_gc


@pytest.fixture
def thresholds():
    old = gc.get_threshold()
    yield
    gc.set_threshold(*old)


def test_relaxed_inside_and_restored_after(thresholds):
    gc.set_threshold(700, 10, 10)
    with relaxed_gc():
        assert gc.get_threshold() == THRESHOLDS
        with relaxed_gc():  # nested: stays relaxed, and the outer block restores
            assert gc.get_threshold() == THRESHOLDS
        assert gc.get_threshold() == THRESHOLDS
    assert gc.get_threshold() == (700, 10, 10)


def test_restored_when_the_block_raises(thresholds):
    gc.set_threshold(700, 10, 10)
    with pytest.raises(ValueError), relaxed_gc():
        raise ValueError("stage failed")
    assert gc.get_threshold() == (700, 10, 10)


@pytest.mark.parametrize("caller", [(0, 10, 10), (100_000, 50, 50)])
def test_a_caller_who_tuned_the_collector_keeps_it(thresholds, caller):
    gc.set_threshold(*caller)
    with relaxed_gc():
        assert gc.get_threshold() == caller
    assert gc.get_threshold() == caller


def test_extract_leaves_the_callers_thresholds(thresholds):
    from isecg_extract.pipeline import extract

    from helpers import SEED_TEXT

    gc.set_threshold(700, 10, 10)
    extract(SEED_TEXT)
    assert gc.get_threshold() == (700, 10, 10)
