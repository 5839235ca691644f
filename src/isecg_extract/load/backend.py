"""What the loader needs from a database, and the URL dispatch to SQLite or PostgreSQL.

The loader speaks only this small interface so that the load logic, the migrations and
the views are written once; each backend keeps just its types, placeholders, locking and
catalog queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit

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


_SECRET_KEYS = {"password", "passwd", "pwd", "sslpassword", "secret", "token"}


def redact(url: str) -> str:
    """Drop the password (in the user part or a ``?password=`` query) so URLs can appear in
    messages and logs; a URL that cannot be parsed is shown only by its scheme."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        scheme = url.split(":", 1)[0] if ":" in url else ""
        return f"{scheme}://(unparsable URL)" if scheme.isalnum() else "(unparsable URL)"
    secret_query = any(
        k.lower() in _SECRET_KEYS for k, _ in parse_qsl(parts.query, keep_blank_values=True)
    )
    if password is None and not secret_query:
        return url
    netloc = parts.netloc
    if password is not None:
        netloc = f"{parts.username or ''}:***@{netloc.rsplit('@', 1)[-1]}"
    query = parts.query
    if secret_query:
        pairs = [
            (k, "***" if k.lower() in _SECRET_KEYS else v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
        ]
        query = urlencode(pairs, safe="*")
    # Rebuilt by hand: urlunsplit would turn sqlite:////abs into sqlite://abs.
    text = f"{parts.scheme}://{netloc}{parts.path}"
    return text + (f"?{query}" if query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def check_url(url: str) -> None:
    """A URL that cannot be parsed is the user's to fix, said in one line (not a traceback)."""
    try:
        parts = urlsplit(url)
        _ = parts.port, parts.password
    except ValueError as exc:
        raise BadDatabaseUrl(redact(url), f"malformed database URL: {exc}") from None


def open_backend(url: str) -> Backend:
    """Connect to the database a URL names; drivers are imported only when needed."""
    check_url(url)
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
