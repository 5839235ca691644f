"""Read one output folder (datapackage.json + CSVs) into typed rows, checked before any database work.

Everything that can be wrong with a folder is found here, with its file, line and column,
so that a bad folder never opens a transaction and the user gets a precise message
instead of a database constraint error.
"""

from __future__ import annotations

import csv
import json
import math
import os
import stat
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from isecg_extract.write import allow_long_csv_fields, unguard

from .errors import BadOutputFolder, OutputFolderMissing
from .schema import (
    DOC_ID,
    Schema,
    SchemaProblem,
    Table,
    parse_version,
    schema_from_datapackage,
)

DATAPACKAGE = "datapackage.json"
_INT64 = (-(2**63), 2**63 - 1)
_TRUE = ("true", "True", "TRUE", "1")
_FALSE = ("false", "False", "FALSE", "0")

CELLS_KEY = "isecg_csv_cells"
"""datapackage.json key saying how the writer wrote text cells: "neutralised" (the default,
also assumed when absent) or "raw" (extract --raw-cells)."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Row = tuple[Any, ...]


@dataclass(frozen=True)
class OutputPackage:
    """One report's datasets, rows in each table's column order."""

    folder: Path
    schema: Schema
    doc_id: str
    rows: Mapping[str, list[Row]]


class _Bad(ValueError):
    """A cell that does not parse as its field's type."""


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def restore_text(cell: str) -> str:
    """Undo the writer's spreadsheet-formula guard, so the database holds the text itself.

    The writer prefixes ' to text that a spreadsheet would run as a formula, and to text
    that already looks guarded ("'=x" is written "''=x"); this is the exact inverse.
    """
    return unguard(cell)


def _converter(ftype: str, field: Mapping[str, Any]) -> Callable[[str], Any]:
    if ftype in ("integer", "year"):

        def to_int(cell: str) -> int:
            try:
                value = int(cell)
            except ValueError:
                raise _Bad(f"{cell!r} is not an integer") from None
            if not _INT64[0] <= value <= _INT64[1]:
                raise _Bad(f"{cell} does not fit a 64-bit integer")
            return value

        return to_int
    if ftype == "number":

        def to_float(cell: str) -> float:
            try:
                value = float(cell)
            except ValueError:
                raise _Bad(f"{cell!r} is not a number") from None
            if not math.isfinite(value):
                raise _Bad(f"{cell!r} is not a finite number")  # SQLite would store NaN as NULL
            return value

        return to_float
    if ftype == "boolean":
        true = tuple(field.get("trueValues", _TRUE))
        false = tuple(field.get("falseValues", _FALSE))

        def to_bool(cell: str) -> bool:
            if cell in true:
                return True
            if cell in false:
                return False
            raise _Bad(f"{cell!r} is not a boolean ({'/'.join(true)} or {'/'.join(false)})")

        return to_bool
    return str


def _resource_path(folder: Path, resource: Mapping[str, Any], name: str) -> Path:
    path = resource.get("path")
    if not isinstance(path, str):
        raise BadOutputFolder(folder, f"{DATAPACKAGE}: resource {name} has no single CSV path")
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts:
        raise BadOutputFolder(
            folder, f"{DATAPACKAGE}: resource {name} path {path!r} leaves the folder"
        )
    return folder.joinpath(*pure.parts)


