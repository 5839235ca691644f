"""PDF ingest with pdfplumber: open a document, read its metadata and runs of pages.

Each page becomes segments through ``ingest.segments.read_page``, which the PDFium engine
(``ingest.pdfium``) shares. pdfminer's log messages are kept rather than printed; how far its
streams may inflate is ``ingest.streams``' job.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any

from isecg_extract.errors import (
    EncryptedPdf,
    ExtractError,
    MalformedPdf,
    NoTextLayer,
    memory_error,
)
from isecg_extract.ingest.segments import (
    mark_drawn_bullets,
    normalise_glyphs,
    our_error,
    page_errors,
    read_page,
    words_to_segments,
)
from isecg_extract.model import Page, PageRun

__all__ = [
    "PARSER_LOG",
    "check_text",
    "document_info",
    "open_document",
    "read_pages",
    # The page reader's names that callers (tests among them) import from here, where they
    # were defined before ingest.segments.
    "mark_drawn_bullets",
    "normalise_glyphs",
    "words_to_segments",
]


class _ParserLog(logging.Handler):
    """pdfminer's and pdfplumber's log records, kept (the first few, once each) instead of
    printed: "Invalid MediaBox" on stderr is noise to the user, but worth a check."""

    KEEP = 10

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            self.keep(record.getMessage())

    def keep(self, message: str) -> None:
        """Keep ``message`` unless it is kept already or ``KEEP`` are; also for the messages
        that page readers in other processes send back (``PageRun.parser_log``)."""
        text = " ".join(message.split())[:200]
        if text and text not in self.messages and len(self.messages) < self.KEEP:
            self.messages.append(text)


PARSER_LOG = _ParserLog()
for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).addHandler(PARSER_LOG)
    logging.getLogger(_name).propagate = False


def open_document(path: Path, password: str | None) -> Any:
    """Open with pdfplumber, turning pdfminer's many exceptions into our typed errors."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(path, password=password or "")
        boxes_in_order(pdf.pages)  # also forces the page tree to be read
        return pdf
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise EncryptedPdf(str(path), "wrong password" if password else "") from exc
    except ExtractError:
        raise
    except MemoryError as exc:
        raise memory_error(str(path), "opening the PDF") from exc
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        ours = our_error(exc, path)
        if ours is not None:
            raise ours from exc
        causes = [exc, *exc.args, exc.__cause__, exc.__context__]
        names = " ".join(c.__class__.__name__ for c in causes if isinstance(c, BaseException))
        if "Password" in names or "Encrypt" in names:
            raise EncryptedPdf(str(path), "wrong password" if password else "") from exc
        raise MalformedPdf(str(path), f"{exc.__class__.__name__}: {exc}"[:200]) from exc


def boxes_in_order(pages: list[Any]) -> None:
    """Each page's media and crop box with its corners in order (lower left, upper right).

    The PDF specification allows any two opposite corners ("[612 792 0 0]"), and viewers
    draw such a page as usual; pdfminer builds its page matrix from the box as written, which
    put every word off the page (at x = -540), and the page was refused as malformed. Reading
    the box in order puts them where a viewer shows them; the PDFium engine does the same
    (``ingest.pdfium.frame.page_frame``).
    """
    for page in pages:
        obj = page.page_obj
        for name in ("mediabox", "cropbox"):
            box = getattr(obj, name, None)
            if box is None or len(box) != 4:
                continue
            x0, y0, x1, y1 = box
            if x0 > x1 or y0 > y1:
                setattr(obj, name, (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))


def check_text(path: Path, n: int, runs: list[PageRun]) -> None:
    """A document whose pages hold no characters at all is a scan, not a report."""
    if sum(r.chars for r in runs) == 0:
        raise NoTextLayer(str(path), f"{n} page(s) without text")


def document_info(pdf: Any) -> tuple[int, dict[str, str]]:
    """Page count and metadata of an open document."""
    meta = {str(k).lower(): _meta_text(v) for k, v in (pdf.metadata or {}).items()}
    n = len(pdf.pages)
    return n, meta


def read_pages(pdf: Any, path: Path, opts: Any, first: int, last: int) -> PageRun:
    """Pages ``first``..``last`` (1-based, inclusive) of an open document."""
    run = PageRun()
    for index in range(first, last + 1):
        page = pdf.pages[index - 1]
        with page_errors(path, index):
            lines, n_chars = read_page(page, index)
        run.chars += n_chars
        run.pages.append(
            Page(number=index, width=float(page.width), height=float(page.height), lines=lines)
        )
        page.flush_cache()  # keep memory flat on long documents
    return run


def _meta_text(value: Any) -> str:
    if isinstance(value, bytes):
        try:
            return (
                value.decode("utf-16") if value.startswith(b"\xfe\xff") else value.decode("latin-1")
            )
        except UnicodeDecodeError:
            return ""
    return str(value)
