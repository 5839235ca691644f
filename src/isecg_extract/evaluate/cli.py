"""The ``score`` command: a thin shell around ``isecg_extract.evaluate``.

Only click is imported here; the library is imported when the command runs, so
``isecg-extract --help`` stays fast. Errors become one line, ``isecg-extract: <path>: <reason>``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from isecg_extract.cli_errors import library_errors


@click.command("score")
@click.argument("out", type=click.Path(path_type=Path))
@click.argument("gold", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="A table for people (macro F1 on the last line) or JSON for machines.",
)
@click.option("--doc-id", default=None, help="Score only this document's rows (a batch's all/).")
@click.option(
    "--show", type=click.IntRange(min=0), default=5, show_default=True,
    help="How many missed and extra rows to list per dataset (text format).",
)  # fmt: skip
@click.option(
    "--min-f1", type=click.FloatRange(0, 1), default=None,
    help="Exit with status 1 when the macro F1 is below this (for scripts and CI).",
)  # fmt: skip
@library_errors
def score_command(
    out: Path, gold: Path, fmt: str, doc_id: str | None, show: int, min_f1: float | None
) -> None:
    """Score output folder OUT against the gold file GOLD, dataset by dataset.

    GOLD is a hand-made reference extraction of the same report (JSON; see
    docs/evaluation.md, and samples/isecg-annual-report-2025.gold.json for an example).
    Prints precision, recall and F1 per dataset, attribute accuracy on matched rows, the
    rows missed and extra, and the macro F1.
    """
    from isecg_extract.evaluate import load_gold, render_text, score_folder
    from isecg_extract.evaluate.errors import NotAnOutputToScore

    reference = load_gold(gold)
    if not out.is_dir():
        from isecg_extract.errors import InputNotFound

        raise (
            InputNotFound(str(out))
            if not out.exists()
            else NotAnOutputToScore(str(out), "a folder is expected")
        )
    if not any(out.glob("*.csv")):
        raise NotAnOutputToScore(str(out), "no dataset CSV files in it")
    result = score_folder(out, reference, doc_id)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=1, ensure_ascii=False))
    else:
        click.echo(render_text(result, show), nl=False)
    if min_f1 is not None and result.macro_f1 < min_f1:
        raise SystemExit(1)  # not click's Exit: library_errors would count it a bug