def regular_file(folder: Path, path: Path) -> None:
    """Only a regular file inside the folder is read: a symlink could point anywhere (its
    content would be echoed in errors), a FIFO blocks and ``/dev/zero`` never ends."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return  # the caller says it is missing
    except OSError as exc:
        raise BadOutputFolder(folder, f"{path.name} cannot be read: {exc.strerror}") from None
    if stat.S_ISLNK(st.st_mode):
        raise BadOutputFolder(folder, f"{path.name} is a symbolic link; only files are read")
    if not stat.S_ISREG(st.st_mode):
        raise BadOutputFolder(folder, f"{path.name} is not a regular file")
    parent = path.parent
    while parent != folder and parent != parent.parent:
        if parent.is_symlink():
            raise BadOutputFolder(folder, f"{path.name} is under a symbolic link")
        parent = parent.parent


def _column_positions(folder: Path, path: Path, table: Table, header: list[str]) -> list[int]:
    """Where each schema column is in the CSV: columns are matched by name, in any order."""
    wanted = list(table.column_names)
    if sorted(header) != sorted(wanted):
        lacking = [c for c in wanted if c not in header]
        extra = [c for c in header if c not in wanted]
        raise BadOutputFolder(
            folder,
            f"{path.name} header does not match its schema"
            + (f"; missing {', '.join(lacking)}" if lacking else "")
            + (f"; unexpected {', '.join(extra)}" if extra else "")
            + ("; a column is repeated" if not lacking and not extra else ""),
        )
    return [header.index(c) for c in wanted]


def _read_table(
    folder: Path, table: Table, resource: Mapping[str, Any], neutralised: bool
) -> list[Row]:
    path = _resource_path(folder, resource, table.name)
    schema = resource.get("schema") or {}
    missing = set(schema.get("missingValues", [""]))
    fields = {f["name"]: f for f in schema.get("fields", [])}
    convert = [_converter(c.type, fields.get(c.name, {})) for c in table.columns]
    if neutralised:
        convert = [
            restore_text if c.type == "string" else f
            for c, f in zip(table.columns, convert, strict=True)
        ]
    rows: list[Row] = []
    allow_long_csv_fields()
    regular_file(folder, path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise BadOutputFolder(folder, f"{path.name} is empty; expected a header row")
            order = _column_positions(folder, path, table, header)
            for record in reader:
                if not record:
                    continue
                line = reader.line_num
                if len(record) != len(header):
                    raise BadOutputFolder(
                        folder,
                        f"{path.name} line {line} has {len(record)} cells, the header {len(header)}",
                    )
                row = []
                for column, pos, conv in zip(table.columns, order, convert, strict=True):
                    cell = record[pos]
                    if cell in missing:
                        if table.not_null(column):
                            raise BadOutputFolder(
                                folder, f"{path.name} line {line}: {column.name} is empty"
                            )
                        row.append(None)
                        continue
                    try:
                        row.append(conv(cell))
                    except _Bad as exc:
                        raise BadOutputFolder(
                            folder, f"{path.name} line {line}, column {column.name}: {exc}"
                        ) from None
                rows.append(tuple(row))
    except FileNotFoundError:
        raise BadOutputFolder(
            folder, f"{path.name} is missing (declared in {DATAPACKAGE})"
        ) from None
    except UnicodeDecodeError as exc:
        raise BadOutputFolder(folder, f"{path.name} is not UTF-8: {exc.reason}") from None
    except csv.Error as exc:
        raise BadOutputFolder(folder, f"{path.name}: malformed CSV: {exc}") from None
    except OSError as exc:
        raise BadOutputFolder(folder, f"{path.name} cannot be read: {exc.strerror}") from None
    return rows


def _check_keys(folder: Path, schema: Schema, rows: Mapping[str, list[Row]]) -> None:
    """Catch duplicate keys and dangling references inside the report before the database does.

    Only references that include doc_id are checked here: they stay inside one report, so
    this folder holds every row they can point to.
    """
    for table in schema.tables:
        names = table.column_names
        if table.primary_key:
            idx = [names.index(c) for c in table.primary_key]
            seen: set[Row] = set()
            for row in rows[table.name]:
                key = tuple(row[i] for i in idx)
                if key in seen:
                    raise BadOutputFolder(
                        folder, f"{table.name}.csv repeats the key {_show(table.primary_key, key)}"
                    )
                seen.add(key)
        for fk in table.foreign_keys:
            if DOC_ID not in fk.fields or fk.ref_fields[fk.fields.index(DOC_ID)] != DOC_ID:
                continue
            parent = schema.table(fk.table)
            assert parent is not None
            pidx = [parent.column_names.index(c) for c in fk.ref_fields]
            targets = {tuple(r[i] for i in pidx) for r in rows[parent.name]}
            cidx = [names.index(c) for c in fk.fields]
            for row in rows[table.name]:
                key = tuple(row[i] for i in cidx)
                if None not in key and key not in targets:
                    raise BadOutputFolder(
                        folder,
                        f"{table.name}.csv row {_show(fk.fields, key)} has no match in {parent.name}.csv",
                    )


def _show(columns: Sequence[str], values: Sequence[Any]) -> str:
    return ", ".join(f"{c}={v!r}" for c, v in zip(columns, values, strict=True))


def read_output(folder: Path | str) -> OutputPackage:
    """Read and check one output folder; raise BadOutputFolder naming what is wrong.

    ``datapackage.json`` is a file anyone can edit: whatever it holds (``trueValues: 5``, a
    5,000-digit version, nesting deeper than Python recurses) is a bad folder, not a bug.
    """
    folder = Path(folder)
    try:
        return _read_output(folder)
    except BadOutputFolder:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as exc:
        detail = f"{exc.__class__.__name__}: {' '.join(str(exc).split())}"[:200]
        raise BadOutputFolder(
            folder, f"{DATAPACKAGE} does not follow the contract: {detail}"
        ) from None


def _read_output(folder: Path) -> OutputPackage:
    if not folder.exists():
        raise OutputFolderMissing(folder, "no such folder; expected an isecg-extract output folder")
    if not folder.is_dir():
        raise BadOutputFolder(folder, "is not a folder; expected an isecg-extract output folder")
    regular_file(folder, folder / DATAPACKAGE)
    try:
        package = json.loads((folder / DATAPACKAGE).read_text(encoding="utf-8"))
    except RecursionError:
        raise BadOutputFolder(folder, f"{DATAPACKAGE} is nested too deeply") from None
    except FileNotFoundError:
        raise BadOutputFolder(
            folder, f"has no {DATAPACKAGE}; is it an isecg-extract output folder?"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadOutputFolder(folder, f"{DATAPACKAGE} cannot be read: {exc}") from None
    if not isinstance(package, dict):
        raise BadOutputFolder(folder, f"{DATAPACKAGE} is not a JSON object")
    try:
        schema = schema_from_datapackage(package)
    except (SchemaProblem, KeyError, TypeError, AttributeError) as exc:
        raise BadOutputFolder(folder, f"{DATAPACKAGE}: {exc}") from None
    known = known_contract()
    if parse_version(schema.version) > parse_version(known):
        raise BadOutputFolder(
            folder,
            f"follows contract {schema.version}, newer than the {known} this isecg-extract "
            "knows; load it with a newer isecg-extract (the database was not touched)",
        )
    cells = package.get(CELLS_KEY, "neutralised")
    if cells not in ("neutralised", "raw"):
        raise BadOutputFolder(
            folder, f"{DATAPACKAGE}: {CELLS_KEY} is {cells!r}, not neutralised or raw"
        )
    resources = {r["name"]: r for r in package["resources"]}
    rows = {
        t.name: _read_table(folder, t, resources[t.name], cells == "neutralised")
        for t in schema.tables
    }
    doc_ids = sorted(
        {row[t.column_names.index(DOC_ID)] for t in schema.tables for row in rows[t.name]}
    )
    if len(doc_ids) != 1:
        found = ", ".join(doc_ids) if doc_ids else "none"
        raise BadOutputFolder(folder, f"must hold exactly one report, but its doc_ids are: {found}")
    _check_keys(folder, schema, rows)
    return OutputPackage(folder, schema, doc_ids[0], rows)


def known_contract() -> str:
    """The newest output contract this installation writes, and so can load and migrate to."""
    from isecg_extract.config import load_config

    return str(load_config().tables["contract_version"])


def read_outputs(folders: Sequence[Path | str]) -> list[OutputPackage]:
    """Read every folder of one load; they must follow one contract.

    The same report in several folders is allowed here; ``inputs.one_per_report`` picks one.
    """
    packages: list[OutputPackage] = []
    for folder in folders:
        package = read_output(folder)
        for other in packages:
            if other.schema.signature() != package.schema.signature():
                raise BadOutputFolder(
                    package.folder,
                    f"follows contract {package.schema.version} but {other.folder} follows "
                    f"{other.schema.version} with other tables; load them in separate runs, older first",
                )
        packages.append(package)
    return packages
