"""Turn the command line's inputs (files, folders, globs) into the list of report files.

A file named on the command line is always taken: the pipeline recognises its type by content
and says why it cannot read it. Files found by walking a folder or matching a glob are taken
only if they look like reports (a PDF by its header, whatever its name; ``.txt`` and ``.md`` by
name), so a folder's READMEs, layout notes and the batch's own output are not extracted. With
a ``Selection`` (``pipeline/settings.toml`` ``[batch]``), a text file found so is also skipped
when its name marks a note (``*.truth.md``, ``SCORES.md``) or its opening names no ISECG cue;
each skip is a ``Discovery.skipped`` entry with its reason, and ``include_all`` takes them.
"""

from __future__ import annotations

import glob
import os
import re
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
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why it is no report)


@dataclass(frozen=True)
class Selection:
    """Which text files found in folders or globs are report texts (``[batch]`` settings)."""

    note_names: tuple[re.Pattern[str], ...] = ()  # file names of notes, not reports
    content_cues: tuple[re.Pattern[str], ...] = ()  # one must occur in the opening
    opening_bytes: int = 65536
    include_all: bool = False  # take every text file found, as before

    def why_not(self, path: Path) -> str | None:
        """Why a text file found in a folder is not a report text, or None if it is one."""
        if self.include_all or path.suffix.lower() not in TEXT_SUFFIXES:
            return None
        for pattern in self.note_names:
            if pattern.search(path.name):
                return "its name marks a note, not a report text"
        if self.content_cues:
            try:
                with path.open("rb") as f:
                    head = f.read(self.opening_bytes).decode("utf-8", "replace")
            except OSError:
                return None  # the worker reads it again and says what is wrong
            if not any(c.search(head) for c in self.content_cues):
                return "it does not name ISECG"
        return None


def discover(
    inputs: Sequence[str | os.PathLike[str]],
    exclude: Iterable[Path] = (),
    selection: Selection | None = None,
) -> Discovery:
    """Expand ``inputs`` into report files, each once, skipping the folders in ``exclude``.

    The order is the inputs' order, and sorted paths within a folder or glob, so two runs over
    the same inputs number and name their reports the same way. Files found by walking or
    globbing that ``selection`` says are not report texts go to ``skipped``.
    """
    result = Discovery()
    skip = {_resolved(p) for p in exclude}
    seen: set[Path] = set()
    select = selection or Selection()

    def add(path: Path, found: bool = True) -> None:
        key = _resolved(path)
        if key in seen:
            return
        seen.add(key)
        why = select.why_not(path) if found else None
        if why:
            result.skipped.append((os.fspath(path), why))
        else:
            result.files.append(path)

    for raw in inputs:
        text = os.fspath(raw)
        path = Path(text)
        if path.is_dir():
            found = list(_walk(path, skip, result.skipped))
            if not found:
                result.warnings.append(f"{text}: no PDF, .txt or .md files in this folder")
            for f in found:
                add(f)
        elif path.exists():
            add(path, found=False)
        elif _GLOB_CHARS & set(text):
            matches = sorted(glob.glob(text, recursive=True))
            taken = 0
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    for f in _walk(mp, skip, result.skipped):
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


def _walk(
    folder: Path, skip: set[Path], notes: list[tuple[str, str]] | None = None
) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder):
        rp = Path(root)
        # Hidden folders hold caches and temporary output (.cache, .git), never reports.
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and _resolved(rp / d) not in skip)
        for name in sorted(files):
            p = rp / name
            if p.is_file() and looks_like_report(p):
                yield p
            elif notes is not None and p.stem.lower() in NOT_REPORTS and not name.startswith("."):
                notes.append((os.fspath(p), "its name marks a note, not a report text"))


def _inside(path: Path, skip: set[Path]) -> bool:
    r = _resolved(path)
    return any(r == s or s in r.parents for s in skip)


def _resolved(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except OSError:
        return Path(os.path.abspath(path))
