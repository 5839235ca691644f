"""Read one report's output folder back: its tables and, when the batch wrote them, its sentences.

``diff`` works on folders rather than on a live Report so that last year's output can be
compared without extracting it again. ``report.json`` is read rather than the CSVs because
it holds the values themselves (numbers as numbers, no spreadsheet-formula guard).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isecg_extract.batch.worker import SENTENCES
from isecg_extract.compare.errors import NotAnOutputFolder

REPORT_JSON = "report.json"


@dataclass
class ReportData:
    """One extracted report as plain rows."""

    folder: Path
    doc_id: str
    report_year: int | None
    title: str
    tables: dict[str, list[dict[str, Any]]]
    sentences: list[dict[str, Any]] = field(default_factory=list)
    has_text: bool = False  # False: only the sentences the tables quote are known
    source: str = ""  # what the user named: the folder, or the input file extracted into it

    def rows(self, table: str) -> list[dict[str, Any]]:
        return self.tables.get(table, [])


def is_report_folder(path: Path) -> bool:
    return (Path(path) / REPORT_JSON).is_file()


def read_report_folder(path: Path) -> ReportData:
    """A folder written by ``extract`` or ``batch``; NotAnOutputFolder says what is wrong."""
    folder = Path(path)
    if (folder / "manifest.json").is_file() and not is_report_folder(folder):
        raise NotAnOutputFolder(
            str(folder), "this is a batch folder; give one report's folder inside it"
        )
    try:
        data = json.loads((folder / REPORT_JSON).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotAnOutputFolder(str(folder), f"no {REPORT_JSON}") from None
    except (OSError, ValueError, RecursionError) as exc:
        raise NotAnOutputFolder(str(folder), f"unreadable {REPORT_JSON}: {exc}") from None
    if not isinstance(data, dict) or "doc_id" not in data:
        raise NotAnOutputFolder(str(folder), f"{REPORT_JSON} has no doc_id")
    tables = {k: v for k, v in data.items() if isinstance(v, list)}
    documents = tables.get("documents") or [{}]
    year = documents[0].get("report_year")
    report = ReportData(
        folder=folder,
        doc_id=str(data["doc_id"]),
        report_year=int(year) if year not in (None, "") else None,
        title=str(documents[0].get("title") or ""),
        tables=tables,
        source=str(folder),
    )
    sentences = _read_sentences(folder / SENTENCES)
    if sentences is not None:
        report.sentences, report.has_text = sentences, True
    else:
        report.sentences = quoted_sentences(tables)
    return report


def quoted_sentences(tables: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The sentences the tables quote (changes, activities): all a plain ``extract`` keeps."""
    seen: set[str] = set()
    out = []
    for table in ("changes", "activities"):
        for row in tables.get(table, []):
            text = str(row.get("sentence") or "").strip()
            if text and text not in seen:
                seen.add(text)
                out.append(
                    {"text": text, "section_id": row.get("section_id", ""), "page": row.get("page")}
                )
    return out


def _read_sentences(path: Path) -> list[dict[str, Any]] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    sentences = data.get("sentences") if isinstance(data, dict) else None
    return sentences if isinstance(sentences, list) else None


def combine_year(reports: list[ReportData]) -> ReportData:
    """Several documents of one year read as one report: their rows side by side, each row
    with its own ``doc_id``, so ``stated.py`` can take each subject from the document that
    covers it best (the report's member list, the news post's join)."""
    if len(reports) == 1:
        return reports[0]
    first = sorted(reports, key=lambda r: (not _is_annual_report(r), r.doc_id))
    names = sorted({t for r in reports for t in r.tables})
    tables = {t: [row for r in first for row in r.rows(t)] for t in names}
    return ReportData(
        folder=first[0].folder,
        doc_id=", ".join(r.doc_id for r in first),
        report_year=first[0].report_year,
        title="; ".join(r.title for r in first if r.title),
        tables=tables,
        sentences=[s for r in first for s in r.sentences],
        has_text=all(r.has_text for r in first),
        source=", ".join(r.source for r in first),
    )


def _is_annual_report(report: ReportData) -> bool:
    """The year's annual report comes first among its documents (its id names the year)."""
    return any(d.get("kind") == "annual report" for d in report.rows("documents"))


def read_batch_year(batch: Path, year: int) -> ReportData:
    """Every document of ``year`` in a batch output folder, read as one report."""
    manifest = Path(batch) / "manifest.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        folders = [
            Path(batch) / str(r["folder"])
            for r in data["reports"]
            if r.get("status") in ("ok", "cached") and r.get("folder")
        ]
    except FileNotFoundError:
        raise NotAnOutputFolder(
            str(batch), "no manifest.json; give the folder batch wrote"
        ) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise NotAnOutputFolder(str(batch), f"manifest.json cannot be read: {exc}") from None
    reports = [read_report_folder(f) for f in folders if is_report_folder(f)]
    mine = [r for r in reports if r.report_year == year]
    if not mine:
        raise NotAnOutputFolder(str(batch), f"no document of {year} in this batch")
    return combine_year(mine)
