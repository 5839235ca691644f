"""The PDF engines and the page reader they share import one another without a cycle, counting
imports inside functions too (``test_architecture`` follows module-level ones only).

``ingest.pdf`` once imported ``ingest.pdfium`` inside a function while ``ingest.pdfium``
imported ``ingest.pdf``: now both engines import ``ingest.segments``, which imports neither.
"""

from __future__ import annotations

import ast

from test_architecture import SRC, cycles

PACKAGE = SRC / "isecg_extract"


def imports_anywhere() -> dict[str, set[str]]:
    """Each module of the package -> the package's modules it imports, at any depth of code
    (importing a.b.c imports a.b as well; a module's own packages are not counted)."""
    paths = {
        ".".join(p.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__"): p
        for p in PACKAGE.rglob("*.py")
    }
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        named: list[str] = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                named += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = ".".join(here[: len(here) - node.level + 1] if node.level else [])
                module = ".".join(part for part in (base, node.module or "") if part)
                named += [module, *(f"{module}.{alias.name}" for alias in node.names)]
        graph[name] = {
            prefix
            for target in named
            for prefix in (".".join(target.split(".")[:k]) for k in range(2, target.count(".") + 2))
            if prefix in paths and prefix != name and not name.startswith(prefix + ".")
        }
    return graph


def test_no_ingest_module_imports_one_that_imports_it_back():
    ingest = [c for c in cycles(imports_anywhere()) if any(".ingest" in m for m in c)]
    assert ingest == []


def test_the_graph_sees_imports_inside_functions():
    graph = imports_anywhere()
    # ingest.ingest() imports the workers and the text reader only when it needs them.
    assert {"isecg_extract.ingest.workers", "isecg_extract.ingest.text"} <= graph[
        "isecg_extract.ingest"
    ]
    assert "isecg_extract.ingest.segments" in graph["isecg_extract.ingest.pdfium.document"]
