"""Table model of the output contract, read from datapackage.json and checked for loading.

The contract declares each table once (pipeline/schemas/tables.json, copied into every
datapackage.json). This model is what the folder reader checks rows against, what
tables.py turns into the database's tables, and what schema_version records.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DOC_ID = "doc_id"
"""Column every table starts with: the report's stable id, the unit a load replaces."""
META_TABLE = "schema_version"
"""The loader's own table: the history of the database's schema."""

SUPPORTED_TYPES = frozenset(
    {"string", "integer", "number", "boolean", "date", "datetime", "time", "year"}
)

# Lower-case names mean the same unquoted or quoted on SQLite and PostgreSQL, so
# analysts can write plain SQL; 63 is PostgreSQL's identifier limit.
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_VERSION = re.compile(r"^\d+(\.\d+)*$")


class SchemaProblem(ValueError):
    """A datapackage declares something the loader cannot turn into tables."""


@dataclass(frozen=True)
class Column:
    """One field of a table schema; `required` comes from Frictionless constraints."""

    name: str
    type: str
    required: bool = False


@dataclass(frozen=True)
class ForeignKey:
    """Columns of a child table that must match the primary key of `table`."""

    fields: tuple[str, ...]
    table: str
    ref_fields: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A dataset table as the contract declares it."""

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def not_null(self, column: Column) -> bool:
        # SQLite does not imply NOT NULL for non-integer primary keys; say it explicitly.
        return column.required or column.name in self.primary_key

    def index_keys(self) -> list[tuple[str, ...]]:
        """Column lists to index: every foreign key and doc_id, which every load deletes by.

        A list equal to the primary key is skipped: the key's own index already serves it.
        """
        keys: list[tuple[str, ...]] = []
        for cols in [fk.fields for fk in self.foreign_keys] + [(DOC_ID,)]:
            if cols != self.primary_key and cols not in keys:
                keys.append(cols)
        return keys


@dataclass(frozen=True)
class Schema:
    """All tables of one contract version, parents before children."""

    version: str
    tables: tuple[Table, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.tables)

    def table(self, name: str) -> Table | None:
        return next((t for t in self.tables if t.name == name), None)

    def signature(self) -> tuple[str, frozenset[tuple[Any, ...]]]:
        """What two schemas must share to load side by side; the order of tables and columns is free."""
        return (
            self.version,
            frozenset(
                (t.name, frozenset(t.columns), t.primary_key, frozenset(t.foreign_keys))
                for t in self.tables
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        """The form stored in schema_version, so a later load can diff against it exactly."""
        return {
            "version": self.version,
            "tables": [
                {
                    "name": t.name,
                    "fields": [
                        {"name": c.name, "type": c.type, "required": c.required} for c in t.columns
                    ],
                    "primaryKey": list(t.primary_key),
                    "foreignKeys": [
                        {
                            "fields": list(fk.fields),
                            "reference": {"resource": fk.table, "fields": list(fk.ref_fields)},
                        }
                        for fk in t.foreign_keys
                    ],
                }
                for t in self.tables
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Schema:
        tables = []
        for t in data["tables"]:
            tables.append(
                Table(
                    name=t["name"],
                    columns=tuple(
                        Column(f["name"], f["type"], bool(f.get("required"))) for f in t["fields"]
                    ),
                    primary_key=tuple(t.get("primaryKey", ())),
                    foreign_keys=tuple(
                        ForeignKey(
                            tuple(fk["fields"]),
                            fk["reference"]["resource"],
                            tuple(fk["reference"]["fields"]),
                        )
                        for fk in t.get("foreignKeys", ())
                    ),
                )
            )
        return cls(version=data["version"], tables=tuple(tables))


def parse_version(version: str) -> tuple[int, ...]:
    """Turn '1.10.0' into (1, 10, 0) so versions compare as numbers, not text."""
    if not _VERSION.match(version):
        raise SchemaProblem(f"contract version {version!r} is not like 1.0.0")
    return tuple(int(part) for part in version.split("."))


def check_name(name: object, what: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise SchemaProblem(
            f"{what} {name!r} is not a lower-case SQL name (a-z, 0-9, _; at most 63 characters)"
        )
    return name


def _names(value: object, what: str) -> tuple[str, ...]:
    # Frictionless allows a single string where a list of field names is expected.
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise SchemaProblem(f"{what} must be a field name or a list of them")
    return tuple(check_name(item, what) for item in items)


def _column(field: object, table: str) -> Column:
    if not isinstance(field, Mapping):
        raise SchemaProblem(f"resource {table}: a field is not an object")
    name = check_name(field.get("name"), f"field of {table}")
    ftype = field.get("type", "string")
    if ftype not in SUPPORTED_TYPES:
        raise SchemaProblem(
            f"{table}.{name} has type {ftype!r}; the loader supports {', '.join(sorted(SUPPORTED_TYPES))}"
        )
    constraints = field.get("constraints") or {}
    return Column(name, ftype, bool(constraints.get("required", False)))


def table_from_resource(resource: Mapping[str, Any]) -> Table:
    """Read one tabular-data-resource; external (string) schemas are not supported."""
    name = check_name(resource.get("name"), "resource name")
    if name == META_TABLE:
        raise SchemaProblem(f"resource name {META_TABLE} is the loader's own table")
    schema = resource.get("schema")
    if not isinstance(schema, Mapping):
        raise SchemaProblem(f"resource {name} has no inline schema")
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        raise SchemaProblem(f"resource {name} declares no fields")
    columns = tuple(_column(f, name) for f in fields)
    known = {c.name for c in columns}
    if len(known) != len(columns):
        raise SchemaProblem(f"resource {name} declares a field twice")
    if DOC_ID not in known:
        raise SchemaProblem(f"resource {name} has no {DOC_ID} field; every table must have one")
    pk = _names(schema["primaryKey"], f"{name} primaryKey") if schema.get("primaryKey") else ()
    fks = []
    for fk in schema.get("foreignKeys") or []:
        ref = fk.get("reference") or {}
        fields_ = _names(fk.get("fields"), f"{name} foreign key")
        ref_fields = _names(ref.get("fields"), f"{name} foreign key reference")
        target = ref.get("resource") or name  # "" means a self-reference in Frictionless
        if len(fields_) != len(ref_fields):
            raise SchemaProblem(f"{name} foreign key {fields_} and its reference differ in length")
        fks.append(ForeignKey(fields_, check_name(target, "referenced resource"), ref_fields))
    for cols, what in [(pk, "primary key")] + [(fk.fields, "foreign key") for fk in fks]:
        unknown = [c for c in cols if c not in known]
        if unknown:
            raise SchemaProblem(f"{name} {what} names unknown fields {', '.join(unknown)}")
    return Table(name, columns, pk, tuple(fks))


def schema_from_datapackage(package: Mapping[str, Any]) -> Schema:
    """Build the table model from a datapackage.json, parents ordered before children."""
    version = package.get("isecg_contract_version")
    if not isinstance(version, str):
        raise SchemaProblem("no isecg_contract_version: it was not written by isecg-extract")
    parse_version(version)
    resources = package.get("resources")
    if not isinstance(resources, list) or not resources:
        raise SchemaProblem("declares no resources")
    tables = [table_from_resource(r) for r in resources]
    by_name = {t.name: t for t in tables}
    if len(by_name) != len(tables):
        raise SchemaProblem("declares a resource name twice")
    for t in tables:
        for fk in t.foreign_keys:
            parent = by_name.get(fk.table)
            if parent is None:
                raise SchemaProblem(f"{t.name} foreign key references unknown resource {fk.table}")
            missing = [c for c in fk.ref_fields if parent.column(c) is None]
            if missing:
                raise SchemaProblem(f"{t.name} foreign key references unknown {fk.table} fields")
            if set(fk.ref_fields) != set(parent.primary_key):
                # Both databases need a unique key on the referenced columns.
                raise SchemaProblem(
                    f"{t.name} foreign key must reference the primary key of {fk.table}"
                )
    return Schema(version, _parents_first(tables))


def _parents_first(tables: list[Table]) -> tuple[Table, ...]:
    """Order tables so inserts go parent-first and deletes (reversed) child-first."""
    # Takes the first table whose parents are placed, so the package's own order is kept
    # wherever the keys allow (results and summaries then list tables as the CSVs do).
    ordered: list[Table] = []
    done: set[str] = set()
    pending = list(tables)
    while pending:
        ready = next(
            (
                t
                for t in pending
                if all(fk.table in done or fk.table == t.name for fk in t.foreign_keys)
            ),
            None,
        )
        if ready is None:
            cycle = ", ".join(t.name for t in pending)
            raise SchemaProblem(f"foreign keys form a cycle among {cycle}")
        ordered.append(ready)
        done.add(ready.name)
        pending.remove(ready)
    return tuple(ordered)
