"""Benchmark: what an extraction costs next to merely reading the PDF (``make bench``).

Not a test: it prints figures and says which targets they meet; it fails only when a command
it measures fails. Every figure comes from fresh processes, as a user runs the tool, so
interpreter start-up and imports count.

* baseline: a fresh ``python`` that opens the PDF with pdfplumber and runs
  ``extract_words(extra_attrs=["fontname", "size"])`` on every page: the least any
  pdfplumber-based extractor pays.
* extract: ``isecg-extract extract PDF -o DIR --profile`` end to end, once per engine
  (pdfplumber, the default, and pdfium). Baseline and extract runs alternate, and the median
  of ``--runs`` runs is reported, so a busy machine biases neither side.
* stages: the median of the per-stage times ``--profile`` prints on stderr.
* peak memory: the maximum resident set of each child process (``os.wait4``'s rusage).
* long report: ``samples/isecg-annual-report-2025-word-x15.pdf`` (about 190 pages, made once
  by ``tools/make_samples.py --repeat 15 --layout word``), to show the per-page cost at ~15
  and ~200 pages; skipped with ``--quick``.
* batch: ``isecg-extract batch`` on 10 reports with 1 and 2 jobs, then a cached rerun, if the
  command exists.
* start-up: ``isecg-extract --help``.

Results go to stdout as a table and to ``bench-out/bench.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
OUT = ROOT / "bench-out"
LONG = SAMPLES / "isecg-annual-report-2025-word-x15.pdf"
ENGINES = ("pdfplumber", "pdfium")
_STAGE_LINE = re.compile(r"^\s+([a-z_]+)\s+([\d.]+) ms\s*$")

BASELINE = """
import sys
import pdfplumber

with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_words(extra_attrs=["fontname", "size"])
        page.flush_cache()
    print(len(pdf.pages))
"""

# (name, description, comparison, limit)
TARGETS = [
    ("long_extract_vs_baseline", "extract per page vs baseline per page, long report", "<=", 1.3),
    ("help_s", "isecg-extract --help (s)", "<", 0.3),
    ("batch_cached_s", "cached rerun of a 10-report batch (s)", "<", 1.0),
    ("long_peak_mb", "peak memory of extract on the long report (MB)", "<", 300.0),
    ("batch_speedup", "throughput with 2 jobs vs 1", ">=", 1.7),
    ("pdfium_ingest_speedup", "pdfium ingest per page vs pdfplumber's", ">=", 5.0),
]


@dataclass
class Run:
    """One child process: wall time, exit status, peak memory and what it printed."""

    seconds: float
    returncode: int
    peak_mb: float
    stdout: str
    stderr: str


def run(cmd: Sequence[str], cwd: Path = ROOT) -> Run:
    """Run ``cmd`` in a fresh process; ``os.wait4`` gives this child's own peak memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            seconds,
            proc.returncode,
            usage.ru_maxrss / 1024,  # kilobytes on Linux
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def checked(cmd: Sequence[str]) -> Run:
    result = run(cmd)
    if result.returncode != 0:
        raise SystemExit(
            f"bench: command failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr}"
        )
    return result


def stages_of(stderr: str) -> dict[str, float]:
    """The per-stage milliseconds ``extract --profile`` prints."""
    out = {}
    for line in stderr.splitlines():
        m = _STAGE_LINE.match(line)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


@dataclass
class DocResult:
    """Medians for one PDF: the baseline and one extraction per engine."""

    name: str
    pages: int = 0
    runs: dict[str, list[float]] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)
    stages: dict[str, dict[str, float]] = field(default_factory=dict)

    def med(self, what: str) -> float:
        return median(self.runs.get(what, []))

    def per_page_ms(self, what: str) -> float:
        return 1000 * self.med(what) / max(1, self.pages)

    def ratio(self, engine: str) -> float:
        return self.med(engine) / self.med("baseline")

    def as_json(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "median_s": {k: self.med(k) for k in self.runs},
            "per_page_ms": {k: self.per_page_ms(k) for k in self.runs},
            "extract_vs_baseline": {e: self.ratio(e) for e in ENGINES if e in self.runs},
            "peak_mb": self.peak_mb,
            "stages_ms": self.stages,
            "runs_s": self.runs,
        }


