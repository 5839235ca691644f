"""Re-run the hostile-input cases of issue 23 (round three) as a user would, and print a table.

Each case is a shell command run in a scratch folder: its exit status, wall time, peak memory
(the largest resident size of the command or any process it started), the processes it left
behind, and whether anything outside its output changed (a snapshot of the scratch folder, of
``/tmp`` and of ``/dev`` entries before and after). Not a test: a measurement to quote, and to
compare two installs side by side (``--cli`` names the one to run).

    python tools/attack_table.py [--cli .venv/bin/isecg-extract] [--only NAME] [--skip NAME]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "samples" / "isecg-annual-report-2025.txt"
WORD_PDF = ROOT / "samples" / "isecg-annual-report-2025-word.pdf"


@dataclass
class Case:
    name: str
    setup: str  # shell run first, in the scratch folder
    command: str  # shell, in the scratch folder; $X is the CLI
    watch: tuple[str, ...] = ()  # paths (in the scratch folder) that must stay as they were
    limit: float = 300.0


CASES = [
    Case(
        "1 --cache-dir v with v/tmp/photos",
        "mkdir -p v/tmp/photos && echo x > v/tmp/photos/a.jpg",
        "$X batch good.txt -o o --cache-dir v -q",
        ("v/tmp/photos/a.jpg",),
    ),
    Case(
        "1 --cache-dir holding other files",
        "mkdir -p w/tmp/photos && echo x > w/notes.txt",
        "$X batch good.txt -o o --cache-dir w -q",
        ("w/notes.txt", "w/tmp/photos"),
    ),
    Case("2 diff -o /dev/null", "", "$X diff ref ref -o /dev/null", ("/dev/null",)),
    Case(
        "2 diff -o FIFO (read by cat)",
        "mkfifo p",
        "(cat p > got.md 2>/dev/null &) ; $X diff ref ref -o p; sleep 0.5; test -s got.md",
        ("p",),
    ),
    Case(
        "3 timeout 2 extract big.pdf (SIGTERM)",
        "",
        "timeout 2 $X extract big.pdf -o x",
    ),
    Case(
        "3 kill -9 of extract big.pdf",
        "",
        "$X extract big.pdf -o x & pid=$!; sleep 2; kill -9 $pid; wait $pid",
    ),
    Case(
        "3 timeout 2 diff slow.txt slow.txt",
        "",
        "timeout 2 $X diff slow.txt slow.txt -o d.md",
    ),
    Case(
        "4 batch good.txt FIFO /dev/zero --timeout 5",
        "mkfifo f.txt",
        "$X batch good.txt f.txt /dev/zero -o o --timeout 5 -q",
        limit=60,
    ),
    Case(
        "5 batch/extract of a non-UTF-8 name",
        "mkdir nu && cp good.txt nu/$(printf 'r\\xffport.txt')",
        "$X batch nu -o o -q && $X extract nu/$(printf 'r\\xffport.txt') -o o2 -q",
    ),
    Case(
        "6 three hanging documents, -j 1 --timeout 3",
        "mkdir h && for i in 1 2 3; do printf 'hang-%s\\n\\nISECG 2024 Annual Report\\n' $i "
        "> h/hang-$i.txt; done",
        "ISECG_BATCH_TEST_HOOK=batch_helpers:misbehave PYTHONPATH=$TESTS/batch "
        "$X batch h -o o -j 1 --timeout 3 -q",
        limit=400,
    ),
    Case(
        "7 3 GB sparse file in --config-dir, batch --max-memory 512M",
        "cp -r $PIPELINE c && truncate -s 3G c/big.bin",
        "$X batch good.txt -o o --config-dir c --max-memory 512M -q",
    ),
    Case(
        "7 registry linked to /dev/zero: diff",
        "cp -r $PIPELINE c && rm c/registry/agencies.csv && "
        "ln -s /dev/zero c/registry/agencies.csv",
        "$X diff ref ref -o d.md --config-dir c",
        limit=30,
    ),
    Case(
        "7 FIFO registry: load",
        "cp -r $PIPELINE c && rm c/registry/agencies.csv && mkfifo c/registry/agencies.csv",
        "$X load ref --db sqlite:///$PWD/l.db --config-dir c",
        limit=30,
    ),
    Case(
        "7 200,000-row agencies.csv, extract --max-memory 512M",
        "cp -r $PIPELINE c && python3 -c \"import sys; f=open('c/registry/agencies.csv','a'); "
        "[f.write(f'x{i},XA{i},Example Agency {i},,FR,,\\n') for i in range(200000)]\"",
        "$X extract good.txt -o x --config-dir c --max-memory 512M -q",
    ),
    Case(
        "8 trickling stdin, extract - --timeout 3",
        "",
        "(while :; do echo a; sleep .5; done) | $X extract - -o x --timeout 3",
        limit=30,
    ),
    Case(
        "8 SIGTERM while reading stdin",
        "",
        "((while :; do echo a; sleep .1; done) | $X extract - -o x) & sleep 2; "
        "pkill -TERM -f 'extract - -o x'; wait",
        limit=30,
    ),
]


_MEASURE = """
import resource, subprocess, sys
status = subprocess.call(["bash", "-c", sys.argv[2]])
with open(sys.argv[1], "w") as f:
    f.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(status)
