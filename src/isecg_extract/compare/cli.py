"""The ``diff`` and ``timeline`` commands: thin shells around the comparing library.

Registered by the main CLI group. Only click is imported here; the library is imported when a
command runs, so ``isecg-extract --help`` stays fast. Errors become one line,
``isecg-extract: <file or folder>: <reason>``, with the error's exit status.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from isecg_extract.cli_errors import library_errors
from isecg_extract.cli_options import add_reading_options, make_options


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
@click.option(
    "--batch",
    "batch",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="OLD and NEW are years of this batch output folder: every document of each year "
    "(report, excerpt, news posts, press releases) read together.",
)
@click.option("-q", "--quiet", is_flag=True, help="No notice on the terminal when writing to -o.")
@library_errors
def diff_command(
    old: Path,
    new: Path,
    fmt: str,
    output: Path | None,
    batch: Path | None,
    quiet: bool,
    **ingest: Any,
) -> None:
    """What changed from report OLD to report NEW: members, groups, chair, activities.

    OLD and NEW are output folders of one report each (e.g. out/isecg-ar-2025) or report
    files, which are extracted first into a temporary folder; with --batch OUT, two years of
    that batch (diff --batch out/years 2019 2020), each year's documents read together.
    """
    from isecg_extract.compare.diff import diff_paths, diff_years
    from isecg_extract.compare.render import render

    if batch is not None:
        result = diff_years(batch, _year(old), _year(new), make_options(**ingest))
    else:
        result = diff_paths(old, new, make_options(**ingest))
    text = render(result, fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    from isecg_extract.write import write_output

    write_output(output, text)
    if sys.stderr.isatty() and not quiet:
        click.echo(f"{old} -> {new}: {len(result.changes)} changes in {output}", err=True)


def _year(value: Path) -> int:
    """A year given for OLD or NEW with --batch."""
    text = str(value)
    if not (text.isdigit() and len(text) == 4):
        raise click.BadParameter(f"{text!r} is not a year; with --batch give two years")
    return int(text)


@click.command("timeline")
@click.argument("out", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "dest",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for timeline.csv, timeline-entities.csv, timeline-events.csv, timeline.png and "
    "timeline.svg "
    "(default: OUT/timeline).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@library_errors
def timeline_command(out: Path, dest: Path | None, quiet: bool) -> None:
    """Members and active working groups per year over a batch output folder OUT."""
    from isecg_extract.compare.timeline import build_timeline, timeline_lines
    from isecg_extract.compare.timeline_files import write_timeline

    tl = build_timeline(out)
    written = write_timeline(tl, dest or out / "timeline")
    if quiet:
        return
    for line in timeline_lines(tl):
        click.echo(line)
    click.echo("wrote " + ", ".join(str(p) for p in written))


add_reading_options(diff_command)
