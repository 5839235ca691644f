"""Databases made by an older contract: migrated in place when possible, refused clearly when not."""

from __future__ import annotations

import copy

import pytest

from isecg_extract.load import SchemaVersionError, load_outputs


def _older(contract, version="0.9.0"):
    """The current contract as it might have been before: no mentions, fewer columns."""
    old = copy.deepcopy(contract)
    old["contract_version"] = version
    del old["tables"]["mentions"]
    activities = old["tables"]["activities"]["fields"]
    old["tables"]["activities"]["fields"] = [
        f for f in activities if f[0] not in ("char_start", "char_end")
    ]
    docs = old["tables"]["documents"]["fields"]
    old["tables"]["documents"]["fields"] = [f for f in docs if f[0] != "stated_member_count"]
    return old


def _retype(contract, table, field, new_type, version):
    changed = copy.deepcopy(contract)
    changed["contract_version"] = version
    for f in changed["tables"][table]["fields"]:
        if f[0] == field:
            f[1] = new_type
    return changed


def test_older_database_is_migrated_in_place(
    db_url, contract, make_out, out, report_rows, db_query, expected, db_snapshot
):
    old_2024 = make_out("old2024", report_rows("r2024"), _older(contract))
    first = load_outputs([old_2024], db_url)
    assert first.contract_version == "0.9.0"
    assert "mentions" not in first.rows

    result = load_outputs([out["r2025"]], db_url)

    assert result.migrated_from == "0.9.0" and result.contract_version == "2.0.0"
    assert db_query(db_url, "SELECT contract_version FROM schema_version ORDER BY seq") == [
        ("0.9.0",),
        ("2.0.0",),
    ]
    # The old report is still there, with NULL in the columns it never had.
    assert db_query(
        db_url,
        "SELECT doc_id, stated_member_count FROM documents ORDER BY doc_id",
    ) == [("isecg-ar-2024", None), ("isecg-ar-2025", 6)]
    assert db_query(
        db_url,
        "SELECT COUNT(*) FROM activities WHERE doc_id = 'isecg-ar-2024' AND char_start IS NULL",
    ) == [(4,)]
    assert db_query(db_url, "SELECT COUNT(*) FROM mentions") == [(4,)]
    assert db_query(db_url, "SELECT members FROM v_members_per_year ORDER BY report_year") == [
        (4,),
        (6,),
    ]

    # Re-extracting the old report with the new contract fills it in; nothing migrates again.
    again = load_outputs([out["r2024"]], db_url)
    assert again.migrated_from is None
    shot = db_snapshot(db_url)
    assert {
        t: [r for r in rows if r[0] == "isecg-ar-2024"]
        for t, rows in shot.items()
        if t != "schema_version"
    } == expected(out["r2024"])


def test_incompatible_change_is_refused_with_advice(
    db_url, contract, make_out, out, report_rows, db_snapshot
):
    old = _retype(contract, "events", "month", "string", "0.9.0")
    load_outputs([make_out("old2024", report_rows("r2024"), old)], db_url)
    before = db_snapshot(db_url)

    with pytest.raises(SchemaVersionError) as caught:
        load_outputs([out["r2025"]], db_url)

    message = str(caught.value)
    integer = "INTEGER" if db_url.startswith("sqlite") else "BIGINT"
    assert f"events.month changes type from TEXT to {integer}" in message
    assert "new database" in message and "0.9.0" in message
    assert db_snapshot(db_url) == before


def test_database_newer_than_outputs_is_refused(db_url, contract, make_out, out, report_rows):
    load_outputs([out["r2025"]], db_url)
    old = make_out("old2024", report_rows("r2024"), _older(contract))
    with pytest.raises(SchemaVersionError, match=r"newer than 0\.9\.0.*re-extract"):
        load_outputs([old], db_url)


def test_same_version_with_other_tables_is_refused(db_url, contract, make_out, out, report_rows):
    load_outputs([out["r2025"]], db_url)
    drifted = _retype(contract, "events", "month", "string", "2.0.0")
    with pytest.raises(SchemaVersionError, match="without a new version"):
        load_outputs([make_out("drift", report_rows("r2024"), drifted)], db_url)


def test_tables_not_made_by_the_loader_are_left_alone(db_url, out, db_execute):
    db_execute(db_url, 'CREATE TABLE "agencies" ("id" TEXT)')
    with pytest.raises(SchemaVersionError, match="not made by 'isecg-extract load'"):
        load_outputs([out["r2025"]], db_url)


def test_views_are_rebuilt_when_missing(db_url, out, db_query, db_execute):
    load_outputs([out["r2025"]], db_url)
    db_execute(db_url, 'DROP VIEW "v_changes_per_year"')

    load_outputs([out["r2024"]], db_url)
    assert db_query(db_url, "SELECT COUNT(*) FROM v_changes_per_year") == [(5,)]
    assert db_query(db_url, "SELECT COUNT(*) FROM schema_version") == [(2,)]
