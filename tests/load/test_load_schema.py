"""Tables, keys and indexes are generated from datapackage.json, for either dialect."""

from __future__ import annotations

import pytest
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateTable

from isecg_extract.load.schema import SchemaProblem, schema_from_datapackage
from isecg_extract.load.tables import build_metadata, index_name

SQLITE = sqlite.dialect()
POSTGRESQL = postgresql.psycopg.dialect()


def ddl(package, table, dialect):
    metadata = build_metadata(schema_from_datapackage(package))
    return " ".join(str(CreateTable(metadata.tables[table]).compile(dialect=dialect)).split())


def indexes(package, table):
    metadata = build_metadata(schema_from_datapackage(package))
    return {ix.name: tuple(c.name for c in ix.columns) for ix in metadata.tables[table].indexes}


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
    sqlite_ddl = ddl(package, "activities", SQLITE)
    pg_ddl = ddl(package, "activities", POSTGRESQL)
    assert "doc_id TEXT NOT NULL," in sqlite_ddl  # SQLite does not imply it for text keys
    assert "year INTEGER," in sqlite_ddl and "year BIGINT," in pg_ddl
    assert "PRIMARY KEY (doc_id, activity_id)" in sqlite_ddl
    assert "FOREIGN KEY(doc_id, section_id) REFERENCES sections (doc_id, section_id)" in pg_ddl
    assert indexes(package, "activities") == {
        "ix_activities__doc_id_section_id": ("doc_id", "section_id"),
        "ix_activities__doc_id": ("doc_id",),
    }


def test_documents_key_is_not_indexed_twice(package):
    assert indexes(package, "documents") == {}


def test_boolean_and_reserved_names(package):
    assert "in_registry BOOLEAN," in ddl(package, "agencies", POSTGRESQL)
    assert "in_registry BOOLEAN," in ddl(package, "agencies", SQLITE)
    assert "reading_order INTEGER," in ddl(package, "sections", SQLITE)
    # SQLAlchemy quotes a name that is an SQL keyword, so such a column still works.
    assert '"trigger" TEXT,' in ddl(package, "activities", SQLITE)


@pytest.mark.parametrize(
    ("dialect", "types"),
    [
        (SQLITE, ["TEXT", "INTEGER", "INTEGER", "REAL", "BOOLEAN", "TEXT", "TEXT", "TEXT"]),
        (
            POSTGRESQL,
            ["TEXT", "BIGINT", "INTEGER", "DOUBLE PRECISION", "BOOLEAN", "DATE",
             "TIMESTAMP WITHOUT TIME ZONE", "TIME WITHOUT TIME ZONE"],
        ),
    ],
    ids=["sqlite", "postgresql"],
)  # fmt: skip
def test_every_frictionless_type_has_a_column_type(dialect, types):
    from isecg_extract.load.schema import SUPPORTED_TYPES
    from isecg_extract.load.tables import TYPES

    order = ["string", "integer", "year", "number", "boolean", "date", "datetime", "time"]
    assert set(order) == set(SUPPORTED_TYPES) == set(TYPES)
    compile_type = dialect.type_compiler_instance.process
    assert [compile_type(TYPES[t]()) for t in order] == types


def test_a_resource_named_like_the_loaders_own_table_is_refused(package):
    package["resources"][0]["name"] = "schema_version"
    with pytest.raises(SchemaProblem, match="the loader's own table"):
        schema_from_datapackage(package)


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
