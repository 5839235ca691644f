"""Members and active working groups per report year, over a batch's combined tables.

Read from ``OUT/all/`` so that it shows exactly what the batch extracted. A group counts as
active in a year if that year's report lists it as active and does not itself say it was
renamed or merged (the same rule ``diff`` uses). Two inputs of the same year (a text and its
PDF) count once: the ids are unioned.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from isecg_extract.batch.combine import ALL
from isecg_extract.batch.errors import NotAnOutputFolder
from isecg_extract.write import atomic_write, safe_cell

TIMELINE_CSV = "timeline.csv"
ENTITIES_CSV = "timeline-entities.csv"
TIMELINE_PNG = "timeline.png"


@dataclass
class YearRow:
    report_year: int
    reports: list[str] = field(default_factory=list)  # doc ids (folders if several)
    members: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)


@dataclass
class Timeline:
    years: list[YearRow]
    names: dict[tuple[str, str], str]  # (kind, id) -> label for charts
    skipped: int = 0  # reports with no year found

    def row(self, year: int) -> YearRow:
        return next(r for r in self.years if r.report_year == year)


def build_timeline(out: Path) -> Timeline:
    """Read ``OUT/all/*.csv`` of a batch into one row per report year."""
    out = Path(out)
    folder = out / ALL
    if not (folder / "documents.csv").is_file():
        raise NotAnOutputFolder(
            str(out), f"no {ALL}/documents.csv; give the folder `isecg-extract batch` wrote"
        )
    documents = _read(folder / "documents.csv")
    by_year: dict[int, YearRow] = {}
    skipped = 0
    year_of: dict[str, int] = {}
    for d in documents:
        year = _int(d.get("report_year"))
        if year is None:
            skipped += 1
            continue
        row = by_year.setdefault(year, YearRow(year))
        row.reports.append(d.get("report_folder") or d.get("doc_id", ""))
        year_of[d.get("report_folder", "")] = year
    names: dict[tuple[str, str], str] = {}
    for a in _read(folder / "agencies.csv"):
        year = year_of.get(a.get("report_folder", ""))
        if year is not None and a.get("agency_id"):
            by_year[year].members.add(a["agency_id"])
            names[("member", a["agency_id"])] = a.get("acronym") or a.get("name") or a["agency_id"]
    superseded = defaultdict(set)
    for c in _read(folder / "changes.csv"):
        if c.get("kind") in ("renamed", "merged"):
            superseded[c.get("report_folder", "")].add(c.get("subject_id", ""))
    for g in _read(folder / "working_groups.csv"):
        where = g.get("report_folder", "")
        year = year_of.get(where)
        if year is None or g.get("status") != "active" or g.get("wg_id") in superseded[where]:
            continue
        by_year[year].groups.add(g["wg_id"])
        names[("group", g["wg_id"])] = g.get("acronym") or g.get("name") or g["wg_id"]
    return Timeline(sorted(by_year.values(), key=lambda r: r.report_year), names, skipped)


def timeline_csv(tl: Timeline) -> str:
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
        ]
    )
    previous: YearRow | None = None
    for r in tl.years:
        joined = sorted(r.members - previous.members) if previous else []
        left = sorted(previous.members - r.members) if previous else []
        w.writerow(
            [
                r.report_year,
                ";".join(r.reports),
                len(r.members),
                len(r.groups),
                ";".join(joined),
                ";".join(left),
                ";".join(sorted(r.members)),
                ";".join(sorted(r.groups)),
            ]
        )
        previous = r
    return buf.getvalue()


def entities_csv(tl: Timeline) -> str:
    """One row per member or group: the report years it appears in."""
    years: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in tl.years:
        for m in r.members:
            years[("member", m)].append(r.report_year)
        for g in r.groups:
            years[("group", g)].append(r.report_year)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["kind", "id", "label", "first_year", "last_year", "years"])
    for (kind, eid), ys in sorted(years.items()):
        w.writerow(
            [
                kind,
                safe_cell(eid),
                safe_cell(tl.names.get((kind, eid), eid)),
                min(ys),
                max(ys),
                ";".join(map(str, ys)),
            ]
        )
    return buf.getvalue()


def timeline_png(tl: Timeline) -> bytes:
    """Counts per year above, each group's active years below."""
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
    tops = []
    for offset, label, values in (
        (-width / 2, "members", [len(r.members) for r in tl.years]),
        (width / 2, "active groups", [len(r.groups) for r in tl.years]),
    ):
        bars = top.bar([x + offset for x in xs], values, width, label=label)
        top.bar_label(bars, padding=2, fontsize=8)
        tops += values
    top.set_xticks(xs, [str(y) for y in years])
    top.set_ylabel("count")
    top.set_ylim(0, max(tops + [1]) * 1.45)
    top.set_title("ISECG members and active working groups per report year")
    top.legend(loc="upper left", ncols=2, fontsize=8, frameon=False)
    for i, g in enumerate(groups):
        present = [r.report_year for r in tl.years if g in r.groups]
        bottom.plot(present, [i] * len(present), "o-", color="tab:orange")
    bottom.set_yticks(range(len(groups)), [tl.names.get(("group", g), g) for g in groups])
    bottom.set_xticks(xs, [str(y) for y in years])
    bottom.set_xlim(min(years) - 0.6, max(years) + 0.6)
    top.set_xlim(min(years) - 0.6, max(years) + 0.6)
    bottom.set_ylim(-0.7, len(groups) - 0.3)
    bottom.invert_yaxis()
    bottom.set_title("active working groups", fontsize=10)
    bottom.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def write_timeline(tl: Timeline, dest: Path) -> list[Path]:
    """Write the per-year table, the per-entity table and the chart into ``dest``."""
    dest = Path(dest)
    written = []
    for name, data in (
        (TIMELINE_CSV, timeline_csv(tl)),
        (ENTITIES_CSV, entities_csv(tl)),
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


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None
