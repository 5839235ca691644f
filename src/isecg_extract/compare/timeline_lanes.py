"""The timeline's lanes: one per member agency and one per working group, across report years.

People ask first "which agency was a member when, under which name". A lane answers it: an
agency replaced by its successor (KARI by KASA) or renamed keeps one lane, labelled with
every name it had; a group merged into another goes on in that one's lane (placed right above
it, joined to it at the merge); a year whose report does not state the membership is *unknown* on every
lane, never absent; a year with no report is no cell at all (a gap). The events on a lane are
``diff``'s own (``YearRow.events``), so the chart and ``diff`` never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from isecg_extract.compare.changes import Change
from isecg_extract.compare.timeline import Timeline

PRESENT, UNKNOWN, ABSENT = "present", "unknown", "absent"
CONTINUED = {"members": ("replaced", "renamed"), "working_groups": ("renamed",)}
"""Changes after which the new id continues the old one's lane (one seat, one group)."""


@dataclass
class Lane:
    kind: str  # "member" or "group"
    ids: list[str]  # in the order they held the lane
    label: str
    cells: dict[int, str] = field(default_factory=dict)  # report year -> PRESENT/UNKNOWN/ABSENT
    events: list[tuple[int, Change]] = field(default_factory=list)  # (report year, change)
    into: str = ""  # a merged group: the id of the group it went on in
    into_year: int | None = None  # the report year of the merge


def lanes(tl: Timeline, kind: str) -> list[Lane]:
    """The lanes of ``kind`` ("member" or "group"), ordered by first year present, then name."""
    category = "members" if kind == "member" else "working_groups"
    present = {r.report_year: (r.members if kind == "member" else r.groups) for r in tl.years}
    known = {
        r.report_year: (r.members_known if kind == "member" else r.groups_known) for r in tl.years
    }
    lane_of: dict[str, Lane] = {}
    order: list[Lane] = []

    def lane(eid: str) -> Lane:
        if eid not in lane_of:
            lane_of[eid] = Lane(kind, [eid], "")
            order.append(lane_of[eid])
        return lane_of[eid]

    for r in tl.years:
        for c in r.events:
            if c.category != category:
                continue
            if c.change in CONTINUED[category] and c.old_id and c.new_id and c.old_id != c.new_id:
                held = lane(c.old_id)
                if c.new_id in lane_of and lane_of[c.new_id] is not held:
                    other = lane_of[c.new_id]  # already seen on its own: fold it in
                    order.remove(other)
                    held.ids += [i for i in other.ids if i not in held.ids]
                    held.events += other.events
                    for i in other.ids:
                        lane_of[i] = held
                elif c.new_id not in held.ids:
                    held.ids.append(c.new_id)
                    lane_of[c.new_id] = held
            for eid in (c.old_id, c.new_id):
                if eid:
                    lane(eid)
            subject = c.new_id or c.old_id
            lane(subject).events.append((r.report_year, c))
            if c.change == "merged" and c.old_id and lane(c.old_id) is not lane(subject):
                lane(c.old_id).events.append((r.report_year, c))  # where the merged one ends
                lane(c.old_id).into, lane(c.old_id).into_year = c.new_id, r.report_year
        for eid in sorted(present[r.report_year]):
            lane(eid)
    for ln in order:
        for year, ids in present.items():
            if any(i in ids for i in ln.ids):
                ln.cells[year] = PRESENT
            elif not known[year].listed:
                ln.cells[year] = UNKNOWN  # the report does not say: not absent
            else:
                ln.cells[year] = ABSENT
        names = [tl.names.get((kind, i), i) for i in ln.ids]
        ln.label = " → ".join(dict.fromkeys(names))
    shown = [ln for ln in order if PRESENT in ln.cells.values()]

    def first(ln: Lane) -> tuple[int, str]:
        years = [y for y, s in ln.cells.items() if s == PRESENT]
        return (min(years), ln.label.lower())

    ordered = sorted(shown, key=first)
    # A merged group goes on in the group it merged into: its lane sits right above that one's,
    # and the chart joins the two at the merge (one continued lane, as a rename is).
    merged = [ln for ln in ordered if ln.into and ln.into in lane_of and lane_of[ln.into] in shown]
    for ln in merged:
        ordered.remove(ln)
    for ln in merged:
        ordered.insert(ordered.index(lane_of[ln.into]), ln)
    return ordered
