"""Bring a database's tables to the outputs' contract version, or say why that needs a person.

The database is read with SQLAlchemy's inspector and compared with the metadata built from
the new datapackage (tables.py): missing tables, nullable columns and indexes are added in
place; anything that would rewrite or drop existing data (a column's type, a key or NOT
NULL change, a removed column or table) is refused with a SchemaVersionError that says
what to do. schema_version records the contract version and the schema each change applied.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from .errors import SchemaVersionError
from .schema import META_TABLE, Schema, parse_version
from .tables import dataset_tables
from .urls import one_line
from .views import VIEWS, create_views, drop_views, views_fingerprint

ForeignKeyShape = tuple[tuple[str, ...], str, tuple[str, ...]]
"""Columns, referenced table, referenced columns."""


@dataclass(frozen=True)
class TableShape:
    """What a table built from the contract and one reflected from the database are compared by."""

    columns: dict[str, tuple[str, bool]]
    """Column name -> (its type as the dialect's DDL writes it, nullable)."""
    primary_key: tuple[str, ...]
    foreign_keys: frozenset[ForeignKeyShape]
    indexes: frozenset[str]


@dataclass(frozen=True)
class DbState:
    """What a database holds now, as far as the loader cares."""

    schema: Schema | None
    """The schema last recorded in schema_version."""
    views_sha256: str | None
    tables: frozenset[str]
    views: frozenset[str]
    reflected: dict[str, TableShape]
    """The recorded tables and the new schema's, those the database has; read only when the
    new schema differs from the recorded one."""


@dataclass(frozen=True)
class Plan:
    """The schema work one load has to do before it can replace rows."""

    create_meta: bool = False
    create_tables: tuple[str, ...] = ()
    add_columns: tuple[tuple[str, str], ...] = ()
    create_indexes: tuple[tuple[str, str], ...] = ()
    rebuild_views: bool = False
    record: bool = False
    from_version: str | None = None

    @property
    def needs_ddl(self) -> bool:
        return bool(
            self.create_meta
            or self.create_tables
            or self.add_columns
            or self.create_indexes
            or self.rebuild_views
            or self.record
        )


def ddl_type(dialect: sa.Dialect, type_: sa.types.TypeEngine[Any]) -> str:
    """A column type as the dialect declares it, which is what two types are compared by."""
    try:
        return str(dialect.type_compiler_instance.process(type_))
    except sa.exc.CompileError:  # a type SQLAlchemy does not know, so not one the loader made
        return repr(type_)


def _recorded(conn: sa.Connection, metadata: sa.MetaData, state: DbState, db: str) -> DbState:
    """The state with the newest schema_version record, if there is one."""
    meta = metadata.tables[META_TABLE]
    try:
        if META_TABLE not in state.tables:
            raise ValueError("it is not a table")
        row = conn.execute(
            sa.select(meta.c.schema_json, meta.c.views_sha256).order_by(meta.c.seq.desc()).limit(1)
        ).first()
        if row is None:
            return state
        return replace(state, schema=Schema.from_dict(json.loads(row[0])), views_sha256=row[1])
    except (sa.exc.DBAPIError, ValueError, KeyError, TypeError) as exc:
        reason = one_line(exc.orig if isinstance(exc, sa.exc.DBAPIError) else exc)
        raise SchemaVersionError(
            db,
            f"has a {META_TABLE} that isecg-extract did not make ({reason}); use another database",
        ) from None


def shape(table: sa.Table, dialect: sa.Dialect) -> TableShape:
    return TableShape(
        columns={c.name: (ddl_type(dialect, c.type), c.nullable) for c in table.columns},
        primary_key=tuple(c.name for c in table.primary_key),
        foreign_keys=frozenset(
            (
                tuple(fk.column_keys),
                fk.referred_table.name,
                tuple(e.column.name for e in fk.elements),
            )
            for fk in table.foreign_key_constraints
        ),
        indexes=frozenset(str(ix.name) for ix in table.indexes),
    )


def read_state(conn: sa.Connection, metadata: sa.MetaData, new: Schema, db: str) -> DbState:
    """Read the database's tables and views, its schema_version record and, when the outputs'
    schema differs from the recorded one, the columns, keys and indexes to compare them with
    (otherwise there is nothing to diff, and a routine load skips those catalog queries)."""
    inspector = sa.inspect(conn)
    views = set(inspector.get_view_names())
    with contextlib.suppress(NotImplementedError):  # SQLite has no materialized views
        views |= set(inspector.get_materialized_view_names())
    state = DbState(None, None, frozenset(inspector.get_table_names()), frozenset(views), {})
    if META_TABLE not in state.tables | state.views:
        return state
    state = _recorded(conn, metadata, state, db)
    if state.schema is None or state.schema.signature() == new.signature():
        return state
    reflected = sa.MetaData()
    reflected.reflect(conn, only=sorted({*new.names, *state.schema.names} & state.tables))
    tables = {t.name: shape(t, conn.dialect) for t in reflected.tables.values()}
    return replace(state, reflected=tables)


@dataclass
class _Diff:
    problems: list[str]
    creates: list[str]
    adds: list[tuple[str, str]]
    indexes: list[tuple[str, str]]

    def changes(self) -> list[str]:
        return (
            self.problems
            + [f"new table {t}" for t in self.creates]
            + [f"new column {t}.{c}" for t, c in self.adds]
        )


def _diff(
    state: DbState, old: Schema, new: Schema, metadata: sa.MetaData, dialect: sa.Dialect
) -> _Diff:
    """Problems that block an in-place migration; tables, columns and indexes to add."""
    diff = _Diff([f"table {n} is gone" for n in old.names if n not in new.names], [], [], [])
    for table in dataset_tables(metadata, new):
        name = table.name
        have = state.reflected.get(name)
        if have is None:
            diff.creates.append(name)
            continue
        want = shape(table, dialect)
        if have.primary_key != want.primary_key:
            diff.problems.append(
                f"{name} primary key changes from ({', '.join(have.primary_key)}) "
                f"to ({', '.join(want.primary_key)})"
            )
        if have.foreign_keys != want.foreign_keys:
            diff.problems.append(f"{name} foreign keys change")
        for col, (db_type, nullable) in have.columns.items():
            new_type, new_nullable = want.columns.get(col, (None, None))
            if new_type is None:
                diff.problems.append(f"column {name}.{col} is gone")
            elif new_type != db_type:
                diff.problems.append(
                    f"column {name}.{col} changes type from {db_type} to {new_type}"
                )
            elif new_nullable != nullable:
                diff.problems.append(f"column {name}.{col} changes whether it may be empty")
        for col, (_, nullable) in want.columns.items():
            if col in have.columns:
                continue
            if nullable:
                diff.adds.append((name, col))
            else:
                diff.problems.append(
                    f"new column {name}.{col} may not be empty, "
                    "but rows already loaded have no value for it"
                )
        diff.indexes += [(name, ix) for ix in sorted(want.indexes - have.indexes)]
    return diff


def plan_migration(
    state: DbState, new: Schema, metadata: sa.MetaData, dialect: sa.Dialect, db: str, source: str
) -> Plan:
    """Decide the schema work for loading outputs of contract `new` into a database.

    `db` and `source` (the database URL and an output folder) only name things in errors.
    """
    views_ok = state.views_sha256 == views_fingerprint() and all(v in state.views for v in VIEWS)
    current = state.schema
    if current is None:
        clash = sorted(n for n in (*new.names, *VIEWS) if n in state.tables | state.views)
        if clash:
            raise SchemaVersionError(
                db,
                f"already has {', '.join(clash)} but no {META_TABLE} record, so they were not "
                "made by 'isecg-extract load'; load into another database or drop them",
            )
        return Plan(
            create_meta=META_TABLE not in state.tables,
            create_tables=new.names,
            rebuild_views=True,
            record=True,
        )
    lost = [t for t in current.names if t not in state.tables]
    if lost:
        raise SchemaVersionError(
            db,
            f"{META_TABLE} lists {', '.join(lost)} but the database has no such table; "
            "restore it, or load every report into a new database",
        )
    have, want = parse_version(current.version), parse_version(new.version)
    if want < have:
        raise SchemaVersionError(
            db,
            f"is at contract {current.version}, newer than {new.version} of {source}; "
            "re-extract that report with the current isecg-extract, or load into another database",
        )
    unchanged = current.signature() == new.signature()  # the version included
    diff = _Diff([], [], [], []) if unchanged else _diff(state, current, new, metadata, dialect)
    if want == have and not unchanged:
        changes = diff.changes() or ["the same columns are declared otherwise"]
        raise SchemaVersionError(
            db,
            f"is at contract {current.version}, and so is {source}, but their tables differ "
            f"({'; '.join(changes)}); the contract changed without a new version: "
            "re-extract with a released isecg-extract, or load into a new database",
        )
    if diff.problems:
        raise SchemaVersionError(
            db,
            f"cannot be migrated in place from contract {current.version} to {new.version}: "
            f"{'; '.join(diff.problems)}. Load every report into a new database "
            f"(e.g. --db sqlite:///isecg-{new.version}.db), or drop the old tables and "
            f"{META_TABLE} first",
        )
    migrating = want > have
    return Plan(
        create_tables=tuple(diff.creates),
        add_columns=tuple(diff.adds),
        create_indexes=tuple(diff.indexes),
        rebuild_views=migrating or not views_ok,
        record=migrating or not views_ok,
        from_version=current.version if migrating else None,
    )


def apply_plan(conn: sa.Connection, plan: Plan, schema: Schema, metadata: sa.MetaData) -> None:
    """Run the plan inside the load's transaction, so a failed load undoes it too."""
    if plan.rebuild_views:
        drop_views(conn)  # a view may depend on what is about to change
    meta = metadata.tables[META_TABLE]
    creates = [meta] if plan.create_meta else []
    creates += [metadata.tables[name] for name in plan.create_tables]
    metadata.create_all(conn, tables=creates, checkfirst=False)
    for table_name, column_name in plan.add_columns:
        # Core has no ALTER construct; the column's DDL is SQLAlchemy's, and
        # ALTER TABLE ... ADD COLUMN reads the same on both databases.
        column = metadata.tables[table_name].c[column_name]
        table_sql = conn.dialect.identifier_preparer.format_table(column.table)
        column_sql = sa.schema.CreateColumn(column).compile(dialect=conn.dialect)
        conn.exec_driver_sql(f"ALTER TABLE {table_sql} ADD COLUMN {column_sql}")
    for table_name, index_name in plan.create_indexes:
        for index in metadata.tables[table_name].indexes:
            if index.name == index_name:
                index.create(conn)
    if plan.rebuild_views:
        documents = schema.table("documents")
        create_views(conn, documents.column_names if documents is not None else None)
    if plan.record:
        last = conn.scalar(sa.select(sa.func.coalesce(sa.func.max(meta.c.seq), 0)))
        conn.execute(
            meta.insert().values(
                seq=int(last or 0) + 1,
                contract_version=schema.version,
                schema_json=json.dumps(schema.to_dict(), sort_keys=True),
                views_sha256=views_fingerprint(),
                applied_at=datetime.now(UTC).isoformat(timespec="seconds"),
            )
        )
