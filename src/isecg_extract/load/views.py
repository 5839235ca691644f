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
    # Members are the agencies a report lists; DISTINCT keeps two reports of one year
    # from counting an agency twice.
    "v_members_per_year": (
        "SELECT d.report_year AS report_year, COUNT(DISTINCT a.agency_id) AS members\n"
        "FROM documents AS d\n"
        "LEFT JOIN agencies AS a ON a.doc_id = d.doc_id\n"
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