"""
"""Runs a case and writes the largest resident size (kB) of anything it waited for."""


def _snapshot(paths: list[Path]) -> set[tuple[str, int, int]]:
    seen = set()
    for base in paths:
        if not base.exists():
            continue
        for p in [base, *base.rglob("*")] if base.is_dir() else [base]:
            try:
                st = p.lstat()
            except OSError:
                continue
            seen.add((str(p), st.st_mode, st.st_size if not p.is_dir() else 0))
    return seen


def _session_pids(sid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            pids.append(int(entry.name))
    return pids


def run_case(case: Case, cli: str, scratch: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "X": cli,
        "PIPELINE": str(ROOT / "pipeline"),
        "TESTS": str(ROOT / "tests"),
        "TMPDIR": str(scratch / "tmp"),
    }
    (scratch / "tmp").mkdir()
    if case.setup:
        subprocess.run(["bash", "-c", case.setup], cwd=scratch, env=env, check=True)
    outside = [scratch / "tmp", *(scratch / w for w in case.watch if not w.startswith("/"))]
    devices = [Path(w) for w in case.watch if w.startswith("/")]
    before = _snapshot(outside + devices)
    peak_file = scratch / ".peak"
    wrapper = [sys.executable, "-c", _MEASURE, str(peak_file), case.command]
    t0 = time.monotonic()
    err_file = scratch / ".stderr"
    with err_file.open("wb") as err_sink:
        # stderr to a file, not a pipe: a process the command left behind would hold a pipe
        # open, and the case would seem to hang until its limit.
        proc = subprocess.Popen(wrapper, cwd=scratch, env=env, stdout=subprocess.DEVNULL,
                                stderr=err_sink, start_new_session=True)  # fmt: skip
        try:
            proc.wait(timeout=case.limit)
            status = str(proc.returncode)
        except subprocess.TimeoutExpired:
            for pid in [proc.pid, *_session_pids(proc.pid)]:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            proc.wait()
            status = f"hung (killed after {case.limit:g} s)"
    err = err_file.read_bytes()
    took = time.monotonic() - t0
    time.sleep(1.0)
    left = _session_pids(proc.pid)
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    peak = int(peak_file.read_text()) if peak_file.exists() else 0
    after = _snapshot(outside + devices)
    changed = sorted({p for p, *_ in before ^ after})
    last = (err.decode(errors="replace").strip().splitlines() or [""])[-1][:110]
    return {
        "case": case.name,
        "status": status,
        "time": f"{took:.1f} s",
        "peak": f"{peak / 1024:.0f} MB" if peak else "?",
        "left behind": f"{len(left)} processes" if left else "none",
        "outside OUT": ", ".join(Path(c).name for c in changed)[:80] or "unchanged",
        "message": last,
    }


def _prepare(shared: Path, cli: str) -> None:
    shutil.copy(SEED, shared / "good.txt")
    text = SEED.read_text(encoding="utf-8")
    words = " ".join(f"Word{i % 97}x" for i in range(40_000))
    slow = text.replace("The CWG will advance", f"{words}. The CWG will advance", 1)
    (shared / "slow.txt").write_text(slow, encoding="utf-8")
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(WORD_PDF))
    big = pdfium.PdfDocument.new()
    for _ in range(15):
        big.import_pages(source)
    big.save(str(shared / "big.pdf"))
    subprocess.run([cli, "extract", str(SEED), "-o", str(shared / "ref"), "-q"], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", default=str(ROOT / ".venv" / "bin" / "isecg-extract"))
    parser.add_argument("--only", default=None, help="run the cases whose name contains this")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        help="leave out the cases whose name contains this (an old install replaced /dev/null "
        "with a regular file: never run that case against it)",
    )
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="attacks-") as tmp:
        shared = Path(tmp) / "shared"
        shared.mkdir()
        _prepare(shared, args.cli)
        for n, case in enumerate(CASES):
            if (args.only and args.only not in case.name) or any(s in case.name for s in args.skip):
                continue
            scratch = Path(tmp) / f"case{n}"
            shutil.copytree(shared, scratch, symlinks=True)
            rows.append(run_case(case, args.cli, scratch))
            print(" | ".join(rows[-1].values()), file=sys.stderr)
    keys = list(rows[0]) if rows else []
    print("| " + " | ".join(keys) + " |")
    print("|" + " --- |" * len(keys))
    for r in rows:
        print("| " + " | ".join(r[k].replace("|", "/") for k in keys) + " |")


if __name__ == "__main__":
    main()
