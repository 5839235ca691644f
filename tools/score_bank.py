"""Score a blind sentence bank (issue 26): per kind precision, recall, F1 and near-miss leaks.

Each item is read as a small document of its own through the pipeline's public stage halves
and its rows are matched with its labels (rules in docs/sentence-banks.md; the work is done in
tools/sentence_bank.py). Prints the table and the time taken; ``--out FILE`` writes every
item's matches, misses and extra rows as JSON, ``--misses`` lists them on standard output.

Usage: python tools/score_bank.py BANK.jsonl [--out FILE] [--misses] [--ids ID ...]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _library():
    """tools/ is not a package: the library beside this script, imported by its path."""
    spec = importlib.util.spec_from_file_location("sentence_bank", HERE / "sentence_bank.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["sentence_bank"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bank", type=Path, help="the bank, one JSON item per line")
    ap.add_argument("--out", type=Path, default=None, help="write every item's result as JSON")
    ap.add_argument("--misses", action="store_true", help="list missed labels and extra rows")
    ap.add_argument("--ids", nargs="*", default=None, help="score only these items")
    a = ap.parse_args(argv)
    bank = _library()
    items = bank.load_bank(a.bank)
    if a.ids:
        wanted = set(a.ids)
        items = [it for it in items if it.id in wanted]
    score = bank.score_items(items)
    print(f"{a.bank}: {len(items)} items, {score.near_misses} near misses")
    print(bank.render_table(score))
    print(f"scored in {score.seconds:.1f} s")
    if score.planned_differs:
        print(
            f"chair changes matched with another 'planned' than the label's: {score.planned_differs}"
        )
    if score.outside:
        counts = ", ".join(f"{k} {v}" for k, v in score.outside.items())
        print(
            f"extra event rows of outside series ({counts}): the bank labels no conference itself;"
            f" {score.outside_only_leaks} near misses give only such rows"
        )
    if score.unknown_names:
        print("label names the registry does not know: " + ", ".join(sorted(score.unknown_names)))
    for item_id, problem in score.problems:
        print(f"document problem: {item_id}: {problem}")
    if a.misses:
        print(bank.render_misses(score))
    if a.out:
        a.out.parent.mkdir(parents=True, exist_ok=True)
        a.out.write_text(
            json.dumps(score.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
