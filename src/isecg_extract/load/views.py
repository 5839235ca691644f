"""Analyst views the loader keeps in every database.

The SQL is plain enough to mean the same on SQLite and PostgreSQL (no ORDER BY, no
dialect functions, only COUNT so that no backend returns decimals), and a test checks
that both give the same answers. So the views stay SQL text: SQLAlchemy has a view
construct only from 2.1, and building these SELECTs from Core expressions would only
obscure them.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlalchemy as sa

VIEWS: dict[str, str] = {
    # A year's member count is the listed count of its fullest document that lists the whole
    # membership, else the count a document states; never a count of the agencies a news post
    # names in passing. Documents loaded before contract 2.1 (no coverage recorded) count
    # their distinct agencies, as this view did then. A document with no year has no row.
    "v_members_per_year": (
        "SELECT d.report_year AS report_year,\n"
        "  COALESCE(\n"
        "    MAX(CASE WHEN d.members_coverage = 'full' THEN d.listed_member_count END),\n"
        "    MAX(d.stated_member_count),\n"
        "    MAX(CASE WHEN d.members_coverage IS NULL THEN\n"
        "      (SELECT COUNT(DISTINCT a.agency_id) FROM agencies AS a WHERE a.doc_id = d.doc_id)\n"
        "    END)\n"
        "  ) AS members,\n"
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


def views_fingerprint() -> str:
    """Recorded in schema_version so a loader with new view SQL knows to rebuild them."""
    text = "\n;\n".join(f"{name}\n{sql}" for name, sql in sorted(VIEWS.items()))
    return hashlib.sha256(text.encode()).hexdigest()


def drop_views(conn: sa.Connection) -> None:
    quote = conn.dialect.identifier_preparer.quote_identifier
    for name in VIEWS:
        conn.exec_driver_sql(f"DROP VIEW IF EXISTS {quote(name)}")


def create_views(conn: sa.Connection) -> None:
    quote = conn.dialect.identifier_preparer.quote_identifier
    for name, sql in VIEWS.items():
        conn.exec_driver_sql(f"CREATE VIEW {quote(name)} AS\n{sql}")
