"""How far pdfminer may inflate a PDF's streams: a bomb is refused before it is in memory.

A few kilobytes of Flate or LZW can decode to gigabytes, and pdfminer decodes a stream whole
before anything reads it. Under ``--max-memory`` the process has a hard limit anyway (reaching
it fails the document with status 19), but a stream refused here fails sooner, says which
stream did it, and leaves the memory to the rest of a batch. pdfminer decodes through three
names in ``pdfminer.pdftypes``, each replaced while a document is read (``bounded_streams``):

* ``zlib``: ``decompress`` with a ceiling on its output;
* ``decompress_corrupted``, pdfminer's fallback for a Flate stream that ends early or whose
  checksum is wrong: the same result, with the ceiling, and linear (pdfminer's feeds the stream
  a byte at a time and concatenates, quadratic in the output: minutes for a few megabytes).
  It is replaced without ``--max-memory`` too, without a ceiling;
* ``lzwdecode``: pdfminer's LZW decoder, stopped at the ceiling.

Run-length and ASCII filters inflate at most 64:1 and are left alone; PDFium decodes in C++
under the process limit.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import Any

from isecg_extract.errors import OverMemory

STREAM_SHARE = 4
"""A PDF stream may inflate to at most this share of --max-memory: pdfminer holds a
stream's bytes and what it parses from them at once (a 1 GB stream peaked at 2 GB)."""

CRC_BYTES = 3
"""pdfminer's ``decompress_corrupted`` forgives an error in a stream's last three bytes (the
end of the Adler-32 checksum) and keeps what came before it; earlier errors are errors."""


class _Ceiling:
    """What one stream may decode to; ``over`` raises the document's ``OverMemory``."""

    def __init__(self, limit: int | None, path: str) -> None:
        self.limit, self.path = limit, path

    def room(self, used: int) -> int:
        """``max_length`` for the next zlib call: one byte over the ceiling tells it is hit."""
        return 0 if self.limit is None else self.limit - used + 1

    def check(self, size: int) -> None:
        if self.limit is not None and size > self.limit:
            self.over()

    def over(self) -> None:
        mb = (self.limit or 0) >> 20
        raise OverMemory(
            self.path,
            f"a compressed stream inflates to over {mb} MB "
            f"(a decompression bomb?); --max-memory allows {mb} MB per stream",
        )


class _BoundedZlib:
    """pdfminer's ``zlib`` with a ceiling on ``decompress``; everything else is zlib's."""

    def __init__(self, ceiling: _Ceiling) -> None:
        self.ceiling = ceiling

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    def decompress(self, data: bytes, *args: Any) -> bytes:
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, self.ceiling.room(0))
        if inflater.unconsumed_tail:
            self.ceiling.over()
        self.ceiling.check(len(out))
        if not inflater.eof:
            raise zlib.error("incomplete or truncated stream")  # pdfminer then salvages it
        return out


def decompress_corrupted(data: bytes, ceiling: _Ceiling) -> bytes:
    """pdfminer's ``decompress_corrupted``, with the same result: what inflates before an
    error in the last ``CRC_BYTES`` bytes (logged, as pdfminer logs it), an error before them
    raised. The body goes to zlib at once, the last bytes one at a time to find where an
    error stands."""
    inflater = zlib.decompressobj()
    out: list[bytes] = []
    used = 0
    body = max(0, len(data) - CRC_BYTES)
    chunks = [data[:body], *(data[i : i + 1] for i in range(body, len(data)))]
    for n, chunk in enumerate(chunks):
        try:
            piece = inflater.decompress(chunk, ceiling.room(used))
        except zlib.error:
            if n == 0:
                raise
            logging.getLogger("pdfminer.pdftypes").warning(
                "Data-loss while decompressing corrupted data"
            )
            break
        if inflater.unconsumed_tail:
            ceiling.over()
        used += len(piece)
        ceiling.check(used)
        out.append(piece)
    return b"".join(out)


def lzwdecode(data: bytes, ceiling: _Ceiling) -> bytes:
    """pdfminer's ``lzwdecode``, stopped when its output passes the ceiling."""
    from pdfminer.lzw import LZWDecoder

    out: list[bytes] = []
    used = 0
    for piece in LZWDecoder(BytesIO(data)).run():
        used += len(piece)
        ceiling.check(used)
        out.append(piece)
    return b"".join(out)


@contextmanager
def bounded_streams(path: Path, max_memory: int | None) -> Iterator[None]:
    """While reading ``path``, streams inflate to at most ``max_memory / STREAM_SHARE``
    (without ``max_memory``: no ceiling, but corrupted Flate is still decoded in linear time)."""
    import pdfminer.pdftypes as pdftypes

    limit = max(1, max_memory // STREAM_SHARE) if max_memory else None
    ceiling = _Ceiling(limit, str(path))
    names = ("zlib", "decompress_corrupted", "lzwdecode")
    previous = {name: getattr(pdftypes, name) for name in names}
    pdftypes.decompress_corrupted = lambda data: decompress_corrupted(data, ceiling)
    if limit is not None:
        pdftypes.zlib = _BoundedZlib(ceiling)  # type: ignore[assignment]
        pdftypes.lzwdecode = lambda data: lzwdecode(data, ceiling)
    try:
        yield
    finally:
        for name, value in previous.items():
            setattr(pdftypes, name, value)
