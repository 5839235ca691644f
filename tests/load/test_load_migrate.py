"""Databases made by an older contract: migrated in place when possible, refused clearly when not."""

from __future__ import annotations

import copy
import json

import pytest

from isecg_extract.load import SchemaVersionError, load_outputs
from isecg_extract.load.package import read_output
from isecg_extract.load.tables import index_name
from isecg_extract.load.views import VIEWS, view_sql, views_fingerprint


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

    assert result.migrated_from == "0.9.0" and result.contract_version == "2.1.0"
    assert db_query(db_url, "SELECT contract_version FROM schema_version ORDER BY seq") == [
        ("0.9.0",),
        ("2.1.0",),
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
    drifted = _retype(contract, "events", "month", "string", "2.1.0")
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


# The DDL the loader wrote before it used SQLAlchemy (isecg-extract 0.1.0's load/schema.py,
# sqlite.py and postgres.py), kept here to check that such databases still load as they are.
LEGACY_TYPES = {
    "sqlite": {"string": "TEXT", "integer": "INTEGER", "year": "INTEGER", "number": "REAL",
               "boolean": "BOOLEAN", "date": "TEXT", "datetime": "TEXT", "time": "TEXT"},
    "postgresql": {"string": "TEXT", "integer": "BIGINT", "year": "INTEGER",
                   "number": "DOUBLE PRECISION", "boolean": "BOOLEAN", "date": "DATE",
                   "datetime": "TIMESTAMP", "time": "TIME"},
}  # fmt: skip


def _legacy_ddl(schema, dialect):
    def names(cols):
        return ", ".join(f'"{c}"' for c in cols)

    types = LEGACY_TYPES[dialect]
    out = [
        'CREATE TABLE "schema_version" ("seq" INTEGER NOT NULL PRIMARY KEY, '
        '"contract_version" TEXT NOT NULL, "schema_json" TEXT NOT NULL, '
        '"views_sha256" TEXT NOT NULL, "applied_at" TEXT NOT NULL)'
    ]
    for t in schema.tables:
        parts = [
            f'"{c.name}" {types[c.type]}' + (" NOT NULL" if t.not_null(c) else "")
            for c in t.columns
        ]
        parts.append(f"PRIMARY KEY ({names(t.primary_key)})")
        parts += [
            f'FOREIGN KEY ({names(fk.fields)}) REFERENCES "{fk.table}" ({names(fk.ref_fields)})'
            for fk in t.foreign_keys
        ]
        out.append(f'CREATE TABLE "{t.name}" ({", ".join(parts)})')
        out += [
            f'CREATE INDEX IF NOT EXISTS "{index_name(t.name, k)}" ON "{t.name}" ({names(k)})'
            for k in t.index_keys()
        ]
    columns = schema.table("documents").column_names
    out += [f'CREATE VIEW "{name}" AS\n{view_sql(name, columns)}' for name in VIEWS]
    schema_json = json.dumps(schema.to_dict(), sort_keys=True).replace("'", "''")
    out.append(
        "INSERT INTO schema_version VALUES "
        f"(1, '{schema.version}', '{schema_json}', '{views_fingerprint()}', '2026-01-01T00:00:00')"
    )
    return out


def test_a_database_made_before_sqlalchemy_loads_without_migrating(
    db_url, out, db_execute, db_query, db_snapshot, expected
):
    schema = read_output(out["r2024"]).schema
    db_execute(db_url, *_legacy_ddl(schema, db_url.split(":", 1)[0]))

    result = load_outputs([out["r2024"], out["r2025"]], db_url)

    assert not result.created and result.migrated_from is None
    assert db_query(db_url, "SELECT seq, applied_at FROM schema_version") == [
        (1, "2026-01-01T00:00:00")
    ]
    shot = db_snapshot(db_url)
    assert {t: [r for r in rows if r[0] == "isecg-ar-2025"] for t, rows in shot.items()} == {
        **expected(out["r2025"]),
        "schema_version": [],
    }
    assert db_query(db_url, "SELECT members FROM v_members_per_year ORDER BY report_year") == [
        (4,),
        (6,),
    ]


def test_a_database_made_before_sqlalchemy_migrates_in_place(
    db_url, contract, make_out, report_rows, out, db_execute, db_query
):
    old = read_output(make_out("old2024", report_rows("r2024"), _older(contract))).schema
    db_execute(db_url, *_legacy_ddl(old, db_url.split(":", 1)[0]))

    result = load_outputs([out["r2025"]], db_url)

    # The inspector finds the legacy columns' types equal to the metadata's: only the new
    # table and columns are added.
    assert result.migrated_from == "0.9.0" and result.contract_version == "2.1.0"
    assert db_query(db_url, "SELECT COUNT(*) FROM mentions") == [(4,)]
    assert db_query(db_url, "SELECT stated_member_count FROM documents") == [(6,)]
