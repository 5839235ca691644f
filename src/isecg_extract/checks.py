"""Consistency checks that travel with the output: what a careful reader would flag."""

from __future__ import annotations

import csv
import io

from isecg_extract.model import Check, NlpResult, Report, Structure
from isecg_extract.textutil import norm_title


def run_checks(structure: Structure, nlp: NlpResult, report: Report) -> list[Check]:
    checks: list[Check] = []
    agencies = report.tables["agencies"]
    stated = nlp.stated_member_count
    if not agencies:
        checks.append(
            Check("no-members", "no member agencies found in a table, annex, TOC or the text")
        )
    elif stated is not None:
        countries = {a["country"] for a in agencies}
        if stated != len(agencies):
            sources = sorted({a.get("source", "table") for a in agencies})
            where = (
                "member table lists"
                if sources == ["table"]
                else "members (from " + ", ".join(sources) + ") are"
            )
            checks.append(
                Check(
                    "member-count",
                    f"the report states {stated} members; its {where} "
                    f"{len(agencies)} organisations in {len(countries)} countries",
                )
            )
    heading_titles = {norm_title(s.title) for s in structure.sections}
    for e in structure.toc:
        if norm_title(e.title) not in heading_titles:
            checks.append(
                Check(
                    "toc-without-heading", f"TOC entry with no heading: {e.title!r} (page {e.page})"
                )
            )
    for s in structure.sections:
        if structure.toc and not s.in_toc:
            checks.append(Check("heading-not-in-toc", f"heading missing from the TOC: {s.title!r}"))
        if s.toc_page is not None and s.page is not None and s.page != s.toc_page:
            checks.append(
                Check(
                    "toc-page-mismatch",
                    f"{s.title!r}: TOC says page {s.toc_page}, printed page is {s.page}",
                )
            )
    for a in report.tables["activities"]:
        if a["actor_source"] in {"section", "default"} and not a["actor"]:
            checks.append(
                Check("activity-no-actor", f"activity with no resolved actor: {a['description']!r}")
            )
    for a in report.tables["agencies"]:
        if not a["in_registry"]:
            checks.append(
                Check(
                    "new-agency",
                    f"agency not in the registry: {a['name']} ({a['acronym']}); to keep its id "
                    "stable across years, add this line to pipeline/registry/agencies.csv: "
                    + registry_line(a),
                )
            )
    limit = 1500
    long = [s for s in nlp.sentences if len(s.text) > limit]
    if long:
        checks.append(
            Check(
                "long-sentences",
                f"{len(long)} sentence(s) over {limit} characters skipped by the extractors (first on page {long[0].page})",
            )
        )
    undated = [c for c in nlp.changes if c.year is None]
    kept = {(r["kind"], r["subject_id"], r["object_id"]) for r in report.tables["changes"]}
    for c in undated:
        if (c.kind, c.subject, c.object) not in kept:
            checks.append(
                Check(
                    "undated-change",
                    f"change with no date ignored: {c.kind} {c.subject}: {c.sentence[:100]!r}",
                    "info",
                )
            )
    if not report.tables["documents"][0].get("report_year"):
        checks.append(Check("no-report-year", "report year not found on the cover or in the title"))
    return checks


def registry_line(agency: dict) -> str:
    """The agencies.csv row (id,acronym,name,aliases,country_code,predecessor,successor) for a
    member the registry does not know, as the user would paste it."""
    buf = io.StringIO()
    row = [agency.get(k) or "" for k in ("agency_id", "acronym", "name")]
    csv.writer(buf, lineterminator="").writerow(
        [*row, "", agency.get("country_code") or "", "", ""]
    )
    return buf.getvalue()
