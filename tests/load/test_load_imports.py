"""The loader's modules import one another without cycles, counting imports inside functions.

tests/test_architecture.py checks module-level imports across the package; a function-level
import that closes a cycle (as backend.py and its two backends once did) passes that test
but still ties the modules together, so the loader is held to the stricter rule.
"""

from __future__ import annotations

import ast
from graphlib import TopologicalSorter
from pathlib import Path

LOAD = Path(__file__).resolve().parents[2] / "src" / "isecg_extract" / "load"
PACKAGE = "isecg_extract.load"


def _imported(node: ast.AST) -> list[str]:
    """Modules of the loader that one import statement names ('__init__' for the package)."""
    if isinstance(node, ast.Import):
        return [
            a.name.removeprefix(PACKAGE + ".") for a in node.names if a.name.startswith(PACKAGE)
        ]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level == 1:
        module = node.module or ""
    elif node.level == 0 and (node.module or "").startswith(PACKAGE):
        module = (node.module or "").removeprefix(PACKAGE).lstrip(".")
    else:
        return []
    if module:
        return [module.split(".")[0]]
    return ["__init__", *(a.name for a in node.names)]


def load_graph() -> dict[str, set[str]]:
    modules = {p.stem: p for p in LOAD.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        deps = {dep for node in ast.walk(tree) for dep in _imported(node)}
        graph[name] = {d for d in deps if d in modules and d != name}
    return graph


def test_no_import_cycle_in_the_loader_even_inside_functions():
    graph = load_graph()
    assert {"backend", "migrate", "tables"} <= graph["loader"]  # the walk sees the imports
    assert "loader" in graph["__init__"]  # also the one inside __getattr__
    list(TopologicalSorter(graph).static_order())  # raises CycleError on a cycle
