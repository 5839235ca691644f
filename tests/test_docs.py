"""The documentation for the data stays true: generated reference in sync, registries plain CSV."""

from __future__ import annotations

import importlib.util
import json
import re

import pandas as pd
import pytest

from helpers import ROOT


def _datasets_doc():
    spec = importlib.util.spec_from_file_location(
        "datasets_doc", ROOT / "tools" / "datasets_doc.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_datasets_reference_is_generated_from_tables_json():
    tool = _datasets_doc()
    contract = json.loads((ROOT / "pipeline" / "schemas" / "tables.json").read_text("utf-8"))
    doc = (ROOT / "docs" / "datasets.md").read_text(encoding="utf-8")
    assert tool.current(doc) == tool.render(contract), "run `make docs`"


def test_every_table_and_column_has_a_type_and_a_meaning():
    contract = json.loads((ROOT / "pipeline" / "schemas" / "tables.json").read_text("utf-8"))
    doc = (ROOT / "docs" / "datasets.md").read_text(encoding="utf-8")
    for name, spec in contract["tables"].items():
        assert spec.get("description"), name
        assert f"### `{name}`" in doc
        for field, _type, meaning in spec["fields"]:
            assert meaning.strip(), f"{name}.{field} has no meaning"
            assert re.search(rf"^\| `{field}` \| \w", doc, re.M), f"{name}.{field}"


def test_the_how_tos_are_there():
    doc = (ROOT / "docs" / "datasets.md").read_text(encoding="utf-8")
    for heading in (
        "## How to add a new year's report",
        "## How to add an agency or an alias",
        "## Correcting a row",
    ):
        assert heading in doc


@pytest.mark.parametrize(
    "name", ["agencies", "working_groups", "events", "publications", "countries"]
)
def test_registries_load_with_any_csv_reader(name):
    path = ROOT / "pipeline" / "registry" / f"{name}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert len(frame) > 0
    assert frame.columns[0] in ("id", "name")
    assert not any(str(c).startswith("#") for c in frame.columns)
    readme = (ROOT / "pipeline" / "registry" / "README.md").read_text(encoding="utf-8")
    assert f"## {name}.csv" in readme
    for column in frame.columns:
        assert f"`{column}`" in readme, f"{name}.{column} is not explained"


def test_docs_name_no_paths_of_a_particular_machine():
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    docs += sorted((ROOT / "pipeline").rglob("*.md"))
    for path in docs:
        text = path.read_text(encoding="utf-8")
        found = re.findall(r"(?<![\w.])/(?:work|home|tmp|Users|root|mnt)/[\w./-]*", text)
        assert not found, f"{path.relative_to(ROOT)}: {found}"


def test_architecture_names_every_room_and_its_modules():
    """docs/architecture.md is where a newcomer looks for a module; a new one must be listed."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    src = ROOT / "src" / "isecg_extract"
    for module in sorted(src.glob("*.py")):
        assert module.name in {"__init__.py", "__main__.py"} or f"`{module.name}`" in doc, module
    for package in sorted(p for p in src.iterdir() if (p / "__init__.py").exists()):
        assert f"`{package.name}/`" in doc, package.name
        for module in sorted(package.iterdir()):
            stem = module.stem if module.suffix == ".py" else module.name
            if stem in {"__init__", "__pycache__", "cli", "errors"}:
                continue
            assert f"`{stem}`" in doc or f"`{stem}.py`" in doc or f"`{stem}/`" in doc, (
                f"{package.name}/{module.name}"
            )


def test_the_load_example_in_docs_loading_is_what_load_prints(tmp_path, monkeypatch):
    """The row counts docs/loading.md quotes are the sample's today (they said 287 when the
    sample gave 316): the console example is run as written and compared line by line."""
    from click.testing import CliRunner

    from isecg_extract.cli import main

    from helpers import SEED_TEXT

    doc = (ROOT / "docs" / "loading.md").read_text(encoding="utf-8")
    block = doc.split("## Loading\n\n```console\n", 1)[1].split("```", 1)[0]
    runs: list[tuple[str, list[str]]] = []  # each command as shown, with the lines it prints
    for line in block.splitlines():
        if line.startswith("$ "):
            runs.append((line.split("#")[0].strip(), []))
        elif line.strip():
            runs[-1][1].append(line)
    said = {}
    for command, lines in runs:
        said.setdefault(command, []).append("\n".join(lines))
    monkeypatch.chdir(tmp_path)
    extract = CliRunner().invoke(main, ["extract", str(SEED_TEXT), "-o", "out/isecg-ar-2025"])
    assert extract.exit_code == 0, extract.output
    loads = said["$ isecg-extract load out/isecg-ar-2025"]
    assert len(loads) == 2
    for expected in loads:
        result = CliRunner().invoke(main, ["load", "out/isecg-ar-2025"])
        assert result.exit_code == 0, result.output
        assert result.output.strip() == expected


def test_make_clean_removes_the_database_make_load_made():
    """``make load`` writes the SQLite file its DB default names; ``make clean`` left it behind."""
    import subprocess

    default = re.search(r"^DB \?= sqlite:///(\S+)$", (ROOT / "Makefile").read_text(), re.M)
    assert default, "Makefile: DB ?= sqlite:///FILE"
    dry = subprocess.run(["make", "-n", "clean"], cwd=ROOT, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert re.search(rf"^rm -f .*(?<![\w.]){re.escape(default[1])}(?![\w.])", dry.stdout, re.M)


def test_the_mean_and_lowest_quoted_for_other_years_are_those_of_the_table():
    """The README's sentence under the other years' table says what its rows add up to (each
    row is checked against the score by tests/test_history_years.py)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Reports of other years", 1)[1].split("\n\n### ", 1)[0]
    scores = [float(s) for s in re.findall(r"\| `[\w-]+` \| (\d\.\d{3}) \|", section)]
    assert len(scores) == 15
    mean, lowest = sum(scores) / len(scores), min(scores)
    assert f"Mean {mean:.3f}, lowest {lowest:.3f}" in section
