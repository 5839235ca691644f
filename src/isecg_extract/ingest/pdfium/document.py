"""Opening a document, its metadata and its runs of pages: the engine's interface to
``ingest.workers`` (the same four functions as ``ingest.pdf``'s)."""

from __future__ import annotations

import ctypes
from pathlib import Path
from typing import Any

from isecg_extract.errors import (
    EncryptedPdf,
    MalformedPdf,
    NoPages,
    NoTextLayer,
)
from isecg_extract.ingest.pdfium.fonts import Type3Descents
from isecg_extract.ingest.pdfium.page import PdfiumPage
from isecg_extract.ingest.segments import page_errors, read_page
from isecg_extract.model import Page, PageRun

_META_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer")
_META_KEYS_ALL = (*_META_KEYS, "CreationDate", "ModDate", "Trapped")


def open_document(path: Path, password: str | None) -> Any:
    """Open with PDFium, turning its load error codes into our typed errors."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        return pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD:
            raise EncryptedPdf(str(path), "wrong password" if password else "") from exc
        if code == raw.FPDF_ERR_SECURITY:
            raise EncryptedPdf(str(path), "unsupported security handler") from exc
        raise MalformedPdf(str(path), f"PdfiumError: {exc}"[:200]) from exc


def check_text(path: Path, n: int, runs: list[PageRun]) -> None:
    """No characters on any page: a scan, or (nothing drawn at all) a blank document."""
    if sum(r.chars for r in runs) == 0:
        if sum(r.objects for r in runs) == 0:
            # Nothing at all on any page: pdfminer reads such files (corpus issue-297) as
            # having no pages, and "run OCR" would be wrong advice for a blank document.
            raise NoPages(str(path))
        raise NoTextLayer(str(path), f"{n} page(s) without text")


def document_info(doc: Any) -> tuple[int, dict[str, str]]:
    """Page count and metadata of an open document."""
    meta = read_metadata(doc.raw)
    n = len(doc)
    return n, meta


def read_pages(doc: Any, path: Path, opts: Any, first: int, last: int) -> PageRun:
    """Pages ``first``..``last`` (1-based, inclusive) of an open document."""
    import pypdfium2.raw as raw

    run = PageRun()
    type3 = Type3Descents(path, opts.password)
    for index in range(first, last + 1):
        handle = raw.FPDF_LoadPage(doc.raw, index - 1)
        if not handle:
            raise MalformedPdf(str(path), f"page {index}: PDFium cannot load it")
        try:
            with page_errors(path, index):
                page = PdfiumPage(handle, type3)
                lines, n_chars = read_page(page, index)
        finally:
            raw.FPDF_ClosePage(handle)  # keep memory flat on long documents
        run.chars += n_chars
        run.objects += page.n_objects
        run.pages.append(Page(number=index, width=page.width, height=page.height, lines=lines))
    return run


def read_metadata(doc: Any) -> dict[str, str]:
    """The Info entries PDFium can be asked for by name, lower-cased as ``ingest.pdf`` has them."""
    import pypdfium2.raw as raw

    out: dict[str, str] = {}
    for key in _META_KEYS_ALL:
        size = raw.FPDF_GetMetaText(doc, key.encode("ascii"), None, 0)
        if size <= 2:  # absent or empty (PDFium cannot tell them apart)
            continue
        buf = ctypes.create_string_buffer(size)
        raw.FPDF_GetMetaText(doc, key.encode("ascii"), buf, size)
        out[key.lower()] = buf.raw[: size - 2].decode("utf-16-le", errors="replace")
    return out
