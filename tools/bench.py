"""Benchmark: what an extraction costs next to merely reading the PDF (``make bench``).

Not a test: it prints figures and says which targets they meet; it fails only when a command
it measures fails. Every figure comes from fresh processes, as a user runs the tool, so
interpreter start-up and imports count.

* baseline: a fresh ``python`` that opens the PDF with pdfplumber and runs
  ``extract_words(extra_attrs=["fontname", "size"])`` on every page: the least any
  pdfplumber-based extractor pays.
* variants of ``isecg-extract extract PDF -o DIR -q --profile``, end to end: ``pdfplumber -j 1``
  (one process; measured only when ``extract --help`` lists ``--jobs``), ``pdfplumber`` and
  ``pdfium`` (``--engine pdfium``), both with the default (automatic) number of jobs. Each
  round runs the baseline and every variant once, in an order that rotates round by round.
* wall and CPU time: wall time of each child, and its user + system CPU seconds from
  ``os.wait4``'s rusage (on Linux that includes the descendants it waited for: the page
  workers). Medians over ``--runs`` rounds; ratios to the baseline as the median of the
  per-round ratios ("paired"), as a ratio of medians and (JSON only) a ratio of minima.
* stages: the median of the per-stage times ``--profile`` prints on stderr, whatever their names.
* peak memory: the largest sum of the resident sets of the child and all its descendants,
  sampled every 20 ms from /proc while it runs ("tree"), and the largest resident set of any
  single one of them (``ru_maxrss``).
* long report: ``samples/isecg-annual-report-2025-word-x15.pdf`` (about 190 pages, made once
  by ``tools/make_samples.py --repeat 15 --layout word``), to show the per-page cost at ~15
  and ~200 pages; skipped with ``--quick``.
* batch: ``isecg-extract batch`` on 10 reports with 1 and 2 jobs, alternated, ``--runs``
  rounds (speed-up: median of the per-round ratios), then a cached rerun, if the command
  exists.
* start-up: ``isecg-extract --help``.

Results go to stdout as a table and to ``bench-out/bench.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
OUT = ROOT / "bench-out"
LONG = SAMPLES / "isecg-annual-report-2025-word-x15.pdf"
ENGINES = ("pdfplumber", "pdfium")
_STAGE_LINE = re.compile(r"^\s+([a-z_]+)\s+([\d.]+) ms\s*$")
NAN = float("nan")

BASELINE = """
import sys
import pdfplumber

with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_words(extra_attrs=["fontname", "size"])
        page.flush_cache()
    print(len(pdf.pages))
