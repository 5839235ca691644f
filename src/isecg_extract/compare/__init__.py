"""What changed between years: the reports of two years, or of every year a batch holds.

- ``diff_reports`` (``isecg-extract diff``): members, working groups, chair and activities that
  changed between two reports (``diff``), the plans of last year that this year's report says
  were done (``done``, matched by meaning in ``match``), rendered as Markdown, JSON or CSV
  (``render``). One change is a ``changes.Change``.
- ``build_timeline`` (``isecg-extract timeline``): members and groups per year over a batch.
- ``stated``: whether a report lists its members and groups at all, so that a report that
  does not is "not stated", never "everyone left".

Reads output folders (``folder``), never live reports, so last year's output is compared
without extracting it again. Nothing heavy is imported here, so the CLI can register the
commands without slowing ``--help``.
"""

from __future__ import annotations

from isecg_extract.lazy import lazy_attributes

__all__ = ["build_timeline", "diff_reports", "write_timeline"]

__getattr__ = lazy_attributes(
    {
        "diff_reports": "isecg_extract.compare.diff",
        "build_timeline": "isecg_extract.compare.timeline",
        "write_timeline": "isecg_extract.compare.timeline_files",
    }
)