def measure_doc(cli: Path, pdf: Path, runs: int, tmp: Path) -> DocResult:
    """Baseline and extract (both engines) on one PDF, alternated run by run."""
    res = DocResult(pdf.name)
    stage_runs: dict[str, list[dict[str, float]]] = {e: [] for e in ENGINES}
    jobs = ["baseline", *ENGINES]
    for i in range(runs):
        order = jobs[i % len(jobs) :] + jobs[: i % len(jobs)]  # rotate who goes first
        for job in order:
            if job == "baseline":
                r = checked([sys.executable, "-c", BASELINE, str(pdf)])
                res.pages = int(r.stdout.split()[-1])
            else:
                out = tmp / f"{pdf.stem}-{job}"
                r = checked(
                    [str(cli), "extract", str(pdf), "-o", str(out), "-q", "--profile"]
                    + ["--engine", job]
                )
                stage_runs[job].append(stages_of(r.stderr))
                shutil.rmtree(out, ignore_errors=True)
            res.runs.setdefault(job, []).append(r.seconds)
            res.peak_mb[job] = max(res.peak_mb.get(job, 0.0), r.peak_mb)
            print(f"  {pdf.name} run {i + 1}/{runs} {job}: {r.seconds:.2f} s", file=sys.stderr)
    for engine, per_run in stage_runs.items():
        names = [n for n in per_run[0] if n != "total"] if per_run else []
        res.stages[engine] = {n: median([s.get(n, 0.0) for s in per_run]) for n in names}
    return res


def batch_inputs(samples: list[Path], folder: Path, count: int = 10) -> list[Path]:
    """``count`` distinct report files: copies of the sample PDFs told apart by a comment.

    A trailing comment after %%EOF changes the bytes (so the cache sees a new file) and not the
    content, so every copy costs a full extraction.
    """
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(count):
        src = samples[i % len(samples)]
        dst = folder / f"{src.stem}-copy{i:02d}.pdf"
        dst.write_bytes(src.read_bytes() + f"\n% isecg-extract bench copy {i}\n".encode())
        files.append(dst)
    return files


def measure_batch(cli: Path, samples: list[Path], runs: int, tmp: Path) -> dict[str, Any]:
    """Throughput of ``batch`` with 1 and 2 jobs (forced), and a rerun served by the cache."""
    probe = run([str(cli), "batch", "--help"])
    if probe.returncode != 0:
        return {"skipped": "`isecg-extract batch --help` failed: the batch command is not there"}
    files = batch_inputs(samples, tmp / "batch-in")
    out = tmp / "batch-out"
    times: dict[str, list[float]] = {"1": [], "2": []}
    for i in range(runs):
        for jobs in ("1", "2") if i % 2 == 0 else ("2", "1"):
            r = run(
                [str(cli), "batch", *map(str, files), "-o", str(out), "-j", jobs, "--force", "-q"]
            )
            if r.returncode != 0:
                return {"skipped": f"batch failed ({r.returncode}): {r.stderr.strip()[:300]}"}
            times[jobs].append(r.seconds)
            print(f"  batch run {i + 1}/{runs} -j {jobs}: {r.seconds:.2f} s", file=sys.stderr)
    cached = []
    for _ in range(max(3, runs)):
        r = run([str(cli), "batch", *map(str, files), "-o", str(out), "-j", "2", "-q"])
        cached.append(r.seconds)
    one, two = median(times["1"]), median(times["2"])
    return {
        "reports": len(files),
        "jobs1_s": one,
        "jobs2_s": two,
        "jobs1_reports_per_s": len(files) / one,
        "jobs2_reports_per_s": len(files) / two,
        "speedup": one / two,
        "cached_s": median(cached),
        "runs_s": {"jobs1": times["1"], "jobs2": times["2"], "cached": cached},
    }


