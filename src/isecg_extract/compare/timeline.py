"""Members and active working groups per report year, over a batch's combined tables.

Read from ``OUT/all/`` so that it shows exactly what the batch extracted. Each year's tables
are read back as one report and classed as ``diff`` classes them (``stated.py``): a year whose
report lists no members has an unknown member count (an empty cell, "unknown"), not 0. The
events between consecutive years (joined, left, replaced, groups renamed, merged ...) are
``diff``'s own (``roster_changes``), so KARI giving way to KASA is one "replaced" event in
both. A group counts as active in a year if that year's report lists it as active and does
not itself say it was renamed or merged. Two inputs of the same year (a text and its PDF)
count once: their rows are read as one report.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isecg_extract.batch.combine import ALL
from isecg_extract.compare.changes import Change
from isecg_extract.compare.errors import NotAnOutputFolder
from isecg_extract.compare.folder import ReportData
from isecg_extract.compare.stated import (
    LISTED,
    NOT_STATED,
    Known,
    agency_ids_of,
    groups_known,
    members_known,
)
from isecg_extract.errors import InputNotFound

TABLES = ("documents", "agencies", "working_groups", "changes")
"""The datasets the timeline reads (from OUT/all/)."""
UNKNOWN = Known(NOT_STATED, frozenset(), None)


@dataclass
class YearRow:
    report_year: int
    reports: list[str] = field(default_factory=list)  # doc ids (folders if several)
    members: set[str] = field(default_factory=set)  # listed, or (partial) those stated
    groups: set[str] = field(default_factory=set)
    members_known: Known = UNKNOWN
    groups_known: Known = UNKNOWN
    events: list[Change] = field(default_factory=list)
    """Members' and groups' changes since the previous report year, as ``diff`` gives them."""

    @property
    def member_count(self) -> int | None:
        """How many members: listed, or the count the report states; None when unknown."""
        return self.members_known.count

    @property
    def group_count(self) -> int | None:
        return self.groups_known.count

    def ids(self, change: str, category: str = "members") -> list[str]:
        """The ids an event kind concerns: ``old>new`` for replaced and renamed ones."""
        out = []
        for c in self.events:
            if c.category != category or c.change != change:
                continue
            if change in ("joined", "created"):
                out.append(c.new_id)
            elif change in ("left", "dissolved"):
                out.append(c.old_id)
            elif c.old_id != c.new_id:
                out.append(f"{c.old_id}>{c.new_id}")
        return sorted(out)


@dataclass
class Timeline:
    years: list[YearRow]
    names: dict[tuple[str, str], str]  # (kind, id) -> label for charts
    skipped: int = 0  # reports with no year found

    def row(self, year: int) -> YearRow:
        return next(r for r in self.years if r.report_year == year)


def build_timeline(out: Path, cfg: Any = None) -> Timeline:
    """Read ``OUT/all/*.csv`` of a batch into one row per report year; ``cfg`` is a
    PipelineConfig (default: the installed one), whose registries link successors."""
    from isecg_extract.compare.roster import Registries, roster_changes

    out = Path(out)
    folder = out / ALL
    if not out.exists():
        raise InputNotFound(str(out), "give the folder `isecg-extract batch` wrote")
    if not (folder / "documents.csv").is_file():
        raise NotAnOutputFolder(
            str(out), f"no {ALL}/documents.csv; give the folder `isecg-extract batch` wrote"
        )
    if cfg is None:
        from isecg_extract.config import load_config

        cfg = load_config()
    regs = Registries.from_config(cfg)
    ids = set(regs.agencies.names)
    tables = {name: _read(folder / f"{name}.csv") for name in TABLES}
    year_of: dict[str, int] = {}
    rows: dict[int, YearRow] = {}
    skipped = 0
    for d in tables["documents"]:
        year = _int(d.get("report_year"))
        if year is None:
            skipped += 1
            continue
        row = rows.setdefault(year, YearRow(year))
        row.reports.append(d.get("report_folder") or d.get("doc_id", ""))
        year_of[d.get("report_folder", "")] = year
    reports = {year: _year_report(year, year_of, tables) for year in rows}
    names: dict[tuple[str, str], str] = {}
    previous: ReportData | None = None
    for year in sorted(rows):
        row, report = rows[year], reports[year]
        if previous is None:  # nothing to compare with
            row.members_known = members_known(report)
            row.groups_known = groups_known(report, agency_ids_of(report, registry=ids))
        else:
            row.events, _, stated = roster_changes(previous, report, regs)
            row.members_known = stated["members"]["new"]
            row.groups_known = stated["working_groups"]["new"]
        row.members, row.groups = set(row.members_known.ids), set(row.groups_known.ids)
        for a in report.rows("agencies"):
            names[("member", a["agency_id"])] = a.get("acronym") or a.get("name") or a["agency_id"]
        for g in report.rows("working_groups"):
            if g["wg_id"] in row.groups:
                names[("group", g["wg_id"])] = g.get("acronym") or g.get("name") or g["wg_id"]
        for kind, ids, reg in (
            ("member", row.members, regs.agencies),
            ("group", row.groups, regs.groups),
        ):
            for i in ids:
                names.setdefault((kind, i), reg.names.get(i) or i)
        previous = report
    return Timeline([rows[y] for y in sorted(rows)], names, skipped)


def _year_report(
    year: int, year_of: dict[str, int], tables: dict[str, list[dict[str, str]]]
) -> ReportData:
    """One year's rows as one report (two inputs of the same year count once)."""
    picked = {
        name: [r for r in rows if year_of.get(r.get("report_folder", "")) == year]
        for name, rows in tables.items()
    }
    picked["agencies"] = [r for r in picked["agencies"] if r.get("agency_id")]
    doc_id = picked["documents"][0].get("doc_id", "") if picked["documents"] else str(year)
    return ReportData(Path("."), doc_id or str(year), year, "", picked)


def timeline_lines(tl: Timeline) -> list[str]:
    """One line per year for people: counts, or "unknown" where the report does not list them."""
    return [
        f"{r.report_year}: {_say(r.members_known, 'members', 'member list')}, "
        f"{_say(r.groups_known, 'active groups', 'group list')}"
        for r in tl.years
    ]


def _say(known: Known, what: str, table: str) -> str:
    """ "26 members"; "27 members (stated; no member list)"; "members unknown (not stated)"."""
    if known.state == LISTED:
        return f"{known.count} {what}"
    if known.state == NOT_STATED:
        return f"{what} unknown (not stated)"
    named = f"; {len(known.ids)} named" if known.ids else ""
    if known.count is not None:
        return f"{known.count} {what} (stated; no {table}{named})"
    return f"{what} unknown (partly stated: no {table}{named})"


def _read(path: Path) -> list[dict[str, str]]:
    from isecg_extract.write import allow_long_csv_fields, unguard

    if not path.is_file():
        return []
    allow_long_csv_fields()
    with path.open(encoding="utf-8", newline="") as f:  # cells as the writer guarded them
        return [{k: unguard(v or "") for k, v in row.items()} for row in csv.DictReader(f)]


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None
