"""SQLite backend (stdlib sqlite3): the zero-setup default for one analyst's machine."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .backend import BUSY_TIMEOUT_S, one_line, redact
from .errors import BadDatabaseUrl, DatabaseBusy, DatabaseUnavailable, LoadError

TYPES = {
    "string": "TEXT",
    "integer": "INTEGER",
    "year": "INTEGER",
    "number": "REAL",
    # Stored as 0/1; the declared name keeps the intent visible in schema browsers.
    "boolean": "BOOLEAN",
    "date": "TEXT",
    "datetime": "TEXT",
    "time": "TEXT",
}


def sqlite_path(url: str) -> str:
    """sqlite:///rel.db -> rel.db and sqlite:////abs.db -> /abs.db, as SQLAlchemy reads them."""
    prefix = "sqlite:///"
    if not url.lower().startswith(prefix) or len(url) == len(prefix):
        raise BadDatabaseUrl(
            url, "a SQLite URL looks like sqlite:///isecg.db or sqlite:////abs/path.db"
        )
    return url[len(prefix) :]


class SQLiteBackend:
    """One sqlite3 connection in manual-transaction mode with foreign keys enforced."""

    placeholder = "?"
    types = TYPES
    begin_is_exclusive = True

    def __init__(self, url: str) -> None:
        self.url = redact(url)
        path = sqlite_path(url)
        if path != ":memory:" and not Path(path).parent.is_dir():
            raise DatabaseUnavailable(url, f"folder {Path(path).parent} does not exist")
        try:
            # isolation_level=None: the loader issues BEGIN/COMMIT itself.
            self.conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self.conn.execute("PRAGMA foreign_keys = ON")
            # Reads the file's header now, so that a file that is not a database is refused
            # on opening (status 18) rather than midway through a batch's loads.
            self.conn.execute("PRAGMA schema_version").fetchone()
        except sqlite3.Error as exc:
            raise DatabaseUnavailable(url, f"cannot open: {one_line(exc)}") from None

    def begin(self, doc_ids: Sequence[str], *, exclusive: bool) -> None:
        # IMMEDIATE takes the write lock now (waiting up to the busy timeout), so two loads
        # serialise instead of failing halfway when both try to write.
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> int:
        return self.conn.execute(sql, params or ()).rowcount

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        return list(self.conn.execute(sql, params or ()).fetchall())

    def relations(self) -> dict[str, str]:
        rows = self.query("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')")
        return {name: kind for name, kind in rows}

    def wrap(self, exc: BaseException, where: str, doing: str) -> LoadError | None:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            return DatabaseBusy(
                self.url,
                f"another load kept the database locked for over {BUSY_TIMEOUT_S:.0f} s; "
                "try again when it has finished",
            )
        if isinstance(exc, sqlite3.Error | OverflowError):
            return LoadError(where, f"{doing} failed in {self.url}: {one_line(exc)}")
        return None
