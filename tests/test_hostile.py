"""Hostile and broken inputs: never a traceback, always one line and a known exit status."""

from __future__ import annotations

import csv
import random

import pytest
from click.testing import CliRunner

from isecg_extract.cli import main

from helpers import SAMPLES, SEED_TEXT

KNOWN_STATUSES = {0, 4, 5, 6, 7, 8, 9, 10, 11, 12}
PDF = next(p for p in sorted(SAMPLES.glob("*.pdf")) if "-x" not in p.stem)


def mutations() -> dict[str, bytes]:
    data = PDF.read_bytes()
    rng = random.Random(20261127)
    out = {
        "truncated-half.pdf": data[: len(data) // 2],
        "truncated-head.pdf": data[:2000],
        "header-only.pdf": b"%PDF-1.7\n",
        "padded-junk.pdf": data + bytes(rng.randrange(256) for _ in range(5000)),
        "junk-before-header.pdf": b"\x00garbage\n" * 10 + data,
    }
    for i in range(3):
        flipped = bytearray(data)
        for _ in range(40):
            pos = rng.randrange(len(flipped))
            flipped[pos] ^= 1 << rng.randrange(8)
        out[f"bitflip-{i}.pdf"] = bytes(flipped)
    return out


@pytest.mark.parametrize("name", sorted(mutations()))
def test_mutated_pdfs_fail_cleanly_or_extract(name, tmp_path):
    path = tmp_path / name
    path.write_bytes(mutations()[name])
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["extract", str(path), "-o", str(out), "-q", "--timeout", "60"]
    )
    assert "Traceback" not in result.output
    assert result.exit_code in KNOWN_STATUSES, result.output
    if result.exit_code:
        (line,) = result.output.strip().splitlines()
        assert line.startswith(f"isecg-extract: {path}: ")
        assert not out.exists()  # nothing half-written
    else:
        assert (out / "datapackage.json").exists()


def test_html_saved_as_pdf_is_named_as_such(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_text("<!DOCTYPE html><html><head><title>ISECG</title></head><body>hi</body></html>")
    result = CliRunner().invoke(main, ["extract", str(path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 5
    assert "HTML" in result.output


def test_timeout_stops_a_document(tmp_path):
    result = CliRunner().invoke(
        main, ["extract", str(SEED_TEXT), "-o", str(tmp_path / "o"), "--timeout", "0.001"]
    )
    assert result.exit_code == 12, result.output
    assert "timed out" in result.output
    assert not (tmp_path / "o").exists()


def test_a_timeout_swallowed_by_library_code_fires_again():
    import time

    from isecg_extract.errors import ExtractTimeout
    from isecg_extract.pipeline import time_limit

    t0 = time.monotonic()
    with pytest.raises(ExtractTimeout), time_limit(0.2, "report.pdf"):
        try:  # noqa: SIM105 - as an optional import inside a library does
            time.sleep(5)
        except Exception:
            pass
        time.sleep(5)
    assert time.monotonic() - t0 < 3


def test_a_timeout_rewrapped_by_library_code_is_still_a_timeout():
    import time

    from isecg_extract.errors import ExtractTimeout
    from isecg_extract.pipeline import time_limit

    with pytest.raises(ExtractTimeout), time_limit(0.2, "report.pdf"):
        try:
            time.sleep(5)
        except Exception as exc:  # as a YAML loader inside an import does
            raise ValueError(f"Invalid YAML: {exc}") from exc


def test_hostile_text_report_gives_safe_outputs(tmp_path):
    text = SEED_TEXT.read_text(encoding="utf-8")
    text = text.replace(
        "Brazil\t\tAgência Espacial Brasileira (AEB)",
        "Brazil\t\t=cmd|' /C calc'!A0 Agency (AEB)\nMexico\t\t@SUM A1 Space Agency (SSA)",
    )
    text += (
        "\n\n"
        + "The CWG will "
        + "develop " * 20000
        + "things.\n\n\x07\x1b[31mThe TWG will test control characters.\x00\n"
    )
    text = text.replace("\x00", "")
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(path), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    for csv_path in out.glob("*.csv"):
        with open(csv_path, encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                for cell in row:
                    assert not cell.startswith(("=", "@", "+")), (csv_path.name, cell[:40])
                    assert "\x1b" not in cell and "\x07" not in cell
    raw = CliRunner().invoke(
        main, ["extract", str(path), "-o", str(tmp_path / "raw"), "-q", "--raw-cells"]
    )
    assert raw.exit_code == 0
    names = (tmp_path / "raw" / "agencies.csv").read_text(encoding="utf-8")
    assert "=cmd|' /C calc'!A0 Agency" in names
