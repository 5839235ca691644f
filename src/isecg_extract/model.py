"""The data that travels between stages.

Every stage takes and returns plain dataclasses so that any intermediate result can be dumped
as JSON (``--keep-intermediate``) and read by a person. Geometry fields are ``None`` for text
input; ``page`` is always the physical (1-based) page, ``printed_page`` the number the report
prints there when known.
"""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass, field
from typing import Any

SCHEMA_NAME = "isecg-extract/report"
SCHEMA_VERSION = "2.0.0"

BBox = tuple[float, float, float, float]


@dataclass
class Line:
    """One line of text in reading order, the unit every input is reduced to."""

    text: str
    page: int
    printed_page: int | None = None
    bbox: BBox | None = None
    font_size: float | None = None
    bold: bool = False
    italic: bool = False
    gap_before: bool = False
    indent: int = 0
    cells: list[str] | None = None
    heading_rank: int | None = None  # 1 = largest heading font on a PDF; None for body text
    column: int = 0  # 0 or 1 on a two-column page; -1 for a full-width line there
    cell_x: list[float] | None = None  # left edges of the cells after the first (PDF tables)
    word_x: list[float] | None = None  # left edge of each space-separated word (PDF)
    word_end: list[float] | None = None  # right edge of each of those words (PDF)
    notes: list[str] | None = None  # footnote markers taken off the text ("1", "*")


@dataclass
class Page:
    number: int
    printed_page: int | None = None
    width: float | None = None
    height: float | None = None
    lines: list[Line] = field(default_factory=list)


@dataclass
class PageRun:
    """Consecutive pages read by one ingest worker, with what the document checks need."""

    pages: list[Page] = field(default_factory=list)
    chars: int = 0  # characters on these pages (none at all: a scan)
    objects: int = 0  # drawn objects, where the engine counts them (none at all: blank pages)
    parser_log: list[str] = field(default_factory=list)  # what the parser logged, read elsewhere


@dataclass
class RawDocument:
    """Output of ingest: the pages of one input, in reading order."""

    source_file: str
    source_sha256: str
    input_format: str  # "pdf" or "text"
    pages: list[Page]
    metadata: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[Line]:
        return [line for page in self.pages for line in page.lines]


@dataclass
class TocEntry:
    title: str
    page: int | None
    level: int | None = None
    dotted: bool = False


@dataclass
class Section:
    section_id: str
    title: str
    level: int
    parent_id: str = ""
    page: int | None = None
    physical_page: int | None = None
    toc_page: int | None = None
    order: int = 0
    bbox: BBox | None = None
    in_toc: bool = True


@dataclass
class Block:
    """A paragraph, list item or table row, with where it sits in the report."""

    kind: str  # "paragraph", "list_item", "table_row", "front_matter", "heading", "toc_entry"
    text: str
    section_id: str
    page: int | None  # printed page when known
    physical_page: int
    char_start: int = 0
    char_end: int = 0
    list_level: int = 0
    cells: list[str] | None = None
    table_id: str = ""
    bbox: BBox | None = None
    emphasis: list[tuple[int, int]] = field(default_factory=list)  # italic or linked titles


@dataclass
class Table:
    table_id: str
    section_id: str
    rows: list[list[str]]
    pages: list[int]
    row_pages: list[int | None] = field(default_factory=list)
    row_bboxes: list[BBox | None] = field(default_factory=list)


@dataclass
class FrontMatter:
    title: str = ""
    publisher: str = ""
    published: str = ""  # YYYY-MM
    report_year: int | None = None
    lines: list[str] = field(default_factory=list)


@dataclass
class Structure:
    """Output of the structure stage: what the report says, organised by section."""

    front: FrontMatter
    toc: list[TocEntry]
    sections: list[Section]
    blocks: list[Block]
    tables: list[Table]
    text: str  # the body text; every char offset in later stages points into it

    def section(self, section_id: str) -> Section | None:
        # Not a field, so it stays out of the JSON dump; rebuilt if sections were added. Keyed
        # on the list's length, not the index's: repeated ids would make those differ forever.
        cached = self.__dict__.get("_index")
        if cached is None or cached[0] != len(self.sections):
            cached = (len(self.sections), {s.section_id: s for s in self.sections})
            self.__dict__["_index"] = cached
        return cached[1].get(section_id)


