"""File names as the tool shows and stores them.

On POSIX a file name is bytes; Python carries bytes that are not UTF-8 as lone surrogates,
which no UTF-8 writer (CSV, JSON, a terminal) accepts. The tool keeps the real name to open
the file and shows and stores this escaped form (``r\\xffport.txt``), so one odd name never
aborts a batch.
"""

from __future__ import annotations

import os


def printable_name(name: str | os.PathLike[str]) -> str:
    """``name`` with every byte that is not UTF-8 written as ``\\xNN``; other names unchanged."""
    text = os.fspath(name)
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
