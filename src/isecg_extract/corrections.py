"""Corrections recorded by hand in ``pipeline/corrections.csv``, applied to every extraction.

A user who finds a wrong or missing row records the fix once, keyed by ``doc_id`` and the
row's id, and every later ``extract``, ``batch`` and ``load`` applies it: a row is dropped, a
value replaced, or a row added. Each row a correction touches says so in its ``provenance``
column (``corrected by hand: <note>``); the others say ``extracted``. Applying the same
corrections twice changes nothing, so ``load`` can apply them again to folders extracted
before a correction was written.

File columns: ``doc_id, table, row_id, action, column, value, note``. ``action`` is ``drop``
(column and value empty), ``replace`` (set ``column`` to ``value``) or ``add`` (one line per
column of the new row; the row id is ``row_id``). See docs/datasets.md.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from isecg_extract.config_files import read_config_text
from isecg_extract.errors import ConfigError

FILE = "corrections.csv"
COLUMNS = ["doc_id", "table", "row_id", "action", "column", "value", "note"]
ACTIONS = ("drop", "replace", "add")
PROVENANCE = "provenance"
EXTRACTED = "extracted"

YEARS = (1900, 2200)
"""The years a correction may set in a year column (``year``, ``report_year``): ISECG dates
from 2007 and its reports plan a few years ahead, so a year outside is a typo (``20266``, or
``10^23``, which ``int()`` takes and a database refuses). Such a line is a warning and is not
applied; the pipeline's settings hold no year bounds to read instead."""

MONTHS = (1, 12)
"""The months a correction may set in a ``month`` column."""

INTEGERS = (-(2**63), 2**63 - 1)
"""What an integer column holds in a database (64 bits): ``load`` refuses anything wider."""


@dataclass(frozen=True)
class Correction:
    doc_id: str
    table: str
    row_id: str
    action: str
    column: str
    value: str
    note: str
    line: int  # in corrections.csv, for messages

    def where(self) -> str:
        return f"{FILE} line {self.line}"


