"""What changed between two years' reports: members, working groups, chair and activities.

Ids are canonical across years, so most of a diff is set arithmetic; the registries make it
right where names change. KARI in one year and KASA in the next is one seat "replaced", not a
member that left and another that joined, because ``agencies.csv`` links them as predecessor
and successor. Working-group merges and renames come from the NEW report's own ``changes``
and ``working_groups`` tables (it is the report that says what happened in its year), with
the registry's links as a fallback. Activities are matched by meaning (``match.py``), per
actor, following a group's activities into the group it was merged into or renamed as; which
plans the NEW report says were done is ``done.py``'s job.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from isecg_extract.compare.changes import CATEGORIES, Change, actor_key
from isecg_extract.compare.done import find_done
from isecg_extract.compare.folder import ReportData, read_report_folder
from isecg_extract.compare.match import DONE_THRESHOLD, PLAN_THRESHOLD, Expander, plan_similarity
from isecg_extract.compare.stated import (
    NOT_STATED,
    Known,
    active_groups,
    agency_ids_of,
    groups_known,
    is_group_change,
    is_member_change,
    members_known,
)
from isecg_extract.textutil import fold


@dataclass
class DiffResult:
    """Every change from OLD to NEW, in the order the outputs show them."""

    old: ReportData
    new: ReportData
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    moved_actors: dict[str, tuple[str, str]] = field(default_factory=dict)
    """OLD actor -> (NEW actor, "renamed" or "merged"): where a group's plans went."""
    stated: dict[str, dict[str, Known]] = field(default_factory=dict)
    """"members" and "working_groups" -> {"old": Known, "new": Known}: what each report lists."""

    def of(self, category: str, change: str | None = None) -> list[Change]:
        return [c for c in self.changes if c.category == category and change in (None, c.change)]

    def summary(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {c: {} for c in CATEGORIES}
        for c in self.changes:
            out[c.category][c.change] = out[c.category].get(c.change, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "isecg-extract/diff",
            "schema_version": "1.1.0",
            "old": _side(self.old),
            "new": _side(self.new),
            "stated": {
                subject: {
                    side: {"state": k.state, "count": k.count, "ids": sorted(k.ids)}
                    for side, k in sides.items()
                }
                for subject, sides in self.stated.items()
            },
            "thresholds": {"plan_similarity": PLAN_THRESHOLD, "done_coverage": DONE_THRESHOLD},
            "summary": self.summary(),
            "changes": [asdict(c) for c in self.changes],
            "notes": self.notes,
        }


def _side(r: ReportData) -> dict[str, Any]:
    return {"doc_id": r.doc_id, "report_year": r.report_year, "title": r.title, "source": r.source}


@dataclass
class _Registry:
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


def _registry(rows: Iterable[dict[str, str]]) -> _Registry:
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
    return _Registry(dict(succ), names, merged, forms)


def diff_paths(old: Path, new: Path, options: Any = None) -> DiffResult:
    """Diff two reports, each an output folder or an input file (extracted first, in a
    temporary folder, with ``options``: an ExtractOptions)."""
    from isecg_extract.config import load_config
    from isecg_extract.pipeline import ExtractOptions

    options = options or ExtractOptions()
    with tempfile.TemporaryDirectory(prefix="isecg-diff-") as scratch:
        sides = [
            _read_side(Path(p), Path(scratch) / name, options)
            for p, name in ((old, "old"), (new, "new"))
        ]
    return diff_reports(sides[0], sides[1], load_config(options.config_dir))


def _read_side(path: Path, work: Path, options: Any) -> ReportData:
    from isecg_extract.batch.worker import extract_into
    from isecg_extract.errors import InputNotFound

    if path.is_dir():
        return read_report_folder(path)
    if not path.exists():
        raise InputNotFound(str(path))
    extract_into(str(path), work, options)
    report = read_report_folder(work)
    report.source = str(path)
    return report


def diff_reports(old: ReportData, new: ReportData, cfg: Any = None) -> DiffResult:
    """Compare two reports; ``cfg`` is a PipelineConfig (default: the installed one)."""
    if cfg is None:
        from isecg_extract.config import load_config

        cfg = load_config()
    result = DiffResult(old, new)
    if old.report_year and new.report_year and old.report_year >= new.report_year:
        result.notes.append(
            f"OLD ({old.report_year}) is not earlier than NEW ({new.report_year}); "
            "changes are read as going from OLD to NEW"
        )
    roster, actor_map, result.stated = roster_changes(old, new, Registries.from_config(cfg))
    result.changes += roster
    for c in roster:
        if c.category == "working_groups" and c.change in ("renamed", "merged"):
            result.moved_actors[_actor_label(old, c.old_id)] = (
                _actor_label(new, c.new_id),
                c.change,
            )
    result.changes += _chair(old, new)
    expand = Expander({r.get("acronym", ""): r.get("title", "") for r in cfg.publications.rows})
    done = find_done(old, new, actor_map, expand)
    finished = {c.old_id for c in done}
    result.changes += [
        c
        for c in _activities(old, new, actor_map, expand)
        if not (c.change == "dropped" and c.old_id in finished)  # done, not dropped
    ]
    result.changes += done
    if not new.has_text:
        result.notes.append(
            f"{new.source}: no sentences.json (not written by batch), so completed work is "
            "looked for only in the sentences its tables quote"
        )
    return result


# --- members and groups: what both diff and timeline report ----------------------------------


@dataclass
class Registries:
    """The agency and group registries, as diff and timeline read them."""

    agencies: _Registry
    groups: _Registry

    @classmethod
    def from_config(cls, cfg: Any) -> Registries:
        return cls(_registry(cfg.agencies.rows), _registry(cfg.working_groups.rows))


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
    reg: _Registry,
    known: dict[str, Known],
    agency_ids: set[str],
) -> list[Change]:
    """Set arithmetic when both reports list their members; else only what NEW states (and
    what OLD's known members became, when NEW lists its own), never a whole table as joined
    or left because the other side has none."""
    ko, kn = known["old"], known["new"]
    o = {r["agency_id"]: r for r in old.rows("agencies")}
    n = {r["agency_id"]: r for r in new.rows("agencies")}
    said = _changes_by_subject(new)
    member_changes = [c for c in new.rows("changes") if is_member_change(c, agency_ids)]
    renames = {
        (c.get("subject_id"), c.get("object_id"))
        for c in member_changes
        if c.get("kind") == "renamed"
    }
    subjects = {str(c.get("subject_id")): str(c.get("subject") or "") for c in member_changes}
    subjects.update({str(c.get("object_id")): str(c.get("object") or "") for c in member_changes})
    if ko.listed and kn.listed:
        gone = [a for a in o if a not in n]
        came = [b for b in n if b not in o]
        candidates: list[str] = []
        successors: list[str] = []
    else:
        came = _unique(
            [str(c["subject_id"]) for c in member_changes if c.get("kind") == "joined"]
            + [str(b) for _, b in sorted(renames, key=str) if b]
        )
        came = [b for b in came if b not in o and b not in ko.ids]
        gone = _unique(
            [str(c["subject_id"]) for c in member_changes if c.get("kind") == "left"]
            + [str(a) for a, _ in sorted(renames, key=str) if a]
        )
        if kn.listed:  # OLD said who joined; those NEW does not list have left
            gone += sorted(a for a in ko.ids if a not in n and a not in gone)
        gone = [a for a in gone if a not in n]
        # Only to pair a seat with its successor, not reported alone: an OLD member whose
        # successor NEW says joined, and members NEW lists that OLD did not name.
        candidates = sorted(
            a
            for a in set(o) | ko.ids
            if a not in gone and a not in n and set(reg.chain(a)) & set(came)
        )
        successors = [b for b in n if b not in o and b not in ko.ids and b not in came]

    def label(report_rows: dict[str, Any], aid: str) -> str:
        if aid in report_rows:
            return _agency_label(report_rows[aid])
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
        if (
            a in n
            and _norm(_agency_label(o[a])) != _norm(_agency_label(n[a]))
            and not (
                # The same acronym under two of the registry's names is a translation or a
                # spelling ("Italian Space Agency", "Agenzia Spaziale Italiana"), no rename.
                _norm(o[a].get("acronym", "")) == _norm(n[a].get("acronym", ""))
                and reg.same_body(a, o[a].get("name", ""), n[a].get("name", ""))
            )
        ):
            out.append(
                _member_change(
                    "renamed",
                    a,
                    _agency_label(o[a]),
                    a,
                    _agency_label(n[a]),
                    said.get(("renamed", a)),
                )
            )
    return out


