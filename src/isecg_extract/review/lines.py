"""Lines for ``pipeline/corrections.csv`` as the review page builds them (the page's script
does the same in the browser; this is the reference the tests compare it with)."""

from __future__ import annotations

import csv
import io

from isecg_extract.corrections import COLUMNS


def correction_line(
    doc_id: str,
    table: str,
    row_id: str,
    action: str,
    column: str = "",
    value: str = "",
    note: str = "",
) -> str:
    """One CSV line (no line break) in ``corrections.csv``'s columns, quoted as RFC 4180."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(
        [doc_id, table, row_id, action, column, value, note]
    )
    return buf.getvalue()


def corrections_file(lines: list[str]) -> str:
    """A whole corrections file (header first) holding ``lines``."""
    return ",".join(COLUMNS) + "\n" + "".join(line + "\n" for line in lines)
