"""Package attributes imported on first use, so that importing a package stays cheap.

The CLI imports every command's package at start-up (``isecg-extract --help``); a package
that re-exports its library functions would otherwise load pandas, spaCy or rapidfuzz with it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_attributes(homes: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` (PEP 562) that imports ``name`` from ``homes[name]``."""

    def __getattr__(name: str) -> Any:
        if name in homes:
            return getattr(importlib.import_module(homes[name]), name)
        raise AttributeError(name)

    return __getattr__
