"""Typed loader errors.

Each error names the output folder or database at fault and says what to do, so the
CLI can show it as one line and a script can tell a bad folder from a busy database.
Whenever one is raised by `load_outputs`, the database is as it was before the call.
"""

from __future__ import annotations


class LoadError(Exception):
    """A load failed; the database was left as it was before the load.

    ``exit_code`` is the command's exit status (the README's table): 17 for a folder that is
    not a loadable output folder, 18 for a database that cannot be opened or take the rows.
    """

    exit_code = 18

    def __init__(self, where: object, reason: str) -> None:
        self.where = str(where)
        self.reason = reason
        super().__init__(f"{self.where}: {reason}")

    def __reduce__(self) -> tuple[type[LoadError], tuple[str, str]]:
        # Keeps the two-argument form when the error crosses a process boundary.
        return (type(self), (self.where, self.reason))


class BadOutputFolder(LoadError):
    """An output folder is missing, unreadable or breaks the output contract."""

    exit_code = 17


class OutputFolderMissing(BadOutputFolder):
    """A folder named on the command line does not exist (the same status as a missing file)."""

    exit_code = 3


class BadDatabaseUrl(LoadError):
    """The database URL names a backend the loader does not support."""


class DatabaseUnavailable(LoadError):
    """The database cannot be opened, or its driver is not installed."""


class DatabaseBusy(LoadError):
    """Another load held the database longer than the loader is willing to wait."""


class SchemaVersionError(LoadError):
    """The database's tables cannot take these outputs without someone deciding how."""
