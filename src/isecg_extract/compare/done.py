"""Which of last year's plans does this year's report say were done?

A report states completed work in the past tense ("In 2026 the TWG published the Lunar Surface
Systems (LSS) Gap Report"). For each plan of the OLD report meant for a year after it and up
to the NEW report's year, this looks for such a sentence in the NEW report that covers the
plan's words (``match.coverage``), in the clause the completion verb governs, about the
plan's actor, and naming the same years.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from isecg_extract.compare.changes import Change, actor_key
from isecg_extract.compare.folder import ReportData
from isecg_extract.compare.match import DONE_THRESHOLD, Expander, coverage

COMPLETED = re.compile(
    r"\b(published|completed|released|delivered|finali[sz]ed|held|launched|issued|submitted|"
    r"adopted|approved|presented|organi[sz]ed|conducted|hosted|concluded|finished|produced)\b",
    re.IGNORECASE,
)
"""Past-tense verbs that report work as done."""
NOT_YET = frozenset(
    {"will", "shall", "would", "should", "could", "might", "may", "to", "be", "expected"}
    | {"planned", "scheduled", "not", "yet"}
)
"""Words just before such a verb that make it future or negated ("will be completed")."""
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def completion_statements(report: ReportData, after_year: int | None) -> list[dict[str, Any]]:
    """Sentences that state work as done in the past tense, each with ``windows``: the part
    of it that says what was done. Sentences only about years up to ``after_year`` are left
    out: the OLD report, of that year, already told those."""
    out = []
    for s in report.sentences:
        text = str(s.get("text") or "")
        windows = completion_windows(text)
        if not windows:
            continue
        years = [int(y) for y in _YEAR.findall(text)]
        if after_year and years and max(years) <= after_year:
            continue
        out.append({**s, "windows": windows})
    return out


_PASSIVE = frozenset({"was", "were", "been", "is", "are", "being"})
_CLAUSE_END = re.compile(r";|\s[—–]\s|,?\s+and\s+(?:\w+\s+)?\w+(?:ed|ing)\b")


def completion_windows(text: str) -> list[str]:
    """For each completion verb not made future or negated ("will be completed", "not yet
    published"), the words that say what was completed: from the verb to the end of its clause
    ("ISECG delivered new products and kept promoting the GER" -> "delivered new products"),
    and, in the passive ("The GER 2024 was published"), the subject before it as well."""
    out = []
    for m in COMPLETED.finditer(text):
        before = [w.lower() for w in re.findall(r"[A-Za-z]+", text[: m.start()])[-3:]]
        if NOT_YET & set(before):
            continue
        start = m.start()
        if before and before[-1] in _PASSIVE:
            breaks = [b.end() for b in _CLAUSE_END.finditer(text[: m.start()])]
            start = breaks[-1] if breaks else 0
        end = _CLAUSE_END.search(text, m.end())
        out.append(text[start : end.start() if end else len(text)])
    return out


def find_done(
    old: ReportData, new: ReportData, moved: dict[str, str], expand: Expander
) -> list[Change]:
    """OLD plans for a year after OLD and up to NEW that NEW states, in the past, were done."""
    lo, hi = old.report_year, new.report_year
    due = [
        a
        for a in old.rows("activities")
        if isinstance(a.get("year"), int)
        and (lo is None or a["year"] > lo)
        and (hi is None or a["year"] <= hi)
    ]
    if not due:
        return []
    names = _group_names(old, new)
    section_titles = {s.get("section_id"): s.get("title", "") for s in new.rows("sections")}
    statements = []
    for s in completion_statements(new, lo):
        actors = _actors_in(str(s.get("text") or ""), names)
        actors |= _actors_in(str(section_titles.get(s.get("section_id"), "")), names)
        statements.append((s, actors))
    out = []
    for a in due:
        key = actor_key(a)
        allowed = {key, moved.get(key, key)}
        best: tuple[float, str] | None = None
        plan = str(a.get("description") or "")
        plan_years = set(_YEAR.findall(plan))
        for s, actors in statements:
            if key != "isecg" and actors and not (actors & allowed):
                continue
            for window in s["windows"]:
                if not plan_years <= set(_YEAR.findall(window)):
                    continue  # "Space Resources Week 2024" was not done at its 2026 edition
                score = coverage(expand(plan), expand(window))
                if score >= DONE_THRESHOLD and (best is None or score > best[0]):
                    best = (score, str(s.get("text")))
        if best:
            out.append(
                Change(
                    "done",
                    "done",
                    actor=str(a.get("actor") or ""),
                    old_id=str(a.get("activity_id")),
                    old=str(a.get("description")),
                    year=a.get("year"),
                    score=round(best[0], 3),
                    evidence=best[1],
                )
            )
    return out


def _group_names(old: ReportData, new: ReportData) -> dict[str, list[str]]:
    """Every surface form of every group either report names: id -> names and acronyms."""
    names: dict[str, set[str]] = defaultdict(set)
    for r in old.rows("working_groups") + new.rows("working_groups"):
        for form in (r.get("name"), r.get("acronym")):
            if form:
                names[r["wg_id"]].add(str(form))
    return {k: sorted(v, key=len, reverse=True) for k, v in names.items()}


def _actors_in(text: str, names: dict[str, list[str]]) -> set[str]:
    found = set()
    for gid, forms in names.items():
        for form in forms:
            flags = 0 if form.isupper() else re.IGNORECASE
            if re.search(rf"\b{re.escape(form)}\b", text, flags):
                found.add(gid)
                break
    return found
