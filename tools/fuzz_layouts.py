"""Render the 2025 report and a synthetic year in random designs, extract, score, report.

    python tools/fuzz_layouts.py [-n 20] [--seed BASE] [--engines both] [-j 2] [--save DIR]
    python tools/fuzz_layouts.py --seeds 17 912 ...        # exactly these seeds
    python tools/fuzz_layouts.py --case tests/fixtures/fuzz/failing/123   # record a case again

Draws N designs (seeds BASE, BASE+1, ...; BASE from the clock unless given) with
tools/layout_fuzz.py, renders each to PDF with its producer, extracts it with the pipeline
(one or both engines) and scores it against its gold with the project's scorer. Prints one
line per design, then the distribution of macro F1 and agencies F1 (mean, min, percentiles,
share >= 0.95) per engine. Every design whose macro or agencies F1 is under 0.95 with an
engine is saved under ``--save`` (default tests/fixtures/fuzz/failing/<seed>/: design.json,
report.pdf, gold.json, score.json), where tests/test_layout_fuzz.py holds it to its score.
``--case`` re-renders and re-scores saved cases and records them again in their own folders
(``--no-save`` only prints).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import layout_fuzz as lf  # noqa: E402


def run_one(args: tuple[lf.Design, tuple[str, ...], bool]) -> dict:
    """Render, extract and score one design (in a worker process)."""
    design, engines, saved = args
    started = time.monotonic()
    try:
        pdf, gold = lf.render(design)
    except Exception as exc:
        return {"design": design, "error": f"render: {type(exc).__name__}: {exc}"}
    clashes = lf.overlapping_words(pdf)
    if clashes and not saved:
        # A page nobody can read is no test of the extractor (a saved case is kept as it is).
        return {"design": design, "error": f"render: words printed over each other {clashes[:3]}"}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        path.write_bytes(pdf)
        scores = {engine: lf.score_pdf(path, gold, engine) for engine in engines}
    return {
        "design": design,
        "pdf": pdf,
        "gold": gold,
        "scores": scores,
        "seconds": round(time.monotonic() - started, 1),
    }


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def distribution(values: list[float], threshold: float = lf.THRESHOLD) -> dict[str, float]:
    return {
        "n": len(values),
        "mean": statistics.fmean(values),
        "min": min(values),
        "p5": percentile(values, 5),
        "p10": percentile(values, 10),
        "p25": percentile(values, 25),
        "median": percentile(values, 50),
        "share_ok": sum(v >= threshold for v in values) / len(values),
    }


def print_distribution(results: list[dict], engines: tuple[str, ...]) -> dict:
    summary: dict[str, dict] = {}
    print(
        f"\n{'engine':10} {'score':9} {'n':>4} {'mean':>6} {'min':>6} {'p5':>6} {'p10':>6} "
        f"{'p25':>6} {'median':>6} {'>=0.95':>7}"
    )
    for engine in engines:
        scored = [r["scores"][engine] for r in results if "scores" in r]
        if not scored:
            continue
        for label, values in (
            ("macro", [s["macro"] for s in scored]),
            ("agencies", [lf.agencies(s) for s in scored]),
        ):
            d = distribution(values)
            summary.setdefault(engine, {})[label] = d
            print(
                f"{engine:10} {label:9} {d['n']:>4} {d['mean']:6.3f} {d['min']:6.3f} "
                f"{d['p5']:6.3f} {d['p10']:6.3f} {d['p25']:6.3f} {d['median']:6.3f} "
                f"{100 * d['share_ok']:6.1f}%"
            )
    return summary


def rescore(cases: list[Path], jobs: int) -> int:
    """Score saved cases' committed PDFs with today's code, with the engines each recorded,
    and record the new scores in their score.json: after a change raises (or, knowingly,
    lowers) them. The PDF and the gold stay as they are."""
    from concurrent.futures import ProcessPoolExecutor

    todo = []
    for case in cases:
        _, gold, recorded = lf.load_case(case)
        todo += [(case, gold, engine) for engine in recorded]
    with ProcessPoolExecutor(max(1, jobs)) as pool:
        scores = list(pool.map(_score_case, [(c / "report.pdf", g, e) for c, g, e in todo]))
    for (case, _, engine), score in zip(todo, scores, strict=True):
        path = case / "score.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        was = data["engines"][engine]["macro"]
        data["engines"][engine] = score
        lf.write_json(path, data)
        print(f"{case.name} {engine}: macro {was:.3f} -> {score['macro']:.3f}")
    return 0


def _score_case(job: tuple[Path, dict, str]) -> dict:
    pdf, gold, engine = job
    return lf.score_pdf(pdf, gold, engine)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=20, help="number of designs (default 20)")
    ap.add_argument("--seed", type=int, help="first seed (default: from the clock)")
    ap.add_argument("--seeds", type=int, nargs="*", help="exactly these seeds")
    ap.add_argument("--case", type=Path, nargs="*", help="re-render and re-score saved cases")
    ap.add_argument(
        "--rescore",
        type=Path,
        nargs="*",
        help="score saved cases' committed PDFs again and record the scores (no producer)",
    )
    ap.add_argument(
        "--engines",
        choices=("pdfplumber", "pdfium", "both"),
        default="both",
        help="extraction engines to score with (default both)",
    )
    ap.add_argument("-j", "--jobs", type=int, default=2, help="designs side by side (default 2)")
    ap.add_argument("--save", type=Path, default=lf.FAILING, help="where failing designs go")
    ap.add_argument("--no-save", action="store_true", help="save no failing design")
    ap.add_argument("--keep", type=Path, help="also save every design (failing or not) here")
    ap.add_argument("--json", type=Path, help="write the scores and the distribution here")
    ap.add_argument("-v", "--verbose", action="store_true", help="missed and extra rows")
    args = ap.parse_args(argv)
    engines = lf.ENGINES if args.engines == "both" else (args.engines,)
    if args.rescore is not None:
        return rescore(args.rescore or sorted(lf.FAILING.iterdir()), args.jobs)

    installed = lf.installed_producers()
    producers = tuple(p for p in lf.PRODUCERS if installed[p])
    missing = [p for p in lf.PRODUCERS if not installed[p]]
    if missing:
        print(f"producers not installed, not drawn: {', '.join(missing)}")
    if not producers:
        print("no producer installed (pip install -e '.[matrix]')", file=sys.stderr)
        return 2
    cases: dict[int, Path] = {}
    if args.case:
        designs = [lf.load_case(c)[0] for c in args.case]
        cases = {d.seed: c.resolve() for d, c in zip(designs, args.case, strict=True)}
    else:
        if args.seeds:
            seeds = list(args.seeds)
        else:
            base = args.seed if args.seed is not None else int(time.time() * 1000) % 10**9
            seeds = list(range(base, base + args.n))
            print(f"seeds {seeds[0]}..{seeds[-1]} (re-run with SEED={seeds[0]})")
        designs = [lf.draw(s, producers) for s in seeds]
    designs = [d for d in designs if installed.get(d.producer)]

    results: list[dict] = []
    jobs = [(d, engines, d.seed in cases) for d in designs]
    pool = ProcessPoolExecutor(args.jobs) if args.jobs > 1 else None
    mapped = pool.map(run_one, jobs) if pool else map(run_one, jobs)
    saved = []
    try:
        for r in mapped:
            results.append(r)
            d = r["design"]
            if "error" in r:
                print(f"{d.seed:>10} ERROR {r['error']}  [{d.summary()}]", flush=True)
                continue
            cells = "  ".join(
                f"{e[:5]} {s['macro']:.3f}/{lf.agencies(s):.3f}" for e, s in r["scores"].items()
            )
            failing = lf.fails(r["scores"])
            print(
                f"{d.seed:>10} {cells}  {'FAIL' if failing else 'ok  '} {r['seconds']:5.1f}s  "
                f"{d.summary()}",
                flush=True,
            )
            if args.verbose:
                for e, s in r["scores"].items():
                    if s.get("error"):
                        print(f"{'':12}{e}: {s['error']}")
                    for k in sorted(set(s.get("missed", {})) | set(s.get("extra", {}))):
                        print(
                            f"{'':12}{e} {k}: missed {s['missed'].get(k, [])[:3]} "
                            f"extra {s['extra'].get(k, [])[:3]}"
                        )
            if d.seed in cases and not args.no_save:
                # A saved case is recorded again in its own folder, failing or not.
                case = cases[d.seed]
                saved.append(lf.save_case(case, d, r["pdf"], r["gold"], r["scores"]))
            elif failing and not args.no_save:
                saved.append(
                    lf.save_case(args.save / str(d.seed), d, r["pdf"], r["gold"], r["scores"])
                )
            if args.keep:
                lf.save_case(args.keep / str(d.seed), d, r["pdf"], r["gold"], r["scores"])
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)

    summary = print_distribution(results, engines)
    errors = [r for r in results if "error" in r]
    failing = [r for r in results if "scores" in r and lf.fails(r["scores"])]
    print(
        f"\n{len(results)} designs, {len(failing)} failing (macro or agencies F1 < "
        f"{lf.THRESHOLD} with an engine), {len(errors)} not rendered"
    )
    for case in saved:
        print(f"saved {case}")
    if args.json:
        rows = [
            {
                "design": vars(r["design"]),
                "scores": r.get("scores"),
                "error": r.get("error"),
            }
            for r in results
        ]
        args.json.write_text(json.dumps({"summary": summary, "designs": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