def measure_help(cli: Path, runs: int) -> dict[str, Any]:
    times = [checked([str(cli), "--help"]).seconds for _ in range(max(5, 2 * runs))]
    return {"median_s": median(times), "runs_s": times}


def ensure_long_report() -> bool:
    """Generate the ~190-page report once (about a minute); False if that fails."""
    if LONG.exists():
        return True
    print(f"bench: generating {LONG.name} (once, about a minute)", file=sys.stderr)
    script = ROOT / "tools" / "make_samples.py"
    r = run([sys.executable, str(script), "--repeat", "15", "--layout", "word"])
    return r.returncode == 0 and LONG.exists()


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def figures(docs: dict[str, DocResult], batch: dict[str, Any], help_s: float) -> dict[str, float]:
    """The numbers the targets are about (nan when their measurement was skipped)."""
    nan = float("nan")
    long = docs.get(LONG.name)
    ref = long or (max(docs.values(), key=lambda d: d.pages) if docs else None)
    ingest = {
        e: (ref.stages.get(e, {}).get("ingest", nan) / max(1, ref.pages)) if ref else nan
        for e in ENGINES
    }
    return {
        "long_extract_vs_baseline": long.ratio("pdfplumber") if long else nan,
        "long_extract_pdfium_vs_baseline": long.ratio("pdfium") if long else nan,
        "help_s": help_s,
        "batch_cached_s": batch.get("cached_s", nan),
        "long_peak_mb": max(long.peak_mb.get(e, nan) for e in ENGINES) if long else nan,
        "batch_speedup": batch.get("speedup", nan),
        "pdfium_ingest_speedup": ingest["pdfplumber"] / ingest["pdfium"],
        "pdfplumber_ingest_ms_per_page": ingest["pdfplumber"],
        "pdfium_ingest_ms_per_page": ingest["pdfium"],
    }


def verdict(value: float, op: str, limit: float) -> str:
    if value != value:  # nan: not measured
        return "n/a "
    ok = {"<=": value <= limit, "<": value < limit, ">=": value >= limit}[op]
    return "PASS" if ok else "MISS"


