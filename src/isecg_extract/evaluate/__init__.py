"""The project's own evaluation: an output folder scored against a gold file, per dataset.

A gold file is a hand-made reference extraction of one report (JSON: a list of rows per
dataset plus the ``document``'s year and month; see docs/evaluation.md). ``score_folder``
reads the output's CSV files and gives precision, recall and F1 per dataset, the accuracy of
attributes on matched rows, the rows missed and the rows extra, and the macro F1 (the mean of
the datasets' F1s as printed). Its matching rules are the reference scorer's
(``../shared/eval/score.py``), written again here so that a clone with nothing beside it can
score itself; ``tests/test_evaluate_agreement.py`` checks that the two agree.

Only the standard library is used: ``isecg-extract score`` starts fast, and the scores do not
move with pandas' CSV parsing.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isecg_extract.evaluate.match import DatasetScore, Row, count
from isecg_extract.evaluate.rules import RULES, gold_aliases

__all__ = ["DatasetScore", "Evaluation", "load_gold", "render_text", "score_all", "score_folder"]


@dataclass
class Evaluation:
    """The scores of one output folder against one gold file."""

    datasets: list[DatasetScore]
    document: dict[str, Any] = field(default_factory=dict)
    """``rows`` (document rows read) and whether ``report_year`` and ``published`` are right."""

    @property
    def macro_f1(self) -> float:
        """The mean F1 over every dataset scored (a missing CSV counts 0)."""
        return sum(d.f1 for d in self.datasets) / len(self.datasets) if self.datasets else 0.0

    def by_dataset(self) -> dict[str, DatasetScore]:
        return {d.dataset: d for d in self.datasets}

    def to_dict(self) -> dict[str, Any]:
        """JSON for machines: the same keys as the reference scorer's ``--json``."""
        return {
            "datasets": [d.to_dict() for d in self.datasets],
            "document": self.document,
            "macro_f1": round(self.macro_f1, 3),
        }


def load_gold(path: Path) -> dict[str, Any]:
    """A gold file's content; NotAGoldFile when it is not a JSON object (InputNotFound if absent)."""
    from isecg_extract.errors import InputNotFound
    from isecg_extract.evaluate.errors import NotAGoldFile

    if not path.is_file():
        raise InputNotFound(str(path))
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise NotAGoldFile(str(path), f"{exc.__class__.__name__}: {exc}") from None
    if not isinstance(gold, dict) or not any(isinstance(gold.get(r.dataset), list) for r in RULES):
        raise NotAGoldFile(str(path), "a JSON object with a list of rows per dataset is expected")
    return gold


def _read_rows(folder: Path, dataset: str, doc_id: str | None) -> list[Row] | None:
    """A dataset's CSV rows (None when the file is missing), only ``doc_id``'s when given."""
    path = folder / f"{dataset}.csv"
    if not path.is_file():
        return None
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r for r in rows if r.get("doc_id", doc_id) == doc_id] if doc_id else rows


def score_folder(out: Path, gold: dict[str, Any], doc_id: str | None = None) -> Evaluation:
    """Score the CSV files in ``out`` against ``gold`` (a loaded gold file).

    With ``doc_id``, only that document's rows count (a batch's combined ``all/`` folder holds
    many). A dataset whose CSV is missing scores 0 and is flagged ``missing``.
    """
    out = Path(out)
    aliases = gold_aliases(gold)
    scores = []
    for rule in RULES:
        wanted = gold.get(rule.dataset, [])
        rows = _read_rows(out, rule.dataset, doc_id)
        if rows is None:
            required = sum(1 for g in wanted if not g.get("optional"))
            scores.append(DatasetScore(rule.dataset, required, missing=True))
            continue
        pair_score, checks = rule.bound(aliases)
        scores.append(count(rule.dataset, wanted, rows, pair_score, checks))
    documents = _read_rows(out, "documents", doc_id) or []
    document: dict[str, Any] = {"dataset": "documents", "rows": len(documents)}
    if documents:
        first, stated = documents[0], gold.get("document", {})
        document["report_year"] = (
            str(stated.get("report_year")) == str(first.get("report_year", "")).strip()
        )
        document["published"] = (
            str(stated.get("published")) == str(first.get("published", "")).strip()[:7]
        )
    return Evaluation(scores, document)


def score_all(
    out: str | Path, gold: dict[str, Any], doc_id: str | None = None
) -> tuple[list[dict[str, Any]], dict[str, Any], float]:
    """``score_folder`` as the reference scorer's ``score_all`` returns it: (datasets, document,
    macro F1), each dataset a dict. Tests and tools written against the reference use this."""
    result = score_folder(Path(out), gold, doc_id)
    return [d.to_dict() for d in result.datasets], result.document, result.macro_f1


def render_text(result: Evaluation, show: int = 5) -> str:
    """A table for people, the rows that differ, and ``macro F1 X.XXX`` on the last line."""
    lines = [
        f"{'dataset':16} {'gold':>5} {'pred':>5} {'match':>5} {'P':>6} {'R':>6} {'F1':>6}  attributes"
    ]
    for d in result.datasets:
        if d.missing:
            lines.append(
                f"{d.dataset:16} {d.gold:>5} {'-':>5} {'-':>5} {'-':>6} {'-':>6} {0:6.3f}  no {d.dataset}.csv"
            )
            continue
        accuracy = " ".join(f"{name}={value:.3f}" for name, value in d.accuracy.items())
        lines.append(
            f"{d.dataset:16} {d.gold:>5} {d.predicted:>5} {d.matched:>5} "
            f"{d.precision:6.3f} {d.recall:6.3f} {d.f1:6.3f}  {accuracy}".rstrip()
        )
    for d in result.datasets:
        for label, items in (("missed", d.missed), ("extra", d.extra)):
            if items and show:
                more = f" (+{len(items) - show} more)" if len(items) > show else ""
                lines.append(f"  {d.dataset} {label}: " + " | ".join(items[:show]) + more)
    doc = result.document
    if doc.get("rows"):
        verdict = {True: "right", False: "wrong"}
        lines.append(
            f"document: report year {verdict[doc['report_year']]}, "
            f"publication month {verdict[doc['published']]}"
        )
    else:
        lines.append("document: no documents.csv rows")
    lines.append(f"macro F1 {result.macro_f1:.3f}")
    return "\n".join(lines) + "\n"
