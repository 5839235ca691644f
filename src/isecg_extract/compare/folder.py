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
