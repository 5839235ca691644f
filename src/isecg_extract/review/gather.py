"""What the review site shows, gathered from output folders: each document's rows, checks,
source file and sentences, and for a batch its manifest and years.

Reading is separate from rendering so that the site's content can be tested without HTML,
and so that a document whose source file is gone still gets its tables (without page images).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isecg_extract.compare.errors import NotAnOutputFolder
from isecg_extract.compare.folder import ReportData, is_report_folder, read_report_folder
from isecg_extract.corrections import PROVENANCE, id_column
from isecg_extract.write import DATASETS

BATCH_MANIFEST = "manifest.json"
EVIDENCE_TEXT = {
    "sections": ("title",),
    "agencies": ("name", "acronym"),
    "working_groups": ("name", "acronym"),
    "activities": ("sentence", "description"),
    "events": ("name", "acronym"),
    "publications": ("title",),
    "changes": ("sentence",),
    "mentions": ("text",),
}
"""Per table, the cells whose text is looked for on the page when a row has no box of its own:
a row is shown where the words that gave it are."""

CHECK_TABLES = {
    "member-count": ("agencies", "documents"),
    "no-members": ("agencies", "documents"),
    "new-agency": ("agencies",),
    "toc-without-heading": ("sections",),
    "heading-not-in-toc": ("sections",),
    "toc-page-mismatch": ("sections",),
    "activity-no-actor": ("activities",),
    "undated-change": ("changes",),
    "long-sentences": ("activities", "changes"),
    "no-report-year": ("documents",),
}
"""The tables a check's code is about, where its message names rows by their labels."""


@dataclass
class DocReview:
    """One document as the site shows it."""

    key: str  # the folder name under docs/ in the site
    report: ReportData
    source: Path | None  # the input file (PDF or text), checked against its SHA-256
    source_note: str = ""  # why there is no source, for the page
    kind: str = ""
    year: int | None = None
    checks_count: int = 0

    @property
    def doc_id(self) -> str:
        return self.report.doc_id

    @property
    def document(self) -> dict[str, Any]:
        return (self.report.rows("documents") or [{}])[0]

    @property
    def is_pdf(self) -> bool:
        return str(self.document.get("input_format") or "") == "pdf"

    def checks(self) -> list[dict[str, Any]]:
        """``report.json``'s checks, each with the rows (``table``, ``row_id``) it concerns."""
        raw = json.loads((self.report.folder / "report.json").read_text(encoding="utf-8"))
        out = []
        for check in raw.get("checks") or []:
            if not isinstance(check, dict):
                continue
            out.append({**check, "rows": self.rows_named_by(check)})
        return out

    def rows_named_by(self, check: dict[str, Any]) -> list[dict[str, str]]:
        """Rows a check names: by id or label in its message, within the tables its code is
        about (a correction's line names any table's row by its id)."""
        message = str(check.get("message") or "")
        code = str(check.get("code") or "")
        tables = CHECK_TABLES.get(code, tuple(DATASETS))
        found = []
        for table in tables:
            key = self.key_of(table)
            for row in self.report.rows(table):
                labels = {str(row.get(key) or "")}
                for col in ("acronym", "title", "name"):
                    labels.add(str(row.get(col) or ""))
                if any(_names(message, label) for label in labels if len(label) >= 3):
                    found.append({"table": table, "row_id": str(row.get(key) or "")})
        if not found and code in ("member-count", "no-members", "no-report-year"):
            found.append({"table": "documents", "row_id": self.doc_id})
        return found[:50]

    @staticmethod
    def key_of(table: str) -> str:
        spec = schema().get(table)
        return id_column(spec) if spec else "doc_id"


@functools.cache
def schema() -> dict[str, Any]:
    """The shipped tables' schema (``tables.json``): every table's fields and keys."""
    from isecg_extract.config import load_config

    return dict(load_config().tables["tables"])


def _names(message: str, label: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(label) + r"(?![\w-])", message) is not None


@dataclass
class BatchReview:
    """A batch output folder: its documents by year, and the folder for diffs and timeline."""

    folder: Path
    manifest: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Gathered:
    docs: list[DocReview]
    batches: list[BatchReview]


def gather(paths: list[Path], sources: list[Path] | None = None) -> Gathered:
    """Each path is one report's output folder or a batch output folder (its manifest names
    its reports and their input files). ``sources`` are input files to find sources among."""
    docs: list[DocReview] = []
    batches: list[BatchReview] = []
    by_sha = _hash_files(sources or [])
    used: set[str] = set()
    for path in paths:
        path = Path(path)
        if (path / BATCH_MANIFEST).is_file() and not is_report_folder(path):
            batch = BatchReview(path, _manifest(path))
            batches.append(batch)
            for item in batch.manifest:
                folder = str(item.get("folder") or "")
                if not folder or item.get("status") not in ("ok", "cached"):
                    continue
                docs.append(_doc(path / folder, used, by_sha, [Path(str(item.get("file") or ""))]))
            continue
        if not path.exists():
            from isecg_extract.errors import InputNotFound

            raise InputNotFound(str(path), "give an output folder of extract or batch")
        docs.append(_doc(path, used, by_sha, []))
    return Gathered(docs, batches)


def _manifest(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads((path / BATCH_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NotAnOutputFolder(str(path), f"unreadable {BATCH_MANIFEST}: {exc}") from None
    items = data.get("reports") if isinstance(data, dict) else None
    return [i for i in items or [] if isinstance(i, dict)]


def _doc(folder: Path, used: set[str], by_sha: dict[str, Path], hints: list[Path]) -> DocReview:
    report = read_report_folder(folder)
    key = _unique(re.sub(r"[^A-Za-z0-9._-]+", "_", folder.name).strip("._") or "doc", used)
    doc = DocReview(key, report, None)
    document = doc.document
    doc.kind = str(document.get("kind") or "")
    year = document.get("report_year")
    doc.year = int(year) if year not in (None, "") else None
    sha = str(document.get("source_sha256") or "")
    name = str(document.get("source_file") or "")
    candidates = [*hints, Path(name), folder.parent / name, folder / name]
    if sha in by_sha:
        doc.source = by_sha[sha]
        return doc
    for candidate in candidates:
        if name and candidate.is_file() and _sha256(candidate) == sha:
            doc.source = candidate
            return doc
    doc.source_note = (
        f"the input file {name or '(unnamed)'} (SHA-256 {sha[:12]}...) was not found: "
        "give it with --source to see the pages"
    )
    return doc


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{name}-{n}"
    used.add(candidate)
    return candidate


def _hash_files(paths: list[Path]) -> dict[str, Path]:
    return {_sha256(p): p for p in paths if Path(p).is_file()}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return ""
    return h.hexdigest()


def is_corrected(row: dict[str, Any]) -> bool:
    """A row a correction made or changed (its provenance says so)."""
    return str(row.get(PROVENANCE) or "").startswith("corrected")
