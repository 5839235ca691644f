"""Load isecg-extract output folders into SQLite (default) or PostgreSQL.

Tables, keys and indexes are generated from each folder's datapackage.json; each
report's rows are replaced as one transaction; analyst views are kept up to date.
See docs/loading.md.

The loader (and with it SQLAlchemy) is imported on first use of ``load_outputs``,
``LoadResult`` or ``ReportLoad``, so importing the package for its errors, or for the
``load`` command's definition, stays as cheap as the CLI's start-up needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (
    BadDatabaseUrl,
    BadOutputFolder,
    DatabaseBusy,
    DatabaseUnavailable,
    LoadError,
    OutputFolderMissing,
    SchemaVersionError,
)
from .urls import DEFAULT_DB_URL

if TYPE_CHECKING:
    from .loader import LoadResult, ReportLoad, load_outputs

_LAZY = ("LoadResult", "ReportLoad", "load_outputs")

__all__ = [
    "DEFAULT_DB_URL",
    "BadDatabaseUrl",
    "BadOutputFolder",
    "DatabaseBusy",
    "DatabaseUnavailable",
    "LoadError",
    "LoadResult",
    "OutputFolderMissing",
    "ReportLoad",
    "SchemaVersionError",
    "load_outputs",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
