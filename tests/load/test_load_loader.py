"""Loading into SQLite and PostgreSQL: idempotence, replacement, atomicity, concurrency."""

from __future__ import annotations

import multiprocessing
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from isecg_extract.load import LoadError, load_outputs
from isecg_extract.load import loader as loader_module
from isecg_extract.load.tables import index_name
from isecg_extract.write import DATASETS

TABLES = list(DATASETS)  # the writer's tables, parents first


def _rows_of(shot, doc_id):
    """The part of a snapshot that belongs to one report."""
    return {t: [r for r in rows if r[0] == doc_id] for t, rows in shot.items() if t in TABLES}


def test_load_creates_tables_and_counts_rows(db_url, out, db_query):
    result = load_outputs([out["r2024"], out["r2025"]], db_url)

    assert result.doc_ids == ["isecg-ar-2024", "isecg-ar-2025"]
    assert result.created and result.contract_version == "2.1.0"
    assert result.rows["documents"] == 2
    assert result.rows["agencies"] == 4 + 6
    assert result.rows["activities"] == 4 + 5
    assert [r.replaced_rows for r in result.reports] == [0, 0]
    for table, count in result.rows.items():
        assert db_query(db_url, f'SELECT COUNT(*) FROM "{table}"') == [(count,)]
    assert db_query(db_url, "SELECT contract_version FROM schema_version") == [("2.1.0",)]


def test_rows_round_trip_with_types_and_nulls(db_url, out, db_snapshot, expected):
    load_outputs([out["r2025"]], db_url)
    shot = db_snapshot(db_url)
    assert _rows_of(shot, "isecg-ar-2025") == expected(out["r2025"])
    (kasa_change,) = [r for r in shot["changes"] if r[1] == "c2"]
    assert kasa_change[7] is None  # empty CSV cell -> NULL
    assert {r[7] for r in shot["agencies"]} == {0, 1}  # booleans


def test_loading_twice_leaves_the_same_rows(db_url, out, db_snapshot):
    first = load_outputs([out["r2024"], out["r2025"]], db_url)
    before = db_snapshot(db_url)
    second = load_outputs([out["r2024"], out["r2025"]], db_url)

    assert db_snapshot(db_url) == before
    assert second.rows == first.rows
    assert not second.created and second.migrated_from is None
    assert [r.replaced_rows for r in second.reports] == [r.total_rows for r in first.reports]


def test_reloading_a_changed_extraction_replaces_only_that_report(
    db_url, out, db_snapshot, expected
):
    load_outputs([out["r2024"], out["r2025"]], db_url)
    before = db_snapshot(db_url)

    result = load_outputs([out["r2025_v2"]], db_url)
    after = db_snapshot(db_url)

    assert result.reports[0].replaced_rows == sum(
        len(rows) for rows in _rows_of(before, "isecg-ar-2025").values()
    )
    assert _rows_of(after, "isecg-ar-2024") == _rows_of(before, "isecg-ar-2024")
    assert _rows_of(after, "isecg-ar-2025") == expected(out["r2025_v2"])
    activities = {r[1] for r in after["activities"] if r[0] == "isecg-ar-2025"}
    assert "erwg-2026-2" not in activities and "twg-2026-2" in activities
    assert after["schema_version"] == before["schema_version"]


def test_indexes_cover_foreign_keys_and_doc_id(db_url, out, db_query):
    load_outputs([out["r2024"]], db_url)
    if db_url.startswith("sqlite"):
        names = {
            r[0] for r in db_query(db_url, "SELECT name FROM sqlite_master WHERE type='index'")
        }
    else:
        names = {r[0] for r in db_query(db_url, "SELECT indexname FROM pg_indexes")}
    assert index_name("activities", ("doc_id", "section_id")) in names
    for table in TABLES[1:]:
        assert index_name(table, ("doc_id",)) in names


def test_sqlite_enforces_and_passes_foreign_keys(sqlite_url, out):
    load_outputs([out["r2024"], out["r2025"]], sqlite_url)
    load_outputs([out["r2025_v2"]], sqlite_url)
    path = sqlite_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("DELETE FROM documents WHERE doc_id = 'isecg-ar-2024'")


