"""Errors of the ``score`` command, each with its own exit status.

They extend the library's ``ExtractError`` so the CLI shows them as every command does: one
line naming the file or folder and the reason.
"""

from __future__ import annotations

from isecg_extract.errors import ExtractError


class NotAnOutputToScore(ExtractError):
    """The folder to score holds none of the datasets' CSV files (a typo, or the wrong folder)."""

    exit_code = 17
    reason = "not an isecg-extract output folder"


class NotAGoldFile(ExtractError):
    """The gold file is not a JSON object of datasets, so nothing could be scored against it."""

    exit_code = 17
    reason = "not a gold file"