"""


@dataclass(frozen=True)
class Variant:
    """One way of running ``extract`` (or the baseline) that each round measures."""

    key: str  # in bench.json
    label: str  # in the table
    args: tuple[str, ...]  # after ``extract PDF -o DIR -q --profile``


BASE = Variant("baseline", "baseline", ())
SINGLE = Variant("pdfplumber-j1", "pdfplumber -j 1", ("--engine", "pdfplumber", "--jobs", "1"))
DEFAULT = Variant("pdfplumber", "pdfplumber", ("--engine", "pdfplumber"))
PDFIUM = Variant("pdfium", "pdfium", ("--engine", "pdfium"))
PDFIUM_SINGLE = Variant("pdfium-j1", "pdfium -j 1", ("--engine", "pdfium", "--jobs", "1"))

# (name, description, comparison, limit)
TARGETS = [
    # The same target twice: as users run extract (page readers beside the spaCy set-up),
    # and in one process like the baseline, so that parallelism alone cannot meet it.
    (
        "long_default_vs_baseline",
        "extract per page vs baseline per page, long report (default jobs, wall, paired)",
        "<=",
        1.3,
    ),
    (
        "long_extract_vs_baseline",
        "the same in one process (-j 1, wall, paired)",
        "<=",
        1.3,
    ),
    ("help_s", "isecg-extract --help (s)", "<", 0.3),
    ("batch_cached_s", "cached rerun of a 10-report batch (s)", "<", 1.0),
    ("long_peak_mb", "peak memory of extract on the long report (MB, process tree)", "<", 300.0),
    ("batch_speedup", "throughput with 2 jobs vs 1", ">=", 1.7),
    ("pdfium_ingest_speedup", "pdfium ingest per page vs pdfplumber's (-j 1)", ">=", 5.0),
]


# ---------------------------------------------------------------------------------------------
# Running a child: wall time, CPU time, memory of its process tree
# ---------------------------------------------------------------------------------------------

_PAGE_KB = os.sysconf("SC_PAGE_SIZE") / 1024
_CLK_TCK = os.sysconf("SC_CLK_TCK")


def _pids() -> set[int]:
    return {int(n) for n in os.listdir("/proc") if n.isdigit()}


def _parse_stat(data: bytes) -> tuple[int, int, int]:
    """(ppid, resident pages, own user + system clock ticks) from a ``/proc/<pid>/stat`` line."""
    # "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last
    # ")"; field n of proc(5) is then fields[n - 3]. rss (field 24) is the VmRSS of status.
    fields = data[data.rindex(b")") + 2 :].split()
    return int(fields[1]), int(fields[21]), int(fields[11]) + int(fields[12])


class TreeSampler:
    """Samples the summed resident set of a process and all its descendants.

    A thread polls every ``interval`` seconds while the bench's main thread sits in
    ``os.wait4``. A pid not seen before is a descendant if its parent is one; a descendant stays
    one until it is gone, even if it is re-parented; pids that existed before the child started
    can't be descendants and are never read. Each descendant's ``/proc/<pid>/stat`` stays open
    and is re-read with ``pread`` (opening a /proc file costs more than reading it), and /proc is
    listed only when the last pid handed out (``/proc/loadavg``) has changed since the last
    poll. A process that lives and dies between two polls is missed; pages shared by several
    processes (forked workers) count once per process.
    """

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.seen = _pids()  # taken before the child exists
        self.fds: dict[int, int] = {}  # descendant pid -> open fd of its /proc/<pid>/stat
        self.ticks: dict[int, int] = {}  # last seen own CPU ticks per descendant
        self.last_pid = b""
        self.peak_kb = 0.0
        self.peak_procs = 0
        self.polls = 0
        self.cost_s = 0.0  # CPU time of the sampling thread
        self._loadavg = os.open("/proc/loadavg", os.O_RDONLY)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self, root: int) -> None:
        self._join(root)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        for fd in [*self.fds.values(), self._loadavg]:
            os.close(fd)
        self.fds.clear()

    @property
    def sampled_cpu_s(self) -> float:
        """Own CPU time of the tree's processes as last seen: a lower bound, a cross-check."""
        return sum(self.ticks.values()) / _CLK_TCK

    def _join(self, pid: int) -> None:
        with contextlib.suppress(OSError):  # not if it is already gone
            self.fds[pid] = os.open(f"/proc/{pid}/stat", os.O_RDONLY)

    def _read(self, pid: int) -> tuple[int, int, int] | None:
        try:
            return _parse_stat(os.pread(self.fds[pid], 1024, 0))
        except (OSError, ValueError, IndexError):  # reaped (ESRCH) or unreadable
            os.close(self.fds.pop(pid))
            return None

    def _loop(self) -> None:
        t0 = time.thread_time()
        while True:
            self.poll()
            if self._stop.wait(self.interval):
                break
        self.cost_s = time.thread_time() - t0

    def _discover(self) -> None:
        """Add the new processes whose parent is in the tree."""
        last_pid = os.pread(self._loadavg, 128, 0).rsplit(maxsplit=1)[-1]
        if last_pid == self.last_pid:
            return  # no process (or thread) created since the last listing
        self.last_pid = last_pid
        now = _pids()
        new = sorted(now - self.seen)
        self.seen = now
        parents: dict[int, int] = {}
        for pid in new:
            try:
                with open(f"/proc/{pid}/stat", "rb") as f:
                    parents[pid] = _parse_stat(f.read())[0]
            except (OSError, ValueError, IndexError):
                pass
        grew = True
        while grew:  # a new child of a new child: repeat until nothing joins
            grew = False
            for pid, ppid in parents.items():
                if pid not in self.fds and ppid in self.fds:
                    self._join(pid)
                    grew = grew or pid in self.fds

    def poll(self) -> None:
        self.polls += 1
        with contextlib.suppress(OSError):
            self._discover()
        total = alive = 0
        for pid in list(self.fds):
            st = self._read(pid)
            if st is not None:
                total += st[1]
                alive += 1
                self.ticks[pid] = st[2]
        kb = total * _PAGE_KB
        if kb > self.peak_kb:
            self.peak_kb, self.peak_procs = kb, alive


