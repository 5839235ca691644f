"""The timeline's files: the per-year table, the per-entity and per-event tables, the chart.

Written into one folder (``OUT/timeline/`` by default), each file atomically.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

from isecg_extract.compare.timeline import Timeline
from isecg_extract.compare.timeline_chart import timeline_png, timeline_svg
from isecg_extract.write import atomic_write, output_errors, safe_cell

TIMELINE_CSV = "timeline.csv"
ENTITIES_CSV = "timeline-entities.csv"
EVENTS_CSV = "timeline-events.csv"
TIMELINE_PNG = "timeline.png"
TIMELINE_SVG = "timeline.svg"


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


def write_timeline(tl: Timeline, dest: Path) -> list[Path]:
    """Write the per-year table, the per-entity table and the chart (PNG and SVG) into ``dest``.

    A folder that cannot be written (read-only, full, under a file) is ``OutputUnwritable``
    naming ``dest``: status 20, as for ``extract``'s output folder.
    """
    dest = Path(dest)
    written = []
    files = (
        (TIMELINE_CSV, timeline_csv(tl)),
        (ENTITIES_CSV, entities_csv(tl)),
        (EVENTS_CSV, events_csv(tl)),
        (TIMELINE_PNG, timeline_png(tl)),
        (TIMELINE_SVG, timeline_svg(tl)),
    )
    with output_errors(dest):
        for name, data in files:
            atomic_write(dest / name, data)
            written.append(dest / name)
    return written


def _cell(value: int | None) -> str:
    return "" if value is None else str(value)
