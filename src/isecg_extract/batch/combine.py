"""``OUT/all/<dataset>.csv``: every report's rows in one table per dataset.

Analysts compare years in one spreadsheet or one ``pandas.read_csv``, so each row gets the
``report_year`` of its report (the documents table has it already) and ``report_folder``, which
tells apart two inputs of the same year. Cells are copied as the writer wrote them, so the
spreadsheet-formula guard is neither lost nor applied twice. ``all/datapackage.json`` describes
the combined tables as the reports' own data packages do, with ``report_folder`` added to every
key (two inputs of one year share their ``doc_id``), so Frictionless tools validate and load it.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from isecg_extract.batch.manifest import ManifestRow
from isecg_extract.write import DATASETS, allow_long_csv_fields, atomic_write

ALL = "all"


def combine(out: Path, rows: list[ManifestRow]) -> dict[str, int]:
    """Write ``OUT/all/<dataset>.csv`` from the successful reports; returns rows per dataset."""
    from isecg_extract.batch.publish import unlink_if_symlink

    allow_long_csv_fields()
    unlink_if_symlink(out / ALL)  # written into, a link to elsewhere would write outside OUT
    reports = [r for r in rows if r.succeeded and r.folder]
    counts = {}
    headers: dict[str, list[str]] = {}
    for name in DATASETS:
        header: list[str] = []
        records: list[dict[str, str]] = []
        for r in reports:
            path = out / r.folder / f"{name}.csv"
            if not path.is_file() or path.is_symlink() or (out / r.folder).is_symlink():
                continue
            with path.open(encoding="utf-8", newline="") as f:
                reader = csv.DictReader(f)
                for col in reader.fieldnames or []:
                    if col not in header:
                        header.append(col)
                year = "" if r.report_year is None else str(r.report_year)
                for rec in reader:
                    rec.setdefault("report_year", year)
                    if not rec["report_year"]:
                        rec["report_year"] = year
                    rec["report_folder"] = r.folder
                    records.append(rec)
        columns = _columns(header)
        headers[name] = columns
        buf = io.StringIO()
        w = csv.DictWriter(buf, columns, lineterminator="\r\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(records)
        atomic_write(out / ALL / f"{name}.csv", buf.getvalue())
        counts[name] = len(records)
    package = combined_datapackage([out / r.folder for r in reports], headers)
    target = out / ALL / "datapackage.json"
    if package is None:
        target.unlink(missing_ok=True)
    else:
        atomic_write(target, json.dumps(package, ensure_ascii=False, indent=1))
    return counts


def combined_datapackage(
    folders: list[Path], headers: dict[str, list[str]]
) -> dict[str, Any] | None:
    """The data package of ``all/``, from the first report's own; None if there is no report."""
    source = None
    for folder in folders:
        try:
            source = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
            break
        except (OSError, ValueError):
            continue
    if not isinstance(source, dict):
        return None
    resources = []
    for res in source.get("resources", []):
        name = res.get("name")
        if name not in headers:
            continue
        schema = res.get("schema", {})
        types = {f["name"]: f for f in schema.get("fields", [])}
        extra = {
            "report_year": {
                "name": "report_year",
                "type": "integer",
                "description": "Year the report covers",
            },
            "report_folder": {
                "name": "report_folder",
                "type": "string",
                "description": "The report's folder in this batch; tells apart inputs of one year",
            },
        }
        fields = [
            types.get(c) or extra.get(c) or {"name": c, "type": "string"} for c in headers[name]
        ]
        combined: dict[str, Any] = {
            "fields": fields,
            "primaryKey": [*schema.get("primaryKey", []), "report_folder"],
        }
        if schema.get("missingValues"):
            combined["missingValues"] = schema["missingValues"]
        keys = []
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            keys.append(
                {
                    "fields": [*fk["fields"], "report_folder"],
                    "reference": {
                        "resource": ref["resource"],
                        "fields": [*ref["fields"], "report_folder"],
                    },
                }
            )
        if keys:
            combined["foreignKeys"] = keys
        resources.append({**res, "path": f"{name}.csv", "schema": combined})
    return {
        **{k: v for k, v in source.items() if k not in ("name", "title", "resources")},
        "name": "isecg-extract-batch",
        "title": f"ISECG annual reports: {len(folders)} combined",
        "resources": resources,
    }


def _columns(header: list[str]) -> list[str]:
    """doc_id, report_year, the table's own columns, report_folder."""
    rest = [c for c in header if c not in ("doc_id", "report_year", "report_folder")]
    return ["doc_id", "report_year", *rest, "report_folder"]
