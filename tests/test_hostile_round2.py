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

from helpers import SEED_TEXT

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
    long_name = "Canadian Space Agency (CSA) " + "x" * 140_000
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
        tmp_path, "The CWG will advance", _title_words(3000) + ". The CWG will advance"
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
        tmp_path, "The CWG will advance", _title_words(3000) + ". The CWG will advance"
    )
    with pytest.raises(ExtractTimeout):
        extract(src, ExtractOptions(timeout=1.5))


# 4. Memory: decompression bombs and huge texts ------------------------------------------------


def bomb_pdf(inflated: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``inflated`` bytes (1000:1 Flate)."""
    import zlib

    content = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n" + b" " * inflated
    stream = zlib.compress(content, 9)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
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
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
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
