"""Errors of the batch command, each with its own exit status.

They extend the library's ``ExtractError`` so the CLI shows them the same way: one line naming
the file or folder and the reason. A report that fails inside a batch is not an exception: it
becomes a manifest row, and only the batch as a whole ends with ``ReportsFailed``.
"""

from __future__ import annotations

from isecg_extract.errors import ExtractError


class BatchError(ExtractError):
    """Base class of the errors raised by ``isecg_extract.batch``."""


class NoInputs(BatchError):
    """No input, folder or glob named a report file."""

    exit_code = 3
    reason = "no report files found"


class WorkerCrashed(BatchError):
    """The process extracting one document died (segfault, os._exit, killed for memory)."""

    exit_code = 14
    reason = "the extraction process crashed"


class ReportsFailed(BatchError):
    """At least one report of the batch failed; the others were written."""

    exit_code = 15
    reason = "some reports failed"


class OutputBusy(BatchError):
    """Another batch is writing to the same output folder."""

    exit_code = 16
    reason = "another batch is writing to this folder"


class NotOurCache(BatchError):
    """``--cache-dir`` names a folder that holds other things: it is refused, never emptied."""

    exit_code = 2
    reason = "not a cache folder of isecg-extract; give a new or empty folder"


class DatabaseUnusable(BatchError):
    """``--db`` names a database that cannot be opened; checked before any extraction."""

    exit_code = 18
    reason = "cannot load into the database"


class Interrupted(BatchError):
    """The batch was stopped by Ctrl-C or SIGTERM; finished reports are cached for the next run."""

    exit_code = 130
    reason = "interrupted"

    def __init__(self, path: str = "", detail: str = "", signal_number: int = 2) -> None:
        super().__init__(path, detail)
        # The shell convention: 128 + the signal's number (130 for SIGINT, 143 for SIGTERM).
        self.exit_code = 128 + signal_number

    def __reduce__(self) -> tuple[type, tuple[str, str, int]]:  # type: ignore[override]
        return (self.__class__, (self.path, self.detail, self.exit_code - 128))
