"""The package's modules import one another without cycles, wherever the import stands.

A cycle makes the import order matter and lets a half-initialised module be seen; stages must
depend only on the stages before them (ingest -> layout -> structure -> nlp -> normalise ->
write). An import inside a function (the CLI imports heavy libraries lazily) hides a cycle from
Python at start-up but not from a reader, so both kinds count.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def module_graph(*, nested: bool = True) -> dict[str, set[str]]:
    mods: dict[str, Path] = {}
    for path in (SRC / "isecg_extract").rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
        mods[name] = path
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree) if nested else tree.body:
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join(base + [node.module or ""]) if node.level else node.module or ""
                targets = [mod.rstrip("."), *(f"{mod}.{a.name}" for a in node.names)]
            else:
                continue
            for target in targets:
                parts = target.split(".")
                for k in range(2, len(parts) + 1):  # importing a.b.c runs a.b's __init__ too
                    dep = ".".join(parts[:k])
                    if dep in mods and dep != name and not name.startswith(dep + "."):
                        graph[name].add(dep)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle_at_module_level():
    assert cycles(module_graph(nested=False)) == []


def test_no_import_cycle_even_through_imports_inside_functions():
    assert cycles(module_graph()) == []


def test_the_graph_sees_an_import_inside_a_function(tmp_path, monkeypatch):
    pkg = tmp_path / "isecg_extract"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from isecg_extract import b\n")
    (pkg / "b.py").write_text("def f():\n    from isecg_extract.a import x\n")
    monkeypatch.setitem(globals(), "SRC", tmp_path)
    assert cycles(module_graph()) == [["isecg_extract.a", "isecg_extract.b"]]
    assert cycles(module_graph(nested=False)) == []


def test_the_cycle_finder_finds_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
