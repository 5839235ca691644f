"""The per-report cache: an extraction is reused while its input and the pipeline are unchanged.

The key is the input's sha256, the pipeline version (package version plus a hash of the
``pipeline/`` folder and of the package's source, so editing a registry or the code invalidates
it) and the options that change the output. Each entry is a complete report folder, renamed
into place only when complete, so an interrupted batch leaves either a whole entry or none;
the next run takes what is there and extracts the rest. Failures that the same input would
repeat (an encrypted or malformed file) are cached too; timeouts and crashes are not.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from isecg_extract.batch.errors import NotOurCache
from isecg_extract.pipeline import ExtractOptions

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks
    fcntl = None  # type: ignore[assignment]

META = ".batch.json"
"""File in every cached or published report folder recording where it came from."""
_CHUNK = 1 << 20
RUN_LOCK = ".run.lock"
CACHE_LOCK = ".lock"
CACHE_TAG = "CACHEDIR.TAG"
CACHE_TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This folder is a cache made by isecg-extract (batch --cache-dir).\n"
    "# isecg-extract removes only what it made here: reports/<key>, failures/<key>.json and\n"
    "# tmp/run-* folders of its own runs.\n"
)
_ENTRIES = frozenset({"reports", "failures", "tmp", CACHE_LOCK, CACHE_TAG})
"""What a cache folder of ours holds; caches made before the tag hold only these."""
_RUN_NAME = re.compile(r"run-\d+-[0-9a-f]{8}")
"""How this tool names a run's temporary folder under ``tmp/`` (see ``run_tmp``)."""


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


@lru_cache(maxsize=8)
def pipeline_version(config_dir: str | None = None) -> str:
    """``<package version>+<hash>``: changes whenever anything that shapes the output changes."""
    import isecg_extract
    from isecg_extract.config import default_pipeline_dir
    from isecg_extract.config_files import check_config_file
    from isecg_extract.model import SCHEMA_VERSION

    root = Path(config_dir) if config_dir else default_pipeline_dir()
    h = hashlib.sha256(SCHEMA_VERSION.encode())
    _hash_tree(h, root, "pipeline", lambda p: check_config_file(p) >= 0)
    package = Path(isecg_extract.__file__).parent
    _hash_tree(h, package, "src", lambda p: p.suffix == ".py")
    return f"{isecg_extract.__version__}+{h.hexdigest()[:16]}"


def _hash_tree(h: Any, root: Path, label: str, wanted: Any) -> None:
    """Every file under ``root`` that ``wanted`` keeps (it may also refuse one by raising),
    read in chunks: the hash costs no memory, whatever a file holds."""
    files = sorted(
        p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts and wanted(p)
    )
    for p in files:
        h.update(f"\0{label}/{p.relative_to(root).as_posix()}\0".encode())
        with p.open("rb") as f:
            for chunk in iter(lambda f=f: f.read(_CHUNK), b""):
                h.update(chunk)


