"""Extract every report of other years in tests/fixtures and score it against its gold.

``make run`` prints the table this writes, so the scores on the whole family of shapes (not only
the 2025 sample) are in front of whoever runs the project. Each text is extracted into a
temporary folder (``--out DIR`` keeps them in ``DIR/<name>/``, out of ``out/`` so that ``make
load`` does not meet them); the scorer is the project's own (``isecg_extract.evaluate``, the
``isecg-extract score`` command), the same as for the sample.

Usage: python tools/score_years.py [--out DIR] [FOLDER ...]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = [ROOT / "tests" / "fixtures" / "history", ROOT / "tests" / "fixtures" / "heldout"]
SHOWN = [
    "sections",
    "agencies",
    "working_groups",
    "activities",
    "events",
    "publications",
    "changes",
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=None, help="keep the extractions here")
    ap.add_argument("folders", nargs="*", type=Path, default=FOLDERS)
    a = ap.parse_args(argv)
    from isecg_extract import evaluate as scorer
    from isecg_extract.errors import ExtractError
    from isecg_extract.pipeline import extract_to

    with tempfile.TemporaryDirectory(prefix="isecg-years-") as tmp:
        return _score_all(scorer, a.folders, a.out or Path(tmp), extract_to, ExtractError)


def _score_all(scorer, folders: list[Path], dest: Path, extract_to, ExtractError) -> int:
    header = f"  {'report':32} " + " ".join(f"{d[:8]:>8}" for d in SHOWN) + "  year pub  macro"
    print(header)
    macros = []
    for folder in folders:
        for text in sorted(folder.glob("*.txt")):
            gold_path = text.with_suffix(".gold.json")
            if not gold_path.is_file():
                continue
            out = dest / text.stem
            try:
                extract_to(text, out)
            except ExtractError as exc:
                print(f"  {text.stem:32} failed: {exc}")
                continue
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            results, doc, macro = scorer.score_all(str(out), gold)
            f1 = {r["dataset"]: r["f1"] for r in results}
            cells = " ".join(f"{f1.get(d, 0.0):8.3f}" for d in SHOWN)
            flags = f"{'ok' if doc.get('report_year') else 'NO':>4} {'ok' if doc.get('published') else 'NO':>3}"
            print(f"  {text.stem:32} {cells}  {flags}  {macro:.3f}")
            macros.append(macro)
    if macros:
        print(
            f"  {len(macros)} reports of other years: lowest macro F1 {min(macros):.3f}, "
            f"mean {sum(macros) / len(macros):.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
