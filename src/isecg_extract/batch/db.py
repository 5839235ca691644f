"""Loading a batch's reports into a database as they finish (``batch --db``).

Each report is loaded on its own as soon as it is extracted, so a long batch fills the
database as it goes and a report that will not load fails only its row (``load_error``).
"""

from __future__ import annotations

from pathlib import Path

from isecg_extract.batch.errors import DatabaseUnusable
from isecg_extract.batch.manifest import ManifestRow


class BatchLoader:
    """``--db``: load each finished report; a load failure is recorded, not fatal.

    The database is opened once up front, so a wrong URL stops the batch before any work
    rather than failing every report.
    """

    def __init__(self, db_url: str | None) -> None:
        self.db_url = db_url
        self._loaded_as: dict[str, str] = {}  # input file -> the id it was last loaded under
        if not db_url:
            return
        from isecg_extract.load import LoadError
        from isecg_extract.load.backend import open_backend

        try:
            open_backend(db_url).close()
        except LoadError as exc:
            raise DatabaseUnusable(exc.where, " ".join(exc.reason.split())) from None

    def load(self, row: ManifestRow, folder: Path) -> None:
        if not self.db_url:
            return
        from isecg_extract.load import LoadError, load_outputs

        try:
            load_outputs([folder], self.db_url)
            row.db = "loaded"
            self._loaded_as[row.file] = row.doc_id
        except LoadError as exc:
            row.load_error = " ".join(str(exc).split())
            row.db = "failed"

    def settle(self, rows: list[ManifestRow], out: Path) -> None:
        """Once ids and folders are final, load again where the order of finishing decided.

        An input kept apart as a document of its own (batch/identity.py) was loaded under the
        year's id and is loaded now under its own (which removes its rows under the other, by
        its SHA-256), then the year's report is loaded again. Of several inputs of one report
        (a text and its PDF), which replaced each other in the order they finished, the one
        whose file name sorts first is loaded last, so the database holds the same one on every
        run, and the manifest says which.
        """
        if not self.db_url:
            return
        by_doc: dict[str, list[ManifestRow]] = {}
        for row in rows:
            if row.succeeded and row.doc_id and row.folder and row.file in self._loaded_as:
                by_doc.setdefault(row.doc_id, []).append(row)
        moved = {
            r.doc_id for g in by_doc.values() for r in g if self._loaded_as[r.file] != r.doc_id
        }
        left = {self._loaded_as[r.file] for g in by_doc.values() for r in g if r.doc_id in moved}
        again = [d for d in by_doc if d in moved] + [
            d for d in by_doc if d not in moved and (d in left or len(by_doc[d]) > 1)
        ]
        for doc_id in again:
            group = by_doc[doc_id]
            chosen = min(group, key=lambda r: r.file)
            self.load(chosen, out / chosen.folder)
            for row in group:
                if row is not chosen:
                    row.db = f"replaced by {chosen.file} (same report, {chosen.doc_id})"
