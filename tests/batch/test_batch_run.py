"""run_batch and the batch command: folders, combined tables, manifest, cache, failures."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from batch_helpers import CORPUS, HOOK, HOOK_ENV, SEED, Y2023, Y2026, tiny_report
from click.testing import CliRunner

from isecg_extract.batch.cli import batch_command
from isecg_extract.batch.run import run_batch

YEAR_FOLDERS = ["isecg-ar-2023", "isecg-ar-2025", "isecg-ar-2026"]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def report_folders(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.is_dir() and (p / "report.json").exists())


def test_one_folder_per_report_year_named_from_content(years_batch):
    out, result = years_batch
    assert report_folders(out) == YEAR_FOLDERS
    for name in YEAR_FOLDERS:
        assert (out / name / "datapackage.json").is_file()
        assert (out / name / "sentences.json").is_file()
    assert [r.status for r in result.rows] == ["ok", "ok", "ok"]
    assert result.summary == {"total": 3, "extracted": 3, "cached": 0, "failed": 0}


def test_all_tables_have_every_report_with_its_year(years_batch):
    out, _ = years_batch
    agencies = read_csv(out / "all" / "agencies.csv")
    assert list(agencies[0])[:3] == ["doc_id", "report_year", "agency_id"]
    assert list(agencies[0])[-1] == "report_folder"
    per_year = {}
    for row in agencies:
        per_year.setdefault(row["report_year"], set()).add(row["agency_id"])
    assert {y: len(ids) for y, ids in per_year.items()} == {"2023": 26, "2025": 28, "2026": 28}
    assert "kari" in per_year["2023"] and "kasa" in per_year["2025"]
    documents = read_csv(out / "all" / "documents.csv")
    assert [(d["doc_id"], d["report_year"], d["report_folder"]) for d in documents] == [
        ("isecg-ar-2023", "2023", "isecg-ar-2023"),
        ("isecg-ar-2025", "2025", "isecg-ar-2025"),
        ("isecg-ar-2026", "2026", "isecg-ar-2026"),
    ]
    assert sorted(p.name for p in (out / "all").iterdir()) == sorted(
        ["datapackage.json"]
        + [f"{n}.csv"
        for n in [
            "documents", "sections", "agencies", "working_groups", "activities",
            "events", "publications", "changes", "mentions",
        ]]
    )  # fmt: skip


def test_all_folder_is_a_valid_data_package(years_batch):
    from frictionless import Package

    out, _ = years_batch
    package = json.loads((out / "all" / "datapackage.json").read_text(encoding="utf-8"))
    agencies = next(r for r in package["resources"] if r["name"] == "agencies")
    assert agencies["schema"]["primaryKey"] == ["doc_id", "agency_id", "report_folder"]
    assert [f["name"] for f in agencies["schema"]["fields"]][:3] == [
        "doc_id", "report_year", "agency_id"
    ]  # fmt: skip
    result = Package(str(out / "all" / "datapackage.json")).validate()
    assert result.valid, result.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_manifest_csv_and_json(years_batch):
    out, _ = years_batch
    rows = read_csv(out / "manifest.csv")
    assert [(Path(r["file"]).name, r["doc_id"], r["report_year"], r["folder"], r["status"]) for r in rows] == [
        (Y2023.name, "isecg-ar-2023", "2023", "isecg-ar-2023", "ok"),
        (SEED.name, "isecg-ar-2025", "2025", "isecg-ar-2025", "ok"),
        (Y2026.name, "isecg-ar-2026", "2026", "isecg-ar-2026", "ok"),
    ]  # fmt: skip
    assert rows[1]["rows_agencies"] == "28" and rows[1]["error"] == ""
    assert rows[1]["sha256"] == __import__("hashlib").sha256(SEED.read_bytes()).hexdigest()
    data = json.loads((out / "manifest.json").read_text())
    assert data["schema"] == "isecg-extract/batch-manifest"
    assert data["summary"] == {"total": 3, "extracted": 3, "cached": 0, "failed": 0}
    assert data["reports"][0]["rows"]["agencies"] == 26
    assert data["pipeline_version"].startswith("0.")


def test_rerun_extracts_nothing_and_says_so(years_copy):
    before = {p: p.stat().st_mtime_ns for p in (years_copy / "isecg-ar-2025").iterdir()}
    result = CliRunner().invoke(
        batch_command, [str(Y2023), str(SEED), str(Y2026), "-o", str(years_copy), "-j", "2"]
    )
    assert result.exit_code == 0, result.output
    assert f"3 reports: 0 extracted, 3 cached, 0 failed -> {years_copy}/" in result.output
    rows = read_csv(years_copy / "manifest.csv")
    assert [r["status"] for r in rows] == ["cached"] * 3
    assert [r["from_cache"] for r in rows] == ["true"] * 3
    after = {p: p.stat().st_mtime_ns for p in (years_copy / "isecg-ar-2025").iterdir()}
    assert after == before  # an unchanged report folder is not even rewritten


def test_db_loads_every_report(years_copy, tmp_path):
    import sqlite3

    db = tmp_path / "isecg.db"
    result = run_batch(
        [str(Y2023), str(SEED), str(Y2026)], years_copy, jobs=1, quiet=True,
        db_url=f"sqlite:///{db}",
    )  # fmt: skip
    assert not result.failed
    with sqlite3.connect(db) as con:
        ids = [r[0] for r in con.execute("select doc_id from documents order by doc_id")]
    assert ids == ["isecg-ar-2023", "isecg-ar-2025", "isecg-ar-2026"]


def test_a_database_that_cannot_be_used_stops_the_batch_before_any_work(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(batch_command, [str(Y2026), "-o", str(out), "--db", "mysql://x/y"])
    assert result.exit_code == 18
    assert result.output == (
        "isecg-extract: mysql://x/y: cannot load into the database: unsupported database URL; "
        "use sqlite:///path/to/file.db or postgresql://user@host:port/dbname\n"
    )
    assert not (out / ".cache" / "reports").exists()


def test_broken_files_are_recorded_and_the_rest_succeed(years_batch, tmp_path):
    """password-protected and empty PDFs, a missing path; the misnamed file shows that the
    folder comes from the report's content: a 2023 report called ...-2025.txt is isecg-ar-2023.
    (Its bytes are the 2023 fixture's, so it comes from the years batch's cache.)"""
    misnamed = tmp_path / "in" / "isecg-annual-report-2025.txt"
    misnamed.parent.mkdir()
    shutil.copy(Y2023, misnamed)
    out = tmp_path / "out"
    cache = years_batch[0] / ".cache"
    args = [
        str(CORPUS / "password-example.pdf"), str(CORPUS / "empty.pdf"), str(misnamed),
        str(tmp_path / "missing.pdf"), "-o", str(out), "-j", "2", "-q", "--cache-dir", str(cache),
    ]  # fmt: skip
    result = CliRunner().invoke(batch_command, args)
    assert result.exit_code == 15
    lines = result.output.splitlines()
    assert (
        f"isecg-extract: {CORPUS / 'password-example.pdf'}: encrypted PDF; give the password with --password"
        in lines
    )
    assert f"isecg-extract: {CORPUS / 'empty.pdf'}: empty file" in lines
    assert f"isecg-extract: {tmp_path / 'missing.pdf'}: no such file" in lines
    assert f"isecg-extract: {out}: some reports failed: 3 of 4; see {out}/manifest.csv" in lines
    rows = {Path(r["file"]).name: r for r in read_csv(out / "manifest.csv")}
    assert {n: (r["status"], r["exit_code"]) for n, r in rows.items()} == {
        "password-example.pdf": ("failed", "7"),
        "empty.pdf": ("failed", "4"),
        "isecg-annual-report-2025.txt": ("cached", "0"),
        "missing.pdf": ("failed", "3"),
    }
    assert rows["isecg-annual-report-2025.txt"]["folder"] == "isecg-ar-2023"
    assert report_folders(out) == ["isecg-ar-2023"]
    assert [d["doc_id"] for d in read_csv(out / "all" / "documents.csv")] == ["isecg-ar-2023"]


def test_crash_hang_and_memory_error_fail_only_their_document(tmp_path, monkeypatch):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("crash.txt", "exit.txt", "hang.txt", "memory.txt"):
        (inputs / name).write_text(tiny_report(name))
    shutil.copy(Y2026, inputs / "good-2026.txt")
    monkeypatch.setenv(HOOK_ENV, HOOK)
    out = tmp_path / "out"
    # One worker, in name order: crash and exit kill theirs; a new one extracts the good
    # report (its start-up, spaCy included, counts against the limit: a busy machine needs
    # more than a few seconds), then hangs on hang.txt and is killed at the limit; the last
    # one raises MemoryError and is retired.
    result = run_batch([str(inputs)], out, jobs=1, timeout=20, quiet=True)
    got = {Path(r.file).name: (r.status, r.exit_code, r.error) for r in result.rows}
    assert got == {
        "crash.txt": ("failed", 14, "the extraction process crashed: killed by signal SIGSEGV"),
        "exit.txt": ("failed", 14, "the extraction process crashed: exit status 3"),
        "good-2026.txt": ("ok", 0, ""),
        "hang.txt": (
            "failed", 12, "timed out: over the 20 s limit per document; the worker was stopped",
        ),
        "memory.txt": ("failed", 19, "over the memory limit (--max-memory): ran out of memory"),
    }  # fmt: skip
    assert report_folders(out) == ["isecg-ar-2026"]
    # Crashes and timeouts may not recur, so they are not cached: the next run tries again.
    assert not list((out / ".cache" / "failures").glob("*.json"))


def test_same_year_inputs_get_distinct_folders_and_a_warning(years_copy, tmp_path):
    import multiprocessing

    twin = tmp_path / "twin" / "seed-copy.txt"
    twin.parent.mkdir()
    twin.write_text(SEED.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    # --force: the seed, cached in years_copy, is extracted again too.
    result = run_batch([str(SEED), str(twin)], years_copy, jobs=2, force=True, quiet=True)
    assert result.summary == {"total": 2, "extracted": 2, "cached": 0, "failed": 0}
    assert [r.folder for r in result.rows] == [
        "isecg-ar-2025--isecg-annual-report-2025",
        "isecg-ar-2025--seed-copy",
    ]
    assert result.warnings == [
        f"2 inputs are the 2025 report (isecg-ar-2025): {SEED} -> "
        f"isecg-ar-2025--isecg-annual-report-2025/, {twin} -> isecg-ar-2025--seed-copy/"
    ]
    # The folder the seed had before is superseded; the other years' folders stay.
    assert report_folders(years_copy) == [
        "isecg-ar-2023",
        "isecg-ar-2025--isecg-annual-report-2025",
        "isecg-ar-2025--seed-copy",
        "isecg-ar-2026",
    ]
    assert multiprocessing.active_children() == []  # every worker was stopped


def test_no_inputs_is_one_line_error(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(batch_command, [str(empty), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert result.output.splitlines()[-1] == f"isecg-extract: {empty}: no report files found"


def test_a_second_batch_on_the_same_folder_is_refused(tmp_path):
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with (out / ".batch.lock").open("a") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        result = CliRunner().invoke(batch_command, [str(Y2026), "-o", str(out)])
    assert result.exit_code == 16
    assert result.output == f"isecg-extract: {out}: another batch is writing to this folder\n"
