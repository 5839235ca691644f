"""Turn the command line's inputs (files, folders, globs) into the list of report files.

A file named on the command line is always taken: the pipeline recognises its type by content
and says why it cannot read it. Files found by walking a folder or matching a glob are taken
only if they look like reports (a PDF by its header, whatever its name; ``.txt`` and ``.md`` by
name), so a folder's READMEs, layout notes and the batch's own output are not extracted.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

TEXT_SUFFIXES = frozenset({".txt", ".md"})
PDF_SUFFIX = ".pdf"
# Notes that sit beside reports in a folder; named explicitly they are still extracted.
NOT_REPORTS = frozenset({"readme", "changelog", "license", "licence", "notice", "contributing"})
_GLOB_CHARS = frozenset("*?[")


@dataclass
class Discovery:
    """What the inputs named: report files in a stable order, and what named nothing."""

    files: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # explicit paths that do not exist
    warnings: list[str] = field(default_factory=list)


def discover(inputs: Sequence[str | os.PathLike[str]], exclude: Iterable[Path] = ()) -> Discovery:
    """Expand ``inputs`` into report files, each once, skipping the folders in ``exclude``.

    The order is the inputs' order, and sorted paths within a folder or glob, so two runs over
    the same inputs number and name their reports the same way.
    """
    result = Discovery()
    skip = {_resolved(p) for p in exclude}
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = _resolved(path)
        if key not in seen:
            seen.add(key)
            result.files.append(path)

    for raw in inputs:
        text = os.fspath(raw)
        path = Path(text)
        if path.is_dir():
            found = list(_walk(path, skip))
            if not found:
                result.warnings.append(f"{text}: no PDF, .txt or .md files in this folder")
            for f in found:
                add(f)
        elif path.exists():
            add(path)
        elif _GLOB_CHARS & set(text):
            matches = sorted(glob.glob(text, recursive=True))
            taken = 0
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    for f in _walk(mp, skip):
                        add(f)
                        taken += 1
                elif mp.is_file() and not _inside(mp, skip) and looks_like_report(mp):
                    add(mp)
                    taken += 1
            if not taken:
                result.warnings.append(f"{text}: no report file matches this pattern")
        else:
            result.missing.append(text)
    return result


def looks_like_report(path: Path) -> bool:
    """A PDF by content, or a text file by name; hidden files and READMEs are not reports."""
    name = path.name
    if name.startswith(".") or path.stem.lower() in NOT_REPORTS:
        return False
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES or suffix == PDF_SUFFIX:
        return True
    from isecg_extract.ingest import is_pdf

    try:
        with path.open("rb") as f:
            return is_pdf(f.read(1024))
    except OSError:
        return False


def _walk(folder: Path, skip: set[Path]) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder):
        rp = Path(root)
        # Hidden folders hold caches and temporary output (.cache, .git), never reports.
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and _resolved(rp / d) not in skip)
        for name in sorted(files):
            p = rp / name
            if p.is_file() and looks_like_report(p):
                yield p


def _inside(path: Path, skip: set[Path]) -> bool:
    r = _resolved(path)
    return any(r == s or s in r.parents for s in skip)


def _resolved(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except OSError:
        return Path(os.path.abspath(path))