def test_injected_failure_midway_changes_nothing(db_url, out, db_snapshot, monkeypatch):
    load_outputs([out["r2024"], out["r2025"]], db_url)
    before = db_snapshot(db_url)
    real_insert = loader_module.insert_table

    def failing_insert(conn, table, rows):
        if table.name == "changes":  # after deletes and most inserts of the report
            raise RuntimeError("injected failure")
        real_insert(conn, table, rows)

    monkeypatch.setattr(loader_module, "insert_table", failing_insert)
    with pytest.raises(RuntimeError, match="injected failure"):
        load_outputs([out["r2024"], out["r2025_v2"]], db_url)
    assert db_snapshot(db_url) == before


def test_database_error_midway_changes_nothing(db_url, out, db_snapshot, db_execute):
    load_outputs([out["r2024"], out["r2025"]], db_url)
    # A trigger makes the database itself refuse the last table of the load.
    if db_url.startswith("sqlite"):
        db_execute(
            db_url,
            "CREATE TRIGGER refuse BEFORE INSERT ON mentions "
            "BEGIN SELECT RAISE(ABORT, 'mentions refused'); END",
        )
    else:
        db_execute(
            db_url,
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'mentions refused'; END $$",
            "CREATE TRIGGER refuse BEFORE INSERT ON mentions FOR EACH ROW EXECUTE FUNCTION refuse()",
        )
    before = db_snapshot(db_url)

    with pytest.raises(LoadError, match="mentions refused") as caught:
        load_outputs([out["r2025_v2"]], db_url)
    assert "mentions" in str(caught.value) and str(out["r2025_v2"]) in str(caught.value)
    assert db_snapshot(db_url) == before


def test_failed_first_load_leaves_no_tables(db_url, out, monkeypatch, db_query):
    def failing_insert(conn, table, rows):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(loader_module, "insert_table", failing_insert)
    with pytest.raises(RuntimeError):
        load_outputs([out["r2024"]], db_url)
    if db_url.startswith("sqlite"):
        sql = "SELECT name FROM sqlite_master"
    else:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    assert db_query(db_url, sql) == []


def test_concurrent_loads_leave_a_consistent_database(db_url, out, db_snapshot, expected):
    # Two processes race from an empty database (so both try to create the schema), then
    # keep replacing the same and different reports.
    jobs = [
        [out["r2025"]],
        [out["r2024"]],
        [out["r2025_v2"]],
        [out["r2024"], out["r2025"]],
        [out["r2025_v2"]],
        [out["r2025"]],
        [out["r2024"]],
        [out["r2025_v2"], out["r2024"]],
    ]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        results = list(pool.map(load_outputs, jobs, [db_url] * len(jobs)))
    assert all(r.doc_ids for r in results)

    shot = db_snapshot(db_url)
    assert _rows_of(shot, "isecg-ar-2024") == expected(out["r2024"])
    # 2025 must be exactly one of its two extractions, never a mixture.
    rows_2025 = _rows_of(shot, "isecg-ar-2025")
    assert rows_2025 in (expected(out["r2025"]), expected(out["r2025_v2"]))
    assert len(shot["schema_version"]) == 1
    if db_url.startswith("sqlite"):
        path = db_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_loads_of_several_folders_are_all_or_nothing(
    db_url, out, make_out, report_rows, db_snapshot
):
    load_outputs([out["r2024"]], db_url)
    before = db_snapshot(db_url)
    rows = report_rows("r2025")
    rows["activities"][0]["section_id"] = "no-such-section"
    bad = make_out("bad2025", rows)
    with pytest.raises(LoadError, match="no match in sections"):
        load_outputs([out["r2024"], bad], db_url)
    assert db_snapshot(db_url) == before


def test_result_paths_are_the_folders_given(sqlite_url, out):
    result = load_outputs([str(out["r2024"])], sqlite_url)
    assert result.reports[0].folder == Path(out["r2024"])


def test_a_load_that_waits_too_long_for_the_lock_is_busy(db_url, out, db_snapshot, monkeypatch):
    from isecg_extract.load import DatabaseBusy
    from isecg_extract.load import backend as backend_module

    load_outputs([out["r2024"]], db_url)
    before = db_snapshot(db_url)
    monkeypatch.setattr(backend_module, "BUSY_TIMEOUT_S", 0.5)
    if db_url.startswith("sqlite"):
        holder = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another writer
    else:
        import psycopg

        holder = psycopg.connect(db_url, autocommit=True)
        ns, key = backend_module.SCHEMA_LOCK
        holder.execute("SELECT pg_advisory_lock(%s, %s)", (ns, key))  # another load's DDL
    try:
        with pytest.raises(DatabaseBusy, match=r"for over 0 s; try again"):
            load_outputs([out["r2025"]], db_url)
    finally:
        holder.close()
    assert db_snapshot(db_url) == before
