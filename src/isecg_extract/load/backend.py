"""One SQLAlchemy connection per load, and the little that differs between SQLite and PostgreSQL.

Tables, inserts, deletes and catalog reads are SQLAlchemy Core and the same for both
databases. What stays per dialect is what SQLAlchemy deliberately leaves to the application:

- **How a load keeps other loads out.** SQLite has one writer per file: the transaction is
  opened with ``BEGIN IMMEDIATE`` (SQLAlchemy's documented recipe: sqlite3's own transaction
  handling is switched off and the ``begin`` event emits the BEGIN), so a second load waits
  for the write lock up front, for up to the busy timeout, instead of failing halfway when it
  first writes. PostgreSQL lets loads of different reports run side by side, so a load takes
  transaction-scoped advisory locks (a shared or exclusive one for the schema, one per
  ``doc_id``) under a ``lock_timeout``; SQLAlchemy has no construct for either.
- **Foreign keys.** SQLite enforces them only when each connection says ``PRAGMA
  foreign_keys = ON``.
- **Opening.** A SQLite URL is a file path, taken as it is (the folder must exist; a file
  that is not a database is refused on opening). A PostgreSQL URL is handed to libpq as it
  is, so everything libpq accepts in a URL (several hosts, a socket folder, options) works
  as before.
- **Which driver error means "busy"**: sqlite3's "database is locked", psycopg's LockNotAvailable.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from .errors import BadDatabaseUrl, DatabaseBusy, DatabaseUnavailable, LoadError
from .urls import BUSY_TIMEOUT_S, dialect_of, one_line, redact


class Backend:
    """An open connection to one database, used for exactly one load."""

    begin_is_exclusive = False
    """True when begin() already keeps every other load out, so schema work needs no retry."""
    busy_reason = (
        "another load held its lock for over {seconds:.0f} s; try again when it has finished"
    )
    driver_errors: tuple[type[BaseException], ...] = ()
    """Errors the driver raises outside SQLAlchemy's wrapping, reported like database errors."""

    def __init__(self, url: str, engine: sa.Engine, opening: str) -> None:
        self.url = redact(url)
        """The URL with any password removed, for messages."""
        self.engine = engine
        self._trans: sa.RootTransaction | None = None
        try:
            self.conn = engine.connect()
        except sa.exc.DBAPIError as exc:
            engine.dispose()
            raise DatabaseUnavailable(self.url, f"{opening}: {one_line(exc.orig)}") from None

    def begin(self, doc_ids: Sequence[str], *, exclusive: bool) -> sa.Connection:
        """Start the load's transaction and take its locks; return the connection to use.

        `exclusive` asks to keep every other load out (needed to change tables or views);
        otherwise only loads of the same doc_ids are kept out.
        """
        self._trans = self.conn.begin()
        self.lock(doc_ids, exclusive)
        return self.conn

    def lock(self, doc_ids: Sequence[str], exclusive: bool) -> None:
        """Locks taken inside the transaction, beyond what beginning it takes."""

    def commit(self) -> None:
        if self._trans is not None:
            self._trans.commit()

    def rollback(self) -> None:
        if self._trans is not None and self._trans.is_active:
            self._trans.rollback()

    def close(self) -> None:
        # A broken connection may refuse the rollback that closing implies; the database
        # discards an unfinished transaction on its own.
        with contextlib.suppress(sa.exc.DBAPIError):
            self.conn.close()
        self.engine.dispose()

    def is_busy(self, error: BaseException) -> bool:
        """Whether a driver error means another load held the lock too long."""
        return False

    def wrap(self, exc: BaseException, where: str, doing: str) -> LoadError | None:
        """Turn a database error into a typed LoadError, or None when it is not one."""
        error = exc.orig if isinstance(exc, sa.exc.DBAPIError) else exc
        if self.is_busy(error):
            return DatabaseBusy(self.url, self.busy_reason.format(seconds=BUSY_TIMEOUT_S))
        if isinstance(exc, (sa.exc.DBAPIError, *self.driver_errors)):
            return LoadError(where, f"{doing} failed in {self.url}: {one_line(error)}")
        return None