@dataclass
class Run:
    """One child process: times, exit status, memory and what it printed."""

    seconds: float  # wall
    returncode: int
    cpu_s: float  # user + system of the tree: the larger of the two figures below
    cpu_rusage_s: float  # the child and the descendants it waited for (os.wait4's rusage)
    peak_mb: float  # largest resident set of one process (ru_maxrss)
    tree_mb: float  # largest sampled sum of resident sets over the child and its descendants
    tree_procs: int  # processes alive at that sample
    sampled_cpu_s: float
    polls: int
    poll_cost_s: float
    stdout: str
    stderr: str


def run(cmd: Sequence[str], cwd: Path = ROOT) -> Run:
    """Run ``cmd`` in a fresh process and measure it (see ``TreeSampler`` and ``Run``)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sampler = TreeSampler()
        t0 = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, stdout=out, stderr=err)
        sampler.start(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
        return Run(
            seconds=seconds,
            returncode=proc.returncode,
            # both are lower bounds of the tree's CPU time: rusage misses descendants their
            # parent did not wait for (forkserver workers), sampling the last <20 ms of each
            cpu_s=max(usage.ru_utime + usage.ru_stime, sampler.sampled_cpu_s),
            cpu_rusage_s=usage.ru_utime + usage.ru_stime,
            peak_mb=peak_mb,
            # the tree is never smaller than its largest process, which a poll may have missed
            tree_mb=max(sampler.peak_kb / 1024, peak_mb),
            tree_procs=sampler.peak_procs if sampler.peak_kb / 1024 >= peak_mb else 1,
            sampled_cpu_s=sampler.sampled_cpu_s,
            polls=sampler.polls,
            poll_cost_s=sampler.cost_s,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


@dataclass
class SamplerCost:
    """What the memory sampling cost, over every measured run."""

    polls: int = 0
    cpu_s: float = 0.0
    wall_s: float = 0.0
    runs: int = 0
    cpu_gaps: list[str] = field(default_factory=list)  # rusage CPU well below the sampled CPU

    def add(self, r: Run, what: str) -> None:
        self.polls += r.polls
        self.cpu_s += r.poll_cost_s
        self.wall_s += r.seconds
        self.runs += 1
        if r.cpu_rusage_s < 0.9 * r.sampled_cpu_s - 0.1:
            self.cpu_gaps.append(
                f"{what}: rusage {r.cpu_rusage_s:.2f} s < sampled {r.sampled_cpu_s:.2f} s"
            )

    def as_json(self) -> dict[str, Any]:
        return {
            "interval_ms": 20,
            "runs": self.runs,
            "polls": self.polls,
            "cpu_s": self.cpu_s,
            "ms_per_poll": 1000 * self.cpu_s / max(1, self.polls),
            "share_of_one_cpu": self.cpu_s / self.wall_s if self.wall_s else NAN,
            "cpu_gaps": self.cpu_gaps,
        }


COST = SamplerCost()


def checked(cmd: Sequence[str], what: str = "") -> Run:
    result = run(cmd)
    if result.returncode != 0:
        raise SystemExit(
            f"bench: command failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr}"
        )
    COST.add(result, what or " ".join(cmd[:2]))
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
    return statistics.median(values) if values else NAN


# ---------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------


@dataclass
class DocResult:
    """Every run on one PDF: ``rounds[i][variant key]`` is the i-th round's run of a variant."""

    name: str
    variants: list[Variant]
    pages: int = 0
    rounds: list[dict[str, Run]] = field(default_factory=list)

    def has(self, v: str) -> bool:
        return any(v in r for r in self.rounds)

    def values(self, v: str, what: str) -> list[float]:
        return [getattr(r[v], what) for r in self.rounds if v in r]

    def med(self, v: str, what: str = "seconds") -> float:
        return median(self.values(v, what))

    def per_page_ms(self, v: str) -> float:
        return 1000 * self.med(v) / max(1, self.pages)

    def paired(self, v: str, what: str = "seconds") -> float:
        """Median over rounds of (this round's run of ``v``) / (this round's baseline run)."""
        return median(
            [getattr(r[v], what) / getattr(r[BASE.key], what) for r in self.rounds if v in r]
        )

    def ratio_of_medians(self, v: str, what: str = "seconds") -> float:
        return self.med(v, what) / self.med(BASE.key, what) if self.has(v) else NAN

    def ratio_of_minima(self, v: str, what: str = "seconds") -> float:
        if not self.has(v):
            return NAN
        return min(self.values(v, what)) / min(self.values(BASE.key, what))

    def tree_mb(self, v: str) -> float:
        return max(self.values(v, "tree_mb"), default=NAN)

    def single_mb(self, v: str) -> float:
        return max(self.values(v, "peak_mb"), default=NAN)

    def stages(self, v: str) -> dict[str, float]:
        """Median ms per stage name, over the runs that printed it (``total`` left out)."""
        per_run = [stages_of(r[v].stderr) for r in self.rounds if v in r]
        names: list[str] = []
        for s in per_run:
            names += [n for n in s if n not in names and n != "total"]
        return {n: median([s[n] for s in per_run if n in s]) for n in names}

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"pages": self.pages, "variants": {}}
        for v in self.variants:
            entry: dict[str, Any] = {
                "label": v.label,
                "args": list(v.args),
                "wall_median_s": self.med(v.key),
                "cpu_median_s": self.med(v.key, "cpu_s"),
                "wall_per_page_ms": self.per_page_ms(v.key),
                "cpu_per_page_ms": 1000 * self.med(v.key, "cpu_s") / max(1, self.pages),
                "peak_tree_mb": self.tree_mb(v.key),
                "peak_tree_processes": max(self.values(v.key, "tree_procs"), default=0),
                "peak_single_process_mb": self.single_mb(v.key),
                "wall_runs_s": self.values(v.key, "seconds"),
                "cpu_runs_s": self.values(v.key, "cpu_s"),
                "cpu_rusage_runs_s": self.values(v.key, "cpu_rusage_s"),
                "cpu_sampled_runs_s": self.values(v.key, "sampled_cpu_s"),
                "stages_ms": self.stages(v.key) if v is not BASE else {},
            }
            if v is not BASE:
                for what, name in (("seconds", "wall"), ("cpu_s", "cpu")):
                    entry[f"{name}_vs_baseline"] = {
                        "paired_median": self.paired(v.key, what),
                        "ratio_of_medians": self.ratio_of_medians(v.key, what),
                        "ratio_of_minima": self.ratio_of_minima(v.key, what),
                        "per_round": [
                            getattr(r[v.key], what) / getattr(r[BASE.key], what)
                            for r in self.rounds
                        ],
                    }
            out["variants"][v.key] = entry
        return out


