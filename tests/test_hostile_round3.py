"""Issue 23: hostile inputs, round three (nothing outside OUT, no process left behind, every
input bounded).

Every input is generated here and small. The tests that signal a running command start it as
a real process (in its own session, so every process it started can be found by session id);
the others call the command line in process.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from isecg_extract.cli import main

from helpers import SEED_TEXT, default_signals

ROOT = Path(__file__).resolve().parents[1]
PIPELINE = ROOT / "pipeline"
SLOW_PHRASE = "The CWG will advance"


def _run(args, **kwargs):
    result = CliRunner().invoke(main, [os.fsdecode(a) for a in args], **kwargs)
    assert "Traceback" not in result.output, result.output
    return result


def _manifest(out: Path) -> list[dict[str, str]]:
    with open(out / "manifest.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _seed(tmp_path: Path, name: str = "report.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(SEED_TEXT.read_bytes())
    return path


def _slow_text(tmp_path: Path) -> Path:
    """A report whose NLP takes minutes: a run of title-case words the matcher rescans."""
    words = " ".join(f"Word{i % 97}x" for i in range(40_000))
    text = SEED_TEXT.read_text(encoding="utf-8").replace(SLOW_PHRASE, f"{words}. {SLOW_PHRASE}", 1)
    path = tmp_path / "slow.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _cli(*args, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **kwargs.pop("env", {})}
    return subprocess.Popen(
        [sys.executable, "-m", "isecg_extract", *map(os.fspath, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its session id is its pid: every process it starts has it
        preexec_fn=default_signals,  # SIGHUP stops it under nohup too
        env=env,
        **kwargs,
    )


def _session(sid: int) -> list[int]:
    """Live (not zombie) processes of session ``sid``."""
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


def _wait_for_children(sid: int, at_least: int, seconds: float = 60.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if len(_session(sid)) >= at_least:
            return
        time.sleep(0.1)
    pytest.fail(f"the command never started {at_least} processes")


def _gone(sid: int, seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not _session(sid):
            return True
        time.sleep(0.1)
    return False


linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


# 1. --cache-dir removes only what the tool made ----------------------------------------------


def test_a_cache_dir_keeps_the_users_files_beside_its_own(tmp_path):
    cache = tmp_path / "v"
    (cache / "tmp" / "photos").mkdir(parents=True)
    (cache / "tmp" / "photos" / "a.jpg").write_text("x")
    (cache / "tmp" / "run-1-0123abcd").mkdir()  # named like ours, but no lock: not ours
    dead = cache / "tmp" / "run-2-89abcdef"  # a run of ours that died: its lock is free
    dead.mkdir()
    (dead / ".run.lock").write_text("")
    result = _run(["batch", _seed(tmp_path), "-o", tmp_path / "o", "--cache-dir", cache, "-q"])
    assert result.exit_code == 0, result.output
    assert (cache / "tmp" / "photos" / "a.jpg").read_text() == "x"
    assert (cache / "tmp" / "run-1-0123abcd").is_dir()
    assert not dead.exists()
    assert "isecg-extract" in (cache / "CACHEDIR.TAG").read_text()
    assert len(list((cache / "reports").iterdir())) == 1


def test_a_cache_dir_holding_other_things_is_refused_untouched(tmp_path):
    cache = tmp_path / "home"
    (cache / "tmp").mkdir(parents=True)
    (cache / "notes.txt").write_text("mine")
    (cache / "tmp" / "photos").mkdir()
    before = sorted(p.relative_to(cache) for p in cache.rglob("*"))
    result = _run(["batch", _seed(tmp_path), "-o", tmp_path / "o", "--cache-dir", cache, "-q"])
    assert result.exit_code == 2, result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"isecg-extract: {cache}: not a cache folder of isecg-extract")
    assert sorted(p.relative_to(cache) for p in cache.rglob("*")) == before


# 2. Outputs onto devices and FIFOs -----------------------------------------------------------


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("round3")
    out = tmp / "o"
    result = _run(["extract", _seed(tmp), "-o", out, "-q"])
    assert result.exit_code == 0, result.output
    return out


def test_diff_into_dev_null_keeps_the_device(extracted):
    result = _run(["diff", extracted, extracted, "-o", "/dev/null"])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_diff_into_a_fifo_streams_into_it(extracted, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    result = _run(["diff", extracted, extracted, "-o", fifo])
    reader.join(30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert got and got[0].startswith("# 2025")


def test_diff_into_a_descriptor_path_writes_through_it(extracted, tmp_path):
    # /dev/fd/1 (as /dev/stdout) is a link through /proc to whatever stdout is, here a file:
    # it is written through, never replaced by a rename.
    target = tmp_path / "stdout.md"
    with target.open("wb") as sink:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "isecg_extract",
                "diff",
                extracted,
                extracted,
                "-o",
                "/dev/fd/1",
            ],
            stdout=sink,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    assert proc.returncode == 0, proc.stderr
    assert target.read_text(encoding="utf-8").startswith("# 2025")
    assert os.path.islink("/dev/fd")


def test_an_output_onto_a_socket_is_refused(extracted, tmp_path):
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(os.fspath(path))
    try:
        result = _run(["diff", extracted, extracted, "-o", path])
    finally:
        server.close()
    assert result.exit_code == 20, result.output
    assert "cannot write the output there" in result.output
    assert stat.S_ISSOCK(os.stat(path).st_mode)


# 3. No process outlives the command; SIGTERM cleans up as Ctrl-C does -------------------------


@linux_only
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
def test_no_process_outlives_a_stopped_extract(tmp_path, how):
    src = _slow_text(tmp_path)
    out = tmp_path / "o"
    proc = _cli("extract", src, "-o", out, "-q", env={"TMPDIR": os.fspath(tmp_path)})
    _wait_for_children(proc.pid, 2)  # the command and its extraction child
    time.sleep(1.0)
    os.kill(proc.pid, how)
    proc.wait(30)
    assert _gone(proc.pid), _session(proc.pid)
    if how != signal.SIGKILL:  # a killed process cannot clean up; the others must
        assert proc.returncode == 128 + how
        err = proc.stderr.read().decode()
        assert err.strip() == f"isecg-extract: {src}: interrupted ({signal.Signals(how).name})"
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".o.")]
    assert not out.exists()


@linux_only
def test_page_readers_die_with_a_killed_extraction(tmp_path):
    pdfium = pytest.importorskip("pypdfium2")
    source = pdfium.PdfDocument(os.fspath(ROOT / "samples" / "isecg-annual-report-2025-word.pdf"))
    big = pdfium.PdfDocument.new()
    for _ in range(12):
        big.import_pages(source)
    src = tmp_path / "big.pdf"
    big.save(os.fspath(src))
    proc = _cli("extract", src, "-o", tmp_path / "o", "-q", "-j", "2")
    _wait_for_children(proc.pid, 4)  # the command, its child, two page readers
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert _gone(proc.pid), _session(proc.pid)


@linux_only
def test_a_stopped_diff_leaves_no_temporary_folder(tmp_path):
    src = _slow_text(tmp_path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    proc = _cli("diff", src, src, "-o", tmp_path / "d.md", env={"TMPDIR": os.fspath(scratch)})
    _wait_for_children(proc.pid, 2)
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGTERM)
    proc.wait(30)
    assert proc.returncode == 143
    assert _gone(proc.pid)
    assert list(scratch.iterdir()) == []


# 4. A FIFO or a device among a batch's inputs ------------------------------------------------


def test_a_fifo_and_a_device_among_the_inputs_fail_alone(tmp_path):
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)
    good = _seed(tmp_path, "good.txt")
    out = tmp_path / "o"
    proc = subprocess.run(
        [sys.executable, "-m", "isecg_extract", "batch", good, fifo, "/dev/zero", "-o", out, "-q"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 15, proc.stderr
    rows = {Path(r["file"]).name: r for r in _manifest(out)}
    assert rows["good.txt"]["status"] == "ok"
    assert rows["f.txt"]["exit_code"] == "5"
    assert "not a regular file (a FIFO)" in rows["f.txt"]["error"]
    assert rows["zero"]["exit_code"] == "5"
    assert "character device" in rows["zero"]["error"]


# 5. File names that are not UTF-8 ------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses such names")
def test_a_file_name_that_is_not_utf8_is_processed_and_shown_escaped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.path.join(os.fsencode(folder), b"r\xffport.txt")
    with open(odd, "wb") as f:
        f.write(SEED_TEXT.read_bytes())
    (folder / "plain.txt").write_bytes(SEED_TEXT.read_bytes())
    out = tmp_path / "o"
    result = _run(["batch", folder, "-o", out, "-q"])
    assert result.exit_code == 0, result.output
    names = sorted(Path(r["file"]).name for r in _manifest(out))
    assert names == ["plain.txt", "r\\xffport.txt"]
    json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    one = tmp_path / "one"
    result = _run(["extract", os.fsdecode(odd), "-o", one, "-q"])
    assert result.exit_code == 0, result.output
    with open(one / "documents.csv", encoding="utf-8", newline="") as f:
        assert next(csv.DictReader(f))["source_file"] == "r\\xffport.txt"


# 7. The configuration folder is read under limits --------------------------------------------


def _config(tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "pipeline"
    shutil.copytree(PIPELINE, root)
    return root


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "sparse"])
def test_a_configuration_file_that_is_not_a_small_regular_file_is_refused(tmp_path, kind):
    root = _config(tmp_path)
    registry = root / "registry" / "agencies.csv"
    if kind == "fifo":
        registry.unlink()
        os.mkfifo(registry)
        bad = registry
    elif kind == "dev-zero":
        registry.unlink()
        registry.symlink_to("/dev/zero")
        bad = registry
    else:
        bad = root / "big.bin"
        with bad.open("wb") as f:
            f.truncate(3 * 2**30)  # sparse: no disk used
    src = _seed(tmp_path)
    for args in (
        ["extract", src, "-o", tmp_path / "x"],
        ["batch", src, "-o", tmp_path / "b", "--max-memory", "512M"],
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "isecg_extract", *map(os.fspath, args), "-q"]
            + ["--config-dir", os.fspath(root)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if kind == "sparse" and args[0] == "extract":
            # extract reads only the files it needs; batch hashes the whole folder for its
            # cache key, in chunks, and refuses a file over the limit before reading it.
            assert proc.returncode == 0, proc.stderr
            continue
        assert proc.returncode == 13, (args, proc.stderr)
        (line,) = proc.stderr.strip().splitlines()
        assert line.startswith(f"isecg-extract: {bad}: invalid pipeline configuration")


def test_a_registry_too_large_for_the_memory_limit_is_status_19(tmp_path):
    root = _config(tmp_path)
    with (root / "registry" / "agencies.csv").open("a", encoding="utf-8") as f:
        for i in range(200_000):
            f.write(f"x{i},XA{i},Example Agency Number {i} of Somewhere,,FR,,\n")
    proc = subprocess.run(
        [sys.executable, "-m", "isecg_extract", "extract", _seed(tmp_path), "-o", tmp_path / "o"]
        + ["-q", "--max-memory", "300M", "--config-dir", os.fspath(root)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 19, proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert "over the memory limit" in line


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("settings.toml", "member_min_country_share = 0.6", ""), "missing setting"),
        (
            ("settings.toml", "member_min_country_share = 0.6", 'member_min_country_share = "x"'),
            "must be a number, not text",
        ),
        (("registry/agencies.csv", "id,acronym,", "ident,acronym,"), "no column 'id'"),
        (("registry/events.csv", None, b"id,acronym\n\xff\xfe,x\n"), "not UTF-8 text"),
    ],
)
def test_a_broken_configuration_is_status_13_naming_the_file(tmp_path, edit, message):
    root = _config(tmp_path)
    name, old, new = edit
    path = root / name
    if old is None:
        path.write_bytes(new)
    else:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = _run(["extract", _seed(tmp_path), "-o", tmp_path / "o", "--config-dir", root])
    assert result.exit_code == 13, result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"isecg-extract: {path}: invalid pipeline configuration")
    assert message in line


# 8. Standard input under --timeout ------------------------------------------------------------


def test_a_trickling_standard_input_is_stopped_at_the_timeout(tmp_path):
    out = tmp_path / "o"
    proc = _cli("extract", "-", "-o", out, "--timeout", "3", stdin=subprocess.PIPE)

    def trickle():
        try:
            while proc.poll() is None:
                proc.stdin.write(b"a\n")
                proc.stdin.flush()
                time.sleep(0.2)
        except (BrokenPipeError, ValueError):
            pass

    writer = threading.Thread(target=trickle, daemon=True)
    writer.start()
    proc.wait(60)
    assert proc.returncode == 12
    assert proc.stderr.read().decode().strip() == (
        "isecg-extract: -: timed out: standard input still open after 3 s (--timeout)"
    )
    assert not out.exists()


@linux_only
def test_sigterm_while_reading_standard_input_removes_its_copy(tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    proc = _cli(
        "extract", "-", "-o", tmp_path / "o", stdin=subprocess.PIPE, env={"TMPDIR": str(scratch)}
    )
    proc.stdin.write(b"ISECG Annual Report 2025\n" * 1000)
    proc.stdin.flush()
    end = time.monotonic() + 30
    while not list(scratch.iterdir()) and time.monotonic() < end:
        time.sleep(0.05)
    assert list(scratch.iterdir()), "the command never started reading"
    os.kill(proc.pid, signal.SIGTERM)
    proc.wait(30)
    assert proc.returncode == 143
    assert list(scratch.iterdir()) == []


def test_the_stdin_reader_honours_max_bytes(tmp_path):
    from isecg_extract.errors import TooLarge
    from isecg_extract.ingest.stdin import save_stream

    r, w = os.pipe()
    os.write(w, b"x" * 5000)
    os.close(w)
    with pytest.raises(TooLarge):
        save_stream(r, tmp_path / "s", max_bytes=4096, timeout=5)
    os.close(r)


# An output folder onto what is not a folder ----------------------------------------------------


@pytest.mark.parametrize("command", ["extract", "batch"])
@pytest.mark.parametrize("target", ["fifo", "file-link", "device"])
def test_an_output_folder_never_replaces_what_is_not_a_folder(tmp_path, command, target):
    # extract -o /dev/null once exchanged the device with the new output folder.
    if target == "fifo":
        out = tmp_path / "fifo"
        os.mkfifo(out)
    elif target == "file-link":
        (tmp_path / "file").write_text("mine")
        out = tmp_path / "link"
        out.symlink_to(tmp_path / "file")
    else:  # a device like /dev/null, made here so a regression cannot break the machine's
        out = tmp_path / "null"
        try:
            os.mknod(out, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("making a device needs root")
    before = os.lstat(out)
    result = _run([command, _seed(tmp_path), "-o", out, "-q"])
    assert result.exit_code in (2, 20), result.output  # click refuses a file; we the rest
    after = os.lstat(out)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (
        before.st_mode,
        before.st_ino,
        before.st_rdev,
    )
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.isecg")]
