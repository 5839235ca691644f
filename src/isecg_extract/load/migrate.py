"""Bring a database's tables to the outputs' contract version, or say why that needs a person.

The schema each load applied is stored as JSON in schema_version, so the change to make
is the plain difference between that and the new datapackage's schema: new tables and
new nullable columns are added in place; anything that would rewrite or drop existing
data (a type, key or NOT NULL change, a removed column or table) is refused with a
SchemaVersionError that says what to do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from .backend import Backend
from .errors import SchemaVersionError
from .schema import (
    Column,
    Schema,
    Table,
    add_column_sql,
    create_index_sql,
    create_table_sql,
    parse_version,
    quote,
)
from .views import VIEWS, create_views, drop_views, views_fingerprint

META_TABLE = "schema_version"
_META_DDL = (
    f"CREATE TABLE {quote(META_TABLE)} (\n"
    '  "seq" INTEGER NOT NULL PRIMARY KEY,\n'
    '  "contract_version" TEXT NOT NULL,\n'
    '  "schema_json" TEXT NOT NULL,\n'
    '  "views_sha256" TEXT NOT NULL,\n'
    '  "applied_at" TEXT NOT NULL\n'
    ")"
)


@dataclass(frozen=True)
class DbState:
    """What a database holds now, as far as the loader cares."""

    schema: Schema | None
    views_sha256: str | None
    relations: dict[str, str]


@dataclass(frozen=True)
class Plan:
    """The schema work one load has to do before it can replace rows."""

    create_meta: bool = False
    create_tables: tuple[Table, ...] = ()
    add_columns: tuple[tuple[Table, Column], ...] = ()
    rebuild_views: bool = False
    record: bool = False
    from_version: str | None = None

    @property
    def needs_ddl(self) -> bool:
        return bool(
            self.create_meta
            or self.create_tables
            or self.add_columns
            or self.rebuild_views
            or self.record
        )


def read_state(backend: Backend) -> DbState:
    relations = backend.relations()
    if relations.get(META_TABLE) != "table":
        return DbState(None, None, relations)
    try:
        rows = backend.query(
            f"SELECT contract_version, schema_json, views_sha256 FROM {quote(META_TABLE)} "
            "ORDER BY seq DESC LIMIT 1"
        )
    except Exception as exc:
        raise SchemaVersionError(
            backend.url,
            f"has a {META_TABLE} table that isecg-extract did not make ({exc}); use another database",
        ) from None
    if not rows:
        return DbState(None, None, relations)
    _, schema_json, views_sha = rows[0]
    return DbState(Schema.from_dict(json.loads(schema_json)), views_sha, relations)


def _diff(old: Schema, new: Schema) -> tuple[list[str], list[Table], list[tuple[Table, Column]]]:
    """Problems that block an in-place migration, tables to create, columns to add."""
    problems: list[str] = []
    creates: list[Table] = []
    adds: list[tuple[Table, Column]] = []
    for table in old.tables:
        if new.table(table.name) is None:
            problems.append(f"table {table.name} is gone")
    for table in new.tables:
        before = old.table(table.name)
        if before is None:
            creates.append(table)
            continue
        if before.primary_key != table.primary_key:
            problems.append(
                f"{table.name} primary key changes from ({', '.join(before.primary_key)}) "
                f"to ({', '.join(table.primary_key)})"
            )
        if set(before.foreign_keys) != set(table.foreign_keys):
            problems.append(f"{table.name} foreign keys change")
        for col in before.columns:
            now = table.column(col.name)
            if now is None:
                problems.append(f"column {table.name}.{col.name} is gone")
            elif now.type != col.type:
                problems.append(
                    f"column {table.name}.{col.name} changes type from {col.type} to {now.type}"
                )
            elif table.not_null(now) != before.not_null(col):
                problems.append(f"column {table.name}.{col.name} changes whether it may be empty")
        for col in table.columns:
            if before.column(col.name) is None:
                if table.not_null(col):
                    problems.append(
                        f"new column {table.name}.{col.name} may not be empty, "
                        "but rows already loaded have no value for it"
                    )
                else:
                    adds.append((table, col))
    return problems, creates, adds


def plan_migration(state: DbState, new: Schema, db: str, source: str) -> Plan:
    """Decide the schema work for loading outputs of contract `new` into a database.

    `db` and `source` (the database URL and an output folder) only name things in errors.
    """
    views_ok = state.views_sha256 == views_fingerprint() and all(
        state.relations.get(v) == "view" for v in VIEWS
    )
    current = state.schema
    if current is None:
        clash = sorted(n for n in (*new.names, *VIEWS) if n in state.relations)
        if clash:
            raise SchemaVersionError(
                db,
                f"already has {', '.join(clash)} but no {META_TABLE} record, so they were not "
                "made by 'isecg-extract load'; load into another database or drop them",
            )
        return Plan(
            create_meta=state.relations.get(META_TABLE) is None,
            create_tables=new.tables,
            rebuild_views=True,
            record=True,
        )
    lost = [t for t in current.names if state.relations.get(t) != "table"]
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
    problems, creates, adds = _diff(current, new)
    if want == have and (problems or creates or adds):
        changes = problems + [f"new table {t.name}" for t in creates]
        changes += [f"new column {t.name}.{c.name}" for t, c in adds]
        raise SchemaVersionError(
            db,
            f"is at contract {current.version}, and so is {source}, but their tables differ "
            f"({'; '.join(changes)}); the contract changed without a new version: "
            "re-extract with a released isecg-extract, or load into a new database",
        )
    if problems:
        raise SchemaVersionError(
            db,
            f"cannot be migrated in place from contract {current.version} to {new.version}: "
            f"{'; '.join(problems)}. Load every report into a new database "
            f"(e.g. --db sqlite:///isecg-{new.version}.db), or drop the old tables and "
            f"{META_TABLE} first",
        )
    migrating = want > have
    return Plan(
        create_tables=tuple(creates),
        add_columns=tuple(adds),
        rebuild_views=migrating or not views_ok,
        record=migrating or not views_ok,
        from_version=current.version if migrating else None,
    )


def apply_plan(backend: Backend, plan: Plan, schema: Schema) -> None:
    """Run the plan inside the load's transaction, so a failed load undoes it too."""
    if plan.rebuild_views:
        drop_views(backend)  # a view may depend on what is about to change
    if plan.create_meta:
        backend.execute(_META_DDL)
    for table in plan.create_tables:
        backend.execute(create_table_sql(table, backend.types))
    for table, column in plan.add_columns:
        backend.execute(add_column_sql(table, column, backend.types))
    if plan.create_tables or plan.add_columns:
        for table in schema.tables:
            for sql in create_index_sql(table):
                backend.execute(sql)
    if plan.rebuild_views:
        create_views(backend)
    if plan.record:
        (last,) = backend.query(f"SELECT COALESCE(MAX(seq), 0) FROM {quote(META_TABLE)}")[0]
        p = backend.placeholder
        backend.execute(
            f"INSERT INTO {quote(META_TABLE)} "
            "(seq, contract_version, schema_json, views_sha256, applied_at) "
            f"VALUES ({p}, {p}, {p}, {p}, {p})",
            (
                int(last) + 1,
                schema.version,
                json.dumps(schema.to_dict(), sort_keys=True),
                views_fingerprint(),
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
