"""The ``batch`` command: a thin shell around ``run_batch``.

Registered by the main CLI group (``main.add_command(...)``). Only click is imported here; the
library is imported when a command runs, so ``isecg-extract --help`` stays fast. Errors become
one line, ``isecg-extract: <file or folder>: <reason>``, with the error's exit status.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from isecg_extract.cli_errors import library_errors
from isecg_extract.cli_options import add_reading_options, make_options


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Output folder: one folder per report, all/, manifest.csv and manifest.json.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1),
    default=None,
    help="Worker processes (default: one per CPU).",
)
@click.option("--force", is_flag=True, help="Extract every report again, ignoring the cache.")
@click.option(
    "--timeout",
    type=click.FloatRange(0),
    default=300.0,
    show_default=True,
    help="Seconds per document before its worker is stopped (0: no limit).",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where extractions are cached (default: OUT/.cache).",
)
@click.option(
    "--db",
    "db_url",
    default=None,
    help="Also load each report into this database as it is extracted "
    "(sqlite:///path.db or postgresql://...).",
)
@click.option(
    "--raw-cells",
    is_flag=True,
    help="Write CSV cells as they are, without neutralising spreadsheet formulas.",
)
@click.option(
    "--all-files",
    is_flag=True,
    help="Also extract text files found in folders that look like notes (README, *.truth.md, "
    "SCORES.md) or do not name ISECG; by default each is skipped with a note.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, warnings or summary.")
@click.option("-v", "--verbose", is_flag=True, help="Also print the informational checks (notes).")
@library_errors
def batch_command(
    inputs: tuple[str, ...],
    out: Path,
    jobs: int | None,
    force: bool,
    timeout: float,
    cache_dir: Path | None,
    db_url: str | None,
    raw_cells: bool,
    all_files: bool,
    quiet: bool,
    verbose: bool,
    **ingest: Any,
) -> None:
    """Extract many reports (files, folders, globs) in parallel into OUT.

    Each report gets a folder named by its report year (isecg-ar-2025); all/ holds every
    dataset with a report_year column; manifest.csv says what became of each input. A rerun
    reuses every report whose file, pipeline and options are unchanged. A report that fails,
    hangs or crashes is recorded with its reason and the others go on; the exit status is
    then non-zero.
    """
    from isecg_extract.batch.errors import ReportsFailed
    from isecg_extract.batch.run import run_batch

    result = run_batch(
        list(inputs),
        out,
        jobs=jobs,
        force=force,
        quiet=quiet,
        timeout=timeout or None,
        options=make_options(**ingest),
        raw_cells=raw_cells,
        cache_dir=cache_dir,
        db_url=db_url,
        all_files=all_files,
    )
    for row in result.failed:
        reason = row.error or f"loading into the database failed: {row.load_error}"
        click.echo(f"isecg-extract: {row.file}: {reason}", err=True)
    if not quiet:
        for message in result.warnings:
            click.echo(f"warning: {message}", err=True)
        for file, why in result.skipped:
            click.echo(f"note: {file}: skipped, {why} (--all-files takes it)", err=True)
        for file, message in result.checks:
            click.echo(f"warning: {Path(file).name}: {message}", err=True)
        for file, message in result.notes if verbose else []:
            click.echo(f"note: {Path(file).name}: {message}", err=True)
        s = result.summary
        not_loaded = sum(1 for r in result.rows if r.load_error)
        loaded = f", {not_loaded} not loaded into the database" if not_loaded else ""
        if result.skipped:
            loaded += f", {len(result.skipped)} files skipped (not report texts)"
        click.echo(
            f"{s['total']} reports: {s['extracted']} extracted, {s['cached']} cached, "
            f"{s['failed']} failed{loaded} -> {out}/ (manifest.csv, all/)"
        )
    if result.failed:
        raise ReportsFailed(
            str(out), f"{len(result.failed)} of {len(result.rows)}; see {out}/manifest.csv"
        )


add_reading_options(batch_command)
