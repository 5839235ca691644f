"""What the loader needs from a database, and the URL dispatch to SQLite or PostgreSQL.

The loader speaks only this small interface so that the load logic, the migrations and
the views are written once; each backend keeps just its types, placeholders, locking and
catalog queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from .errors import BadDatabaseUrl, LoadError

DEFAULT_DB_URL = "sqlite:///isecg.db"
BUSY_TIMEOUT_S = 60.0
"""How long a load waits for another load's lock before giving up with DatabaseBusy."""


class Backend(Protocol):
    """An open connection to one database, used for exactly one load."""

    url: str
    """The URL with any password removed, for messages."""
    placeholder: str
    types: Mapping[str, str]
    """Frictionless field type -> column type."""
    begin_is_exclusive: bool
    """True when begin() already keeps every other load out, so schema work needs no retry."""

    def begin(self, doc_ids: Sequence[str], *, exclusive: bool) -> None:
        """Start the load's transaction and take its locks.

        `exclusive` asks to keep every other load out (needed to change tables or views);
        otherwise only loads of the same doc_ids are kept out.
        """

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def close(self) -> None: ...

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> int:
        """Run one statement; return the number of rows it changed."""

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]: ...

    def relations(self) -> dict[str, str]:
        """Tables and views of the schema the loader writes to: name -> 'table' or 'view'."""

    def wrap(self, exc: BaseException, where: str, doing: str) -> LoadError | None:
        """Turn a driver error into a typed LoadError, or None when it is not a driver error."""


def redact(url: str) -> str:
    """Drop the password so URLs can appear in messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = (parts.username or "") + ":***"
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[-1]}"))


def open_backend(url: str) -> Backend:
    """Connect to the database a URL names; drivers are imported only when needed."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "sqlite":
        from .sqlite import SQLiteBackend

        return SQLiteBackend(url)
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        from .postgres import PostgresBackend

        return PostgresBackend(url)
    raise BadDatabaseUrl(
        redact(url),
        "unsupported database URL; use sqlite:///path/to/file.db or postgresql://user@host:port/dbname",
    )


def one_line(exc: BaseException) -> str:
    """Driver messages can span lines (PostgreSQL's DETAIL); the CLI prints one."""
    return " ".join(str(exc).split()) or type(exc).__name__
