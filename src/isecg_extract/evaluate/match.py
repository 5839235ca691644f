"""Pairing gold rows with output rows, and counting what the pairs say.

Every dataset is scored the same way: a rule gives each (gold, output) pair a strength (0: not
the same thing); the strongest pairs are taken first, each row in one pair at most (greedy
one-to-one matching, ties to the later gold row, then the later output row, as the reference
scorer breaks them). Gold rows marked ``"optional": true`` (things a careful reader may or may
not count) neither help recall when found nor hurt precision when output.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]
PairScore = Callable[[Row, Row], float]
Check = Callable[[Row, Row], bool | None]
"""An attribute check on a matched pair: True or False, or None when the gold has nothing to check."""


@dataclass
class DatasetScore:
    """One dataset's counts, rates (to three decimals, as printed) and the rows that differ."""

    dataset: str
    gold: int
    predicted: int = 0
    matched: int = 0
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    accuracy: dict[str, float] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    missing: bool = False
    """The output has no CSV for this dataset: scored 0."""

    def to_dict(self) -> dict[str, Any]:
        """The reference scorer's JSON shape (``<attribute>_accuracy`` keys), for tools and tests."""
        if self.missing:
            return {
                "dataset": self.dataset,
                "missing": True,
                "precision": 0.0,
                "recall": 0.0,
                "f1": 0.0,
                "gold": self.gold,
            }
        out: dict[str, Any] = {
            "dataset": self.dataset,
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }
        out.update({f"{name}_accuracy": value for name, value in self.accuracy.items()})
        out["missed"] = self.missed
        out["extra"] = self.extra
        return out


def pair_up(
    gold: Sequence[Row], predicted: Sequence[Row], score: PairScore
) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (gold index, output index), strongest first."""
    candidates = [
        (strength, g, p)
        for g, gold_row in enumerate(gold)
        for p, row in enumerate(predicted)
        if (strength := score(gold_row, row)) > 0
    ]
    taken_gold: set[int] = set()
    taken_output: set[int] = set()
    pairs = []
    for _, g, p in sorted(candidates, reverse=True):
        if g not in taken_gold and p not in taken_output:
            taken_gold.add(g)
            taken_output.add(p)
            pairs.append((g, p))
    return pairs


def rates(found: int, output: int, wanted: int) -> tuple[float, float, float]:
    """Precision, recall and F1; nothing output when nothing was wanted is perfect."""
    precision = found / output if output else float(wanted == 0)
    recall = found / wanted if wanted else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def count(
    name: str,
    gold: Sequence[Row],
    predicted: Sequence[Row],
    score: PairScore,
    checks: Sequence[tuple[str, Check]] = (),
) -> DatasetScore:
    """Match one dataset and count: rates, attribute accuracy over matched pairs, differences."""
    pairs = pair_up(gold, predicted, score)
    optional = [bool(row.get("optional")) for row in gold]
    found = sum(1 for g, _ in pairs if not optional[g])
    found_optional = len(pairs) - found
    wanted = optional.count(False)
    precision, recall, f1 = rates(found, len(predicted) - found_optional, wanted)
    result = DatasetScore(
        name,
        wanted,
        len(predicted),
        found,
        round(precision, 3),
        round(recall, 3),
        round(f1, 3),
    )
    for attribute, check in checks:
        verdicts = [check(gold[g], predicted[p]) for g, p in pairs]
        verdicts = [v for v in verdicts if v is not None]
        if verdicts:
            result.accuracy[attribute] = round(sum(map(bool, verdicts)) / len(verdicts), 3)
    paired_gold = {g for g, _ in pairs}
    paired_output = {p for _, p in pairs}
    result.missed = [
        describe(row) for g, row in enumerate(gold) if g not in paired_gold and not optional[g]
    ]
    result.extra = [describe(row) for p, row in enumerate(predicted) if p not in paired_output]
    return result


def describe(row: Row) -> str:
    """A row in a few words for the missed and extra lists ("TWG: publish the Gap Report")."""
    for key in ("description", "title", "name", "acronym", "subject"):
        if row.get(key):
            context = row.get("actor") or row.get("kind") or row.get("year") or ""
            return f"{context}: {row[key]}" if context else str(row[key])
    return json.dumps(row, ensure_ascii=False)[:120]
