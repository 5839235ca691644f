"""Errors of the diff and timeline commands, each with its own exit status.

They extend the library's ``ExtractError`` so the CLI shows them the same way: one line naming
the folder and the reason.
"""

from __future__ import annotations

from isecg_extract.errors import ExtractError


class NotAnOutputFolder(ExtractError):
    """A folder given to diff or timeline is not what the command reads."""

    exit_code = 17
    reason = "not an isecg-extract output folder"
