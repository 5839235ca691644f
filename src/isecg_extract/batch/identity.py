"""Inputs of a batch that read as the same year's annual report: one report, or several documents?

The annual report of a year keeps the plain id ``isecg-ar-YYYY`` (users' queries use it), and
its text and its PDF renderings share that id: they are one document and replace each other in
a database. But a batch can also hold a draft, a second text of that year or a supplement no cue
names, which reads as the year's report too; sharing the id, one of them would be lost on load.

So inputs of one id are grouped by what they extracted: the rows of the datasets named in
``[batch.same_document]`` of settings.toml, each reduced to its content column (no page, box,
span or sequence number). Renderings of one report give nearly the same rows; different
documents do not. Two inputs are one document when the Jaccard similarity of their rows reaches
``min_similarity``. The group with the most rows keeps the plain id; every other group gets
``<id>-<first 8 hex digits of the SHA-256 of its first input>``, which depends only on the
inputs, and that id is written into its outputs (``retag``), so that its folder, the manifest,
the database and a correction keyed by it agree.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from isecg_extract.batch.manifest import ManifestRow
from isecg_extract.write import allow_long_csv_fields, atomic_write


@dataclass(frozen=True)
class SameDocument:
    """``[batch.same_document]``: the content column of each dataset and the threshold."""

    columns: Mapping[str, str]
    min_similarity: float

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> SameDocument:
        spec = settings["batch"]["same_document"]
        return cls(dict(spec["columns"]), float(spec["min_similarity"]))


def content_signature(folder: Path, rule: SameDocument) -> frozenset[tuple[str, str]]:
    """(dataset, folded content) of every row of the datasets ``rule`` names."""
    allow_long_csv_fields()
    out: set[tuple[str, str]] = set()
    for name, column in rule.columns.items():
        path = folder / f"{name}.csv"
        try:
            with path.open(encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f):
                    value = " ".join(str(row.get(column) or "").lower().split())
                    if value:
                        out.add((name, value))
        except (OSError, UnicodeDecodeError, csv.Error):
            continue
    return frozenset(out)


def similarity(a: frozenset[Any], b: frozenset[Any]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def separate_documents(
    rows: list[ManifestRow], folder_of: Mapping[str, Path], rule: SameDocument
) -> list[str]:
    """Give each different document among inputs of one id its own id; return warnings.

    ``folder_of`` maps a row's cache key to the folder holding its extraction. Only rows whose
    ids are shared and whose inputs differ are looked at; ``row.doc_id`` is changed in place
    for every group but the largest.
    """
    warnings: list[str] = []
    by_id: dict[str, list[ManifestRow]] = {}
    for r in rows:
        if r.succeeded and r.doc_id and r.report_year is not None:
            by_id.setdefault(r.doc_id, []).append(r)
    for doc_id, group in by_id.items():
        if len({r.sha256 for r in group}) < 2:
            continue
        signatures = {r.key: content_signature(folder_of[r.key], rule) for r in group}
        # Largest first (then by file name), so the report itself, not a draft of one page,
        # keeps the plain id, and the grouping is the same on every run.
        ordered = sorted(group, key=lambda r: (-len(signatures[r.key]), r.file))
        clusters: list[list[ManifestRow]] = []
        for r in ordered:
            for cluster in clusters:
                if similarity(signatures[r.key], signatures[cluster[0].key]) >= rule.min_similarity:
                    cluster.append(r)
                    break
            else:
                clusters.append([r])
        for cluster in clusters[1:]:
            new_id = f"{doc_id}-{cluster[0].sha256[:8]}"
            for r in cluster:
                r.doc_id = new_id
            warnings.append(
                f"{', '.join(r.file for r in cluster)}: read as the {group[0].report_year} "
                f"report ({doc_id}) but not the same document as {clusters[0][0].file}; "
                f"kept as {new_id}"
            )
    return warnings


def retag(folder: Path, old: str, new: str) -> None:
    """Write ``new`` for ``old`` as the document id in every output file of ``folder``.

    Only the id: the ``doc_id`` column of the CSVs and ``doc_id`` values (and the data
    package's name and title) in the JSON files; each file is rewritten atomically.
    """
    if old == new:
        return
    allow_long_csv_fields()
    for path in sorted(folder.iterdir()):
        if path.is_symlink() or not path.is_file():
            continue
        if path.suffix == ".csv":
            _retag_csv(path, old, new)
        elif path.suffix == ".json":
            _retag_json(path, old, new)


def _retag_csv(path: Path, old: str, new: str) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        records = list(csv.reader(f))
    if not records or "doc_id" not in records[0]:
        return
    i = records[0].index("doc_id")
    for rec in records[1:]:
        if len(rec) > i and rec[i] == old:
            rec[i] = new
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(records)
    atomic_write(path, buf.getvalue())


def _retag_json(path: Path, old: str, new: str) -> None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return
    if isinstance(data, dict) and "resources" in data:  # datapackage.json
        for key in ("name", "title"):
            if data.get(key) == old:
                data[key] = new
    atomic_write(path, json.dumps(_swap(data, old, new), ensure_ascii=False, indent=1))


def _swap(value: Any, old: str, new: str) -> Any:
    if isinstance(value, dict):
        return {
            k: (new if k == "doc_id" and v == old else _swap(v, old, new)) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_swap(v, old, new) for v in value]
    return value