def read_corrections(root: Path, tables: Mapping[str, Any]) -> list[Correction]:
    """The corrections under ``root`` (a pipeline/ folder), checked against the table schemas.

    A missing file means no corrections; a malformed one is a ConfigError naming the line.
    """
    path = Path(root) / FILE
    if not os.path.lexists(path):
        return []
    text = read_config_text(path, "utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    if list(reader.fieldnames or []) != COLUMNS:
        raise ConfigError(str(path), f"the header must be {','.join(COLUMNS)}")
    out = []
    for record in reader:
        c = Correction(**{k: (record.get(k) or "").strip() for k in COLUMNS}, line=reader.line_num)
        problem = _problem(c, tables)
        if problem:
            raise ConfigError(str(path), f"line {c.line}: {problem}")
        out.append(c)
    return out


def _problem(c: Correction, tables: Mapping[str, Any]) -> str:
    if not c.doc_id or not c.table or not c.row_id:
        return "doc_id, table and row_id are required"
    if c.action not in ACTIONS:
        return f"action {c.action!r} is not one of {', '.join(ACTIONS)}"
    spec = tables.get(c.table)
    if spec is None:
        return f"no table {c.table!r}; tables: {', '.join(tables)}"
    names = [f[0] for f in spec["fields"]]
    if c.action == "drop":
        return "" if not c.column else "drop takes no column"
    if c.column not in names:
        return f"{c.table} has no column {c.column!r}"
    if c.column in spec["primaryKey"] or c.column == PROVENANCE:
        return f"{c.column} is set by the correction itself; it cannot be given"
    kind = dict((f[0], f[1]) for f in spec["fields"])[c.column]
    try:
        convert(c.value, kind)
    except ValueError as exc:
        return f"{c.column}: {exc}"
    return ""


def convert(value: str, kind: str) -> Any:
    """A value from the file as its column's type (empty is None)."""
    if value == "":
        return None
    if kind in ("integer", "year"):
        try:
            return int(value)
        except ValueError:
            raise ValueError(f"{value!r} is not an integer") from None
    if kind == "number":
        return float(value)
    if kind == "boolean":
        if value.lower() in ("true", "1", "yes"):
            return True
        if value.lower() in ("false", "0", "no"):
            return False
        raise ValueError(f"{value!r} is not true or false")
    return value


def id_column(spec: Mapping[str, Any]) -> str:
    """The column that identifies a row within its report: the key beside doc_id."""
    rest = [k for k in spec["primaryKey"] if k != "doc_id"]
    return rest[0] if rest else "doc_id"


def impossible(column: str, kind: str, value: Any) -> str:
    """Why ``value`` cannot be in ``column`` (of type ``kind``), or "" when it can.

    Checked when a correction is applied, not when the file is read: the line is then a
    warning naming it, and the rest of the corrections still apply.
    """
    if isinstance(value, float):
        return "" if math.isfinite(value) else "not a finite number"
    if not isinstance(value, int) or isinstance(value, bool):
        return ""  # text and booleans: any value the column's type takes can be
    a_year = kind == "year" or column == "year" or column.endswith("_year")
    if a_year and not YEARS[0] <= value <= YEARS[1]:
        return f"not a year from {YEARS[0]} to {YEARS[1]}"
    if not INTEGERS[0] <= value <= INTEGERS[1]:
        return "does not fit a 64-bit integer"
    if column == "month" and not MONTHS[0] <= value <= MONTHS[1]:
        return f"not a month from {MONTHS[0]} to {MONTHS[1]}"
    return ""


class _TableIndex:
    """One table's rows by id, so each correction finds its rows at once: looking them up
    by scanning the table cost the number of corrections times the rows (300,000 corrections
    took over ten minutes). Dropped rows are left out once, at the end."""

    def __init__(self, rows: list[dict[str, Any]], spec: Mapping[str, Any]) -> None:
        self.key = id_column(spec)
        self.kinds = {f[0]: f[1] for f in spec["fields"]}
        self.fields = [f[0] for f in spec["fields"]]
        self.by_id: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            self.by_id.setdefault(str(row.get(self.key)), []).append(row)
        self.dropped: set[int] = set()  # id() of rows dropped; they stay in the list till then


def _no_row(c: Correction, doc_id: str, key: str) -> str:
    return (
        f"{c.where()}: {c.table} of {doc_id} has no row {key}={c.row_id}; "
        "the correction was not applied"
    )


def corrections_of(doc_id: str, sha256: str, corrections: Iterable[Correction]) -> list[Correction]:
    """The corrections of one input, keyed by its id or by the id ``batch`` gives it when it
    keeps it apart from another document of its year (``<doc_id>-<first 8 hex of its SHA-256>``,
    batch/identity.py), all under ``doc_id``."""
    own = f"{doc_id}-{sha256[:8]}" if sha256 else doc_id
    return [
        replace(c, doc_id=doc_id) if c.doc_id == own else c
        for c in corrections
        if c.doc_id in (doc_id, own)
    ]


def apply_corrections(
    doc_id: str,
    tables: dict[str, list[dict[str, Any]]],
    corrections: Iterable[Correction],
    schema: Mapping[str, Any],
) -> list[str]:
    """Apply the corrections of ``doc_id`` to ``tables`` in place; return what was not applied.

    ``schema`` is ``tables.json``'s ``tables``. Rows no correction touches get provenance
    ``extracted`` (where the table has the column and the row has none yet). A correction
    whose row is not there (a drop or a replace), or whose value cannot be (a year of 10^23),
    is not applied and is returned as a warning naming its line. Linear in the corrections
    and the rows.
    """
    unapplied: list[str] = []
    indexes: dict[str, _TableIndex] = {}
    for c in corrections:
        if c.doc_id != doc_id or c.table not in tables or c.table not in schema:
            continue
        index = indexes.get(c.table)
        if index is None:
            index = indexes[c.table] = _TableIndex(tables[c.table], schema[c.table])
        key = index.key
        found = index.by_id.get(c.row_id, [])
        label = f"corrected by hand: {c.note}" if c.note else "corrected by hand"
        if c.action == "drop":
            if not found:
                unapplied.append(_no_row(c, doc_id, key))  # a mistyped id is not ignored
            index.dropped.update(id(r) for r in index.by_id.pop(c.row_id, []))
            continue
        kind = index.kinds.get(c.column)
        if kind is None:  # outputs of an older contract, without the column
            unapplied.append(f"{c.where()}: {c.table} has no column {c.column}; not applied")
            continue
        value = convert(c.value, kind)
        problem = impossible(c.column, kind, value)
        if problem:
            unapplied.append(
                f"{c.where()}: {c.column} {c.value}: {problem}; the correction was not applied"
            )
            continue
        if c.action == "replace":
            if not found:
                unapplied.append(_no_row(c, doc_id, key))
            for r in found:
                r[c.column] = value
                r[PROVENANCE] = label
            continue
        if not found:  # add: the first line of a new row makes it, later ones fill it
            row: dict[str, Any] = dict.fromkeys(index.fields)
            row.update({"doc_id": doc_id, key: c.row_id})
            tables[c.table].append(row)
            found = index.by_id[c.row_id] = [row]
        for r in found:
            r[c.column] = value
            r[PROVENANCE] = label
    for name, index in indexes.items():
        if index.dropped:
            tables[name] = [r for r in tables[name] if id(r) not in index.dropped]
    for name, rows in tables.items():
        spec = schema.get(name)
        if spec and any(f[0] == PROVENANCE for f in spec["fields"]):
            for r in rows:
                if not r.get(PROVENANCE):
                    r[PROVENANCE] = EXTRACTED
    return unapplied
