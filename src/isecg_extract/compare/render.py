"""A diff as Markdown for people, or JSON and CSV for machines.

All three carry the same changes; Markdown groups them by subject and quotes the NEW report's
sentence that states each one, so a reader can check it without opening the reports.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import fields

from isecg_extract.compare.changes import Change
from isecg_extract.compare.diff import DiffResult
from isecg_extract.write import safe_cell

FORMATS = ("md", "json", "csv")
CSV_COLUMNS = [f.name for f in fields(Change)]


def render(result: DiffResult, fmt: str) -> str:
    if fmt == "md":
        return to_markdown(result)
    if fmt == "json":
        return json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return to_csv(result)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def to_csv(result: DiffResult) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, CSV_COLUMNS, lineterminator="\r\n")
    w.writeheader()
    for c in result.changes:
        row = {k: safe_cell(v) for k, v in vars(c).items()}  # report text may read "=..."
        w.writerow(row)
    return buf.getvalue()


def to_markdown(result: DiffResult) -> str:
    old, new = result.old, result.new
    lines = [
        f"# {_name(old)} → {_name(new)}",
        "",
        f"What changed between `{old.doc_id}` ({old.title or 'untitled'}) and "
        f"`{new.doc_id}` ({new.title or 'untitled'}).",
        "",
    ]
    lines += _section(
        "Members",
        result.of("members"),
        {
            "joined": lambda c: f"**joined**: {c.new}",
            "left": lambda c: f"**left**: {c.old}",
            "replaced": lambda c: f"**replaced**: {c.old} → {c.new}",
            "renamed": lambda c: f"**renamed**: {c.old} → {c.new}",
            **_unstated_formats(result, "members"),
        },
    )
    lines += _section(
        "Working groups",
        result.of("working_groups"),
        {
            "created": lambda c: f"**created**: {c.new}",
            "merged": lambda c: f"**merged**: {c.old} into {c.new}",
            "renamed": lambda c: f"**renamed**: {c.old} → {c.new}",
            "dissolved": lambda c: f"**dissolved**: {c.old} (no longer listed)",
            **_unstated_formats(result, "working_groups"),
        },
    )
    lines += _section(
        "Chair",
        result.of("chair"),
        {
            "changed": lambda c: f"**chair**: {c.old or 'not stated'} → {c.new}",
            "not_stated": lambda c: (
                f"**not stated** in {c.old_id or c.new_id}: it says nothing of its chair, "
                "so the chair is not compared"
            ),
        },
    )
    lines += _activities_md(result)
    due = f"planned for {_span(result)}" if old.report_year else "planned"
    lines += [f"## Activities {due} and reported done", ""]
    done = result.of("done")
    if not done:
        lines += ["None found.", ""]
    for c in done:
        lines.append(f"- **{c.actor}**: {c.old} ({c.score:.2f})")
        lines.append(f"  > {c.evidence}")
    if done:
        lines.append("")
    if result.notes:
        lines += ["## Notes", "", *[f"- {n}" for n in result.notes], ""]
    return "\n".join(lines).rstrip() + "\n"


def _section(title: str, changes: list[Change], formats: dict) -> list[str]:
    lines = [f"## {title}", ""]
    if not changes:
        return [*lines, "No change.", ""]
    for c in changes:
        lines.append(f"- {formats[c.change](c)}")
        if c.evidence:
            lines.append(f"  > {c.evidence}")
    return [*lines, ""]


def _unstated_formats(result: DiffResult, category: str) -> dict:
    """How to say that a report does not list its members (or groups), or only part."""
    what = "members" if category == "members" else "working groups"

    def not_stated(c: Change) -> str:
        return (
            f"**not stated** in {c.old_id or c.new_id}: the report lists no {what}, "
            "so they are not compared"
        )

    def partial(c: Change) -> str:
        side = "old" if c.old_id else "new"
        known = result.stated[category][side]
        parts = [f"**partly stated** in {c.old_id or c.new_id}: no list of {what}"]
        if known.count is not None:
            parts.append(f"it states {known.count} {what}")
        if known.ids:
            verb = "joined" if category == "members" else "active"
            parts.append(f"it names {len(known.ids)} as {verb} ({', '.join(sorted(known.ids))})")
        parts.append("the others are unknown, so only stated changes are listed")
        return "; ".join(parts)

    return {"not_stated": not_stated, "partial": partial}


def _activities_md(result: DiffResult) -> list[str]:
    """Per actor of the NEW report; a renamed or merged group's old plans under its heir."""
    by_actor: dict[str, list[Change]] = defaultdict(list)
    for c in result.of("activities"):
        home = (
            result.moved_actors.get(c.actor, (c.actor, ""))[0] if c.change == "dropped" else c.actor
        )
        by_actor[home].append(c)
    done = {c.old_id for c in result.of("done")}
    counts = result.summary()["activities"]
    lines = [
        "## Activities",
        "",
        f"{counts.get('continued', 0)} continued, {counts.get('new', 0)} new, "
        f"{counts.get('dropped', 0)} dropped (matched by meaning within each actor).",
        "",
    ]
    for actor in sorted(by_actor, key=lambda a: (a != "ISECG", a)):
        lines += [f"### {actor}{_heirs(result, actor)}", ""]
        for c in by_actor[actor]:
            if c.change == "continued":
                same = " ".join(c.old.casefold().split()) == " ".join(c.new.casefold().split())
                text = c.new if same else f"{c.old} → {c.new}"
                mark = " — reported done" if c.old_id in done else ""
                lines.append(f"- continued: {text} ({c.score:.2f}){mark}")
            elif c.change == "new":
                lines.append(f"- new: {c.new}")
            else:
                lines.append(f"- dropped: {c.old}")
        lines.append("")
    return lines


def _heirs(result: DiffResult, actor: str) -> str:
    """ " (formerly CWG)" or " (absorbed ESAWG)" after a group that took over others' plans."""
    parts = []
    for old, (new, kind) in sorted(result.moved_actors.items()):
        if new == actor and old != actor:
            parts.append(f"formerly {old}" if kind == "renamed" else f"absorbed {old}")
    return f" ({', '.join(parts)})" if parts else ""


def _name(r) -> str:
    return str(r.report_year) if r.report_year else r.doc_id


def _span(result: DiffResult) -> str:
    lo, hi = result.old.report_year, result.new.report_year
    if lo and hi and hi - lo > 1:
        return f"{lo + 1}–{hi}"
    return str(hi or (lo + 1 if lo else ""))
