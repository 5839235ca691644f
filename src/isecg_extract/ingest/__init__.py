"""Ingest: any input file into a RawDocument, recognising PDFs by content, not by name."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from isecg_extract.errors import EmptyInput, InputNotFound, NotAReport, OverMemory, TooLarge
from isecg_extract.model import RawDocument
from isecg_extract.names import printable_name

PDF_MAGIC = b"%PDF-"
TEXT_MEMORY_FACTOR = 80
"""Bytes of memory the pipeline needs per byte of a text input (spaCy's tokens, sentences,
mentions): measured 1.8 GB for 20 MB, over 14 GB for 200 MB. A text whose estimate is over
--max-memory is refused before it is read."""


@dataclass
class IngestOptions:
    """Bounds and secrets for reading one input; validated so a typo fails early."""

    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000
    password: str | None = None
    engine: str = "pdfplumber"
    jobs: int | None = None  # processes reading a PDF's pages; None: by CPUs and pages
    # Bytes the process doing the work may use (None: no limit). The command line's default
    # is 1 GiB; with a limit, ``extract`` works in a child process held to it.
    max_memory: int | None = None

    def __post_init__(self) -> None:
        if self.max_bytes <= 0 or self.max_pages <= 0:
            raise ValueError("max_bytes and max_pages must be positive")
        if self.max_memory is not None and self.max_memory <= 0:
            raise ValueError("max_memory must be positive")
        if self.jobs is not None and self.jobs < 1:
            raise ValueError("jobs must be at least 1")
        if self.engine not in {"pdfplumber", "pdfium"}:
            raise ValueError(f"unknown engine {self.engine!r}")


def input_size(path: Path) -> int:
    """The one guard every input passes before anything reads or hashes it: a regular file,
    or an error naming what it is instead.

    A FIFO would block the reader for ever and ``/dev/zero`` would never end, so they are
    refused by what ``stat`` says, without opening them.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputNotFound(str(path)) from None
    except OSError as exc:
        raise InputNotFound(str(path), f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputNotFound(str(path), "it is a folder; give a report file")
    if not stat.S_ISREG(st.st_mode):
        raise NotAReport(str(path), f"not a regular file (a {_file_kind(st.st_mode)})")
    return st.st_size


def _file_kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISSOCK, "socket"),
    ):
        if test(mode):
            return name
    return "special file"


def is_pdf(head: bytes) -> bool:
    """A PDF by its header, which may follow some junk bytes as viewers allow."""
    return PDF_MAGIC in head[:1024]


def ingest(
    path: str | Path,
    options: IngestOptions | None = None,
    while_waiting: Callable[[], None] | None = None,
) -> RawDocument:
    """Read one input. ``while_waiting`` runs while worker processes read a PDF's pages (see
    ``ingest.workers``); it is not called when nothing runs in parallel."""
    opts = options or IngestOptions()
    p = Path(path)
    size = input_size(p)
    if size == 0:
        raise EmptyInput(str(p))
    if size > opts.max_bytes:
        raise TooLarge(str(p), f"{size} bytes > --max-bytes {opts.max_bytes}")
    with p.open("rb") as f:
        head = f.read(1024)
    if not is_pdf(head) and opts.max_memory and size * TEXT_MEMORY_FACTOR > opts.max_memory:
        raise OverMemory(
            str(p),
            f"a text of {size / 2**20:.1f} MB needs about "
            f"{size * TEXT_MEMORY_FACTOR / 2**30:.1f} GB; "
            f"--max-memory is {opts.max_memory / 2**30:.2f} GB",
        )
    data = p.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    if is_pdf(data[:1024]):
        from isecg_extract.ingest.workers import read_pdf

        pages, meta = read_pdf(p, opts, while_waiting)
        return RawDocument(printable_name(p.name), sha, "pdf", pages, meta)
    from isecg_extract.ingest.text import decode_text, text_to_pages

    text = decode_text(data, str(p))
    pages = text_to_pages(text)
    if len(pages) > opts.max_pages:
        raise TooLarge(str(p), f"{len(pages)} pages > --max-pages {opts.max_pages}")
    return RawDocument(printable_name(p.name), sha, "text", pages, {})
