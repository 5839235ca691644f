"""The batch manifest: one row per input with what became of it, as CSV and JSON.

It is what a person or a script reads first after a batch: which files failed and why, which
folder holds which report year, what was reused from the cache. Both files are written
atomically, after the report folders and ``all/``, so they always describe complete output.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from isecg_extract.write import DATASETS, atomic_write, safe_cell

MANIFEST_CSV = "manifest.csv"
MANIFEST_JSON = "manifest.json"
SCHEMA = "isecg-extract/batch-manifest"
SCHEMA_VERSION = "1.0.0"
STATUSES = ("ok", "cached", "failed")  # what a written manifest holds


@dataclass
class ManifestRow:
    """One input of the batch."""

    file: str
    sha256: str = ""
    doc_id: str = ""
    report_year: int | None = None
    folder: str = ""  # under OUT; empty for a failed report
    status: str = "pending"  # then ok (extracted now), cached (reused) or failed
    error: str = ""  # the one-line reason
    exit_code: int = 0
    duration_s: float = 0.0  # of the extraction, also for a cached report
    from_cache: bool = False  # also true for a failure remembered from an earlier run
    rows: dict[str, int] = field(default_factory=dict)
    load_error: str = ""  # --db: why loading this report failed
    db: str = ""  # --db: "loaded", "failed", or which input of the same report replaced it
    key: str = ""  # cache key

    @property
    def succeeded(self) -> bool:
        return self.status in ("ok", "cached")


CSV_COLUMNS = [
    "file",
    "sha256",
    "doc_id",
    "report_year",
    "folder",
    "status",
    "error",
    "exit_code",
    "duration_s",
    "from_cache",
    *[f"rows_{name}" for name in DATASETS],
    "load_error",
    "db",
]


def manifest_csv(rows: list[ManifestRow]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for r in rows:
        w.writerow(
            [
                safe_cell(r.file),  # a file named "=HYPERLINK(...)" is text, not a formula
                r.sha256,
                safe_cell(r.doc_id),
                "" if r.report_year is None else r.report_year,
                r.folder,
                r.status,
                safe_cell(r.error),
                r.exit_code,
                f"{r.duration_s:.3f}",
                "true" if r.from_cache else "false",
                *["" if not r.succeeded else r.rows.get(name, 0) for name in DATASETS],
                safe_cell(r.load_error),
                safe_cell(r.db),
            ]
        )
    return buf.getvalue()


def summary(rows: list[ManifestRow]) -> dict[str, int]:
    """Counts the CLI prints; every report is in exactly one of extracted, cached and failed.

    A failure remembered from an earlier run (the same encrypted file, say) counts as failed,
    not as cached, so the three add up to the total.
    """
    return {
        "total": len(rows),
        "extracted": sum(1 for r in rows if r.succeeded and not r.from_cache),
        "cached": sum(1 for r in rows if r.succeeded and r.from_cache),
        "failed": sum(1 for r in rows if not r.succeeded),
    }


def write_manifest(out: Path, rows: list[ManifestRow], pipeline_version: str) -> None:
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "pipeline_version": pipeline_version,
        "summary": summary(rows),
        "reports": [asdict(r) for r in rows],
    }
    atomic_write(out / MANIFEST_JSON, json.dumps(document, ensure_ascii=False, indent=1))
    atomic_write(out / MANIFEST_CSV, manifest_csv(rows))


def read_manifest(out: Path) -> list[ManifestRow]:
    """The rows of an earlier batch, or none if there is no readable manifest."""
    try:
        data = json.loads((Path(out) / MANIFEST_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return []
    rows = []
    items = data.get("reports", []) if isinstance(data, dict) else []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        known = {k: v for k, v in item.items() if k in ManifestRow.__dataclass_fields__}
        try:
            rows.append(ManifestRow(**known))
        except TypeError:  # a hand-edited row we cannot read is no row of ours
            continue
    return rows
