"""Tables, keys and indexes are generated from datapackage.json, for either dialect."""

from __future__ import annotations

import pytest

from isecg_extract.load.postgres import TYPES as PG_TYPES
from isecg_extract.load.schema import (
    SchemaProblem,
    create_index_sql,
    create_table_sql,
    index_name,
    schema_from_datapackage,
)
from isecg_extract.load.sqlite import TYPES as SQLITE_TYPES


@pytest.fixture
def package(contract, make_out):
    import json

    folder = make_out("r")
    return json.loads((folder / "datapackage.json").read_text())


def test_every_contract_table_is_generated_parents_first(package, contract):
    schema = schema_from_datapackage(package)
    assert set(schema.names) == set(contract["tables"])
    assert schema.names[0] == "documents"
    assert schema.names.index("sections") < schema.names.index("activities")


def test_ddl_carries_types_keys_and_references(package):
    activities = schema_from_datapackage(package).table("activities")
    sqlite_ddl = create_table_sql(activities, SQLITE_TYPES)
    pg_ddl = create_table_sql(activities, PG_TYPES)
    assert '"doc_id" TEXT NOT NULL' in sqlite_ddl  # SQLite does not imply it for text keys
    assert '"year" INTEGER' in sqlite_ddl and '"year" BIGINT' in pg_ddl
    assert 'PRIMARY KEY ("doc_id", "activity_id")' in sqlite_ddl
    assert (
        'FOREIGN KEY ("doc_id", "section_id") REFERENCES "sections" ("doc_id", "section_id")'
        in pg_ddl
    )
    indexes = create_index_sql(activities)
    assert any('("doc_id", "section_id")' in sql for sql in indexes)
    assert any(sql.endswith('("doc_id")') for sql in indexes)


def test_documents_key_is_not_indexed_twice(package):
    documents = schema_from_datapackage(package).table("documents")
    assert create_index_sql(documents) == []


def test_boolean_and_reserved_names(package):
    schema = schema_from_datapackage(package)
    assert '"in_registry" BOOLEAN' in create_table_sql(schema.table("agencies"), PG_TYPES)
    # Every name is quoted, so a column named like a keyword would still work.
    assert '"reading_order" INTEGER' in create_table_sql(schema.table("sections"), SQLITE_TYPES)


def test_signature_ignores_order(package):
    reordered = dict(package, resources=list(reversed(package["resources"])))
    assert (
        schema_from_datapackage(reordered).signature()
        == schema_from_datapackage(package).signature()
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda r: r["sections"]["schema"]["foreignKeys"].__setitem__(
                0,
                {
                    "fields": ["doc_id"],
                    "reference": {"resource": "activities", "fields": ["doc_id"]},
                },
            ),
            "cycle|primary key",
        ),
        (
            lambda r: r["changes"]["schema"]["foreignKeys"][0]["reference"].__setitem__(
                "resource", "nowhere"
            ),
            "unknown resource nowhere",
        ),
        (
            lambda r: r["events"]["schema"]["fields"][1].__setitem__("name", "Event-ID"),
            "not a lower-case SQL name",
        ),
        (lambda r: r["events"]["schema"]["fields"].pop(0), "has no doc_id field"),
        (
            lambda r: r["events"]["schema"].__setitem__("primaryKey", ["doc_id", "nope"]),
            "unknown fields nope",
        ),
    ],
    ids=["fk-not-to-key", "fk-unknown-table", "bad-name", "no-doc-id", "pk-unknown-field"],
)
def test_unusable_schemas_are_refused(package, edit, message):
    resources = {r["name"]: r for r in package["resources"]}
    resources["sections"]["schema"].setdefault("foreignKeys", [])
    resources["sections"]["schema"]["foreignKeys"].append(
        {"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}}
    )
    edit(resources)
    with pytest.raises(SchemaProblem, match=message):
        schema_from_datapackage(package)


def test_long_index_names_fit_postgresql():
    name = index_name("a" * 40, ("b" * 30, "c" * 30))
    assert len(name) <= 63 and name.startswith("ix_aaaa")
    assert name != index_name("a" * 40, ("b" * 30, "c" * 31))


def test_package_order_is_kept_where_keys_allow(package):
    resources = {r["name"]: r for r in package["resources"]}
    # activities first in the file: it still comes after its parents, the rest keep their order
    package["resources"] = [resources["activities"]] + [
        r for r in package["resources"] if r["name"] != "activities"
    ]
    names = schema_from_datapackage(package).names
    assert names[:3] == ("documents", "sections", "activities")
    assert names[3:] == (
        "agencies",
        "working_groups",
        "events",
        "publications",
        "changes",
        "mentions",
    )
