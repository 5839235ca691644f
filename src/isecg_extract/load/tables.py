"""The database's tables as SQLAlchemy Core metadata, built once from the contract's schemas.

Every table, column type, primary key, foreign key and index comes from the datapackage's
table schemas (see schema.py), so the database cannot drift away from the CSVs when the
contract grows; SQLAlchemy turns the metadata into each dialect's DDL and statements.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from .schema import META_TABLE, Schema, Table

# Frictionless field type -> column type. The SQLite variants keep the names the loader
# has always declared there (SQLite has no date or 64-bit-only types; text and 0/1 are what
# it stores), so databases made before SQLAlchemy compare equal.
TYPES: dict[str, Callable[[], sa.types.TypeEngine[Any]]] = {
    "string": sa.Text,
    "integer": lambda: sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
    "year": sa.Integer,
    "number": lambda: sa.Double().with_variant(sa.REAL(), "sqlite"),
    "boolean": sa.Boolean,  # BOOLEAN on both; SQLite stores 0/1
    "date": lambda: sa.Date().with_variant(sa.Text(), "sqlite"),
    "datetime": lambda: sa.DateTime().with_variant(sa.Text(), "sqlite"),
    "time": lambda: sa.Time().with_variant(sa.Text(), "sqlite"),
}


def index_name(table: str, columns: tuple[str, ...]) -> str:
    name = f"ix_{table}__{'_'.join(columns)}"
    if len(name) > 63:  # PostgreSQL's identifier limit
        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        name = f"{name[:54]}_{digest}"
    return name


def _table(metadata: sa.MetaData, table: Table) -> sa.Table:
    return sa.Table(
        table.name,
        metadata,
        *(
            # SQLite does not imply NOT NULL for non-integer primary keys; say it explicitly.
            sa.Column(c.name, TYPES[c.type](), nullable=not table.not_null(c), autoincrement=False)
            for c in table.columns
        ),
        *([sa.PrimaryKeyConstraint(*table.primary_key)] if table.primary_key else []),
        *(
            sa.ForeignKeyConstraint(fk.fields, [f"{fk.table}.{c}" for c in fk.ref_fields])
            for fk in table.foreign_keys
        ),
        *(sa.Index(index_name(table.name, cols), *cols) for cols in table.index_keys()),
    )


def schema_version_table(metadata: sa.MetaData) -> sa.Table:
    """One row per change of the database's schema; the newest is the contract in force."""
    return sa.Table(
        META_TABLE,
        metadata,
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("contract_version", sa.Text, nullable=False),
        sa.Column("schema_json", sa.Text, nullable=False),
        sa.Column("views_sha256", sa.Text, nullable=False),
        sa.Column("applied_at", sa.Text, nullable=False),
    )


def build_metadata(schema: Schema) -> sa.MetaData:
    """schema_version and every table of the contract, in the contract's order (parents first)."""
    metadata = sa.MetaData()
    schema_version_table(metadata)
    for table in schema.tables:
        _table(metadata, table)
    return metadata


def dataset_tables(metadata: sa.MetaData, schema: Schema) -> list[sa.Table]:
    """The contract's tables, parents first."""
    return [metadata.tables[name] for name in schema.names]
