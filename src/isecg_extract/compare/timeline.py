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
import io
from collections import defaultdict
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
from isecg_extract.write import atomic_write, safe_cell

TIMELINE_CSV = "timeline.csv"
ENTITIES_CSV = "timeline-entities.csv"
EVENTS_CSV = "timeline-events.csv"
TIMELINE_PNG = "timeline.png"
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
    from isecg_extract.compare.diff import Registries, roster_changes

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


def timeline_csv(tl: Timeline) -> str:
    """One row per year. Counts are empty (unknown) for a year whose report does not list
    them; ``members_known`` and ``groups_known`` say why (listed, partial, not stated)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(
        [
            "report_year",
            "reports",
            "members",
            "active_groups",
            "members_joined",
            "members_left",
            "member_ids",
            "group_ids",
            "members_known",
            "groups_known",
            "members_replaced",
        ]
    )
    for r in tl.years:
        w.writerow(
            [
                r.report_year,
                ";".join(r.reports),
                _cell(r.member_count),
                _cell(r.group_count),
                ";".join(r.ids("joined")),
                ";".join(r.ids("left")),
                ";".join(sorted(r.members)),
                ";".join(sorted(r.groups)),
                r.members_known.state,
                r.groups_known.state,
                ";".join(sorted(r.ids("replaced") + r.ids("renamed"))),
            ]
        )
    return buf.getvalue()


def events_csv(tl: Timeline) -> str:
    """Every member and group event, per year: the rows ``diff`` gives for the two years."""
    columns = ["report_year", "category", "change", "old_id", "old", "new_id", "new", "evidence"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns)
    for r in tl.years:
        for c in r.events:
            w.writerow([r.report_year, *(getattr(c, k) for k in columns[1:])])
    return buf.getvalue()


def entities_csv(tl: Timeline) -> str:
    """One row per member or group: the report years it appears in, and what it became."""
    years: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in tl.years:
        for m in r.members:
            years[("member", m)].append(r.report_year)
        for g in r.groups:
            years[("group", g)].append(r.report_year)
    became: dict[tuple[str, str], tuple[str, str, int]] = {}
    for r in tl.years:
        for c in r.events:
            if c.change in ("replaced", "renamed", "merged") and c.old_id and c.new_id:
                kind = "member" if c.category == "members" else "group"
                if c.old_id != c.new_id:
                    became[(kind, c.old_id)] = (c.change, c.new_id, r.report_year)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(
        [
            "kind",
            "id",
            "label",
            "first_year",
            "last_year",
            "years",
            "became",
            "became_id",
            "became_year",
        ]
    )
    for (kind, eid), ys in sorted(years.items()):
        change, to, when = became.get((kind, eid), ("", "", ""))
        w.writerow(
            [
                kind,
                safe_cell(eid),
                safe_cell(tl.names.get((kind, eid), eid)),
                min(ys),
                max(ys),
                ";".join(map(str, ys)),
                change,
                to,
                when,
            ]
        )
    return buf.getvalue()


def timeline_png(tl: Timeline) -> bytes:
    """Counts per year above, each group's active years below."""
    fig = timeline_figure(tl)
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def timeline_figure(tl: Timeline) -> Any:
    """The chart as a matplotlib Figure. A count the report does not give has no bar but a
    "?" and the word "unknown" (never a bar of 0); a count it states without listing
    (partial) is a hatched bar. Below, a year whose report lists no groups is shaded, and a
    group's line crosses it dotted: it may or may not have been active then. A dashed arrow
    joins a renamed or merged group to the group it became."""
    import matplotlib

    matplotlib.use("Agg")  # no display: the chart is a file
    import matplotlib.pyplot as plt

    years = [r.report_year for r in tl.years]
    groups = sorted(
        {g for r in tl.years for g in r.groups},
        key=lambda g: (
            min(r.report_year for r in tl.years if g in r.groups),
            tl.names.get(("group", g), g),
        ),
    )
    fig, (top, bottom) = plt.subplots(
        2,
        1,
        figsize=(8, 3.2 + 0.3 * max(len(groups), 3)),
        gridspec_kw={"height_ratios": [1, max(len(groups), 3) / 6 + 0.6]},
    )
    width = 0.38
    xs = years  # real years: a year with no report shows as a gap
    tops: list[int] = []
    for offset, label, color, knowns in (
        (-width / 2, "members", "tab:blue", [r.members_known for r in tl.years]),
        (width / 2, "active groups", "tab:orange", [r.groups_known for r in tl.years]),
    ):
        shown = [(x + offset, k) for x, k in zip(xs, knowns, strict=True) if k.count is not None]
        bars = top.bar(
            [x for x, _ in shown],
            [k.count for _, k in shown],
            width,
            label=label,
            color=color,
        )
        for bar, (_, k) in zip(bars, shown, strict=True):
            if not k.listed:  # a count the report states but does not list
                bar.set_hatch("//")
                bar.set_alpha(0.6)
        top.bar_label(
            bars,
            [f"{k.count}" + ("" if k.listed else "*") for _, k in shown],
            padding=2,
            fontsize=8,
        )
        tops += [k.count for _, k in shown if k.count is not None]
        for x, k in zip(xs, knowns, strict=True):
            if k.count is None:  # no bar, not a bar of 0
                top.text(
                    x + offset, 0.5, "? unknown", ha="center", va="bottom", rotation=90,
                    color=color, fontsize=8,
                )  # fmt: skip
    top.set_xticks(xs, [str(y) for y in years])
    top.set_ylabel("count")
    top.set_ylim(0, max(tops + [1]) * 1.45)
    top.set_title("ISECG members and active working groups per report year")
    top.legend(loc="upper left", ncols=2, fontsize=8, frameon=False)
    if any(not r.members_known.listed or not r.groups_known.listed for r in tl.years):
        top.annotate(
            "? unknown: the report does not list them\n* stated by the report, not listed",
            (0.99, 0.97),
            xycoords="axes fraction",
            ha="right",
            va="top",
            fontsize=7,
        )
    unknown_years = [r.report_year for r in tl.years if not r.groups_known.listed]
    for y in unknown_years:
        bottom.axvspan(y - 0.4, y + 0.4, color="0.9", zorder=0)
        bottom.text(y, -0.6, "not stated", ha="center", va="top", fontsize=7, color="0.4")
    for i, g in enumerate(groups):
        present = [r.report_year for r in tl.years if g in r.groups]
        bottom.plot(present, [i] * len(present), "o", color="tab:orange")
        for a, b in zip(present, present[1:], strict=False):
            between = [y for y in years if a < y < b]
            if not between:
                bottom.plot([a, b], [i, i], "-", color="tab:orange")
            elif all(y in unknown_years for y in between):
                bottom.plot([a, b], [i, i], ":", color="tab:orange")
    # A rename or merge is one event: an arrow from the group to the one it became.
    row_of = {g: i for i, g in enumerate(groups)}
    for before, r in zip(tl.years, tl.years[1:], strict=False):
        for c in r.events:
            moved = c.category == "working_groups" and c.change in ("renamed", "merged")
            if moved and c.old_id in row_of and c.new_id in row_of:
                bottom.annotate(
                    "",
                    xy=(r.report_year, row_of[c.new_id]),
                    xytext=(before.report_year, row_of[c.old_id]),
                    arrowprops={"arrowstyle": "->", "color": "0.5", "linestyle": "--"},
                )
    bottom.set_yticks(range(len(groups)), [tl.names.get(("group", g), g) for g in groups])
    bottom.set_xticks(xs, [str(y) for y in years])
    bottom.set_xlim(min(years) - 0.6, max(years) + 0.6)
    top.set_xlim(min(years) - 0.6, max(years) + 0.6)
    bottom.set_ylim(-0.7, max(len(groups), 1) - 0.3)
    bottom.invert_yaxis()
    bottom.set_title("active working groups", fontsize=10)
    bottom.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def write_timeline(tl: Timeline, dest: Path) -> list[Path]:
    """Write the per-year table, the per-entity table and the chart into ``dest``."""
    dest = Path(dest)
    written = []
    for name, data in (
        (TIMELINE_CSV, timeline_csv(tl)),
        (ENTITIES_CSV, entities_csv(tl)),
        (EVENTS_CSV, events_csv(tl)),
        (TIMELINE_PNG, timeline_png(tl)),
    ):
        atomic_write(dest / name, data)
        written.append(dest / name)
    return written


def _read(path: Path) -> list[dict[str, str]]:
    from isecg_extract.write import allow_long_csv_fields, unguard

    if not path.is_file():
        return []
    allow_long_csv_fields()
    with path.open(encoding="utf-8", newline="") as f:  # cells as the writer guarded them
        return [{k: unguard(v or "") for k, v in row.items()} for row in csv.DictReader(f)]


def _cell(value: int | None) -> str:
    return "" if value is None else str(value)


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None
