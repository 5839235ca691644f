"""``ingest.streams``: pdfminer's stream decoders with a ceiling, giving pdfminer's results.

The replacements must decode exactly as pdfminer does (property tests against its own
functions on damaged and random streams) and stop at the ceiling.
"""

from __future__ import annotations

import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isecg_extract.errors import OverMemory
from isecg_extract.ingest import streams
from isecg_extract.ingest.streams import _Ceiling, bounded_streams

from helpers import lzw_run

NO_CEILING = _Ceiling(None, "x.pdf")


def _theirs(fn, data: bytes):
    """pdfminer's result, or the class of the error it raises (damaged data can raise)."""
    try:
        return fn(data)
    except Exception as exc:
        return type(exc)


def _ours(fn, data: bytes, ceiling: _Ceiling = NO_CEILING):
    try:
        return fn(data, ceiling)
    except Exception as exc:
        return type(exc)


damaged_flate = st.builds(
    lambda payload, cut, flips: _damage(zlib.compress(payload), cut, flips),
    st.binary(max_size=600),
    st.integers(min_value=0, max_value=12),
    st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=2),
)


def _damage(stream: bytes, cut: int, flips: list[tuple[int, int]]) -> bytes:
    data = bytearray(stream[: max(0, len(stream) - cut)])
    for where, value in flips:
        if data:
            data[where % len(data)] = value
    return bytes(data)


@settings(max_examples=300, deadline=None)
@given(st.one_of(damaged_flate, st.binary(max_size=200)))
def test_corrupted_flate_decodes_as_pdfminers(data):
    from pdfminer.pdftypes import decompress_corrupted

    assert _ours(streams.decompress_corrupted, data) == _theirs(decompress_corrupted, data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_lzw_decodes_as_pdfminers(data):
    from pdfminer.lzw import lzwdecode

    assert _ours(streams.lzwdecode, data) == _theirs(lzwdecode, data)


def test_corrupted_flate_is_decoded_in_a_few_calls_not_a_byte_at_a_time(monkeypatch):
    """pdfminer's salvage feeds zlib one byte at a time and concatenates (quadratic: minutes
    for a stream of a few megabytes); ours feeds the body at once, then the checksum's bytes."""
    calls = []
    real = zlib.decompressobj

    class Counting:
        def __init__(self):
            self.inner = real()

        def decompress(self, data, max_length=0):
            calls.append(len(data))
            return self.inner.decompress(data, max_length)

        def __getattr__(self, name):
            return getattr(self.inner, name)

    monkeypatch.setattr(streams.zlib, "decompressobj", Counting)
    data = zlib.compress(b"Hello " * 100_000)[:-1] + b"\x00"
    assert streams.decompress_corrupted(data, NO_CEILING) == b"Hello " * 100_000
    assert len(calls) <= streams.CRC_BYTES + 1


@pytest.mark.parametrize("decoder", ["flate", "corrupted", "lzw"])
def test_every_decoder_stops_at_the_ceiling(decoder):
    ceiling = _Ceiling(1000, "bomb.pdf")
    if decoder == "lzw":
        data, fn = lzw_run(ord("a"), 1), streams.lzwdecode
    else:
        data = zlib.compress(b"a" * 5000)
        fn = streams.decompress_corrupted
        if decoder == "flate":
            data, fn = data, lambda d, c: streams._BoundedZlib(c).decompress(d)
    with pytest.raises(OverMemory, match="decompression bomb"):
        fn(data, ceiling)
    assert fn(data, _Ceiling(10**7, "ok.pdf"))  # under a higher ceiling it decodes


def test_pdfminers_names_come_back_after_a_document():
    import pdfminer.pdftypes as pdftypes

    before = (pdftypes.zlib, pdftypes.decompress_corrupted, pdftypes.lzwdecode)
    for limit in (None, 10**8):
        with pytest.raises(RuntimeError), bounded_streams("x.pdf", limit):
            assert pdftypes.decompress_corrupted is not before[1]
            raise RuntimeError
        assert (pdftypes.zlib, pdftypes.decompress_corrupted, pdftypes.lzwdecode) == before
