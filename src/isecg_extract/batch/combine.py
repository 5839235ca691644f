"""``OUT/all/<dataset>.csv``: every report's rows in one table per dataset.

Analysts compare years in one spreadsheet or one ``pandas.read_csv``, so each row gets the
``report_year`` of its report (the documents table has it already) and ``report_folder``, which
tells apart two inputs of the same year. Cells are copied as the writer wrote them, so the
spreadsheet-formula guard is neither lost nor applied twice.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

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
        buf = io.StringIO()
        w = csv.DictWriter(buf, columns, lineterminator="\r\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(records)
        atomic_write(out / ALL / f"{name}.csv", buf.getvalue())
        counts[name] = len(records)
    return counts


def _columns(header: list[str]) -> list[str]:
    """doc_id, report_year, the table's own columns, report_folder."""
    rest = [c for c in header if c not in ("doc_id", "report_year", "report_folder")]
    return ["doc_id", "report_year", *rest, "report_folder"]
