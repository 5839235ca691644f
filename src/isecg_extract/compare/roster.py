"""Members' and working groups' changes between two reports: what both diff and timeline tell.

Ids are canonical across years, so most of it is set arithmetic; the registries make it right
where names change. KARI in one year and KASA in the next is one seat "replaced", not a member
that left and another that joined, because ``agencies.csv`` links them as predecessor and
successor. Working-group merges and renames come from the NEW report's own ``changes`` and
``working_groups`` tables (it is the report that says what happened in its year), with the
registry's links as a fallback. A side whose report does not list its members or groups is
"not stated" or "partly stated" (``stated.py``), never "everyone left".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from isecg_extract.compare.changes import Change
from isecg_extract.compare.folder import ReportData
from isecg_extract.compare.stated import (
    NOT_STATED,
    Known,
    active_groups,
    agency_ids_of,
    done_changes,
    groups_known,
    is_group_change,
    is_member_change,
    members_known,
)
from isecg_extract.textutil import fold


@dataclass
class Registry:
    """Successor links of agencies and groups, from the registries."""

    successors: dict[str, set[str]]
    names: dict[str, str]
    merged_into: dict[str, str]
    forms: dict[str, set[str]] = field(default_factory=dict)  # folded names and aliases per id

    def same_body(self, entity_id: str, *names: str) -> bool:
        """Whether every name is one the registry knows for ``entity_id`` (a spelling or a
        translation, "Italian Space Agency" and "Agenzia Spaziale Italiana"; not a rename)."""
        forms = self.forms.get(entity_id, set())
        return bool(forms) and all(fold(n) in forms for n in names)

    def chain(self, start: str) -> list[str]:
        """Every later id of ``start`` (successor of successor ...), nearest first."""
        out, frontier, seen = [], [start], {start}
        while frontier:
            nxt = []
            for x in frontier:
                for s in sorted(self.successors.get(x, ())):
                    if s not in seen:
                        seen.add(s)
                        out.append(s)
                        nxt.append(s)
            frontier = nxt
        return out


def registry_of(rows: Iterable[dict[str, str]]) -> Registry:
    succ: dict[str, set[str]] = defaultdict(set)
    names, merged, forms = {}, {}, {}
    for r in rows:
        rid = r.get("id", "")
        names[rid] = _label(r.get("name", ""), r.get("acronym", ""))
        forms[rid] = {
            fold(x)
            for x in [r.get("name", ""), r.get("acronym", ""), *r.get("aliases", "").split(";")]
            if x.strip()
        }
        if r.get("successor"):
            succ[rid].add(r["successor"])
        if r.get("predecessor"):
            succ[r["predecessor"]].add(rid)
        if r.get("merged_into"):
            merged[rid] = r["merged_into"]
    return Registry(dict(succ), names, merged, forms)


@dataclass
class Registries:
    """The agency and group registries, as diff and timeline read them."""

    agencies: Registry
    groups: Registry

    @classmethod
    def from_config(cls, cfg: Any) -> Registries:
        return cls(registry_of(cfg.agencies.rows), registry_of(cfg.working_groups.rows))


def roster_changes(
    old: ReportData, new: ReportData, regs: Registries
) -> tuple[list[Change], dict[str, str], dict[str, dict[str, Known]]]:
    """Members' and groups' changes from OLD to NEW, where each OLD group's work went, and
    what each side states (``{"members": {"old": Known, "new": Known}, "working_groups":
    ...}``). ``timeline`` calls this for each pair of consecutive years, so the two commands
    tell the same events."""
    agency_ids = agency_ids_of(old, new, registry=regs.agencies.names)
    stated = {
        "members": {"old": members_known(old), "new": members_known(new)},
        "working_groups": {
            "old": groups_known(old, agency_ids),
            "new": groups_known(new, agency_ids),
        },
    }
    changes = _members(old, new, regs.agencies, stated["members"], agency_ids)
    wg_changes, moved = _working_groups(old, new, regs.groups, stated["working_groups"], agency_ids)
    return changes + wg_changes, moved, stated


def _unstated(
    category: str, old: ReportData, new: ReportData, known: dict[str, Known]
) -> list[Change]:
    """One row per side whose report does not list the subject: not stated, or partly."""
    out = []
    for side, report in (("old", old), ("new", new)):
        k = known[side]
        if k.listed:
            continue
        kind = "not_stated" if k.state == NOT_STATED else "partial"
        ids = {f"{side}_id": report.doc_id, side: report.doc_id}
        out.append(Change(category, kind, year=report.report_year, **ids))
    return out


# --- members ---------------------------------------------------------------------------------


def _members(
    old: ReportData,
    new: ReportData,
    reg: Registry,
    known: dict[str, Known],
    agency_ids: set[str],
) -> list[Change]:
    """Set arithmetic when both reports list their members; else only what NEW states (and
    what OLD's known members became, when NEW lists its own), never a whole table as joined
    or left because the other side has none."""
    ko, kn = known["old"], known["new"]
    o = {r["agency_id"]: r for r in old.rows("agencies")}
    n = {r["agency_id"]: r for r in new.rows("agencies")}
    # A side that lists its members is its list: in a year read from several documents, an
    # agency its news post names beside the report's list is no extra member.
    o_in = set(ko.ids) if ko.listed else set(o)
    n_in = set(kn.ids) if kn.listed else set(n)
    said = _changes_by_subject(new)
    member_changes = [c for c in done_changes(new) if is_member_change(c, agency_ids)]
    renames = {
        (c.get("subject_id"), c.get("object_id"))
        for c in member_changes
        if c.get("kind") == "renamed"
    }
    subjects = {str(c.get("subject_id")): str(c.get("subject") or "") for c in member_changes}
    subjects.update({str(c.get("object_id")): str(c.get("object") or "") for c in member_changes})
    if ko.listed and kn.listed:
        gone = [a for a in _ordered(o, o_in) if a not in n_in]
        came = [b for b in _ordered(n, n_in) if b not in o_in]
        candidates: list[str] = []
        successors: list[str] = []
    else:
        came = _unique(
            [str(c["subject_id"]) for c in member_changes if c.get("kind") == "joined"]
            + [str(b) for _, b in sorted(renames, key=str) if b]
        )
        came = [b for b in came if b not in o_in and b not in ko.ids]
        gone = _unique(
            [str(c["subject_id"]) for c in member_changes if c.get("kind") == "left"]
            + [str(a) for a, _ in sorted(renames, key=str) if a]
        )
        if kn.listed:  # OLD said who joined; those NEW does not list have left
            gone += sorted(a for a in ko.ids if a not in n_in and a not in gone)
        gone = [a for a in gone if a not in n_in]
        # Only to pair a seat with its successor, not reported alone: an OLD member whose
        # successor NEW says joined, and members NEW lists that OLD did not name.
        candidates = sorted(
            a
            for a in o_in | ko.ids
            if a not in gone and a not in n_in and set(reg.chain(a)) & set(came)
        )
        successors = [
            b for b in _ordered(n, n_in) if b not in o_in and b not in ko.ids and b not in came
        ]

    def label(report_rows: dict[str, Any], aid: str) -> str:
        if aid in report_rows:
            return agency_label(report_rows[aid])
        return reg.names.get(aid) or subjects.get(aid) or aid

    out = _unstated("members", old, new, known)
    paired: set[str] = set()
    for a in gone + candidates:
        # The NEW report says it was renamed; else the registry says who came after it.
        heirs = came + successors
        stated = [b for s, b in sorted(renames, key=str) if s == a and b in heirs]
        for b in stated + reg.chain(a):
            if b in heirs and b not in paired:
                paired |= {a, b}
                kind = "renamed" if (a, b) in renames else "replaced"
                evidence = said.get((kind, a)) or said.get(("joined", b)) or said.get(("left", a))
                out.append(_member_change(kind, a, label(o, a), b, label(n, b), evidence))
                break
    for a in gone:
        if a not in paired:
            out.append(_member_change("left", a, label(o, a), "", "", said.get(("left", a))))
    for b in came:
        if b not in paired:
            out.append(_member_change("joined", "", "", b, label(n, b), said.get(("joined", b))))
    for a in o:
        # Same id, another name: a rename only on evidence, a sentence of NEW that states it,
        # or another acronym under a name the registry knows for the body ("Hellenic Space
        # Centre (HSC)", then its alias "Hellenic Space Agency (HSA)"). A changed spelling, a
        # translation or an annex heading read into the name is none.
        if a not in n or a not in o_in or a not in n_in:
            continue
        acronyms = _norm(o[a].get("acronym") or ""), _norm(n[a].get("acronym") or "")
        by_registry = (
            # Two acronyms, each one word: "UAE Space Agency" in the acronym column is a name.
            all(x and len(x.split()) == 1 for x in acronyms)
            and acronyms[0] != acronyms[1]
            and reg.same_body(a, o[a].get("name", ""), n[a].get("name", ""))
        )
        if (said.get(("renamed", a)) or by_registry) and _norm(agency_label(o[a])) != _norm(
            agency_label(n[a])
        ):
            out.append(
                _member_change(
                    "renamed",
                    a,
                    agency_label(o[a]),
                    a,
                    agency_label(n[a]),
                    said.get(("renamed", a)),
                )
            )
    return out


def _ordered(rows: dict[str, Any], ids: set[str]) -> list[str]:
    """``ids`` in the order the rows give them, then any the rows do not hold (sorted)."""
    return [a for a in rows if a in ids] + sorted(ids - set(rows))


def _member_change(
    kind: str, old_id: str, old: str, new_id: str, new: str, evidence: str | None
) -> Change:
    return Change(
        "members", kind, old_id=old_id, old=old, new_id=new_id, new=new, evidence=evidence or ""
    )


def agency_label(row: dict[str, Any]) -> str:
    return _label(str(row.get("name") or ""), str(row.get("acronym") or ""))


# --- working groups --------------------------------------------------------------------------


def _working_groups(
    old: ReportData,
    new: ReportData,
    reg: Registry,
    known: dict[str, Known],
    agency_ids: set[str],
) -> tuple[list[Change], dict[str, str]]:
    """The groups' changes, and where each OLD group's work went (old id -> new id).

    Created and dissolved by set arithmetic only when both reports list their groups; when
    one does not, only the changes NEW states (established, renamed, merged) are reported."""
    ko, kn = known["old"], known["new"]
    both = ko.listed and kn.listed
    o_all = {r["wg_id"]: r for r in old.rows("working_groups")}
    n_all = {r["wg_id"]: r for r in new.rows("working_groups")}
    o_act, n_act = active_groups(old), active_groups(new)
    said = _changes_by_subject(new)
    stated = [c for c in done_changes(new) if is_group_change(c, agency_ids)]
    by_acronym = {str(r.get("acronym") or "").upper(): r["wg_id"] for r in n_all.values()}
    out = _unstated("working_groups", old, new, known)
    moved: dict[str, str] = {}

    def change(kind: str, old_id: str, new_id: str, evidence: str | None) -> Change:
        return _group_change(kind, old_id, new_id, o_all, n_all, reg, evidence)

    # Renamed: the NEW report says so, or the registry links the two ids.
    for c in stated:
        s, t = c.get("subject_id"), c.get("object_id")
        if c.get("kind") != "renamed" or not s or not t or t in o_act or s in moved:
            continue
        if s in o_act or not ko.listed:
            moved[s] = t
            out.append(change("renamed", s, t, c.get("sentence")))
    for g in o_act:
        if g in moved or g in n_act:
            continue
        for s in reg.chain(g):
            if s in n_act and s not in o_act:
                moved[g] = s
                out.append(change("renamed", g, s, said.get(("renamed", g))))
                break
    # Merged: into the group the NEW report names, if the OLD report did not already say so.
    targets: dict[str, tuple[str, str]] = {}
    for c in stated:
        if c.get("kind") == "merged" and c.get("subject_id") and c.get("object_id"):
            targets.setdefault(c["subject_id"], (c["object_id"], c.get("sentence") or ""))
    for g, row in n_all.items():
        if row.get("status") == "merged" and g not in targets:
            into = by_acronym.get(str(row.get("merged_into") or "").upper(), "")
            if into:
                targets[g] = (into, "")
    for g, (into, sentence) in targets.items():
        if g in moved or (o_all.get(g) or {}).get("status") == "merged":
            continue
        if (
            ko.listed
            and g not in o_act
            and g not in o_all
            and (n_all.get(g) or {}).get("status") != "merged"
        ):
            continue
        moved[g] = into
        out.append(change("merged", g, into, sentence))
    # A merge the registry records, when the report in between is not part of the diff.
    for g in o_act:
        into = reg.merged_into.get(g, "")
        if g not in n_act and g not in moved and into in n_act:
            moved[g] = into
            out.append(change("merged", g, into, None))
    # Created and dissolved: what is left over on either side, when both list their groups;
    # else only the groups NEW says were established.
    arrived = set(moved.values())
    if both:
        created = [g for g in n_act if g not in o_act and g not in arrived]
    else:
        created = _unique(
            str(c["subject_id"])
            for c in stated
            if c.get("kind") == "established" and c.get("subject_id")
        )
        created = [g for g in created if g not in o_act and g not in arrived and g not in moved]
    for g in created:
        out.append(change("created", "", g, said.get(("established", g))))
    if both:
        for g in o_act:
            if g not in n_act and g not in moved:
                out.append(change("dissolved", g, "", None))
    return out, moved


def _group_change(
    kind: str,
    old_id: str,
    new_id: str,
    o_all: dict[str, dict[str, Any]],
    n_all: dict[str, dict[str, Any]],
    reg: Registry,
    evidence: str | None,
) -> Change:
    def label(first: dict[str, dict[str, Any]], then: dict[str, dict[str, Any]], gid: str) -> str:
        row = first.get(gid) or then.get(gid)
        return _group_label(row) or reg.names.get(gid) or gid

    return Change(
        "working_groups",
        kind,
        old_id=old_id,
        old=label(o_all, n_all, old_id) if old_id else "",
        new_id=new_id,
        new=label(n_all, o_all, new_id) if new_id else "",
        evidence=evidence or "",
    )


def _group_label(row: dict[str, Any] | None) -> str:
    if not row:
        return ""
    return _label(str(row.get("name") or ""), str(row.get("acronym") or ""))


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _changes_by_subject(report: ReportData) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for c in done_changes(report):
        out.setdefault((str(c.get("kind")), str(c.get("subject_id"))), str(c.get("sentence") or ""))
    return out


def _label(name: str, acronym: str) -> str:
    if acronym and acronym != name:
        return f"{name} ({acronym})" if name else acronym
    return name


def _norm(text: str) -> str:
    """Case, accents and punctuation aside ("d'Etudes" is "d'Études"): a spelling, not a rename."""
    return fold(text)
