"""Extract every rendering of the layout matrix and score it against its gold.

    python tools/score_matrix.py [--dir tests/fixtures/pdfs/matrix] [--markdown] [NAME ...]

Prints one line per rendering: macro F1, agencies F1 and section-page accuracy, as
the project's scorer (``isecg_extract.evaluate``) computes them. ``--markdown`` prints
the table that ``docs/layouts.md`` shows.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MATRIX = ROOT / "tests" / "fixtures" / "pdfs" / "matrix"


def load_scorer():
    """The project's scorer; ``score_all`` as the reference scorer in ../shared gives it."""
    from isecg_extract import evaluate

    return evaluate


def score(pdf: Path, scorer) -> dict:
    from isecg_extract.pipeline import extract_to

    gold = json.loads(pdf.with_suffix(".gold.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        extract_to(pdf, Path(tmp))
        results, _, macro = scorer.score_all(tmp, gold)
    by = {r["dataset"]: r for r in results}
    return {
        "name": pdf.stem,
        "macro": macro,
        "agencies": by["agencies"]["f1"],
        "pages": by["sections"].get("page_accuracy"),
        "datasets": by,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", type=Path, default=MATRIX)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="list missed and extra rows")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args(argv)
    scorer = load_scorer()
    pdfs = sorted(p for p in args.dir.glob("*.pdf") if not args.names or p.stem in args.names)
    for pdf in pdfs:
        r = score(pdf, scorer)
        if args.markdown:
            print(f"| `{r['name']}` | {r['macro']:.3f} | {r['agencies']:.3f} | {r['pages']} |")
        else:
            print(
                f"{r['name']:40} macro F1 {r['macro']:.3f}  agencies F1 {r['agencies']:.3f}  "
                f"pages {r['pages']}",
                flush=True,
            )
        if args.verbose:
            for name, d in r["datasets"].items():
                if d.get("missed") or d.get("extra"):
                    print(
                        f"   {name} f1={d['f1']} missed={d.get('missed')[:8]} extra={d.get('extra')[:8]}"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
