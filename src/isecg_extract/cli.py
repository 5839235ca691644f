"""The command line: thin wrappers over library functions.

Heavy libraries (spaCy, pdfplumber, pandas) are imported inside commands, so ``--help`` is fast.
Library errors become one line on stderr naming the file and the reason, with the error's own
exit status.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from isecg_extract import __version__
from isecg_extract.batch.cli import batch_command
from isecg_extract.cli_errors import InputError, library_errors
from isecg_extract.cli_options import ingest_options, make_options
from isecg_extract.compare.cli import diff_command, timeline_command
from isecg_extract.evaluate.cli import score_command
from isecg_extract.load.cli import load_command
from isecg_extract.review.cli import review_command

__all__ = ["InputError", "library_errors", "main", "make_options"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="isecg-extract")
def main() -> None:
    """Turn ISECG annual reports (PDF or text) into clean, linked datasets."""


@main.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: out/<input name>).",
)
@click.option(
    "--keep-intermediate",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Dump each stage's output as JSON into this folder.",
)
@click.option(
    "--raw-cells",
    is_flag=True,
    help="Write CSV cells as they are, without neutralising spreadsheet formulas.",
)
@click.option("--profile", is_flag=True, help="Print the time spent in each stage.")
@click.option("-q", "--quiet", is_flag=True, help="Print no warnings, only errors.")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also print the informational checks (notes), not only the warnings.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1),
    default=None,
    help="Processes reading a PDF's pages side by side (default: one per CPU, at most 4, "
    "at least 8 pages each); 1 reads them all in this process.",
)
@ingest_options
@library_errors
def extract(
    input_path,
    out,
    keep_intermediate,
    raw_cells,
    profile,
    quiet,
    verbose,
    jobs,
    config_dir,
    model,
    engine,
    max_bytes,
    max_pages,
    password,
    timeout,
    max_memory,
) -> None:
    """Extract one report (PDF or text) into CSV, report.json and datapackage.json.

    INPUT "-" reads the report from standard input (output by default in out/stdin).
    """
    from isecg_extract.names import printable_name
    from isecg_extract.pipeline import RunInfo, extract_to

    reading = dict(config_dir=config_dir, model=model, engine=engine, max_bytes=max_bytes)
    reading.update(max_pages=max_pages, password=password, max_memory=max_memory)
    opts = make_options(**reading, keep_intermediate=keep_intermediate, timeout=timeout, jobs=jobs)
    name = "stdin" if str(input_path) == "-" else printable_name(input_path.name)
    out = out or Path("out") / safe_stem(Path(name))
    info = RunInfo()
    if str(input_path) == "-":
        report = extract_stdin(out, opts, raw_cells, info, max_bytes)
    else:
        report = extract_to(input_path, out, opts, raw_cells=raw_cells, info=info)
    if not quiet:
        print_checks(name, report.checks, verbose)
        counts = ", ".join(
            f"{len(rows)} {name}"
            for name, rows in report.tables.items()
            if name not in {"documents", "mentions"}
        )
        click.echo(f"{name} -> {out}/ ({report.doc_id}: {counts})")
    if profile:
        for stage, seconds in info.timings.items():
            click.echo(f"  {stage:10} {seconds * 1000:8.1f} ms", err=True)
        click.echo(f"  {'total':10} {info.total() * 1000:8.1f} ms", err=True)
        for stage in sorted(info.overlapped):
            click.echo(f"  ({stage} ran during ingest, beside its page readers)", err=True)


def print_checks(name: str, checks: list[Any], verbose: bool) -> None:
    """Warnings (a user can act on them) always; informational notes with -v/--verbose."""
    for check in checks:
        if check.severity == "warning":
            click.echo(f"warning: {name}: {check.message}", err=True)
        elif verbose:
            click.echo(f"note: {name}: {check.message}", err=True)


def extract_stdin(out: Path, opts: Any, raw_cells: bool, info: Any, max_bytes: int) -> Any:
    """Extract a report piped in: standard input is saved to a temporary file named ``stdin``
    (its type is recognised by content, as for any file), under --max-bytes and --timeout."""
    import dataclasses
    import shutil
    import tempfile

    from isecg_extract.errors import ExtractError
    from isecg_extract.ingest.stdin import STDIN_NAME, save_stream, stdin_source
    from isecg_extract.pipeline import extract_to

    source = stdin_source()
    tmp = Path(tempfile.mkdtemp(prefix="isecg-stdin-"))
    try:
        path = tmp / "stdin"
        took = save_stream(source, path, max_bytes, opts.timeout)
        if opts.timeout:  # the time limit is the document's, reading included
            opts = dataclasses.replace(opts, timeout=max(opts.timeout - took, 0.001))
        try:
            return extract_to(path, out, opts, raw_cells=raw_cells, info=info)
        except ExtractError as exc:
            if exc.path == str(path):
                exc.path = STDIN_NAME  # name what the user gave, not the temporary file
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def safe_stem(path: Path) -> str:
    """An output folder name from an input name that cannot climb out of the output root."""
    import re

    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", path.stem).strip("._") or "report"
    return stem[:100]


@main.command()
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option(
    "--page",
    "page_number",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="Physical page, 1-based.",
)
@click.option(
    "--png",
    "png",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the picture.",
)
@click.option(
    "--resolution",
    type=click.IntRange(30, 300),
    default=100,
    show_default=True,
    help="Pixels per inch.",
)
@click.option("--password", default=None, help="Password of an encrypted PDF.")
@click.option(
    "--config-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Use another pipeline/ folder.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@library_errors
def inspect(pdf, page_number, png, resolution, password, config_dir, quiet) -> None:
    """Draw what the layout stage saw on one PDF page (columns, headings, tables, headers)."""
    from isecg_extract.config import load_config
    from isecg_extract.layout.inspect import inspect_page

    info = inspect_page(
        pdf,
        page_number,
        png,
        load_config(str(config_dir) if config_dir else None),
        password,
        resolution,
    )
    if quiet:
        return
    click.echo(
        f"{pdf.name} page {info['page']} (printed {info['printed_page']}): "
        f"{info['headings']} headings, {info['body']} body lines, {info['table_rows']} table rows, "
        f"{info['list_items']} list items, {info['removed']} header/footer lines removed, "
        f"gutter {'none' if info['gutter'] is None else round(info['gutter'])} -> {png}"
    )


@main.command()
def stages() -> None:
    """List the pipeline's stages in order."""
    from isecg_extract.pipeline import STAGES

    for i, name in enumerate(STAGES, 1):
        click.echo(f"{i}. {name}")


main.add_command(batch_command)
main.add_command(diff_command)
main.add_command(timeline_command)
main.add_command(load_command)
main.add_command(score_command)
main.add_command(review_command)


def run() -> None:  # pragma: no cover - console entry for `python -m`
    main(prog_name="isecg-extract")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
