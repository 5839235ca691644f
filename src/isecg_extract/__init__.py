"""isecg-extract: ISECG annual reports (PDF or text) into clean, linked datasets.

>>> import isecg_extract
>>> report = isecg_extract.extract("samples/isecg-annual-report-2025.txt")
>>> report.agencies.head()   # a pandas DataFrame
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["extract", "extract_to", "__version__"]


def extract(path: Any, **kwargs: Any) -> Any:
    """Extract one report; returns a Report whose tables are DataFrames (report.agencies, ...)."""
    from isecg_extract.pipeline import ExtractOptions
    from isecg_extract.pipeline import extract as _extract

    return _extract(path, ExtractOptions(**kwargs))


def extract_to(path: Any, out: Any, **kwargs: Any) -> Any:
    """Extract one report and write its CSV, JSON and data package to ``out``."""
    from isecg_extract.pipeline import ExtractOptions
    from isecg_extract.pipeline import extract_to as _extract_to

    return _extract_to(path, out, ExtractOptions(**kwargs))