def sqlite_path(url: str) -> str:
    """sqlite:///rel.db -> rel.db and sqlite:////abs.db -> /abs.db, as SQLAlchemy reads them."""
    prefix = "sqlite:///"
    if not url.lower().startswith(prefix) or len(url) == len(prefix):
        raise BadDatabaseUrl(
            url, "a SQLite URL looks like sqlite:///isecg.db or sqlite:////abs/path.db"
        )
    return url[len(prefix) :]


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # sqlite3 emits no BEGIN of its own; see _sqlite_begin
    dbapi_conn.execute("PRAGMA foreign_keys = ON")
    # Reads the file's header now, so that a file that is not a database is refused on
    # opening (status 18) rather than midway through a batch's loads.
    dbapi_conn.execute("PRAGMA schema_version").fetchone()


def _sqlite_begin(conn: sa.Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


class SQLiteBackend(Backend):
    """SQLite (stdlib sqlite3): the zero-setup default for one analyst's machine."""

    begin_is_exclusive = True
    busy_reason = (
        "another load kept the database locked for over {seconds:.0f} s; "
        "try again when it has finished"
    )
    driver_errors = (sqlite3.Error, OverflowError)

    def __init__(self, url: str) -> None:
        path = sqlite_path(url)
        if path != ":memory:" and not Path(path).parent.is_dir():
            raise DatabaseUnavailable(url, f"folder {Path(path).parent} does not exist")
        engine = sa.create_engine(
            # URL.create takes the path as it is: nothing after sqlite:/// is parsed.
            sa.URL.create("sqlite+pysqlite", database=path),
            connect_args={"timeout": BUSY_TIMEOUT_S},
            poolclass=sa.NullPool,
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        super().__init__(url, engine, "cannot open")

    def is_busy(self, error: BaseException) -> bool:
        return isinstance(error, sqlite3.OperationalError) and "locked" in str(error)


# Advisory-lock namespaces (first key of the two-key form). A load holds the schema lock
# shared, or exclusive when it changes tables or views, and one lock per doc_id, so
# loads of different reports run side by side and loads of one report take turns.
SCHEMA_LOCK = (0x15EC0001, 0)
REPORT_LOCK_NS = 0x15EC0002


def report_lock_key(doc_id: str) -> int:
    """A stable 32-bit key per doc_id (a collision only makes two loads take turns)."""
    return int.from_bytes(hashlib.sha256(doc_id.encode()).digest()[:4], "big", signed=True)


class PostgresBackend(Backend):
    """PostgreSQL (psycopg 3): a shared database that a team loads into at once.

    psycopg is imported only when a postgresql:// URL is given, so SQLite users need not
    install it.
    """

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError:
            raise DatabaseUnavailable(
                redact(url), "loading into PostgreSQL needs psycopg: pip install 'psycopg[binary]'"
            ) from None
        self._psycopg = psycopg
        self.driver_errors = (psycopg.Error,)
        conninfo = "postgresql://" + url.split("://", 1)[1] if "://" in url else url
        engine = sa.create_engine(
            "postgresql+psycopg://",
            creator=lambda: psycopg.connect(conninfo, connect_timeout=10),
            poolclass=sa.NullPool,
        )
        super().__init__(url, engine, "cannot connect")

    def lock(self, doc_ids: Sequence[str], exclusive: bool) -> None:
        lock = sa.text("SELECT pg_advisory_xact_lock(CAST(:ns AS integer), CAST(:key AS integer))")
        shared = sa.text(
            "SELECT pg_advisory_xact_lock_shared(CAST(:ns AS integer), CAST(:key AS integer))"
        )
        self.conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(BUSY_TIMEOUT_S * 1000)}ms'")
        ns, key = SCHEMA_LOCK
        self.conn.execute(lock if exclusive else shared, {"ns": ns, "key": key})
        # Sorted, so two loads of overlapping reports cannot deadlock.
        for key in sorted({report_lock_key(d) for d in doc_ids}):
            self.conn.execute(lock, {"ns": REPORT_LOCK_NS, "key": key})

    def is_busy(self, error: BaseException) -> bool:
        return isinstance(error, self._psycopg.errors.LockNotAvailable)


def open_backend(url: str) -> Backend:
    """Connect to the database a URL names; drivers are imported only when needed."""
    if dialect_of(url) == "sqlite":
        return SQLiteBackend(url)
    return PostgresBackend(url)
