"""Load output folders into a database: each report's rows replaced as one transaction.

A report is the unit of replacement: its rows are deleted by doc_id (children first) and
the new extraction inserted (parents first), so loading the same folder twice changes
nothing and loading a re-extraction leaves other reports alone. Schema creation and
migration run in the same transaction, so a load that fails at any point leaves the
database exactly as it was.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from .backend import Backend, open_backend
from .errors import LoadError
from .inputs import correct_package, expand_folders, one_per_report
from .migrate import apply_plan, plan_migration, read_state
from .package import OutputPackage, Row, read_outputs
from .schema import DOC_ID
from .tables import build_metadata, dataset_tables
from .urls import DEFAULT_DB_URL

SHA256 = "source_sha256"
"""The documents column that says two ids are the same input."""

if TYPE_CHECKING:
    from isecg_extract.corrections import Correction


@dataclass(frozen=True)
class ReportLoad:
    """What one load did to one report."""

    doc_id: str
    folder: Path
    rows: dict[str, int]
    """Rows inserted per table."""
    replaced_rows: int
    """Rows of an earlier load of this report that were deleted; 0 for a new report."""
    superseded: tuple[str, ...] = ()
    """Ids the same input was loaded under before (contract 2.0 gave every document of a year
    the annual report's id); their rows are replaced too, so the database keeps no copy."""

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


@dataclass(frozen=True)
class LoadResult:
    """Outcome of `load_outputs`, for summaries and scripts."""

    db: str
    contract_version: str
    doc_ids: list[str]
    rows: dict[str, int]
    """Rows inserted per table, over all reports of this load."""
    reports: list[ReportLoad] = field(default_factory=list)
    created: bool = False
    """The tables did not exist before this load."""
    migrated_from: str | None = None
    """Contract version the database was migrated from, if it was."""
    notices: list[str] = field(default_factory=list)
    """One line per report found in several folders: which folder was loaded and why."""


class _NeedExclusive(Exception):
    """The schema needs work, which must not run beside other loads: start over exclusively."""


def insert_table(conn: sa.Connection, table: sa.Table, rows: list[Row]) -> None:
    """Insert one table's rows of a report (a seam tests use to fail a load midway)."""
    if rows:
        names = table.columns.keys()
        conn.execute(table.insert(), [dict(zip(names, row, strict=True)) for row in rows])


def _replace_report(
    backend: Backend, conn: sa.Connection, tables: list[sa.Table], package: OutputPackage
) -> ReportLoad:
    doing = f"loading {package.doc_id}"
    table = tables[0]
    try:
        replaced = 0
        superseded = _earlier_ids(conn, tables, package)
        for table in reversed(tables):  # children first
            delete = table.delete().where(table.c[DOC_ID].in_([package.doc_id, *superseded]))
            replaced += max(conn.execute(delete).rowcount, 0)
        counts: dict[str, int] = {}
        for table in tables:
            insert_table(conn, table, package.rows[table.name])
            counts[table.name] = len(package.rows[table.name])
    except Exception as exc:
        wrapped = backend.wrap(exc, str(package.folder), f"{doing} ({table.name})")
        if wrapped is None:
            raise
        raise wrapped from exc
    return ReportLoad(package.doc_id, package.folder, counts, replaced, superseded)


def _earlier_ids(
    conn: sa.Connection, tables: list[sa.Table], package: OutputPackage
) -> tuple[str, ...]:
    """Other ids under which the same input (by its SHA-256) was loaded before: a migration
    from contract 2.0, whose news posts and excerpts took the year's ``isecg-ar-YYYY`` id."""
    documents = next((t for t in tables if t.name == "documents"), None)
    if documents is None or SHA256 not in documents.c:
        return ()
    names = documents.columns.keys()
    shas = {
        row[names.index(SHA256)]
        for row in package.rows.get("documents", [])
        if row[names.index(SHA256)]
    }
    if not shas:
        return ()
    query = sa.select(documents.c[DOC_ID]).where(
        documents.c[SHA256].in_(sorted(shas)), documents.c[DOC_ID] != package.doc_id
    )
    return tuple(sorted(str(r[0]) for r in conn.execute(query)))


def _load_once(
    backend: Backend, packages: list[OutputPackage], metadata: sa.MetaData, exclusive: bool
) -> LoadResult:
    schema = packages[0].schema
    conn = backend.begin([p.doc_id for p in packages], exclusive=exclusive)
    state = read_state(conn, metadata, schema, backend.url)
    plan = plan_migration(
        state, schema, metadata, conn.dialect, backend.url, str(packages[0].folder)
    )
    if plan.needs_ddl and not exclusive:
        raise _NeedExclusive
    apply_plan(conn, plan, schema, metadata)
    tables = dataset_tables(metadata, schema)
    reports = [_replace_report(backend, conn, tables, p) for p in packages]
    backend.commit()
    totals = {t: sum(r.rows[t] for r in reports) for t in schema.names}
    return LoadResult(
        db=backend.url,
        contract_version=schema.version,
        doc_ids=[r.doc_id for r in reports],
        rows=totals,
        reports=reports,
        created=plan.create_tables == schema.names,
        migrated_from=plan.from_version,
    )


def _rollback_quietly(backend: Backend) -> None:
    # A broken connection may refuse the rollback too; the original error is the news,
    # and the database discards an unfinished transaction on its own.
    with contextlib.suppress(Exception):
        backend.rollback()


def load_outputs(
    out_dirs: Sequence[Path | str],
    db_url: str = DEFAULT_DB_URL,
    corrections: Sequence[Correction] = (),
) -> LoadResult:
    """Load isecg-extract output folders into the database at `db_url`, all or nothing.

    A batch output folder stands for the report folders it holds; a report found in several
    folders is loaded once (``LoadResult.notices`` says from which and why). Every folder is
    read and checked before the database is opened. ``corrections`` (``load_config().corrections``,
    as the ``load`` command passes them) are applied to the rows first, so folders extracted
    before a correction was recorded load corrected; applying them again changes nothing. Raises a LoadError subclass that names
    the folder or database and the reason; when it does, the database is unchanged.
    """
    if not out_dirs:
        raise LoadError("load", "no output folders given")
    packages, notices = one_per_report(read_outputs(expand_folders(out_dirs)))
    if corrections:
        packages = [correct_package(p, corrections) for p in packages]
    result = _load_packages(packages, db_url)
    return replace(result, notices=notices)


def _load_packages(packages: list[OutputPackage], db_url: str) -> LoadResult:
    metadata = build_metadata(packages[0].schema)
    backend = open_backend(db_url)
    try:
        # Shared locks first: most loads find the schema ready and need not wait for
        # loads of other reports. A backend whose begin() is already exclusive never retries.
        exclusive = backend.begin_is_exclusive
        while True:
            try:
                return _load_once(backend, packages, metadata, exclusive)
            except _NeedExclusive:
                backend.rollback()
                exclusive = True
            except BaseException as exc:
                _rollback_quietly(backend)
                if isinstance(exc, LoadError):
                    raise
                wrapped = backend.wrap(exc, backend.url, "loading")
                if wrapped is None:
                    raise
                raise wrapped from exc
    finally:
        backend.close()
