"""Many reports at once: ``run_batch`` (``isecg-extract batch``).

Every report of a folder or glob, in parallel worker processes with a time limit each, cached,
into one folder per report plus combined tables and a manifest: discovery (``discover``), the
cache (``cache``), the workers (``runner``, ``worker``), the manifest and the combined tables
(``manifest``, ``combine``), publishing the folders (``publish``). Comparing the years a batch
holds is ``isecg_extract.compare``.

Nothing heavy is imported here, so the CLI can register the commands without slowing
``--help``.
"""

from __future__ import annotations

from isecg_extract.lazy import lazy_attributes

__all__ = ["BatchResult", "run_batch"]

__getattr__ = lazy_attributes(
    {
        "run_batch": "isecg_extract.batch.run",
        "BatchResult": "isecg_extract.batch.run",
    }
)
