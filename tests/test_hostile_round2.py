"""Issue 15: hostile inputs, round two (bounded memory and time, whole output folders).

Every input is generated here and small; what would take gigabytes or minutes is made to
fail fast with a low ``--max-memory`` or ``--timeout``.
"""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest
from click.testing import CliRunner

from isecg_extract.cli import main

from helpers import SEED_TEXT, default_signals, lzw_run

MEMBER_ROW = "Canada\t\tCanadian Space Agency (CSA)"


def _seed_with(tmp_path, old: str, new: str, name: str = "report.txt"):
    text = SEED_TEXT.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _run(args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


def _rows(path):
    csv.field_size_limit(2**31 - 1)
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# 1. A cell over csv's default field limit (131,072 characters) -------------------------------


def test_a_member_cell_over_the_csv_field_limit_is_batched_combined_and_loaded(tmp_path):
    # the long text is the name's own (a tail after "(CSA)" starting in lower case reads as a
    # note beside the member, "joined 2021", and is no part of it)
    long_name = "Canadian Space Agency " + "x" * 140_000 + " (CSA)"
    src = _seed_with(tmp_path, MEMBER_ROW, "Canada\t\t" + long_name)
    out = tmp_path / "out"
    result = _run(["batch", src, "-o", out, "-j", "1", "-q", "--timeout", "120"])
    assert result.exit_code == 0, result.output
    assert json.loads((out / "manifest.json").read_text())["summary"]["failed"] == 0
    cells = [c for r in _rows(out / "all" / "agencies.csv") for c in r.values()]
    assert max(len(c) for c in cells) >= 140_000
    db = tmp_path / "x.db"
    result = _run(["load", out / "isecg-ar-2025", "--db", f"sqlite:///{db}"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        (longest,) = conn.execute("SELECT max(length(name)) FROM agencies").fetchone()
    assert longest >= 140_000


def test_organisation_names_are_split_in_linear_time(cfg):
    """The member-cell pattern once rescanned the rest of the cell from every position."""
    from isecg_extract.normalise.members import split_organisations

    cell = "Australian Space Agency (ASA) Commonwealth (CSIRO) " + "x" * 400_000
    assert split_organisations(cell, cfg)[:2] == [
        ("Australian Space Agency", "ASA"),
        ("Commonwealth", "CSIRO"),
    ]
    assert split_organisations("A (B (C) D", cfg) == [("B", "C"), ("D", "")]


# 2. Cubic pattern cost, and a time limit that bites inside C code ----------------------------


def _title_words(n: int) -> str:
    import random

    rng = random.Random(15)
    return " ".join("W" + "".join(rng.choice("abcdefgh") for _ in range(5)) for _ in range(n))


def test_generic_patterns_have_no_two_open_ended_repetitions_in_a_row(cfg, tmp_path):
    import shutil

    from isecg_extract.config import load_config
    from isecg_extract.errors import ConfigError
    from isecg_extract.nlp.build import generic_patterns

    assert generic_patterns(cfg)  # the shipped patterns pass the check
    root = tmp_path / "pipeline"
    shutil.copytree(cfg.root, root)
    cubic = {
        "label": "WG_NEW",
        "pattern": [
            {"IS_TITLE": True},
            {"IS_TITLE": True, "OP": "*"},
            {"LOWER": "and", "OP": "?"},
            {"IS_TITLE": True, "OP": "*"},
            {"LOWER": "group"},
        ],
    }
    with (root / "patterns" / "entities.jsonl").open("a") as f:
        f.write(json.dumps(cubic) + "\n")
    with pytest.raises(ConfigError, match="open-ended"):
        generic_patterns(load_config(str(root)))


def test_a_run_of_title_case_words_is_stopped_at_the_timeout(tmp_path):
    import time

    src = _seed_with(
        tmp_path, "The CWG will advance", _title_words(40_000) + ". The CWG will advance"
    )
    t0 = time.monotonic()
    result = _run(["extract", src, "-o", tmp_path / "o", "-q", "--timeout", "2"])
    elapsed = time.monotonic() - t0
    assert result.exit_code == 12, result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"isecg-extract: {src}: timed out")
    assert elapsed < 2 + 10  # the matcher's C code no longer delays the limit by minutes
    assert not (tmp_path / "o").exists()


def test_the_python_api_timeout_bites_too(tmp_path):
    from isecg_extract.errors import ExtractTimeout
    from isecg_extract.pipeline import ExtractOptions, extract

    src = _seed_with(
        tmp_path, "The CWG will advance", _title_words(40_000) + ". The CWG will advance"
    )
    with pytest.raises(ExtractTimeout):
        extract(src, ExtractOptions(timeout=1.5))


# 4. Memory: decompression bombs and huge texts ------------------------------------------------


def bomb_pdf(inflated: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``inflated`` bytes (1000:1 Flate)."""
    return make_pdf(inflated)


def make_pdf(
    inflated: int = 0,
    mediabox: bytes = b"[0 0 612 792]",
    info: bytes = b"",
    font: bytes = b"",
    ops: bytes = b"",
    pages: int = 1,
    stream: bytes | None = None,
    filter: bytes = b"/FlateDecode",
) -> bytes:
    """A small PDF saying Hello on each of ``pages`` pages, with a chosen MediaBox, /Info
    dictionary body and content operators after the text (``ops``); or with the content
    stream given whole, encoded by ``filter``."""
    import zlib

    if stream is None:
        content = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n" + ops + b" " * inflated
        stream = zlib.compress(content, 9)
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + mediabox + b" /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>"
    )
    kids = b" ".join(b"%d 0 R" % n for n in [3, *range(7, 6 + pages)])
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        page,
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(stream), filter) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica " + font + b">>",
        b"<< /Title (Hello) " + info + b" >>",
        *[page] * (pages - 1),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    trailer = b"<< /Size %d /Root 1 0 R /Info 6 0 R >>" % (len(objs) + 1)
    out += b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_a_decompression_bomb_is_refused_under_the_memory_limit(tmp_path, engine):
    src = tmp_path / "bomb.pdf"
    src.write_bytes(bomb_pdf(300 * 2**20))
    assert src.stat().st_size < 400_000
    result = _run(
        ["extract", src, "-o", tmp_path / "o", "-q", "--engine", engine, "--max-memory", "200M"]
    )
    assert result.exit_code == 19, result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"isecg-extract: {src}: over the memory limit")
    if engine == "pdfplumber":
        assert "decompression bomb" in line  # refused before it was inflated


def test_an_lzw_bomb_is_refused_before_it_is_inflated(tmp_path):
    src = tmp_path / "lzw-bomb.pdf"
    src.write_bytes(make_pdf(stream=lzw_run(ord(" "), 41), filter=b"/LZWDecode"))  # 300 MB
    assert src.stat().st_size < 300_000
    result = _run(["extract", src, "-o", tmp_path / "o", "-q", "--max-memory", "200M"])
    assert result.exit_code == 19, result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"isecg-extract: {src}: over the memory limit")
    assert "decompression bomb" in line


@pytest.mark.parametrize("limit", [[], ["--max-memory", "1G"]])
def test_a_flate_stream_with_a_damaged_checksum_is_still_read(tmp_path, limit):
    import zlib

    content = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n"
    stream = zlib.compress(content)[:-1] + b"\x00"  # the checksum's last byte wrong
    src = tmp_path / "crc.pdf"
    src.write_bytes(make_pdf(stream=stream))
    out = tmp_path / "o"
    result = _run(["extract", src, "-o", out, "-q", "-j", "1", *limit])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    messages = [c["message"] for c in report["checks"] if c["code"] == "pdf-parser"]
    assert any("Data-loss while decompressing corrupted data" in m for m in messages)


def test_a_huge_text_is_refused_before_it_is_read(tmp_path):
    src = tmp_path / "huge.txt"
    src.write_text("In 2026 the SCWG will develop a roadmap. " * 60_000)  # 2.5 MB
    result = _run(["extract", src, "-o", tmp_path / "o", "-q", "--max-memory", "100M"])
    assert result.exit_code == 19, result.output
    assert "needs about" in result.output


def test_out_of_memory_in_a_batch_is_recorded_and_not_cached(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "bomb.pdf").write_bytes(bomb_pdf(300 * 2**20))
    out = tmp_path / "out"
    args = ["batch", src, "-o", out, "-j", "1", "-q", "--max-memory", "200M"]
    result = _run(args)
    assert result.exit_code == 15, result.output
    (row,) = _rows(out / "manifest.csv")
    assert row["exit_code"] == "19" and "memory" in row["error"]
    assert not list((out / ".cache").glob("failures/*.json"))  # not the document's verdict


# 3. A cache shared by several batches ------------------------------------------------------


def test_a_second_batch_on_a_shared_cache_leaves_the_first_ones_work_alone(tmp_path):
    from isecg_extract.batch.cache import ReportCache

    root = tmp_path / "cache"
    first, second = ReportCache(root), ReportCache(root)
    work = first.new_work_dir("report")
    work.mkdir()
    (work / ".parsed.pickle").write_bytes(b"read, waiting to be annotated")
    stale = root / "tmp" / "run-1-deadbeef"  # left by a run that was killed
    stale.mkdir()
    (stale / ".run.lock").touch()
    second.clean_tmp()  # what a batch does as it starts
    assert (work / ".parsed.pickle").exists()
    assert not stale.exists()
    second.new_work_dir("other").mkdir()
    first.clean_tmp()  # the first batch ends: its folder goes, the second's stays
    assert not work.exists()
    assert second.run_tmp.is_dir()


def test_a_vanished_read_document_is_not_cached_as_the_documents_verdict(tmp_path):
    from isecg_extract.batch.worker import Task, extract_one
    from isecg_extract.pipeline import ExtractOptions

    work = tmp_path / "work"
    work.mkdir()
    outcome = extract_one(Task(0, str(SEED_TEXT), str(work), ExtractOptions(), part="annotate"))
    assert outcome.status == "failed" and outcome.exit_code == 14
    assert outcome.cacheable is False


# 6. Nothing outside OUT ------------------------------------------------------------------------


def _tree(path):
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


def test_a_batch_touches_nothing_outside_out_whatever_its_manifest_and_links_say(tmp_path):
    import shutil

    src = tmp_path / "in" / "report.txt"
    src.parent.mkdir()
    shutil.copy(SEED_TEXT, src)
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim"  # looks like a report folder of ours
    victim.mkdir()
    (victim / ".batch.json").write_text("{}")
    (victim / "precious.txt").write_text("keep me")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "all").symlink_to(elsewhere, target_is_directory=True)
    (out / ".tmp").symlink_to(elsewhere, target_is_directory=True)
    manifest = {"reports": [{"file": str(src), "folder": "../victim", "status": "ok"}]}
    (out / "manifest.json").write_text(json.dumps(manifest))
    result = _run(["batch", src, "-o", out, "-j", "1", "-q"])
    assert result.exit_code == 0, result.output
    assert (victim / "precious.txt").read_text() == "keep me"
    assert _tree(elsewhere) == []
    assert (out / "all").is_dir() and not (out / "all").is_symlink()
    assert (out / "all" / "agencies.csv").is_file()


@pytest.mark.parametrize("kind", ["symlink-passwd", "symlink-zero", "fifo"])
def test_load_reads_only_regular_files_inside_the_folder(tmp_path, kind):
    import os
    import shutil

    src = tmp_path / "report.txt"
    shutil.copy(SEED_TEXT, src)
    folder = tmp_path / "o"
    assert _run(["extract", src, "-o", folder, "-q"]).exit_code == 0
    target = folder / "agencies.csv"
    target.unlink()
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/etc/passwd" if kind == "symlink-passwd" else "/dev/zero")
    result = _run(["load", folder, "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code != 0
    (line,) = result.output.strip().splitlines()
    assert "agencies.csv" in line and "root:" not in line


# 5. An output folder is always whole ------------------------------------------------------------


def _snapshot(folder):
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_an_extract_that_fails_half_way_leaves_the_old_output_whole(tmp_path, monkeypatch):
    import errno

    import isecg_extract.write as write

    out = tmp_path / "o"
    first = _seed_with(tmp_path, MEMBER_ROW, MEMBER_ROW, name="first.txt")
    assert _run(["extract", first, "-o", out, "-q"]).exit_code == 0
    (out / "notes.txt").write_text("mine")  # not ours: kept across extractions
    before = _snapshot(out)
    second = _seed_with(tmp_path, MEMBER_ROW, "Canada\t\tCanadian Space Agency (CSA) Extra")
    real, calls = write.atomic_write, []

    def full_disk(path, data):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(write, "atomic_write", full_disk)
    result = _run(["extract", second, "-o", out, "-q"])
    assert result.exit_code == 20, result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"isecg-extract: {out}: output folder not writable")
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".o.")) == []
    monkeypatch.setattr(write, "atomic_write", real)
    assert _run(["extract", second, "-o", out, "-q"]).exit_code == 0
    assert _snapshot(out) != before and (out / "notes.txt").read_text() == "mine"


def _whole(out):
    """The manifest describes exactly the report folders and all/ that OUT holds."""
    manifest = json.loads((out / "manifest.json").read_text())
    good = [r for r in manifest["reports"] if r["status"] in ("ok", "cached")]
    for row in good:
        meta = json.loads((out / row["folder"] / ".batch.json").read_text())
        assert meta["key"] == row["key"], row
    combined = {r["report_folder"] for r in _rows(out / "all" / "documents.csv")}
    assert combined == {r["folder"] for r in good}


@pytest.mark.slow
def test_killing_a_batch_at_random_moments_always_leaves_out_whole(tmp_path):
    import random
    import shutil
    import signal
    import subprocess
    import sys
    import time

    from helpers import ROOT

    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    shutil.copy(SEED_TEXT, one / "a.txt")
    shutil.copy(SEED_TEXT, two / "a.txt")
    shutil.copy(ROOT / "tests/fixtures/years/synthetic-isecg-annual-report-2026.txt", two)
    out = tmp_path / "out"

    def batch(inputs):
        cmd = [sys.executable, "-m", "isecg_extract.cli", "batch", str(inputs), "-o", str(out)]
        return subprocess.Popen([*cmd, "-q", "-j", "1"], stderr=subprocess.PIPE)

    for inputs in (one, two):  # warm the cache: later runs only publish
        assert batch(inputs).wait(120) == 0
    _whole(out)
    rng = random.Random(15)
    for i in range(8):
        proc = batch(two if i % 2 else one)
        time.sleep(rng.uniform(0.3, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        _whole(out)
    assert batch(one).wait(120) == 0
    _whole(out)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.isecg-")]


# 8. One line and the table's status, in every command -------------------------------------------


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("extracted") / "o"
    assert _run(["extract", SEED_TEXT, "-o", folder, "-q"]).exit_code == 0
    return folder


def test_a_malformed_database_url_is_one_line(tmp_path, extracted):
    url = "postgresql://[::1/x"
    result = _run(["load", extracted, "--db", url])
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1
    assert "malformed database URL" in result.output
    result = _run(["batch", SEED_TEXT, "-o", tmp_path / "b", "-q", "--db", url])
    assert result.exit_code == 18, result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("tamper", ["true-values", "long-version", "nested"])
def test_a_tampered_datapackage_is_one_line(tmp_path, extracted, tamper):
    import shutil

    folder = tmp_path / "o"
    shutil.copytree(extracted, folder)
    path = folder / "datapackage.json"
    package = json.loads(path.read_text())
    if tamper == "true-values":
        for resource in package["resources"]:
            for field in resource["schema"]["fields"]:
                field["trueValues"] = 5
        path.write_text(json.dumps(package))
    elif tamper == "long-version":
        package["version"] = package["isecg_contract_version"] = "1" * 5000
        path.write_text(json.dumps(package))
    else:
        path.write_text("[" * 100_000 + "]" * 100_000)
    result = _run(["load", folder, "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code != 0
    assert len(result.output.strip().splitlines()) == 1, result.output


def test_diff_on_deeply_nested_json_is_status_17(tmp_path, extracted):
    nested = tmp_path / "nested"
    nested.mkdir()
    (nested / "report.json").write_text("[" * 100_000 + "]" * 100_000)
    result = _run(["diff", nested, extracted])
    assert result.exit_code == 17, result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_full_disk_during_a_batch_is_status_20_naming_out(tmp_path, monkeypatch):
    import errno

    import isecg_extract.batch.combine as combine

    def full_disk(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(combine, "atomic_write", full_disk)
    out = tmp_path / "out"
    result = _run(["batch", SEED_TEXT, "-o", out, "-j", "1", "-q"])
    assert result.exit_code == 20, result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"isecg-extract: {out}: output folder not writable: No space left")
    assert not (out / "manifest.json").exists()


def test_a_paragraph_over_a_million_characters_is_extracted(tmp_path):
    para = "In 2026 the SWG will study lunar samples. " * 25_000  # 1.05 M characters
    src = _seed_with(tmp_path, "The CWG will advance", para + "The CWG will advance")
    result = _run(["extract", src, "-o", tmp_path / "o", "-q", "--timeout", "300"])
    assert result.exit_code == 0, result.output


def test_pdf_faults_are_their_status_and_the_parser_log_stays_off_stderr(tmp_path):
    nested = tmp_path / "nested-info.pdf"
    nested.write_bytes(make_pdf(info=b"/Subject " + b"[" * 50_000 + b"]" * 50_000))
    result = _run(["extract", nested, "-o", tmp_path / "a", "-j", "1"])
    assert result.exit_code == 6, result.output
    assert len(result.output.strip().splitlines()) == 1
    media = tmp_path / "mediabox.pdf"
    media.write_bytes(make_pdf(mediabox=b"(x)"))  # pdfminer logs "Invalid MediaBox"
    result = _run(["extract", media, "-o", tmp_path / "b", "-j", "1", "-q"])
    assert "Invalid MediaBox" not in result.output
    assert len(result.output.strip().splitlines()) <= 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_what_the_parser_logs_is_an_info_check_however_pages_are_read(tmp_path, jobs):
    """With ``-j 2`` the pages are read by two worker processes, whose log is their own: what
    pdfminer logs there must still reach report.json, as when one process reads them all."""
    pdf = tmp_path / "gray.pdf"
    pdf.write_bytes(make_pdf(ops=b"/x G\n", pages=2))  # pdfminer: "Cannot set gray level ..."
    out = tmp_path / "o"
    result = _run(["extract", pdf, "-o", out, "-j", jobs, "-q"])
    assert "Cannot set gray level" not in result.output
    checks = json.loads((out / "report.json").read_text(encoding="utf-8"))["checks"]
    parser = [c for c in checks if c["code"] == "pdf-parser"]
    assert [c["severity"] for c in parser] == ["info"]  # once, though both pages logged it
    assert "Cannot set gray level because /'x' is an invalid float" in parser[0]["message"]


@pytest.mark.parametrize("kind", ["folder", "fifo", "dev-zero"])
def test_inputs_that_are_not_regular_files_say_so(tmp_path, kind):
    import os

    if kind == "folder":
        path, status, words = tmp_path, 3, "folder"
    elif kind == "fifo":
        path, status, words = tmp_path / "pipe.pdf", 5, "not a regular file"
        os.mkfifo(path)
    else:
        path, status, words = "/dev/zero", 5, "not a regular file"
    result = _run(["extract", path, "-o", tmp_path / "o", "-q", "--timeout", "30"])
    assert result.exit_code == status, result.output
    (line,) = result.output.strip().splitlines()
    assert words in line


def test_ctrl_c_in_extract_is_one_line_and_130(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    src = _seed_with(
        tmp_path, "The CWG will advance", _title_words(40_000) + ". The CWG will advance"
    )
    cmd = [
        sys.executable,
        "-m",
        "isecg_extract.cli",
        "extract",
        str(src),
        "-o",
        str(tmp_path / "o"),
    ]
    proc = subprocess.Popen(
        [*cmd, "--timeout", "120"],
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=default_signals,  # Ctrl-C reaches it when the suite runs in the background
    )
    time.sleep(3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == [f"isecg-extract: {src}: interrupted"]


# 7. Secrets and formulas ----------------------------------------------------------------------


def test_a_password_in_a_database_url_query_is_never_printed(extracted):
    url = "postgresql://user@127.0.0.1:1/db?password=hunter2&connect_timeout=2"
    result = _run(["load", extracted, "--db", url])
    assert result.exit_code != 0
    assert "hunter2" not in result.output and "password=***" in result.output


def test_the_formula_guard_is_reversed_exactly():
    from hypothesis import given
    from hypothesis import strategies as st

    from isecg_extract.load.package import restore_text
    from isecg_extract.write import safe_cell

    @given(st.text(alphabet="'=+-@\t\r1.x ", max_size=8))
    def roundtrip(text):
        guarded = safe_cell(text)
        assert not guarded.lstrip("'")[:1] or guarded == text or guarded[0] == "'"
        assert restore_text(guarded) == text

    roundtrip()
    assert safe_cell("'=SUM(A1)") == "''=SUM(A1)"
    assert restore_text("''=SUM(A1)") == "'=SUM(A1)"


def test_text_starting_with_a_quote_and_a_formula_reaches_the_database_unchanged(tmp_path):
    src = _seed_with(tmp_path, MEMBER_ROW, "Canada\t\t'=Canadian Space Agency (CSA)")
    folder = tmp_path / "o"
    assert _run(["extract", src, "-o", folder, "-q"]).exit_code == 0
    db = tmp_path / "x.db"
    assert _run(["load", folder, "--db", f"sqlite:///{db}"]).exit_code == 0
    report = json.loads((folder / "report.json").read_text())
    wanted = {a["name"] for a in report["agencies"]}
    with sqlite3.connect(db) as conn:
        got = {name for (name,) in conn.execute("SELECT name FROM agencies")}
    assert got == wanted
    assert any(name.startswith("'=") for name in got)


def test_the_manifest_neutralises_a_file_name_that_is_a_formula(tmp_path, monkeypatch):
    import shutil

    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED_TEXT, tmp_path / "=HYPERLINK(1).txt")
    assert _run(["batch", "=HYPERLINK(1).txt", "-o", "out", "-j", "1", "-q"]).exit_code == 0
    (row,) = _rows(tmp_path / "out" / "manifest.csv")
    assert row["file"] == "'=HYPERLINK(1).txt"
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["reports"][0]["file"] == "=HYPERLINK(1).txt"  # JSON keeps the value


# 9. Database trust ------------------------------------------------------------------------------


def test_batch_db_with_two_inputs_of_one_year_loads_the_first_by_name_and_says_so(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    a = _seed_with(src, MEMBER_ROW, MEMBER_ROW, name="b-first-by-name.txt")
    _seed_with(src, "The CWG will advance", "The CWG will surely advance", name="c-second.txt")
    db = tmp_path / "x.db"
    out = tmp_path / "out"
    result = _run(["batch", src, "-o", out, "-j", "2", "-q", "--db", f"sqlite:///{db}"])
    assert result.exit_code == 0, result.output
    rows = {r["file"]: r for r in _rows(out / "manifest.csv")}
    assert rows[str(a)]["db"] == "loaded"
    assert rows[str(src / "c-second.txt")]["db"].startswith(f"replaced by {a}")
    with sqlite3.connect(db) as conn:
        (source,) = conn.execute("SELECT source_file FROM documents").fetchone()
    assert source == a.name


def test_a_tounicode_map_to_lone_surrogates_is_read_under_pdfium(tmp_path):
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"2 beginbfchar <48> <D800> <65> <DC00> endbfchar endcmap\n"
        b"CMapName currentdict /CMap defineresource pop end end"
    )
    pdf = make_pdf(font=b"/ToUnicode 7 0 R ")
    stream = b"7 0 obj\n<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream\nendobj\n"
    at = pdf.index(b"xref")
    src = tmp_path / "surrogates.pdf"
    src.write_bytes(pdf[:at] + stream + pdf[at:])  # stale offsets: both readers repair them
    result = _run(["extract", src, "-o", tmp_path / "o", "--engine", "pdfium", "-j", "1", "-q"])
    assert result.exit_code == 0, result.output  # was 14: surrogates could not be written


def test_inspect_refuses_a_page_too_large_to_draw(tmp_path):
    src = tmp_path / "huge-page.pdf"
    src.write_bytes(make_pdf(mediabox=b"[0 0 14400 14400]"))
    result = _run(["inspect", src, "--png", tmp_path / "p.png"])
    assert result.exit_code == 10, result.output
    (line,) = result.output.strip().splitlines()
    assert "lower --resolution" in line and not (tmp_path / "p.png").exists()


# Fuzz: mutated PDFs and texts, within a bounded budget ------------------------------------------

DOCUMENTED = {0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 19}


def _mutants(seed: int, count: int) -> list[tuple[str, bytes]]:
    import random

    rng = random.Random(seed)
    pdf, text = make_pdf(), SEED_TEXT.read_bytes()[:6000]
    out = []
    for i in range(count):
        base, ext = (pdf, "pdf") if i % 2 == 0 else (text, "txt")
        data = bytearray(base)
        how = rng.choice(["flip", "cut", "insert", "repeat"])
        if how == "flip":
            for _ in range(rng.randrange(1, 40)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif how == "cut":
            data = data[: rng.randrange(1, len(data))]
        elif how == "insert":
            at = rng.randrange(len(data))
            junk = rng.choice([b"[" * 3000, b"(" * 3000, b"\xff\xfe" * 500, b"9" * 5000])
            data[at:at] = junk
        else:
            at = rng.randrange(len(data))
            data[at:at] = bytes(data[at : at + 50]) * 200
        out.append((f"mutant-{i}-{how}.{ext}", bytes(data)))
    return out


@pytest.mark.parametrize(("name", "data"), _mutants(1515, 10), ids=lambda v: str(v)[:20])
def test_fuzzed_inputs_give_one_line_a_documented_status_in_bounded_time(tmp_path, name, data):
    import time

    src = tmp_path / name
    src.write_bytes(data)
    t0 = time.monotonic()
    result = _run(
        ["extract", src, "-o", tmp_path / "o", "-q", "--timeout", "20", "--max-memory", "400M"]
    )
    assert time.monotonic() - t0 < 20 + 10
    assert result.exit_code in DOCUMENTED, result.output
    if result.exit_code:
        (line,) = result.output.strip().splitlines()
        assert line.startswith(f"isecg-extract: {src}: ")


def test_diff_reads_a_report_file_under_the_memory_limit_too(tmp_path, extracted):
    src = tmp_path / "bomb.pdf"
    src.write_bytes(bomb_pdf(300 * 2**20))
    result = _run(["diff", src, extracted, "--max-memory", "200M"])
    assert result.exit_code == 19, result.output
    assert len(result.output.strip().splitlines()) == 1


def test_the_windowed_generic_ruler_finds_what_the_whole_block_match_finds():
    from isecg_extract.nlp.build import OVERLAP, WINDOW, build_nlp

    nlp = build_nlp()
    ruler = nlp.get_pipe("generic_ruler")
    sentence = (
        "The Lunar Surface Working Group met the Hellenic Space Agency at the Global "
        "Space Summit 2026 and the Mars Sample Tiger Team. "
    )
    doc = nlp.make_doc(sentence * 40 + _title_words(300) + " Working Group.")
    assert len(doc) > 3 * WINDOW
    whole = set(type(ruler).match(ruler, doc))
    windowed = set(ruler.match(doc))
    assert windowed <= whole
    short = {m for m in whole if m[2] - m[1] <= OVERLAP}  # every real name is this short
    assert {m for m in windowed if m[2] - m[1] <= OVERLAP} == short
    assert len(short) > 40 * 3