def _member_change(
    kind: str, old_id: str, old: str, new_id: str, new: str, evidence: str | None
) -> Change:
    return Change(
        "members", kind, old_id=old_id, old=old, new_id=new_id, new=new, evidence=evidence or ""
    )


def _agency_label(row: dict[str, Any]) -> str:
    return _label(str(row.get("name") or ""), str(row.get("acronym") or ""))


# --- working groups --------------------------------------------------------------------------


def _working_groups(
    old: ReportData,
    new: ReportData,
    reg: _Registry,
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
    stated = [c for c in new.rows("changes") if is_group_change(c, agency_ids)]
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
    reg: _Registry,
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


# --- chair -----------------------------------------------------------------------------------


def _chair(old: ReportData, new: ReportData) -> list[Change]:
    oc, nc = _last_chair(old), _last_chair(new)
    if nc is None or (oc is not None and oc.get("subject_id") == nc.get("subject_id")):
        return []
    names = {r["agency_id"]: _agency_label(r) for r in old.rows("agencies") + new.rows("agencies")}
    return [
        Change(
            "chair",
            "changed",
            old_id=oc.get("subject_id", "") if oc else "",
            old=names.get(oc.get("subject_id", ""), oc.get("subject", "")) if oc else "",
            new_id=nc.get("subject_id", ""),
            new=names.get(nc.get("subject_id", ""), nc.get("subject", "")),
            year=nc.get("year"),
            evidence=nc.get("sentence", ""),
        )
    ]


def _last_chair(report: ReportData) -> dict[str, Any] | None:
    chairs = [c for c in report.rows("changes") if c.get("kind") == "chair"]
    if not chairs:
        return None
    return max(enumerate(chairs), key=lambda ic: (ic[1].get("year") or 0, ic[0]))[1]


# --- activities ------------------------------------------------------------------------------


def _activities(
    old: ReportData, new: ReportData, moved: dict[str, str], expand: Expander
) -> list[Change]:
    """Continued (matched one to one, best pairs first), new and dropped plans, per actor."""
    olds, news = old.rows("activities"), new.rows("activities")
    pairs = []
    for i, a in enumerate(olds):
        ka = moved.get(actor_key(a), actor_key(a))
        for j, b in enumerate(news):
            if actor_key(b) == ka:
                score = plan_similarity(
                    expand(str(a.get("description") or "")),
                    expand(str(b.get("description") or "")),
                )
                if score >= PLAN_THRESHOLD:
                    pairs.append((-score, i, j))
    pairs.sort()
    match_old: dict[int, tuple[int, float]] = {}
    used_new: set[int] = set()
    for neg, i, j in pairs:
        if i not in match_old and j not in used_new:
            match_old[i] = (j, -neg)
            used_new.add(j)
    out = []
    for i, a in enumerate(olds):
        if i in match_old:
            j, score = match_old[i]
            out.append(_activity_change("continued", a, news[j], score))
    for j, b in enumerate(news):
        if j not in used_new:
            out.append(_activity_change("new", None, b, None))
    for i, a in enumerate(olds):
        if i not in match_old:
            out.append(_activity_change("dropped", a, None, None))
    return out


def _activity_change(
    kind: str, a: dict[str, Any] | None, b: dict[str, Any] | None, score: float | None
) -> Change:
    return Change(
        "activities",
        kind,
        actor=str((b or a or {}).get("actor") or ""),
        old_id=str(a.get("activity_id")) if a else "",
        old=str(a.get("description")) if a else "",
        new_id=str(b.get("activity_id")) if b else "",
        new=str(b.get("description")) if b else "",
        year=(b or a or {}).get("year"),
        score=round(score, 3) if score is not None else None,
    )


# --- helpers ---------------------------------------------------------------------------------


def _actor_label(report: ReportData, wg_id: str) -> str:
    """How the report's activities name the group as actor: its acronym, else its name."""
    for r in report.rows("working_groups"):
        if r.get("wg_id") == wg_id:
            return str(r.get("acronym") or r.get("name") or wg_id)
    return wg_id.upper()


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _changes_by_subject(report: ReportData) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for c in report.rows("changes"):
        out.setdefault((str(c.get("kind")), str(c.get("subject_id"))), str(c.get("sentence") or ""))
    return out


def _label(name: str, acronym: str) -> str:
    if acronym and acronym != name:
        return f"{name} ({acronym})" if name else acronym
    return name


def _norm(text: str) -> str:
    """Case, accents and punctuation aside ("d'Etudes" is "d'Études"): a spelling, not a rename."""
    return fold(text)
