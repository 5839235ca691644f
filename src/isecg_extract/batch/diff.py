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

from isecg_extract.batch.changes import CATEGORIES, Change, actor_key
from isecg_extract.batch.done import find_done
from isecg_extract.batch.folder import ReportData, read_report_folder
from isecg_extract.batch.match import DONE_THRESHOLD, PLAN_THRESHOLD, Expander, plan_similarity


@dataclass
class DiffResult:
    """Every change from OLD to NEW, in the order the outputs show them."""

    old: ReportData
    new: ReportData
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    moved_actors: dict[str, tuple[str, str]] = field(default_factory=dict)
    """OLD actor -> (NEW actor, "renamed" or "merged"): where a group's plans went."""

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
            "schema_version": "1.0.0",
            "old": _side(self.old),
            "new": _side(self.new),
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
    names, merged = {}, {}
    for r in rows:
        rid = r.get("id", "")
        names[rid] = _label(r.get("name", ""), r.get("acronym", ""))
        if r.get("successor"):
            succ[rid].add(r["successor"])
        if r.get("predecessor"):
            succ[r["predecessor"]].add(rid)
        if r.get("merged_into"):
            merged[rid] = r["merged_into"]
    return _Registry(dict(succ), names, merged)


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
    agencies = _registry(cfg.agencies.rows)
    groups = _registry(cfg.working_groups.rows)
    result.changes += _members(old, new, agencies)
    wg_changes, actor_map = _working_groups(old, new, groups)
    result.changes += wg_changes
    for c in wg_changes:
        if c.change in ("renamed", "merged"):
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


# --- members ---------------------------------------------------------------------------------


def _members(old: ReportData, new: ReportData, reg: _Registry) -> list[Change]:
    o = {r["agency_id"]: r for r in old.rows("agencies")}
    n = {r["agency_id"]: r for r in new.rows("agencies")}
    said = _changes_by_subject(new)
    renames = {
        (c.get("subject_id"), c.get("object_id"))
        for c in new.rows("changes")
        if c.get("kind") == "renamed"
    }
    gone = [a for a in o if a not in n]
    came = [b for b in n if b not in o]
    out: list[Change] = []
    paired: set[str] = set()
    for a in gone:
        # The NEW report says it was renamed; else the registry says who came after it.
        stated = [b for s, b in sorted(renames, key=str) if s == a and b in came]
        for b in stated + reg.chain(a):
            if b in came and b not in paired:
                paired |= {a, b}
                kind = "renamed" if (a, b) in renames else "replaced"
                evidence = said.get((kind, a)) or said.get(("joined", b)) or said.get(("left", a))
                out.append(_member_change(kind, o[a], n[b], evidence))
                break
    for a in gone:
        if a not in paired:
            out.append(_member_change("left", o[a], None, said.get(("left", a))))
    for b in came:
        if b not in paired:
            out.append(_member_change("joined", None, n[b], said.get(("joined", b))))
    for a in o:
        if a in n and _norm(_agency_label(o[a])) != _norm(_agency_label(n[a])):
            out.append(_member_change("renamed", o[a], n[a], said.get(("renamed", a))))
    return out


def _member_change(
    kind: str, old: dict[str, Any] | None, new: dict[str, Any] | None, evidence: str | None
) -> Change:
    return Change(
        "members",
        kind,
        old_id=old["agency_id"] if old else "",
        old=_agency_label(old) if old else "",
        new_id=new["agency_id"] if new else "",
        new=_agency_label(new) if new else "",
        evidence=evidence or "",
    )


def _agency_label(row: dict[str, Any]) -> str:
    return _label(str(row.get("name") or ""), str(row.get("acronym") or ""))


# --- working groups --------------------------------------------------------------------------


def _working_groups(
    old: ReportData, new: ReportData, reg: _Registry
) -> tuple[list[Change], dict[str, str]]:
    """The groups' changes, and where each OLD group's work went (old id -> new id)."""
    o_all = {r["wg_id"]: r for r in old.rows("working_groups")}
    n_all = {r["wg_id"]: r for r in new.rows("working_groups")}
    o_act, n_act = active_groups(old), active_groups(new)
    said = _changes_by_subject(new)
    by_acronym = {str(r.get("acronym") or "").upper(): r["wg_id"] for r in n_all.values()}
    out: list[Change] = []
    moved: dict[str, str] = {}

    # Renamed: the NEW report says so, or the registry links the two ids.
    for c in new.rows("changes"):
        s, t = c.get("subject_id"), c.get("object_id")
        if c.get("kind") == "renamed" and s in o_act and t and t not in o_act:
            moved[s] = t
            out.append(_group_change("renamed", o_all[s], n_all.get(t), t, c.get("sentence")))
    for g in o_act:
        if g in moved or g in n_act:
            continue
        for s in reg.chain(g):
            if s in n_act and s not in o_act:
                moved[g] = s
                out.append(
                    _group_change("renamed", o_all[g], n_all[s], s, said.get(("renamed", g)))
                )
                break
    # Merged: into the group the NEW report names, if the OLD report did not already say so.
    targets: dict[str, tuple[str, str]] = {}
    for c in new.rows("changes"):
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
        if g not in o_act and g not in o_all and (n_all.get(g) or {}).get("status") != "merged":
            continue
        moved[g] = into
        out.append(
            _group_change("merged", o_all.get(g) or n_all.get(g), n_all.get(into), into, sentence)
        )
    # A merge the registry records, when the report in between is not part of the diff.
    for g in o_act:
        into = reg.merged_into.get(g, "")
        if g not in n_act and g not in moved and into in n_act:
            moved[g] = into
            out.append(_group_change("merged", o_all[g], n_all[into], into, None))
    # Created and dissolved: what is left over on either side.
    arrived = set(moved.values())
    for g in n_act:
        if g not in o_act and g not in arrived:
            out.append(_group_change("created", None, n_all[g], g, said.get(("established", g))))
    for g in o_act:
        if g not in n_act and g not in moved:
            out.append(_group_change("dissolved", o_all[g], None, "", None))
    return out, moved


def active_groups(report: ReportData) -> dict[str, dict[str, Any]]:
    """Groups with status active that the report does not itself say were renamed or merged."""
    gone = {
        c.get("subject_id")
        for c in report.rows("changes")
        if c.get("kind") in ("renamed", "merged")
    }
    return {
        r["wg_id"]: r
        for r in report.rows("working_groups")
        if r.get("status") == "active" and r["wg_id"] not in gone
    }


def _group_change(
    kind: str,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    new_id: str,
    evidence: str | None,
) -> Change:
    return Change(
        "working_groups",
        kind,
        old_id=old["wg_id"] if old and kind != "created" else "",
        old=_group_label(old) if old and kind != "created" else "",
        new_id=new_id if kind != "dissolved" else "",
        new=_group_label(new) if new else new_id,
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
    return " ".join(text.casefold().split())
