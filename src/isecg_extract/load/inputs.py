"""Which folders a load reads: batch folders opened up, and one folder per report.

``make run`` writes one folder per sample and the three samples are the same report (a text
and two PDF renderings of it); ``make years`` writes a batch folder. A user who then runs
``load out/*`` means "load what I have", so a batch folder stands for the report folders its
manifest lists, and a report found in several folders is loaded once, from the folder chosen
by a stated rule, with a notice naming the others.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .errors import BadOutputFolder
from .package import DATAPACKAGE, OutputPackage

MANIFEST = "manifest.json"
"""What ``isecg-extract batch`` writes at the top of its output folder (see batch/manifest.py)."""


def is_batch_folder(folder: Path) -> bool:
    return (
        folder.is_dir() and not (folder / DATAPACKAGE).is_file() and (folder / MANIFEST).is_file()
    )


def batch_report_folders(folder: Path) -> list[Path]:
    """The report folders of a batch output folder, in manifest order (``all/`` is not one)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        reports = data["reports"]
        names = [
            r["folder"]
            for r in reports
            if r.get("status") in ("ok", "cached") and isinstance(r.get("folder"), str)
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BadOutputFolder(folder, f"{MANIFEST} cannot be read: {exc}") from None
    found = [folder / n for n in names if n and (folder / n / DATAPACKAGE).is_file()]
    if not found:
        raise BadOutputFolder(folder, f"is a batch folder, but its {MANIFEST} lists no report")
    return found


BATCH_FILES = frozenset({MANIFEST, "manifest.csv"})
COMBINED = "all"
"""A batch's folder of every report's rows in one table per dataset (batch/combine.py)."""


def expand_folders(folders: Sequence[Path | str]) -> list[Path]:
    """Each given folder, or for a batch folder the report folders inside it, each once.

    ``load out/*`` on a batch folder names its ``all/`` (every report's rows in one table, not
    one report) and its manifests beside the report folders: ``all/`` stands for the batch's
    report folders and the manifests are passed over.
    """
    out: list[Path] = []
    seen: set[Path] = set()
    for f in folders:
        path = Path(f)
        if is_batch_folder(path):
            found = batch_report_folders(path)
        elif is_batch_folder(path.parent) and path.name == COMBINED:
            found = batch_report_folders(path.parent)
        elif is_batch_folder(path.parent) and path.name in BATCH_FILES and path.is_file():
            found = []
        else:
            found = [path]
        for p in found:
            key = Path(os.path.abspath(p))
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out


def _input_format(package: OutputPackage) -> str:
    table = package.schema.table("documents")
    if table is None or "input_format" not in table.column_names:
        return ""
    i = table.column_names.index("input_format")
    rows = package.rows.get("documents") or []
    return str(rows[0][i] or "") if rows else ""


def _size(package: OutputPackage) -> int:
    return sum(len(rows) for rows in package.rows.values())


def one_per_report(packages: list[OutputPackage]) -> tuple[list[OutputPackage], list[str]]:
    """Keep one package per doc_id; return them (first-seen order) and one notice per doc_id.

    The rule: a report read from a PDF (its rows carry physical pages and boxes) over one read
    from text, then the one with more rows, then the folder given first.
    """
    groups: dict[str, list[OutputPackage]] = {}
    for p in packages:
        groups.setdefault(p.doc_id, []).append(p)
    kept: list[OutputPackage] = []
    notices: list[str] = []
    for doc_id, group in groups.items():
        if len(group) == 1:
            kept.append(group[0])
            continue
        # max() keeps the first of equals, so "given first" is the last tie-break.
        best = max(group, key=lambda p: (_input_format(p) == "pdf", _size(p)))
        others = [p for p in group if p is not best]
        if _input_format(best) == "pdf" and any(_input_format(p) != "pdf" for p in others):
            why = "read from a PDF, so its rows carry physical pages and boxes"
        elif any(_size(p) < _size(best) for p in others):
            why = f"the most rows, {_size(best)}"
        else:
            why = "given first; the others are equally complete"
        notices.append(
            f"{doc_id} is in {len(group)} folders; loaded {best.folder} ({why}), not "
            + ", ".join(str(p.folder) for p in others)
        )
        kept.append(best)
    return kept, notices


def correct_package(package: OutputPackage, corrections: Sequence[Any]) -> OutputPackage:
    """The package with the hand corrections of its report applied (see corrections.py)."""
    from isecg_extract.corrections import apply_corrections

    mine = [c for c in corrections if c.doc_id == package.doc_id]
    if not mine:
        return package
    tables = package.schema.tables
    rows = {
        t.name: [dict(zip(t.column_names, r, strict=True)) for r in package.rows[t.name]]
        for t in tables
    }
    spec = {
        t.name: {
            "fields": [[c.name, c.type, ""] for c in t.columns],
            "primaryKey": list(t.primary_key),
        }
        for t in tables
    }
    apply_corrections(package.doc_id, rows, mine, spec)
    typed = {
        t.name: [tuple(r.get(c) for c in t.column_names) for r in rows[t.name]] for t in tables
    }
    return replace(package, rows=typed)
