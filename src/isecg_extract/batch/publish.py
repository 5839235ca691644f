"""Name each report's folder under OUT and put the cached extraction there.

Names come from the report's content, never its file name: ``isecg-ar-2025`` for a report whose
cover says 2025, so two different years cannot share a folder. When several inputs are the
same year (a text and its PDF renderings) each gets ``<doc_id>--<file stem>`` and a warning,
so none overwrites another. Reports with no year found get their sanitised file stem. Names
depend only on the set of inputs, not on which worker finished first.
"""

from __future__ import annotations

import json
import re
import shutil
import uuid
from collections import defaultdict
from pathlib import Path

from isecg_extract.batch.cache import META, ReportCache, replace_dir
from isecg_extract.batch.identity import retag
from isecg_extract.batch.manifest import ManifestRow

RESERVED = frozenset({"all", "timeline", "manifest.csv", "manifest.json"})
TMP = ".tmp"
"""Folder inside OUT where a report folder is assembled before it is renamed into place."""


def safe_name(text: str) -> str:
    """A folder name that cannot climb out of OUT or hide itself."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._-") or "report"
    return name[:100]


def assign_folders(rows: list[ManifestRow]) -> list[str]:
    """Set ``folder`` on every successful row; return warnings about shared report years."""
    warnings: list[str] = []
    claimed: set[str] = set(RESERVED)
    good = [r for r in rows if r.succeeded]
    by_doc: dict[str, list[ManifestRow]] = defaultdict(list)
    for r in good:
        if r.report_year is not None:
            by_doc[safe_name(r.doc_id)].append(r)
    # Report years first, so that a file stem never takes the name of a year's folder.
    for base, group in by_doc.items():
        if len(group) == 1:
            group[0].folder = _claim(base, claimed)
            continue
        for r in group:
            r.folder = _claim(f"{base}--{safe_name(Path(r.file).stem)}", claimed)
        warnings.append(
            f"{len(group)} inputs are the {group[0].report_year} report ({group[0].doc_id}): "
            + ", ".join(f"{r.file} -> {r.folder}/" for r in group)
        )
    for r in good:
        if r.report_year is None:
            r.folder = _claim(safe_name(Path(r.file).stem), claimed)
    return warnings


def _claim(name: str, claimed: set[str]) -> str:
    candidate, n = name, 1
    while candidate.lower() in claimed:
        n += 1
        candidate = f"{name}-{n}"
    claimed.add(candidate.lower())
    return candidate


def publish(out: Path, rows: list[ManifestRow], cache: ReportCache) -> list[str]:
    """Copy each successful report from the cache to ``OUT/<folder>``, atomically per folder.

    A folder that already holds the same extraction is left alone, so a fully cached rerun
    writes nothing here. A folder not made by isecg-extract is never replaced: the report goes
    to the next free name and a warning says so.
    """
    warnings: list[str] = []
    tmp = out / TMP
    for r in rows:
        if not r.succeeded or not r.folder:
            continue
        dest = out / r.folder
        there = _meta(dest)
        if there.get("key") == r.key and there.get("doc_id") == r.doc_id:
            continue
        if dest.exists() and not _ours(dest):
            taken = r.folder
            r.folder = _free_name(out, r.folder)
            dest = out / r.folder
            warnings.append(
                f"{out / taken} exists and was not written by isecg-extract; "
                f"{r.file} went to {dest}/ instead"
            )
        tmp.mkdir(parents=True, exist_ok=True)
        work = tmp / f"{r.folder}-{uuid.uuid4().hex[:8]}"
        shutil.copytree(cache.reports / r.key, work)
        # An input kept apart from another document of its year (identity.py) has its own id.
        retag(work, str(_meta(work).get("doc_id") or r.doc_id), r.doc_id)
        replace_dir(work, dest, tmp)
    return warnings


def remove_superseded(out: Path, previous: list[ManifestRow], rows: list[ManifestRow]) -> None:
    """Remove folders an earlier batch made for these same inputs under names no longer used.

    That happens when a second report of the same year joins the batch (the first one's folder
    gets a longer name) or a report now fails. Folders of inputs not in this batch stay.
    """
    files = {r.file for r in rows}
    used = {r.folder.lower() for r in rows if r.folder}
    for p in previous:
        if p.folder and p.file in files and p.folder.lower() not in used:
            folder = inside(out, p.folder)
            if folder is not None and folder.is_dir() and (folder / META).is_file():
                shutil.rmtree(folder, ignore_errors=True)


def inside(out: Path, name: object) -> Path | None:
    """``OUT/<name>`` when ``name`` is one plain folder name we could have given, else None.

    A manifest is a file anyone can edit: a ``folder`` of ``../victim`` or ``/home`` must never
    make a batch remove or write anything outside OUT, nor may a symlink placed in OUT.
    """
    if not isinstance(name, str) or not name or name != safe_name(name) or name in RESERVED:
        return None
    path = out / name
    return None if path.is_symlink() else path


def clean_tmp(out: Path) -> None:
    unlink_if_symlink(out / TMP)
    shutil.rmtree(out / TMP, ignore_errors=True)


def unlink_if_symlink(path: Path) -> None:
    """A symlink where we are about to write is removed (only the link), never followed."""
    if path.is_symlink():
        path.unlink()


def _free_name(out: Path, name: str) -> str:
    n = 2
    while (out / f"{name}-{n}").exists():
        n += 1
    return f"{name}-{n}"


def _ours(folder: Path) -> bool:
    """Made by isecg-extract (a batch, or a single extract): safe to replace."""
    if folder.is_symlink():
        return False
    return (
        (folder / META).is_file()
        or (folder / "datapackage.json").is_file()
        or (folder.is_dir() and not any(folder.iterdir()))
    )


def _meta(folder: Path) -> dict:
    try:
        data = json.loads((folder / META).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}