def options_fingerprint(options: ExtractOptions, raw_cells: bool) -> str:
    """The options that change what is written; the password only as a hash."""
    ing = options.ingest
    parts = {
        "model": options.model or "",
        "engine": ing.engine,
        "max_bytes": ing.max_bytes,
        "max_pages": ing.max_pages,
        "password": hashlib.sha256(ing.password.encode()).hexdigest() if ing.password else "",
        "raw_cells": raw_cells,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def cache_key(sha256: str, version: str, fingerprint: str) -> str:
    return hashlib.sha256(f"{sha256}\0{version}\0{fingerprint}".encode()).hexdigest()[:32]


@dataclass
class CacheHit:
    key: str
    meta: dict[str, Any]
    folder: Path | None  # the report folder; None for a cached failure


class ReportCache:
    """Report folders and failure records under one directory (``OUT/.cache`` by default)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.reports = self.root / "reports"
        self.failures = self.root / "failures"
        self.tmp = self.root / "tmp"
        self._run: Path | None = None  # this run's own temporary folder under tmp/
        self._run_lock: Any = None  # held open (and locked) while the run lives

    @property
    def run_tmp(self) -> Path:
        """This run's private temporary folder: other batches sharing the cache never touch it.

        Its ``.lock`` is held for the run's life, so a later run can tell a folder left by a
        run that died (lock free: removed) from one still in use (lock held: left alone).
        """
        if self._run is None:
            run = self.tmp / f"run-{os.getpid()}-{uuid.uuid4().hex[:8]}"
            run.mkdir(parents=True)
            handle = (run / RUN_LOCK).open("a")
            _try_lock(handle)
            self._run, self._run_lock = run, handle
        return self._run

    def new_work_dir(self, hint: str) -> Path:
        """A fresh temporary folder on the cache's filesystem, so renaming it in is atomic."""
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in hint)[:40]
        return self.run_tmp / f"{safe}-{uuid.uuid4().hex[:8]}"

    def clean_tmp(self) -> None:
        """Remove this run's temporary folder, and those of runs that died; never another
        live run's (a second batch on a shared cache once deleted the first one's work), and
        never anything the tool did not make: only ``tmp/run-<pid>-<hex>`` folders that hold
        a run's lock file are ours (a user's ``--cache-dir`` may hold a ``tmp/photos``).
        """
        if self._run is not None:
            shutil.rmtree(self._run, ignore_errors=True)
            self._run_lock.close()
            self._run, self._run_lock = None, None
        if self.tmp.is_symlink() or not self.tmp.is_dir():
            return
        for folder in self.tmp.iterdir():
            if not _RUN_NAME.fullmatch(folder.name) or folder.is_symlink() or not folder.is_dir():
                continue
            try:  # opened, never created: a folder without a run's lock is not ours
                fd = os.open(folder / RUN_LOCK, os.O_RDWR | os.O_NOFOLLOW)
            except OSError:
                continue
            with os.fdopen(fd, "r+") as handle:
                if _try_lock(handle):  # nobody holds it: its run is over
                    shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):
            self.tmp.rmdir()  # only if no other run is using it

    def claim(self) -> None:
        """Mark the cache folder as ours (``CACHEDIR.TAG``, the cache-directory standard that
        backup tools honour, naming the tool), or refuse it when it holds anything else: a
        user's folder given as ``--cache-dir`` is never written into or emptied."""
        tag = self.root / CACHE_TAG
        if tag.is_file():
            return
        if self.root.is_dir():
            foreign = sorted(p.name for p in self.root.iterdir() if p.name not in _ENTRIES)
            if foreign:
                raise NotOurCache(
                    os.fspath(self.root), f"it holds {foreign[0]!r} and no {CACHE_TAG}"
                )
        from isecg_extract.write import atomic_write

        atomic_write(tag, CACHE_TAG_TEXT)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Batches sharing the cache change its entries one at a time."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / CACHE_LOCK).open("a") as handle:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            yield

    def lookup(self, key: str) -> CacheHit | None:
        folder = self.reports / key
        meta = _read_json(folder / META)
        if meta and meta.get("key") == key and (folder / "datapackage.json").is_file():
            return CacheHit(key, meta, folder)
        meta = _read_json(self.failures / f"{key}.json")
        if meta and meta.get("key") == key:
            return CacheHit(key, meta, None)
        return None

    def store(self, key: str, work_dir: Path, meta: dict[str, Any]) -> Path:
        """Move a complete report folder into the cache; the rename is the commit point."""
        from isecg_extract.write import atomic_write

        atomic_write(work_dir / META, json.dumps({**meta, "key": key}, indent=1))
        with self._locked():
            self.reports.mkdir(parents=True, exist_ok=True)
            dest = self.reports / key
            replace_dir(work_dir, dest, self.run_tmp)
        return dest

    def store_failure(self, key: str, meta: dict[str, Any]) -> None:
        from isecg_extract.write import atomic_write

        with self._locked():
            atomic_write(self.failures / f"{key}.json", json.dumps({**meta, "key": key}, indent=1))

    def forget(self, key: str) -> None:
        """Drop an entry (``--force``), so a failure now is not hidden by an old success."""
        with self._locked():
            if (self.reports / key).exists():
                replace_dir_away(self.reports / key, self.run_tmp)
            with contextlib.suppress(FileNotFoundError):
                (self.failures / f"{key}.json").unlink()


def replace_dir_away(folder: Path, tmp: Path) -> None:
    """Remove a folder by first renaming it aside, so nobody sees it half deleted."""
    trash = tmp / f"old-{folder.name}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir(parents=True, exist_ok=True)
    os.replace(folder, trash)
    shutil.rmtree(trash, ignore_errors=True)


def _try_lock(handle: Any) -> bool:
    if fcntl is None:  # pragma: no cover - Windows
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def replace_dir(src: Path, dest: Path, tmp: Path) -> None:
    """Put folder ``src`` at ``dest``, replacing what is there, never leaving half of either.

    A folder cannot be renamed over a non-empty one, so the old one is first renamed aside;
    between the two renames ``dest`` is briefly absent, which readers treat as "not there yet".
    """
    tmp.mkdir(parents=True, exist_ok=True)
    trash = tmp / f"old-{dest.name}-{uuid.uuid4().hex[:8]}"
    had_old = False
    if dest.exists():
        os.replace(dest, trash)
        had_old = True
    try:
        os.replace(src, dest)
    except OSError:
        if had_old:
            os.replace(trash, dest)
        raise
    if had_old:
        shutil.rmtree(trash, ignore_errors=True)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None
