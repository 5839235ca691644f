"""Many reports at once, and what changed between them.

- ``run_batch`` (``isecg-extract batch``): every report of a folder or glob, in parallel worker
  processes with a time limit each, cached, into one folder per report plus combined tables
  and a manifest.
- ``diff_reports`` (``isecg-extract diff``): members, working groups, chair and activities
  that changed between two reports.
- ``build_timeline`` (``isecg-extract timeline``): members and groups per year over a batch.

Nothing heavy is imported here, so the CLI can register the commands without slowing
``--help``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["BatchResult", "build_timeline", "diff_reports", "run_batch", "write_timeline"]

_HOMES = {
    "run_batch": "isecg_extract.batch.run",
    "BatchResult": "isecg_extract.batch.run",
    "diff_reports": "isecg_extract.batch.diff",
    "build_timeline": "isecg_extract.batch.timeline",
    "write_timeline": "isecg_extract.batch.timeline",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(name)
