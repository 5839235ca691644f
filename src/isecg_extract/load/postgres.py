"""PostgreSQL backend (psycopg 3): a shared database that a team loads into at once.

psycopg is imported here only, and this module only when a postgresql:// URL is given,
so SQLite users need not install it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from .backend import BUSY_TIMEOUT_S, one_line, redact
from .errors import DatabaseBusy, DatabaseUnavailable, LoadError

TYPES = {
    "string": "TEXT",
    "integer": "BIGINT",
    "year": "INTEGER",
    "number": "DOUBLE PRECISION",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMP",
    "time": "TIME",
}

# Advisory-lock namespaces (first key of the two-key form). A load holds the schema lock
# shared, or exclusive when it changes tables or views, and one lock per doc_id, so
# loads of different reports run side by side and loads of one report take turns.
SCHEMA_LOCK = (0x15EC0001, 0)
REPORT_LOCK_NS = 0x15EC0002


def report_lock_key(doc_id: str) -> int:
    """A stable 32-bit key per doc_id (a collision only makes two loads take turns)."""
    return int.from_bytes(hashlib.sha256(doc_id.encode()).digest()[:4], "big", signed=True)


class PostgresBackend:
    """One psycopg connection; every load is a single transaction."""

    placeholder = "%s"
    types = TYPES
    begin_is_exclusive = False

    def __init__(self, url: str) -> None:
        self.url = redact(url)
        try:
            import psycopg
        except ImportError:
            raise DatabaseUnavailable(
                self.url,
                "loading into PostgreSQL needs psycopg: pip install 'psycopg[binary]'",
            ) from None
        self._psycopg = psycopg
        conninfo = "postgresql://" + url.split("://", 1)[1] if "://" in url else url
        try:
            self.conn = psycopg.connect(conninfo, connect_timeout=10)
        except psycopg.Error as exc:
            raise DatabaseUnavailable(self.url, f"cannot connect: {one_line(exc)}") from None

    def begin(self, doc_ids: Sequence[str], *, exclusive: bool) -> None:
        # psycopg opens the transaction with the first statement.
        self.execute(f"SET LOCAL lock_timeout = '{int(BUSY_TIMEOUT_S * 1000)}ms'")
        fn = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        self.execute(f"SELECT {fn}(%s::integer, %s::integer)", SCHEMA_LOCK)
        # Sorted, so two loads of overlapping reports cannot deadlock.
        for key in sorted({report_lock_key(d) for d in doc_ids}):
            self.execute(
                "SELECT pg_advisory_xact_lock(%s::integer, %s::integer)", (REPORT_LOCK_NS, key)
            )

    def commit(self) -> None:
        self.conn.commit()

    def rollback(self) -> None:
        self.conn.rollback()

    def close(self) -> None:
        self.conn.close()

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> int:
        with self.conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.rowcount

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(sql, rows)

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        with self.conn.cursor() as cur:
            cur.execute(sql, params)
            return list(cur.fetchall())

    def relations(self) -> dict[str, str]:
        # Unqualified names land in current_schema(), so that is the schema to look at.
        rows = self.query(
            "SELECT c.relname, c.relkind FROM pg_catalog.pg_class AS c "
            "JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm')"
        )
        return {name: "view" if kind in ("v", "m") else "table" for name, kind in rows}

    def wrap(self, exc: BaseException, where: str, doing: str) -> LoadError | None:
        errors = self._psycopg.errors
        if isinstance(exc, errors.LockNotAvailable):
            return DatabaseBusy(
                self.url,
                f"another load held its lock for over {BUSY_TIMEOUT_S:.0f} s; "
                "try again when it has finished",
            )
        if isinstance(exc, self._psycopg.Error):
            return LoadError(where, f"{doing} failed in {self.url}: {one_line(exc)}")
        return None