@dataclass
class Sentence:
    text: str
    char_start: int
    char_end: int
    section_id: str
    page: int | None
    physical_page: int
    block_index: int


@dataclass
class Mention:
    entity_type: str  # agency, working_group, event, publication
    entity_id: str
    text: str
    char_start: int
    char_end: int
    section_id: str
    page: int | None
    physical_page: int
    label: str = ""  # the ruler label that produced it
    year: int | None = None  # an adjacent year ("IAC 2026", "GER 2024")
    sentence_index: int = -1
    known: bool = True  # False when found by a pattern, not the registry


@dataclass
class ActivityCandidate:
    actor: str
    actor_source: str
    year: int | None
    description: str
    partners: list[str]
    events: list[str]
    trigger: str
    sentence: str
    sentence_index: int
    section_id: str
    page: int | None
    physical_page: int
    char_start: int
    char_end: int


@dataclass
class ChangeCandidate:
    kind: str
    subject: str  # entity id or the raw name
    object: str
    year: int | None
    sentence: str
    sentence_index: int
    section_id: str
    page: int | None
    planned: bool = False  # announced for later ("will assume the chair in 2010")
    holds: bool = False  # says who holds the chair, no change ("JAXA chaired ISECG in 2008")


@dataclass
class EventCandidate:
    series_id: str
    acronym: str
    name: str
    year: int | None
    month: int | None
    location: str
    section_id: str
    page: int | None
    known: bool = True


@dataclass
class PublicationCandidate:
    title: str
    year: int | None
    identifier: str
    source: str  # list, registry, quoted
    registry_id: str
    section_id: str
    page: int | None


@dataclass
class NlpResult:
    """Output of the NLP stage: everything found in the text, before canonical ids."""

    sentences: list[Sentence]
    mentions: list[Mention]
    activities: list[ActivityCandidate]
    changes: list[ChangeCandidate]
    events: list[EventCandidate]
    publications: list[PublicationCandidate]
    stated_member_count: int | None = None
    model: str = "blank:en"


@dataclass
class Check:
    """A consistency finding that travels with the output and is printed as a warning."""

    code: str
    message: str
    severity: str = "warning"


@dataclass
class Report:
    """Output of the normalise stage: the contract's tables as lists of row dicts."""

    doc_id: str
    tables: dict[str, list[dict[str, Any]]]
    checks: list[Check] = field(default_factory=list)
    schema_version: str = SCHEMA_VERSION
    columns: dict[str, list[str]] = field(default_factory=dict)  # contract order per table
    types: dict[str, dict[str, str]] = field(default_factory=dict)  # contract type per column

    def __repr__(self) -> str:
        """One line: the id and each table's row count. The dataclass's own repr printed every
        row (108 kB for the sample report), which floods a notebook cell or a log line."""
        counts = ", ".join(f"{name}={len(rows)}" for name, rows in self.tables.items())
        return (
            f"Report(doc_id={self.doc_id!r}, schema_version={self.schema_version!r}, "
            f"rows: {counts or 'none'}, checks={len(self.checks)})"
        )

    def frames(self) -> dict[str, Any]:
        """The tables as pandas DataFrames, columns in contract order."""
        return {name: self.frame(name) for name in self.tables}

    def frame(self, name: str) -> Any:
        """One table as a DataFrame with the contract's types.

        Integer columns that may be empty (``events.month``, ``sections.toc_page``) are
        pandas' nullable ``Int64``, not floats with NaN, so 3 stays 3 and an empty cell is
        ``<NA>``; booleans are the nullable ``boolean``.
        """
        import pandas as pd

        df = pd.DataFrame(self.tables[name], columns=self.columns.get(name) or None)
        for column, kind in self.types.get(name, {}).items():
            dtype = _PANDAS_TYPES.get(kind)
            if dtype and column in df.columns:
                # A value of another type: keep the column as the rows have it.
                with contextlib.suppress(TypeError, ValueError):
                    df[column] = df[column].astype(dtype)
        return df

    def __getattr__(self, name: str) -> Any:
        # report.agencies -> DataFrame, the shape the Python API promises.
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return self.frame(name)
        raise AttributeError(name)


_PANDAS_TYPES = {"integer": "Int64", "year": "Int64", "boolean": "boolean"}


def to_jsonable(obj: Any) -> Any:
    """Dataclasses to dicts, recursively, so any stage output can be written as JSON."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    return obj