def measure_doc(cli: Path, pdf: Path, runs: int, tmp: Path, variants: list[Variant]) -> DocResult:
    """The baseline and every variant on one PDF, once per round, the order rotating."""
    res = DocResult(pdf.name, variants)
    for i in range(runs):
        k = i % len(variants)
        order = variants[k:] + variants[:k]  # rotate who goes first
        this_round: dict[str, Run] = {}
        for v in order:
            if v is BASE:
                r = checked([sys.executable, "-c", BASELINE, str(pdf)], f"{pdf.name} baseline")
                res.pages = int(r.stdout.split()[-1])
            else:
                out = tmp / f"{pdf.stem}-{v.key}"
                cmd = [str(cli), "extract", str(pdf), "-o", str(out), "-q", "--profile", *v.args]
                r = checked(cmd, f"{pdf.name} {v.label}")
                shutil.rmtree(out, ignore_errors=True)
            this_round[v.key] = r
            print(
                f"  {pdf.name} run {i + 1}/{runs} {v.label}: {r.seconds:.2f} s wall, "
                f"{r.cpu_s:.2f} s cpu, {r.tree_mb:.0f} MB ({r.tree_procs} proc)",
                file=sys.stderr,
            )
        res.rounds.append(this_round)
    return res


def has_jobs_option(cli: Path) -> bool:
    """Does ``extract --help`` list ``--jobs``?"""
    r = run([str(cli), "extract", "--help"])
    return r.returncode == 0 and re.search(r"(^|[\s,])--jobs\b", r.stdout) is not None


