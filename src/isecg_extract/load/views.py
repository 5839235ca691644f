"""Analyst views the loader keeps in every database.

The SQL is plain enough to mean the same on SQLite and PostgreSQL (no ORDER BY, no
dialect functions, only COUNT so that no backend returns decimals), and a test checks
that both give the same answers. So the views stay SQL text: SQLAlchemy has a view
construct only from 2.1, and building these SELECTs from Core expressions would only
obscure them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlalchemy as sa

VIEWS: dict[str, str] = {
    # A year's member count is the listed count of its fullest document that lists the whole
    # membership, else the count a document states; never a count of the agencies a news post
    # names in passing. Documents loaded before contract 2.1 (no coverage recorded) count
    # their distinct agencies, as this view did then. A document with no year has no row.
    # {members} is filled in from the columns the documents table has (``view_sql``).
    "v_members_per_year": (
        "SELECT d.report_year AS report_year,\n"
        "  {members} AS members,\n"
        "  COUNT(*) AS documents\n"
        "FROM documents AS d\n"
        "WHERE d.report_year IS NOT NULL\n"
        "GROUP BY d.report_year"
    ),
    "v_activities_per_group_year": (
        "SELECT a.actor AS actor, a.year AS year, COUNT(*) AS activities\n"
        "FROM activities AS a\n"
        "GROUP BY a.actor, a.year"
    ),
    "v_changes_per_year": (
        "SELECT d.report_year AS report_year, c.kind AS kind, COUNT(*) AS changes\n"
        "FROM changes AS c\n"
        "JOIN documents AS d ON d.doc_id = c.doc_id\n"
        "GROUP BY d.report_year, c.kind"
    ),
}


_AGENCIES = "(SELECT COUNT(DISTINCT a.agency_id) FROM agencies AS a WHERE a.doc_id = d.doc_id)"


def view_sql(name: str, documents_columns: Collection[str] | None = None) -> str:
    """A view's SQL for a documents table with these columns (default: the current contract's).

    A database still at an older contract lacks the coverage columns until a load migrates it,
    and its views must be valid meanwhile; the migration rebuilds them."""
    cols = set(documents_columns) if documents_columns is not None else set(_COVERAGE)
    parts = []
    if {"members_coverage", "listed_member_count"} <= cols:
        parts.append("MAX(CASE WHEN d.members_coverage = 'full' THEN d.listed_member_count END)")
    if "stated_member_count" in cols:
        parts.append("MAX(d.stated_member_count)")
    if "members_coverage" in cols:
        parts.append(f"MAX(CASE WHEN d.members_coverage IS NULL THEN {_AGENCIES} END)")
    else:
        parts.append(f"MAX({_AGENCIES})")
    members = parts[0] if len(parts) == 1 else "COALESCE(\n    " + ",\n    ".join(parts) + "\n  )"
    return VIEWS[name].replace("{members}", members)


_COVERAGE = ("members_coverage", "listed_member_count", "stated_member_count")


def views_fingerprint() -> str:
    """Recorded in schema_version so a loader with new view SQL knows to rebuild them."""
    text = "\n;\n".join(f"{name}\n{sql}" for name, sql in sorted(VIEWS.items()))
    return hashlib.sha256(text.encode()).hexdigest()


def drop_views(conn: sa.Connection) -> None:
    quote = conn.dialect.identifier_preparer.quote_identifier
    for name in VIEWS:
        conn.exec_driver_sql(f"DROP VIEW IF EXISTS {quote(name)}")


def create_views(conn: sa.Connection, documents_columns: Collection[str] | None = None) -> None:
    quote = conn.dialect.identifier_preparer.quote_identifier
    for name in VIEWS:
        sql = view_sql(name, documents_columns)
        conn.exec_driver_sql(f"CREATE VIEW {quote(name)} AS\n{sql}")
