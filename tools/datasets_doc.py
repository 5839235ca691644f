"""Write the table reference of docs/datasets.md from pipeline/schemas/tables.json.

tables.json declares every output table once (the writer's data package and the loader's
tables come from it), so the reference for people is generated from it too and cannot drift:
``make docs`` rewrites the part of docs/datasets.md between the two markers, and a test fails
when that part differs from what this script would write. The how-tos around it are prose.

Usage: python tools/datasets_doc.py [--check]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "pipeline" / "schemas" / "tables.json"
DOC = ROOT / "docs" / "datasets.md"
BEGIN = "<!-- BEGIN tables: generated from pipeline/schemas/tables.json by `make docs` -->"
END = "<!-- END tables -->"

TYPES = {
    "string": "text",
    "integer": "integer",
    "year": "integer",
    "number": "number",
    "boolean": "true/false",
}


def _cell(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|").replace("\n", " ")


def render(contract: dict[str, Any]) -> str:
    """The generated part: one section per table, a row per column."""
    out = [
        BEGIN,
        "",
        f"Contract version {contract['contract_version']}. Types are those of the data package "
        "(`text` cells may be empty; an empty `integer` is a missing value, `<NA>` in the "
        "Python API and `NULL` in a database).",
        "",
    ]
    for name, spec in contract["tables"].items():
        key = ", ".join(f"`{k}`" for k in spec["primaryKey"])
        out += [f"### `{name}`", ""]
        if spec.get("description"):
            out += [spec["description"], ""]
        out += [f"Key: {key}.", ""]
        for fk in spec.get("foreignKeys", []):
            ref = fk["reference"]
            out += [
                f"References: ({', '.join(fk['fields'])}) -> "
                f"`{ref['resource']}` ({', '.join(ref['fields'])}).",
                "",
            ]
        out += ["| column | type | meaning |", "| --- | --- | --- |"]
        for field, ftype, description in spec["fields"]:
            out.append(f"| `{field}` | {TYPES.get(ftype, ftype)} | {_cell(description)} |")
        out.append("")
    out.append(END)
    return "\n".join(out)


def current(doc: str) -> str:
    """The generated part as it is in the document now."""
    start, end = doc.index(BEGIN), doc.index(END) + len(END)
    return doc[start:end]


def main(argv: list[str]) -> int:
    contract = json.loads(TABLES.read_text(encoding="utf-8"))
    doc = DOC.read_text(encoding="utf-8")
    fresh = render(contract)
    if "--check" in argv:
        if current(doc) != fresh:
            print(f"{DOC}: the table reference is out of date; run `make docs`", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(doc.replace(current(doc), fresh), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
