"""The built wheel travels: installed into a fresh environment it extracts from any folder.

The wheel is built from this checkout without build isolation (the project's own setuptools,
no download), installed with ``--no-deps`` into a new virtual environment whose only other
packages are the project environment's (through a path file, so nothing is downloaded and the
checkout's editable install is not seen), and run from a temporary folder outside the
repository with no ISECG_PIPELINE_DIR, so it can only find the ``pipeline/`` it carries.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from helpers import GOLD, ROOT, SEED_TEXT

pytestmark = pytest.mark.slow


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None):
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def _source_copy(dest: Path) -> Path:
    """The checkout without its environment, outputs and build leftovers: a clean build."""
    skip = shutil.ignore_patterns(
        ".git", ".venv", "out", "build", "dist", "*.egg-info", "__pycache__", ".*cache", "*.db"
    )
    shutil.copytree(ROOT, dest, ignore=skip)
    return dest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    source = _source_copy(tmp_path_factory.mktemp("src") / "isecg-extract")
    done = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(dist),
            str(source),
        ],
        cwd=dist,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (path,) = dist.glob("isecg_extract-*.whl")
    return path


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv holding the wheel; returns its bin/ folder."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            cwd=env_dir,
        ).stdout.strip()
    )
    # The project's installed dependencies, appended after the venv's own site-packages.
    # A path file line is not itself processed as a site dir, so the checkout's editable
    # install (its own path file in that folder) stays out of the new environment.
    (site / "zz-project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        cwd=env_dir,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return env_dir / "bin"


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ISECG_PIPELINE_DIR", "PYTHONPATH")}
    return env


def test_wheel_carries_pipeline_and_licence(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for part in pipeline_files():
        assert f"isecg_extract/_pipeline/{part}" in names
    assert "isecg_extract/__main__.py" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "License-Expression: MIT" in text


def pipeline_files() -> list[str]:
    source = ROOT / "pipeline"
    return sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file())


def test_wheel_extracts_from_another_folder(installed, tmp_path):
    seed = SEED_TEXT
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = _clean_env()
    where = _run(
        [str(installed / "python"), "-c", "import isecg_extract; print(isecg_extract.__file__)"],
        work,
        env,
    )
    assert str(installed.parent) in where.stdout, where.stdout + where.stderr
    version = _run([str(installed / "python"), "-m", "isecg_extract", "--version"], work, env)
    assert version.returncode == 0 and "isecg-extract" in version.stdout, version.stderr
    done = _run(
        [str(installed / "isecg-extract"), "extract", str(seed), "-o", "out", "-q"], work, env
    )
    assert done.returncode == 0, done.stderr
    assert (work / "out" / "datapackage.json").is_file()
    scored = _run([str(installed / "isecg-extract"), "score", "out", str(GOLD)], work, env)
    last = scored.stdout.strip().splitlines()[-1]
    assert last.startswith("macro F1 "), scored.stdout + scored.stderr
    assert float(last.split()[-1]) >= 0.99, scored.stdout


def test_installed_package_without_pipeline_names_the_fix(installed, tmp_path):
    """The error for a broken install says what to do, in the words the README uses."""
    env = _clean_env()
    env["ISECG_PIPELINE_DIR"] = str(tmp_path / "missing")
    (tmp_path / "r.txt").write_text("ISECG Annual Report 2025\n\nSome text.\n")
    done = _run([str(installed / "isecg-extract"), "extract", "r.txt", "-o", "o"], tmp_path, env)
    assert done.returncode == 13
    assert done.stderr.startswith(f"isecg-extract: {tmp_path / 'missing'}: ")
