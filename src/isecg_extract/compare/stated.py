"""What a report tells about its members and its working groups: all of them, part, or nothing.

An empty table is not an empty membership. An older report may have no member list (or the
extraction found none): set arithmetic on an empty table says every member left, and a count
says 0 members. So ``diff`` and ``timeline`` first class each report, per subject:

- ``listed``: the report has the list (``agencies`` rows from a member table, annex, TOC, list
  or prose roster, about as many as the count it states; ``working_groups`` rows other than
  outside bodies), so what is not in it is not there;
- ``partial``: no such list, but the report states something: members it names in passing
  (``agencies.source`` ``change`` or ``mention``), its member count
  (``documents.stated_member_count``) or joins and departures, groups established, renamed or
  merged (``changes``). What it states is known; the rest is not;
- ``not stated``: neither.

Only the tables decide, never a report's wording, so the rule holds for any year.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from isecg_extract.compare.folder import ReportData

LISTED = "listed"
PARTIAL = "partial"
NOT_STATED = "not stated"

MEMBER_KINDS = ("joined", "left")
GROUP_KINDS = ("established", "merged")
MOVED_KINDS = ("renamed", "merged")
"""Changes whose subject group lives on under another id (no longer active itself)."""


@dataclass(frozen=True)
class Known:
    """How much a report tells about one subject (members or active groups)."""

    state: str  # LISTED, PARTIAL or NOT_STATED
    ids: frozenset[str]  # listed: all of them; partial: those it states; else none
    count: int | None  # listed: how many; partial: the count it states, if any; else None

    @property
    def listed(self) -> bool:
        return self.state == LISTED


def is_member_change(change: dict[str, Any], agency_ids: Collection[str]) -> bool:
    """A change about a member: a join, a departure, or an agency's rename."""
    kind = change.get("kind")
    if kind in MEMBER_KINDS:
        return True
    return kind == "renamed" and (
        change.get("subject_id") in agency_ids or change.get("object_id") in agency_ids
    )


def is_group_change(change: dict[str, Any], agency_ids: Collection[str]) -> bool:
    """A change about a working group: established, merged, or renamed (not an agency)."""
    kind = change.get("kind")
    if kind in GROUP_KINDS:
        return True
    return kind == "renamed" and not is_member_change(change, agency_ids)


def agency_ids_of(*reports: ReportData, registry: Collection[str] = ()) -> set[str]:
    """Every id that names an agency: the registry's and the reports' own."""
    ids = set(registry)
    for r in reports:
        ids |= {str(a.get("agency_id")) for a in r.rows("agencies") if a.get("agency_id")}
    return ids


ROSTER_SOURCES = frozenset({"table", "annex", "toc", "list", "prose"})
"""``agencies.source`` values that list members as such; ``change`` and ``mention`` rows are
members a text names in passing (a news post, an excerpt), not its whole membership."""


def members_known(report: ReportData) -> Known:
    """The report's members: its roster, else what it states, else nothing."""
    rows = [r for r in report.rows("agencies") if r.get("agency_id")]
    listed = {str(r["agency_id"]) for r in rows}
    count = stated_member_count(report)
    # Outputs from before the source column count as a roster.
    roster = {str(r["agency_id"]) for r in rows if r.get("source", "table") in ROSTER_SOURCES}
    whole = roster and (count is None or len(listed) >= 0.8 * count)
    if whole:
        return Known(LISTED, frozenset(listed), len(listed))
    joined, left = _subjects(report, "joined"), _subjects(report, "left")
    if listed or joined or left or count is not None:
        return Known(PARTIAL, frozenset((listed | joined) - left), count)
    return Known(NOT_STATED, frozenset(), None)


def groups_known(report: ReportData, agency_ids: Collection[str]) -> Known:
    """The report's active groups: from its group list, else from the group changes it states."""
    if any(r.get("status") != "external" for r in report.rows("working_groups")):
        active = frozenset(active_groups(report))
        return Known(LISTED, active, len(active))
    stated = [c for c in report.rows("changes") if is_group_change(c, agency_ids)]
    if not stated:
        return Known(NOT_STATED, frozenset(), None)
    came = {str(c.get("subject_id")) for c in stated if c.get("kind") == "established"}
    came |= {str(c.get("object_id")) for c in stated if c.get("kind") in MOVED_KINDS}
    gone = {str(c.get("subject_id")) for c in stated if c.get("kind") in MOVED_KINDS}
    return Known(PARTIAL, frozenset(came - gone - {"", "None"}), None)


def active_groups(report: ReportData) -> dict[str, dict[str, Any]]:
    """Groups with status active that the report does not itself say were renamed or merged."""
    gone = {c.get("subject_id") for c in report.rows("changes") if c.get("kind") in MOVED_KINDS}
    return {
        r["wg_id"]: r
        for r in report.rows("working_groups")
        if r.get("status") == "active" and r["wg_id"] not in gone
    }


def stated_member_count(report: ReportData) -> int | None:
    """The member count the report states in its text (documents.stated_member_count)."""
    for d in report.rows("documents"):
        value = d.get("stated_member_count")
        try:
            return int(str(value))
        except ValueError:
            continue
    return None


def _subjects(report: ReportData, kind: str) -> set[str]:
    return {
        str(c["subject_id"])
        for c in report.rows("changes")
        if c.get("kind") == kind and c.get("subject_id")
    }
