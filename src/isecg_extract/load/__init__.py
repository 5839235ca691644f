"""Load isecg-extract output folders into SQLite (default) or PostgreSQL.

Tables, keys and indexes are generated from each folder's datapackage.json; each
report's rows are replaced as one transaction; analyst views are kept up to date.
See docs/loading.md.
"""

from .backend import DEFAULT_DB_URL
from .errors import (
    BadDatabaseUrl,
    BadOutputFolder,
    DatabaseBusy,
    DatabaseUnavailable,
    LoadError,
    OutputFolderMissing,
    SchemaVersionError,
)
from .loader import LoadResult, ReportLoad, load_outputs

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