# ---------------------------------------------------------------------------------------------
# Batch, start-up
# ---------------------------------------------------------------------------------------------


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
    cpu: dict[str, list[float]] = {"1": [], "2": []}
    tree: dict[str, float] = {"1": 0.0, "2": 0.0}
    for i in range(runs):
        for jobs in ("1", "2") if i % 2 == 0 else ("2", "1"):
            r = run(
                [str(cli), "batch", *map(str, files), "-o", str(out), "-j", jobs, "--force", "-q"]
            )
            if r.returncode != 0:
                return {"skipped": f"batch failed ({r.returncode}): {r.stderr.strip()[:300]}"}
            COST.add(r, f"batch -j {jobs}")
            times[jobs].append(r.seconds)
            cpu[jobs].append(r.cpu_s)
            tree[jobs] = max(tree[jobs], r.tree_mb)
            print(
                f"  batch run {i + 1}/{runs} -j {jobs}: {r.seconds:.2f} s wall, "
                f"{r.cpu_s:.2f} s cpu, {r.tree_mb:.0f} MB",
                file=sys.stderr,
            )
    cached = []
    for _ in range(max(3, runs)):
        r = run([str(cli), "batch", *map(str, files), "-o", str(out), "-j", "2", "-q"])
        cached.append(r.seconds)
    one, two = median(times["1"]), median(times["2"])
    # Paired like the extract ratios: the two runs of a round are seconds apart, so the
    # machine's drift (up to 20% from minute to minute) cancels better than in medians.
    paired = [a / b for a, b in zip(times["1"], times["2"], strict=True)]
    return {
        "reports": len(files),
        "jobs1_s": one,
        "jobs2_s": two,
        "jobs1_reports_per_s": len(files) / one,
        "jobs2_reports_per_s": len(files) / two,
        "speedup": median(paired),
        "speedup_of_medians": one / two,
        "speedup_per_round": paired,
        "cpu_jobs2_vs_jobs1": median(cpu["2"]) / median(cpu["1"]),
        "cached_s": median(cached),
        "jobs1_cpu_s": median(cpu["1"]),
        "jobs2_cpu_s": median(cpu["2"]),
        "peak_tree_mb": {"jobs1": tree["1"], "jobs2": tree["2"]},
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


def reference_doc(docs: dict[str, DocResult]) -> DocResult | None:
    """The long report, or with ``--quick`` the sample with the most pages."""
    return docs.get(LONG.name) or (max(docs.values(), key=lambda d: d.pages) if docs else None)


def figures(
    docs: dict[str, DocResult], batch: dict[str, Any], help_s: float, single: Variant
) -> dict[str, float]:
    """The numbers the targets are about, and a few beside them (nan when not measured)."""
    long = docs.get(LONG.name)
    ref = reference_doc(docs)

    def ingest(v: Variant) -> float:
        if not ref or not ref.has(v.key):
            return NAN
        return ref.stages(v.key).get("ingest", NAN) / max(1, ref.pages)

    def on_long(fn: Callable[[DocResult], float]) -> float:
        return fn(long) if long else NAN

    figs = {
        # targets
        "long_extract_vs_baseline": on_long(lambda d: d.paired(single.key)),
        "help_s": help_s,
        "batch_cached_s": batch.get("cached_s", NAN),
        "long_peak_mb": on_long(lambda d: max(d.tree_mb(v.key) for v in (DEFAULT, PDFIUM))),
        "batch_speedup": batch.get("speedup", NAN),
        # Engines compared reading in one process: with workers, ingest also waits for spaCy.
        "pdfium_ingest_speedup": (
            ingest(SINGLE) / ingest(PDFIUM_SINGLE)
            if single is SINGLE
            else ingest(DEFAULT) / ingest(PDFIUM)
        ),
        # beside them
        "long_extract_vs_baseline_ratio_of_medians": on_long(
            lambda d: d.ratio_of_medians(single.key)
        ),
        "long_default_vs_baseline": on_long(lambda d: d.paired(DEFAULT.key)),
        "long_pdfium_vs_baseline": on_long(lambda d: d.paired(PDFIUM.key)),
        "long_peak_single_process_mb": on_long(
            lambda d: max(d.single_mb(v.key) for v in (DEFAULT, PDFIUM))
        ),
        "pdfplumber_ingest_ms_per_page": ingest(DEFAULT),
        "pdfplumber_j1_ingest_ms_per_page": ingest(SINGLE),
        "pdfium_ingest_ms_per_page": ingest(PDFIUM),
        "pdfium_j1_ingest_ms_per_page": ingest(PDFIUM_SINGLE),
    }
    for v in (SINGLE, DEFAULT, PDFIUM, PDFIUM_SINGLE):
        figs[f"long_cpu_{v.key.replace('-', '_')}_vs_baseline"] = on_long(
            lambda d, v=v: d.paired(v.key, "cpu_s") if d.has(v.key) else NAN
        )
    return figs


def verdict(value: float, op: str, limit: float) -> str:
    if value != value:  # nan: not measured
        return "n/a "
    ok = {"<=": value <= limit, "<": value < limit, ">=": value >= limit}[op]
    return "PASS" if ok else "MISS"


def short_names(names: Sequence[str]) -> dict[str, str]:
    """File names without the prefix they share (``isecg-annual-report-2025-``) and ``.pdf``."""
    stems = [Path(n).stem for n in names]
    prefix = os.path.commonprefix(stems) if len(stems) > 1 else ""
    prefix = prefix[: prefix.rfind("-") + 1]
    return {n: (s[len(prefix) :] or s) for n, s in zip(names, stems, strict=True)}


def target_text(text: str, single: Variant) -> str:
    """The target's description, saying so when -j 1 could not be measured."""
    return text if single is SINGLE else text.replace("-j 1", "default jobs: no --jobs")


def _x(value: float) -> str:
    return "-" if value != value else f"{value:.2f}x"


def print_report(
    docs: dict[str, DocResult],
    batch: dict[str, Any],
    help_run: dict[str, Any],
    figs: dict[str, float],
    header: str,
    notes: list[str],
    single: Variant,
) -> None:
    print(header)
    for n in notes:
        print(f"note: {n}")
    print()
    print(
        f"{'':20}{'median wall s':>14}{'median cpu s':>13}  {'wall / baseline':>16}  "
        f"{'cpu/base':>8}{'wall ms':>9}{'peak MB':>16}"
    )
    print(
        f"{'':20}{'':>14}{'':>13}  {'paired':>8}{'medians':>8}  "
        f"{'paired':>8}{'per page':>9}{'tree':>8}{'1 proc':>8}"
    )
    for d in docs.values():
        print(f"{d.name} ({d.pages} pages)")
        for v in d.variants:
            extract = v is not BASE
            print(
                f"  {v.label:18}{d.med(v.key):14.2f}{d.med(v.key, 'cpu_s'):13.2f}  "
                f"{_x(d.paired(v.key)) if extract else '-':>8}"
                f"{_x(d.ratio_of_medians(v.key)) if extract else '-':>8}  "
                f"{_x(d.paired(v.key, 'cpu_s')) if extract else '-':>8}"
                f"{d.per_page_ms(v.key):9.1f}{d.tree_mb(v.key):8.0f}{d.single_mb(v.key):8.0f}"
            )
    short = [d for d in docs.values() if d.name != LONG.name]
    long = docs.get(LONG.name)
    if long and short:
        small = max(short, key=lambda d: d.pages)
        print()
        print(
            f"marginal cost per extra page, {small.pages} -> {long.pages} pages (ms):  wall    cpu"
        )
        for v in long.variants:
            pages = long.pages - small.pages
            wall = 1000 * (long.med(v.key) - small.med(v.key)) / pages
            cpu = 1000 * (long.med(v.key, "cpu_s") - small.med(v.key, "cpu_s")) / pages
            print(f"  {v.label:45}{wall:7.1f}{cpu:7.1f}")
    print()
    shorts = short_names(list(docs))
    rows = [
        (f"  {shorts[d.name]} [{v.label}]", d.stages(v.key))
        for d in docs.values()
        for v in d.variants
        if v is not BASE
    ]
    names: list[str] = []
    for _, stages in sorted(rows, key=lambda row: -len(row[1])):  # in --profile's order
        names += [n for n in stages if n not in names]
    width = max([len(label) for label, _ in rows] + [20]) + 1
    per_line = max(1, (110 - width) // 10)
    for start in range(0, max(1, len(names)), per_line):
        chunk = names[start : start + per_line]
        print("stages (median ms):".ljust(width) + "".join(f"{n:>10}" for n in chunk))
        for label, stages in rows:
            print(
                f"{label:{width}}"
                + "".join(f"{stages[n]:10.1f}" if n in stages else f"{'-':>10}" for n in chunk)
            )
    print()
    if "skipped" in batch:
        print(f"batch: skipped ({batch['skipped']})")
    else:
        print(
            f"batch of {batch['reports']} reports: 1 job {batch['jobs1_s']:.2f} s "
            f"({batch['jobs1_reports_per_s']:.2f}/s), 2 jobs {batch['jobs2_s']:.2f} s "
            f"({batch['jobs2_reports_per_s']:.2f}/s), speed-up {batch['speedup']:.2f}x paired "
            f"({batch['speedup_of_medians']:.2f}x of medians; cpu 2 jobs / 1 job "
            f"{batch['cpu_jobs2_vs_jobs1']:.2f}), "
            f"cached rerun {batch['cached_s']:.2f} s"
        )
    print(f"start-up: isecg-extract --help {help_run['median_s']:.3f} s")
    j1 = figs["pdfplumber_j1_ingest_ms_per_page"]
    print(
        f"ingest per page: pdfplumber {figs['pdfplumber_ingest_ms_per_page']:.1f} ms"
        + (f" (-j 1: {j1:.1f} ms)" if j1 == j1 else "")
        + f", pdfium {figs['pdfium_ingest_ms_per_page']:.1f} ms"
        + (f" (-j 1: {p1:.1f} ms)" if (p1 := figs["pdfium_j1_ingest_ms_per_page"]) == p1 else "")
    )
    if j1 == j1:
        print(
            "  (the default runs read pages while spaCy is set up: their ingest includes that wait)"
        )
    cost = COST.as_json()
    print(
        f"memory sampler: {cost['polls']} polls in {cost['runs']} runs, "
        f"{cost['ms_per_poll']:.2f} ms CPU each, {100 * cost['share_of_one_cpu']:.1f}% of one CPU"
    )
    if cost["cpu_gaps"]:
        print(
            f"  in {len(cost['cpu_gaps'])} run(s) rusage missed CPU of descendants nobody waited "
            f"for; the sampled CPU was used (e.g. {cost['cpu_gaps'][0]})"
        )
    print()
    print("targets:")
    for key, text, op, limit in TARGETS:
        value = figs[key]
        shown = "not measured" if value != value else f"{value:.2f}"
        text = target_text(text, single)
        print(f"  [{verdict(value, op, limit)}] {text}: {shown} (target {op} {limit})")
    ref = reference_doc(docs)
    if ref:
        print()
        print(f"not targets ({ref.name}, extract / baseline, paired):")
        print(
            f"  wall, default jobs: pdfplumber {_x(ref.paired(DEFAULT.key))}, "
            f"pdfium {_x(ref.paired(PDFIUM.key))}"
        )
        print(
            "  cpu: "
            + ", ".join(
                f"{v.label} {_x(ref.paired(v.key, 'cpu_s'))}" for v in ref.variants if v is not BASE
            )
        )


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
    if has_jobs_option(args.cli):
        variants, single = [BASE, SINGLE, DEFAULT, PDFIUM_SINGLE, PDFIUM], SINGLE
    else:
        variants, single = [BASE, DEFAULT, PDFIUM], DEFAULT
        notes.append(
            "`extract --help` lists no --jobs: `pdfplumber -j 1` skipped, "
            "the 1.3x target is judged on the default run"
        )
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M")
    with tempfile.TemporaryDirectory(dir=args.out) as tmp_name:
        tmp = Path(tmp_name)
        docs = {pdf.name: measure_doc(args.cli, pdf, args.runs, tmp, variants) for pdf in pdfs}
        batch = measure_batch(args.cli, samples, args.runs, tmp)
    help_run = measure_help(args.cli, args.runs)
    figs = figures(docs, batch, help_run["median_s"], single)
    header = (
        f"isecg-extract benchmark {started}: {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPU(s), load {os.getloadavg()[0]:.2f}, "
        f"median of {args.runs} runs"
    )
    print_report(docs, batch, help_run, figs, header, notes, single)
    result = {
        "started": started,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "runs": args.runs,
        "notes": notes,
        "variants": [v.key for v in variants],
        "documents": {name: d.as_json() for name, d in docs.items()},
        "batch": batch,
        "help": help_run,
        "sampler": COST.as_json(),
        "figures": figs,
        "target_variants": {"long_extract_vs_baseline": single.key, "long_peak_mb": "default"},
        "targets": [
            {
                "figure": k,
                "text": target_text(t, single),
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
