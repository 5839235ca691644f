"""Database URLs: the default, the supported schemes, and passwords kept out of messages.

Nothing here imports SQLAlchemy or a driver, so the CLI can name the default database and
reject a bad URL without loading them.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from .errors import BadDatabaseUrl

DEFAULT_DB_URL = "sqlite:///isecg.db"
BUSY_TIMEOUT_S = 60.0
"""How long a load waits for another load's lock before giving up with DatabaseBusy."""

SCHEMES = {
    "sqlite": "sqlite",
    "postgresql": "postgresql",
    "postgres": "postgresql",
    "postgresql+psycopg": "postgresql",
}
"""URL scheme -> the dialect the loader uses for it."""

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


def dialect_of(url: str) -> str:
    """'sqlite' or 'postgresql' for a URL the loader supports; a one-line error otherwise."""
    try:
        parts = urlsplit(url)
        _ = parts.port, parts.password
    except ValueError as exc:
        # A URL that cannot be parsed is the user's to fix, said in one line (not a traceback).
        raise BadDatabaseUrl(redact(url), f"malformed database URL: {exc}") from None
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in SCHEMES:
        raise BadDatabaseUrl(
            redact(url),
            "unsupported database URL; use sqlite:///path/to/file.db or postgresql://user@host:port/dbname",
        )
    return SCHEMES[scheme]


def one_line(exc: BaseException) -> str:
    """Driver messages can span lines (PostgreSQL's DETAIL); the CLI prints one."""
    return " ".join(str(exc).split()) or type(exc).__name__
