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

from .backend import DEFAULT_DB_URL, Backend, open_backend
from .errors import LoadError
from .inputs import correct_package, expand_folders, one_per_report
from .migrate import apply_plan, plan_migration, read_state
from .package import OutputPackage, Row, read_outputs
from .schema import Schema, Table, delete_report_sql, insert_sql

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


def insert_table(backend: Backend, table: Table, rows: list[Row]) -> None:
    """Insert one table's rows of a report (a seam tests use to fail a load midway)."""
    if rows:
        backend.executemany(insert_sql(table, backend.placeholder), rows)


def _replace_report(backend: Backend, schema: Schema, package: OutputPackage) -> ReportLoad:
    doing = f"loading {package.doc_id}"
    table = schema.tables[0]
    try:
        replaced = 0
        for table in reversed(schema.tables):
            replaced += max(
                backend.execute(delete_report_sql(table, backend.placeholder), (package.doc_id,)),
                0,
            )
        counts: dict[str, int] = {}
        for table in schema.tables:
            insert_table(backend, table, package.rows[table.name])
            counts[table.name] = len(package.rows[table.name])
    except Exception as exc:
        wrapped = backend.wrap(exc, str(package.folder), f"{doing} ({table.name})")
        if wrapped is None:
            raise
        raise wrapped from exc
    return ReportLoad(package.doc_id, package.folder, counts, replaced)


def _load_once(backend: Backend, packages: list[OutputPackage], exclusive: bool) -> LoadResult:
    schema = packages[0].schema
    backend.begin([p.doc_id for p in packages], exclusive=exclusive)
    plan = plan_migration(read_state(backend), schema, backend.url, str(packages[0].folder))
    if plan.needs_ddl and not exclusive:
        raise _NeedExclusive
    apply_plan(backend, plan, schema)
    reports = [_replace_report(backend, schema, p) for p in packages]
    backend.commit()
    totals = {t: sum(r.rows[t] for r in reports) for t in schema.names}
    return LoadResult(
        db=backend.url,
        contract_version=schema.version,
        doc_ids=[r.doc_id for r in reports],
        rows=totals,
        reports=reports,
        created=bool(plan.create_tables) and plan.create_tables == schema.tables,
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
    backend = open_backend(db_url)
    try:
        # Shared locks first: most loads find the schema ready and need not wait for
        # loads of other reports. A backend whose begin() is already exclusive never retries.
        exclusive = backend.begin_is_exclusive
        while True:
            try:
                return _load_once(backend, packages, exclusive)
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
