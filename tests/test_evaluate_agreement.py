"""The project's scorer and the reference scorer in ../shared/eval/score.py give the same scores.

``isecg_extract.evaluate`` implements the reference's matching rules again, so that a clone with
nothing beside it can score itself; this test holds the two together wherever ../shared exists:
on every sample output (the 2025 text and the two sample PDFs) and on outputs damaged on
purpose (rows removed, rows added, rows reordered, attributes wrong, a table missing). Every
number and every missed or extra row must be equal; the attribute checks the project adds
(``rules.EXTRA_CHECKS``) are left out of the comparison. Without ../shared this is the one test
that skips: the reference is help for development, never a dependency.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from isecg_extract import evaluate
from isecg_extract.evaluate.rules import EXTRA_CHECKS

from helpers import GOLD, REFERENCE_SCORER, SAMPLES, SEED_TEXT

SAMPLE_INPUTS = [SEED_TEXT, *sorted(p for p in SAMPLES.glob("*.pdf") if "-x" not in p.stem)]


@pytest.fixture(scope="module")
def reference():
    if not REFERENCE_SCORER.is_file():
        pytest.skip(f"{REFERENCE_SCORER} not found: the reference scorer is in ../shared")
    spec = importlib.util.spec_from_file_location("reference_score", REFERENCE_SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sample_outputs(reference, tmp_path_factory) -> dict[str, Path]:
    from isecg_extract.pipeline import extract_to

    outputs = {}
    for sample in SAMPLE_INPUTS:
        outputs[sample.name] = tmp_path_factory.mktemp(sample.stem)
        extract_to(sample, outputs[sample.name])
    return outputs


def _rewrite(folder: Path, change: Callable[[str, list[dict[str, str]]], list[dict[str, str]]]):
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            header, rows = reader.fieldnames or [], list(reader)
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=header)
            writer.writeheader()
            writer.writerows(change(path.stem, rows))


def _remove_every_third(_: str, rows):
    return [r for i, r in enumerate(rows) if i % 3 != 1]


def _add_copies_and_inventions(dataset: str, rows):
    if not rows:
        return rows
    values = dict(
        doc_id=rows[0]["doc_id"], title="Atlas of Imaginary Moons", name="Imaginary Agency",
        acronym="IMAG", actor="ISECG", description="build a cathedral on Ceres", year="2031",
        kind="joined", subject="IMAG", country="Atlantis", level="1",
    )  # fmt: skip
    invented = {k: values.get(k, "") for k in rows[0]}
    return [*rows, dict(rows[0]), dict(rows[-1]), invented]


def _shuffle_and_blur(dataset: str, rows):
    rng = random.Random(dataset)
    rows = [dict(r) for r in rows]
    rng.shuffle(rows)
    for r in rows[::4]:
        for column in ("year", "level", "country_code", "page", "status", "location", "object"):
            if column in r:
                r[column] = {"year": "2019.0", "level": "3", "page": ""}.get(column, "xx")
        if r.get("description"):
            r["description"] = " ".join(r["description"].split()[::2])
    return rows


def _drop_two_tables(folder: Path) -> None:
    (folder / "events.csv").unlink()
    (folder / "documents.csv").unlink()


DAMAGE = {
    "rows-removed": lambda f: _rewrite(f, _remove_every_third),
    "rows-added": lambda f: _rewrite(f, _add_copies_and_inventions),
    "shuffled-and-blurred": lambda f: _rewrite(f, _shuffle_and_blur),
    "tables-missing": _drop_two_tables,
}


def _ours(out: Path, gold: dict) -> tuple[list[dict], dict, float]:
    datasets, document, macro = evaluate.score_all(out, gold)
    for d in datasets:
        for dataset, attribute in EXTRA_CHECKS:
            if d["dataset"] == dataset:
                d.pop(f"{attribute}_accuracy", None)
    return datasets, document, macro


def _disagreement(reference, out: Path) -> tuple[str | None, float]:
    """What the two scorers say differently about ``out`` (None: nothing), and the macro F1."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    theirs = reference.score_all(str(out), gold)
    ours = _ours(out, gold)
    for mine, their in zip(ours[0], theirs[0], strict=True):
        if mine != their:
            return f"{mine['dataset']}: ours {mine} reference {their}", ours[2]
    if ours[1:] != theirs[1:]:
        return f"document and macro: ours {ours[1:]} reference {theirs[1:]}", ours[2]
    return None, ours[2]


def test_the_scorers_agree_on_every_sample_and_on_damaged_outputs(
    reference, sample_outputs, tmp_path
):
    """One test (it is the one that skips without ../shared): each sample output as extracted
    and under each damage; every case that disagrees is named."""
    disagree, unharmed = {}, {}
    for sample, out in sample_outputs.items():
        problem, macro = _disagreement(reference, out)
        if problem or macro < 0.99:
            disagree[sample] = problem or f"macro F1 {macro}"
        for damage, harm in sorted(DAMAGE.items()):
            copy = Path(shutil.copytree(out, tmp_path / f"{sample}-{damage}"))
            harm(copy)
            problem, macro = _disagreement(reference, copy)
            if problem:
                disagree[f"{sample} {damage}"] = problem
            if macro >= 0.99:  # the damage must be real: the score fell
                unharmed[f"{sample} {damage}"] = macro
    assert len(sample_outputs) == 3
    assert disagree == {}
    assert unharmed == {}
