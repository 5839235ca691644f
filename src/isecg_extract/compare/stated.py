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

Outputs of contract 2.1 on say in ``documents`` what each document covers
(``members_coverage``, ``groups_coverage``: ``normalise/document.py``), and a report here may
be several documents of one year read together (``combine_year``): then the fullest document
that covers a subject in full gives the list, the others add only what they state (joins,
departures, groups established), and a year none of whose documents lists the subject is
``partial`` or ``not stated``, never a list.
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


def _covers(report: ReportData, column: str) -> list[dict[str, Any]] | None:
    """The documents that cover ``column`` in full, or None for outputs that do not say."""
    docs = report.rows("documents")
    if not docs or not all(column in d for d in docs):
        return None
    full = [d for d in docs if d.get(column) == "full"]
    return sorted(full, key=lambda d: (-_number(d.get("listed_member_count")), _kind_rank(d)))


def _kind_rank(doc: dict[str, Any]) -> int:
    """Of two equally full documents, the annual report speaks for the year."""
    return 0 if doc.get("kind") == "annual report" else 1


def _number(value: Any) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def _of_doc(rows: list[dict[str, Any]], doc_id: str) -> list[dict[str, Any]]:
    return [r for r in rows if r.get("doc_id", doc_id) == doc_id]


def members_known(report: ReportData) -> Known:
    """The report's members: its roster, else what it states, else nothing."""
    full = _covers(report, "members_coverage")
    if full is not None:
        return _members_by_coverage(report, full)
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


def _members_by_coverage(report: ReportData, full: list[dict[str, Any]]) -> Known:
    """Members from documents that say what they cover: the fullest full roster, with the joins
    and departures the year's other documents state; else what the documents name."""
    rows = [r for r in report.rows("agencies") if r.get("agency_id")]
    joined, left = _subjects(report, "joined"), _subjects(report, "left")
    if full:
        doc_id = str(full[0].get("doc_id"))
        listed = {str(r["agency_id"]) for r in _of_doc(rows, doc_id)}
        others = {str(c["subject_id"]) for c in _of_doc(report.rows("changes"), doc_id)}
        ids = listed | (joined - others - listed) - (left - others)
        return Known(LISTED, frozenset(ids), len(ids))
    named = {str(r["agency_id"]) for r in rows}
    counts = [
        (_kind_rank(d), n)
        for d in report.rows("documents")
        if (n := _count(d.get("stated_member_count"))) is not None
    ]
    count = min(counts)[1] if counts else None
    if named or joined or left or count is not None:
        return Known(PARTIAL, frozenset((named | joined) - left), count)
    return Known(NOT_STATED, frozenset(), None)


def _count(value: Any) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def groups_known(report: ReportData, agency_ids: Collection[str]) -> Known:
    """The report's active groups: from its group list, else from the group changes it states."""
    full = _covers(report, "groups_coverage")
    if full is not None:
        return _groups_by_coverage(report, full, agency_ids)
    if any(r.get("status") != "external" for r in report.rows("working_groups")):
        active = frozenset(active_groups(report))
        return Known(LISTED, active, len(active))
    stated = [c for c in done_changes(report) if is_group_change(c, agency_ids)]
    if not stated:
        return Known(NOT_STATED, frozenset(), None)
    came = {str(c.get("subject_id")) for c in stated if c.get("kind") == "established"}
    came |= {str(c.get("object_id")) for c in stated if c.get("kind") in MOVED_KINDS}
    gone = {str(c.get("subject_id")) for c in stated if c.get("kind") in MOVED_KINDS}
    return Known(PARTIAL, frozenset(came - gone - {"", "None"}), None)


def _groups_by_coverage(
    report: ReportData, full: list[dict[str, Any]], agency_ids: Collection[str]
) -> Known:
    """Active groups of the fullest document that lists them; else the groups the documents
    name as active or say were established, renamed or merged into."""
    active = active_groups(report)
    if full:
        doc_id = str(full[0].get("doc_id"))
        ids = frozenset(g for g, r in active.items() if r.get("doc_id", doc_id) == doc_id)
        return Known(LISTED, ids, len(ids))
    stated = [c for c in done_changes(report) if is_group_change(c, agency_ids)]
    came = {str(c.get("subject_id")) for c in stated if c.get("kind") == "established"}
    came |= {str(c.get("object_id")) for c in stated if c.get("kind") in MOVED_KINDS}
    gone = {str(c.get("subject_id")) for c in stated if c.get("kind") in MOVED_KINDS}
    named = (set(active) | came) - gone - {"", "None"}
    if named:
        return Known(PARTIAL, frozenset(named), None)
    return Known(NOT_STATED, frozenset(), None)


def active_groups(report: ReportData) -> dict[str, dict[str, Any]]:
    """Groups with status active that the report does not itself say were renamed or merged."""
    gone = {c.get("subject_id") for c in done_changes(report) if c.get("kind") in MOVED_KINDS}
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


def is_planned(change: dict[str, Any]) -> bool:
    """A change announced for later ("will assume the chair in 2010"), not one of its year.

    ``report.json`` holds a boolean, the combined CSVs its text."""
    return str(change.get("planned") or "").strip().lower() in ("true", "1", "yes")


def done_changes(report: ReportData) -> list[dict[str, Any]]:
    """The changes the report states as done (planned ones left out)."""
    return [c for c in report.rows("changes") if not is_planned(c)]


def _subjects(report: ReportData, kind: str) -> set[str]:
    return {
        str(c["subject_id"])
        for c in done_changes(report)
        if c.get("kind") == kind and c.get("subject_id")
    }
