"""What changed between two years' reports: members, working groups, chair and activities.

Members and groups are ``roster.py``'s job (shared with the timeline). Activities are matched
by meaning (``match.py``), per actor, following a group's activities into the group it was
merged into or renamed as; which plans the NEW report says were done is ``done.py``'s job.
"""

from __future__ import annotations

import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from isecg_extract.compare.changes import CATEGORIES, Change, actor_key
from isecg_extract.compare.done import find_done
from isecg_extract.compare.folder import ReportData, read_report_folder
from isecg_extract.compare.match import DONE_THRESHOLD, PLAN_THRESHOLD, Expander, plan_similarity
from isecg_extract.compare.roster import Registries, agency_label, roster_changes
from isecg_extract.compare.stated import Known, done_changes


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


def diff_years(batch: Path, old: int, new: int, options: Any = None) -> DiffResult:
    """Diff two years of a batch output folder, each year's documents read as one report
    (``folder.combine_year``): each subject compared only where both years cover it."""
    from isecg_extract.compare.folder import read_batch_year
    from isecg_extract.config import load_config

    config_dir = getattr(options, "config_dir", None)
    return diff_reports(
        read_batch_year(Path(batch), old),
        read_batch_year(Path(batch), new),
        load_config(config_dir),
    )


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


# --- chair -----------------------------------------------------------------------------------


def _chair(old: ReportData, new: ReportData) -> list[Change]:
    """The chair's change, only where both years state their chair or NEW states a hand-over.

    A year that says nothing of its chair is "not stated", not "no change"; a change announced
    for later ("ESA will take over the chair in 2015") is no change of its year."""
    (o_id, o_name, _), (n_id, n_name, n_row) = _chair_of(old), _chair_of(new)
    names = {r["agency_id"]: agency_label(r) for r in old.rows("agencies") + new.rows("agencies")}
    handed_from = str((n_row or {}).get("object_id") or "")
    if not n_id or (not o_id and not handed_from):
        return [
            Change("chair", "not_stated", **{f"{side}_id": r.doc_id}, year=r.report_year)
            for side, r, chair in (("old", old, o_id), ("new", new, n_id))
            if not chair
        ]
    if o_id == n_id:
        return []
    if not o_id:
        o_id, o_name = handed_from, str((n_row or {}).get("object") or "")
    return [
        Change(
            "chair",
            "changed",
            old_id=o_id,
            old=names.get(o_id, o_name or o_id),
            new_id=n_id,
            new=names.get(n_id, n_name or n_id),
            year=(n_row or {}).get("year") or new.report_year,
            evidence=str((n_row or {}).get("sentence") or ""),
        )
    ]


def _chair_of(report: ReportData) -> tuple[str, str, dict[str, Any] | None]:
    """Who held the chair at the end of the report's year: its id, its name, and the chair
    change that says so (None when only a "JAXA chaired ISECG in 2008" statement does).

    Each document says who held the chair at the end of what it reports (``documents.chair``;
    older outputs: their latest chair change that is no plan). Of a year's documents, a report
    (it tells the whole year) and then the one published last speaks for its end: a March news
    post's chair may have handed over in May."""
    rows = [c for c in done_changes(report) if c.get("kind") == "chair"]
    best: tuple[tuple[bool, str, int], str, str, dict[str, Any] | None] | None = None
    for i, doc in enumerate(report.rows("documents")):
        doc_id = str(doc.get("doc_id") or report.doc_id)
        mine = [c for c in rows if str(c.get("doc_id") or doc_id) == doc_id]
        last = max(enumerate(mine), key=lambda ic: (_year(ic[1].get("year")), ic[0]), default=None)
        row = last[1] if last else None
        chair = str(doc.get("chair") or "") if "chair" in doc else ""
        chair = chair or str((row or {}).get("subject_id") or "")
        if not chair:
            continue
        if row is not None and row.get("subject_id") != chair:
            row = None
        key = (doc.get("kind") in REPORT_KINDS, str(doc.get("published") or ""), i)
        if best is None or key > best[0]:
            best = (key, chair, str((row or {}).get("subject") or ""), row)
    if best is None:
        return "", "", None
    return best[1], best[2], best[3]


REPORT_KINDS = frozenset({"annual report", "report excerpt", "report supplement"})
"""Documents that tell their whole year (``[kinds] report_kinds`` in settings.toml)."""


def _year(value: Any) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


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
