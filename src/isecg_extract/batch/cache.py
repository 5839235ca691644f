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
import shutil
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from isecg_extract.pipeline import ExtractOptions

META = ".batch.json"
"""File in every cached or published report folder recording where it came from."""
_CHUNK = 1 << 20


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
    from isecg_extract.model import SCHEMA_VERSION

    root = Path(config_dir) if config_dir else default_pipeline_dir()
    h = hashlib.sha256(SCHEMA_VERSION.encode())
    _hash_tree(h, root, "pipeline", lambda p: True)
    package = Path(isecg_extract.__file__).parent
    _hash_tree(h, package, "src", lambda p: p.suffix == ".py")
    return f"{isecg_extract.__version__}+{h.hexdigest()[:16]}"


def _hash_tree(h: Any, root: Path, label: str, wanted: Any) -> None:
    files = sorted(
        p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts and wanted(p)
    )
    for p in files:
        h.update(f"\0{label}/{p.relative_to(root).as_posix()}\0".encode())
        h.update(p.read_bytes())


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

    def new_work_dir(self, hint: str) -> Path:
        """A fresh temporary folder on the cache's filesystem, so renaming it in is atomic."""
        self.tmp.mkdir(parents=True, exist_ok=True)
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in hint)[:40]
        return self.tmp / f"{safe}-{uuid.uuid4().hex[:8]}"

    def clean_tmp(self) -> None:
        """Remove what an interrupted run left half-written."""
        if self.tmp.is_dir():
            shutil.rmtree(self.tmp, ignore_errors=True)

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
        self.reports.mkdir(parents=True, exist_ok=True)
        dest = self.reports / key
        replace_dir(work_dir, dest, self.tmp)
        return dest

    def store_failure(self, key: str, meta: dict[str, Any]) -> None:
        from isecg_extract.write import atomic_write

        atomic_write(self.failures / f"{key}.json", json.dumps({**meta, "key": key}, indent=1))

    def forget(self, key: str) -> None:
        """Drop an entry (``--force``), so a failure now is not hidden by an old success."""
        shutil.rmtree(self.reports / key, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            (self.failures / f"{key}.json").unlink()


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
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
