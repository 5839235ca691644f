"""The ``batch``, ``diff`` and ``timeline`` commands: thin shells around the batch library.

Registered by the main CLI group (``main.add_command(...)``). Only click is imported here; the
library is imported when a command runs, so ``isecg-extract --help`` stays fast. Errors become
one line, ``isecg-extract: <file or folder>: <reason>``, with the error's exit status.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from isecg_extract.cli_errors import library_errors


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
    from isecg_extract.cli import make_options

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
    )
    for row in result.failed:
        reason = row.error or f"loading into the database failed: {row.load_error}"
        click.echo(f"isecg-extract: {row.file}: {reason}", err=True)
    if not quiet:
        for message in result.warnings:
            click.echo(f"warning: {message}", err=True)
        for file, message in result.checks:
            click.echo(f"warning: {Path(file).name}: {message}", err=True)
        for file, message in result.notes if verbose else []:
            click.echo(f"note: {Path(file).name}: {message}", err=True)
        s = result.summary
        not_loaded = sum(1 for r in result.rows if r.load_error)
        loaded = f", {not_loaded} not loaded into the database" if not_loaded else ""
        click.echo(
            f"{s['total']} reports: {s['extracted']} extracted, {s['cached']} cached, "
            f"{s['failed']} failed{loaded} -> {out}/ (manifest.csv, all/)"
        )
    if result.failed:
        raise ReportsFailed(
            str(out), f"{len(result.failed)} of {len(result.rows)}; see {out}/manifest.csv"
        )


@click.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json", "csv"]),
    default="md",
    show_default=True,
    help="Markdown for people, JSON or CSV for machines.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
@click.option("-q", "--quiet", is_flag=True, help="No notice on the terminal when writing to -o.")
@library_errors
def diff_command(
    old: Path, new: Path, fmt: str, output: Path | None, quiet: bool, **ingest: Any
) -> None:
    """What changed from report OLD to report NEW: members, groups, chair, activities.

    OLD and NEW are output folders of one report each (e.g. out/isecg-ar-2025) or report
    files, which are extracted first into a temporary folder.
    """
    from isecg_extract.batch.diff import diff_paths
    from isecg_extract.batch.render import render
    from isecg_extract.cli import make_options

    result = diff_paths(old, new, make_options(**ingest))
    text = render(result, fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    from isecg_extract.write import atomic_write

    atomic_write(output, text)
    if sys.stderr.isatty() and not quiet:
        click.echo(f"{old} -> {new}: {len(result.changes)} changes in {output}", err=True)


@click.command("timeline")
@click.argument("out", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "dest",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for timeline.csv, timeline-entities.csv, timeline-events.csv and timeline.png "
    "(default: OUT/timeline).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@library_errors
def timeline_command(out: Path, dest: Path | None, quiet: bool) -> None:
    """Members and active working groups per year over a batch output folder OUT."""
    from isecg_extract.batch.timeline import build_timeline, timeline_lines, write_timeline

    tl = build_timeline(out)
    written = write_timeline(tl, dest or out / "timeline")
    if quiet:
        return
    for line in timeline_lines(tl):
        click.echo(line)
    click.echo("wrote " + ", ".join(str(p) for p in written))


def _add_shared_options(command: click.Command) -> None:
    """Add the main CLI's reading options (--password, --max-pages, --engine, --model, ...)
    that the command does not define itself (batch has its own --timeout: a worker limit)."""
    from isecg_extract.cli import ingest_options

    def probe() -> None:
        pass

    ingest_options(probe)
    have = {p.name for p in command.params}
    for param in reversed(getattr(probe, "__click_params__", [])):
        if param.name not in have:
            command.params.append(param)


# Added after the commands exist, because the main CLI module imports this one while it is
# itself being imported: by now either it is complete, or it has reached the point where it
# registers these commands, below ``ingest_options`` in both cases.
_add_shared_options(batch_command)
_add_shared_options(diff_command)
