"""The `isecg-extract load` command: a thin shell around `load_outputs`.

Registered by the main CLI group (main.add_command(load_command)); the loader is imported
only when the command runs, so other commands start as fast as before.
"""

from __future__ import annotations

from pathlib import Path

import click

from isecg_extract.cli_errors import library_errors

from .urls import DEFAULT_DB_URL


@click.command("load")
@click.argument("out", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--db",
    "db_url",
    default=DEFAULT_DB_URL,
    show_default=True,
    envvar="ISECG_DB",
    help="Database URL: sqlite:///path.db or postgresql://user@host:port/dbname "
    "(also read from ISECG_DB).",
)
@click.option(
    "--config-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The pipeline/ folder whose corrections.csv is applied (default: as for extract).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@library_errors
def load_command(out: tuple[Path, ...], db_url: str, config_dir: Path | None, quiet: bool) -> None:
    """Load output folders OUT... into a database, replacing earlier loads of the same reports.

    OUT may also be a batch output folder: its report folders are loaded. A report found in
    several folders (a text and its PDFs) is loaded once; a notice says from which and why.
    All folders are loaded in one transaction: if any fails, nothing changes.
    """
    from isecg_extract.config import load_config
    from isecg_extract.load import load_outputs

    corrections = load_config(str(config_dir) if config_dir else None).corrections
    result = load_outputs(list(out), db_url, corrections)
    if quiet:
        return
    for notice in result.notices:
        click.echo(f"note: {notice}", err=True)
    if result.created:
        click.echo(
            f"created tables and views for contract {result.contract_version} in {result.db}"
        )
    elif result.migrated_from:
        click.echo(
            f"migrated {result.db} from contract {result.migrated_from} to {result.contract_version}"
        )
    for report in result.reports:
        tables = sum(1 for n in report.rows.values() if n)
        change = f"replaced {report.replaced_rows} rows" if report.replaced_rows else "new report"
        if report.superseded:
            change += f", the same input loaded before as {', '.join(report.superseded)}"
        click.echo(
            f"{report.doc_id}: {report.total_rows} rows in {tables} tables from {report.folder} "
            f"into {result.db} ({change})"
        )