def print_report(
    docs: dict[str, DocResult],
    batch: dict[str, Any],
    help_run: dict[str, Any],
    figs: dict[str, float],
    header: str,
) -> None:
    print(header)
    print()
    print(
        f"{'document':40} {'pages':>5} {'baseline':>9} {'extract':>9} {'ratio':>6} "
        f"{'pdfium':>9} {'ratio':>6}   {'per page ms: base / extract / pdfium':>36}"
    )
    for d in docs.values():
        print(
            f"{d.name:40} {d.pages:5d} {d.med('baseline'):8.2f}s {d.med('pdfplumber'):8.2f}s "
            f"{d.ratio('pdfplumber'):5.2f}x {d.med('pdfium'):8.2f}s {d.ratio('pdfium'):5.2f}x   "
            f"{d.per_page_ms('baseline'):10.1f} / {d.per_page_ms('pdfplumber'):7.1f} / "
            f"{d.per_page_ms('pdfium'):6.1f}"
        )
    short = [d for d in docs.values() if d.name != LONG.name]
    long = docs.get(LONG.name)
    if long and short:
        small = max(short, key=lambda d: d.pages)
        print()
        print(f"marginal cost per extra page, {small.pages} -> {long.pages} pages (ms):")
        for what in ("baseline", *ENGINES):
            extra = 1000 * (long.med(what) - small.med(what)) / (long.pages - small.pages)
            print(f"  {what:12} {extra:7.1f}")
    print()
    print("peak memory (MB):            baseline  extract  pdfium")
    for d in docs.values():
        pm = d.peak_mb
        print(
            f"  {d.name:40} {pm.get('baseline', 0):6.0f} {pm.get('pdfplumber', 0):8.0f} "
            f"{pm.get('pdfium', 0):7.0f}"
        )
    print()
    names = []
    for d in docs.values():
        for stages in d.stages.values():
            names += [n for n in stages if n not in names]
    print("stages (median ms):".ljust(52) + "".join(f"{n:>10}" for n in names))
    for d in docs.values():
        for engine, stages in d.stages.items():
            label = f"  {d.name} [{engine}]"
            print(f"{label:52}" + "".join(f"{stages.get(n, 0):10.1f}" for n in names))
    print()
    if "skipped" in batch:
        print(f"batch: skipped ({batch['skipped']})")
    else:
        print(
            f"batch of {batch['reports']} reports: 1 job {batch['jobs1_s']:.2f} s "
            f"({batch['jobs1_reports_per_s']:.2f}/s), 2 jobs {batch['jobs2_s']:.2f} s "
            f"({batch['jobs2_reports_per_s']:.2f}/s), speed-up {batch['speedup']:.2f}x, "
            f"cached rerun {batch['cached_s']:.2f} s"
        )
    print(f"start-up: isecg-extract --help {help_run['median_s']:.3f} s")
    print(
        f"ingest per page: pdfplumber {figs['pdfplumber_ingest_ms_per_page']:.1f} ms, "
        f"pdfium {figs['pdfium_ingest_ms_per_page']:.1f} ms"
    )
    print()
    print("targets:")
    for key, text, op, limit in TARGETS:
        value = figs[key]
        shown = "not measured" if value != value else f"{value:.2f}"
        print(f"  [{verdict(value, op, limit)}] {text}: {shown} (target {op} {limit})")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=None, help="runs per figure (default 5)")
    parser.add_argument(
        "--quick", action="store_true", help="3 runs, and no long report (~200 pages)"
    )
    parser.add_argument(
        "--cli",
        type=Path,
        default=Path(sys.executable).parent / "isecg-extract",
        help="the isecg-extract executable to measure (default: the one beside this Python)",
    )
    parser.add_argument("--out", type=Path, default=OUT, help="folder for bench.json")
    args = parser.parse_args(argv)
    args.runs = args.runs or (3 if args.quick else 5)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not args.cli.exists():
        parser.error(f"{args.cli} not found; install the package first (make install)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    samples = sorted(p for p in SAMPLES.glob("*.pdf") if "-x" not in p.stem)
    if not samples:
        raise SystemExit(f"bench: no sample PDFs in {SAMPLES}; run `make samples`")
    pdfs = list(samples)
    notes = []
    if args.quick:
        notes.append("--quick: long report skipped")
    elif ensure_long_report():
        pdfs.append(LONG)
    else:
        notes.append(f"{LONG.name} could not be generated: long report skipped")
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M")
    with tempfile.TemporaryDirectory(dir=args.out) as tmp_name:
        tmp = Path(tmp_name)
        docs = {pdf.name: measure_doc(args.cli, pdf, args.runs, tmp) for pdf in pdfs}
        batch = measure_batch(args.cli, samples, min(args.runs, 3), tmp)
    help_run = measure_help(args.cli, args.runs)
    figs = figures(docs, batch, help_run["median_s"])
    header = (
        f"isecg-extract benchmark {started}: {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPU(s), load {os.getloadavg()[0]:.2f}, "
        f"median of {args.runs} runs" + "".join(f"; {n}" for n in notes)
    )
    print_report(docs, batch, help_run, figs, header)
    result = {
        "started": started,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "runs": args.runs,
        "notes": notes,
        "documents": {name: d.as_json() for name, d in docs.items()},
        "batch": batch,
        "help": help_run,
        "figures": figs,
        "targets": [
            {
                "figure": k,
                "text": t,
                "op": op,
                "limit": lim,
                "value": figs[k],
                "verdict": verdict(figs[k], op, lim).strip(),
            }
            for k, t, op, lim in TARGETS
        ],
    }
    path = args.out / "bench.json"
    path.write_text(json.dumps(result, indent=1, allow_nan=True) + "\n", encoding="utf-8")
    print(f"\nwritten: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
