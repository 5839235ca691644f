"""The ``review`` command: a thin shell around ``review.build_review``.

Only click is imported here; the library is imported when the command runs.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import click

from isecg_extract.cli_errors import library_errors
from isecg_extract.cli_options import add_reading_options, make_options


@click.command("review")
@click.argument("outs", metavar="OUT...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "dest",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the site (default: <first OUT>-review beside it).",
)
@click.option(
    "--source",
    "sources",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="An input file (PDF or text) the outputs were extracted from, for the page images "
    "and the text around each row (matched by SHA-256; repeatable).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@library_errors
def review_command(
    outs: tuple[Path, ...], dest: Path | None, sources: tuple[Path, ...], quiet: bool, **ingest: Any
) -> None:
    """Write a static review site for output folders of extract or batch (OUT...).

    Each OUT may also be a report file (PDF or text): it is extracted first, with
    pipeline/corrections.csv applied, so `isecg-extract review report.pdf` is the one command
    that shows a report's rows beside its pages. Open DEST/index.html in a browser.
    """
    from isecg_extract.review import build_review

    dest = dest or outs[0].parent / f"{outs[0].stem if outs[0].is_file() else outs[0].name}-review"
    with tempfile.TemporaryDirectory(prefix="isecg-review-") as scratch:
        folders, found = [], list(sources)
        for i, out in enumerate(outs):
            if out.is_file():
                from isecg_extract.batch.worker import extract_into

                work = Path(scratch) / f"{i}" / _stem(out)
                extract_into(str(out), work, make_options(**ingest))
                folders.append(work)
                found.append(out)
            else:
                folders.append(out)
        site = build_review(folders, dest, found)
    if not quiet:
        click.echo(
            f"{dest}/index.html: {site.docs} documents, {len(site.files)} files, "
            f"{site.size / 1e6:.1f} MB in {site.seconds:.1f} s"
        )


def _stem(path: Path) -> str:
    """A folder name from an input's name that cannot climb out of the scratch folder."""
    import re

    return re.sub(r"[^A-Za-z0-9._-]+", "_", path.stem).strip("._")[:100] or "report"


add_reading_options(review_command)
