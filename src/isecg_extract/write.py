"""Write: CSV per dataset, report.json and datapackage.json, each written atomically.

Every file goes to a temporary name in the output folder and is renamed into place, so a
reader (or a crash) never sees half a file. CSV cells that a spreadsheet would run as a formula
are neutralised unless the caller asks for raw values.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from isecg_extract.config import PipelineConfig
from isecg_extract.errors import OutputNotAFile, OutputUnwritable
from isecg_extract.model import SCHEMA_NAME, Report, to_jsonable

DATASETS = [
    "documents",
    "sections",
    "agencies",
    "working_groups",
    "activities",
    "events",
    "publications",
    "changes",
    "mentions",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


CSV_FIELD_LIMIT = 2**31 - 1
"""The largest cell our CSV readers accept: any cell the writer wrote (Python's default,
131,072 characters, refused a long member-table cell the pipeline had written itself)."""


def allow_long_csv_fields() -> None:
    """Let ``csv`` read back every cell this project writes (a process-wide setting)."""
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so that no reader ever sees half of it.

    A path that is a character device or a FIFO (``-o /dev/null``, ``-o /dev/stdout``, a
    named pipe a script reads from) is written as a stream: renaming a file over it would
    replace the device with a regular file. A socket or block device is refused.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if _write_as_stream(Path(path), payload):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for everyone
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _write_as_stream(path: Path, payload: bytes) -> bool:
    """Write into a device or FIFO in place; False for a regular file or a new path.

    ``/dev/stdout`` redirected to a file is a link into ``/proc``: it is written through
    too, never replaced (a rename there would replace the link, or fail across devices).
    """
    try:
        st = os.stat(path)
    except OSError:
        return False  # a new file (or one we cannot see): the atomic path reports it
    if stat.S_ISREG(st.st_mode):
        if not _names_a_descriptor(path):  # the links are followed only for a regular file
            return False
    elif stat.S_ISDIR(st.st_mode):
        raise OutputNotAFile(str(path), "it is a folder; give a file name")
    elif not (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        raise OutputNotAFile(str(path), "not a regular file, character device or FIFO")
    try:
        with open(path, "wb") as f:
            f.write(payload)
    except OSError as exc:
        raise OutputUnwritable(str(path), exc.strerror or str(exc)) from None
    return True


def _names_a_descriptor(path: Path) -> bool:
    """Whether ``path`` reaches its file through ``/proc`` (``/dev/stdout``, ``/dev/fd/3``).

    ``realpath`` cannot tell: the kernel's descriptor links resolve to the file they stand
    for. So the links are followed one hop at a time.
    """
    current = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on links followed
        parent = os.path.realpath(os.path.dirname(current))
        current = os.path.join(parent, os.path.basename(current))
        if current.startswith("/proc/"):
            return True
        if not os.path.islink(current):
            return False
        current = os.path.normpath(os.path.join(parent, os.readlink(current)))
    return False


def columns(cfg: PipelineConfig, table: str) -> list[str]:
    return [f[0] for f in cfg.tables["tables"][table]["fields"]]


def safe_cell(value: Any, raw: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if not raw and needs_guard(text):
        return "'" + text
    return text


def needs_guard(text: str) -> bool:
    """A spreadsheet would run it as a formula, or it already looks like a guarded cell.

    Text that itself starts with ``'`` and a formula character ("'=x") is guarded too
    ("''=x"), so that removing one ``'`` (``unguard``) gives back exactly the text.
    """
    rest = text.lstrip("'")
    return rest.startswith(_FORMULA_START) and not _is_number(rest)


def unguard(cell: str) -> str:
    """The exact inverse of ``safe_cell``'s guard: ``unguard(safe_cell(x)) == x``."""
    return cell[1:] if cell[:1] == "'" and needs_guard(cell[1:]) else cell


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def to_csv(rows: list[dict[str, Any]], cols: list[str], raw: bool = False) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(cols)
    for row in rows:
        w.writerow([safe_cell(row.get(c), raw) for c in cols])
    return buf.getvalue()


def datapackage(report: Report, cfg: PipelineConfig, raw_cells: bool = False) -> dict[str, Any]:
    resources = []
    for name in DATASETS:
        spec = cfg.tables["tables"][name]
        schema: dict[str, Any] = {
            "fields": [
                {"name": n, "type": t, **({"description": d} if d else {})}
                for n, t, d in spec["fields"]
            ],
            "primaryKey": spec["primaryKey"],
        }
        if spec.get("foreignKeys"):
            schema["foreignKeys"] = spec["foreignKeys"]
        resources.append(
            {
                "name": name,
                **({"description": spec["description"]} if spec.get("description") else {}),
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return {
        "name": report.doc_id,
        "title": (
            report.tables["documents"][0].get("title") if report.tables.get("documents") else ""
        )
        or report.doc_id,
        "profile": "tabular-data-package",
        "version": cfg.tables["contract_version"],
        "isecg_contract_version": cfg.tables["contract_version"],
        # Tells loaders whether a leading ' was added to neutralise a spreadsheet formula.
        "isecg_csv_cells": "raw" if raw_cells else "neutralised",
        "resources": resources,
    }


def report_json(report: Report) -> dict[str, Any]:
    return {
        "schema": SCHEMA_NAME,
        "schema_version": report.schema_version,
        "doc_id": report.doc_id,
        "checks": to_jsonable(report.checks),
        **{name: report.tables.get(name, []) for name in DATASETS},
    }


def write_report(
    report: Report, out: Path, cfg: PipelineConfig, raw_cells: bool = False
) -> list[Path]:
    """Write every dataset; the data package last, so its presence means the folder is complete."""
    out = Path(out)
    written = []
    for name in DATASETS:
        path = out / f"{name}.csv"
        atomic_write(path, to_csv(report.tables.get(name, []), columns(cfg, name), raw_cells))
        written.append(path)
    path = out / "report.json"
    atomic_write(path, json.dumps(report_json(report), ensure_ascii=False, indent=1, default=str))
    written.append(path)
    path = out / "datapackage.json"
    atomic_write(
        path, json.dumps(datapackage(report, cfg, raw_cells), ensure_ascii=False, indent=1)
    )
    written.append(path)
    return written


@contextmanager
def output_errors(path: str | os.PathLike[str]) -> Iterator[None]:
    """An ``OSError`` while writing the output ``path`` (a read-only or full disk, a parent that
    is a file) as ``OutputUnwritable`` naming it: status 20, one line saying which output and
    why, the same for every command, instead of an internal error that names nothing.

    Only writes go inside: an input that cannot be read is the input's error, not this one.
    """
    try:
        yield
    except OSError as exc:
        raise OutputUnwritable(os.fspath(path), _why(exc)) from exc


def _why(exc: OSError) -> str:
    """The reason in words. A file where a folder should be is named: ``mkdir`` says only
    "File exists" or "Not a directory", which does not say which part of the path is wrong."""
    if exc.errno in (errno.EEXIST, errno.ENOTDIR) and exc.filename is not None:
        path = Path(os.fsdecode(exc.filename))
        for part in (path, *path.parents):
            if os.path.lexists(part):
                if not part.is_dir():
                    return f"{part} is a file, not a folder"
                break
    return exc.strerror or str(exc)


def write_output(path: Path, data: str | bytes, *, name: Path | None = None) -> None:
    """``atomic_write`` of one output file (a diff, a timeline file, a picture, a stage dump),
    whose failure names ``name`` (the folder the user gave, by default the file itself)."""
    with output_errors(name if name is not None else path):
        atomic_write(Path(path), data)
