"""Random designs (issue 21, item 7): renderings drawn by tools/layout_fuzz.py, held to their scores.

``tests/fixtures/fuzz/seeds/<seed>/`` holds a fixed handful of seeds and
``tests/fixtures/fuzz/failing/<seed>/`` every design ``make fuzz-layouts`` found under 0.95
(macro or agencies F1, either engine). Each case is its design (design.json), the PDF the
generator made of it (report.pdf), its gold with the section pages of that rendering
(gold.json) and its scores when it was saved (score.json, per engine). The tests extract the
committed PDF, so they need no producer; each dataset's F1 and the macro F1 must stay within
0.01 of the recorded score (as tests/quality.py holds the other inputs). The failing cases are
there to improve on: when a change raises a case's score, record the new one (re-run
``python tools/fuzz_layouts.py --case DIR``, which renders, scores and records the case again
in its folder) so the suite holds the gain.

The generator itself is checked where it can be: a seed still draws its committed design, and
where the producer is installed, rendering the committed design again gives the same PDF
(byte for byte) or, for producers that stamp each file (Chromium), the same scores.
"""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from helpers import ROOT

sys.path.insert(0, str(ROOT / "tools"))

import layout_fuzz as lf  # noqa: E402

FUZZ = ROOT / "tests" / "fixtures" / "fuzz"
SEEDS = sorted((FUZZ / "seeds").iterdir(), key=lambda p: int(p.name))
FAILING = sorted((FUZZ / "failing").glob("*/score.json"), key=lambda p: int(p.parent.name))
CASES = SEEDS + [p.parent for p in FAILING]
TOLERANCE = 0.01


def _case_id(case):
    return f"{case.parent.name}-{case.name}"


def _scores(pdf, gold, engine, tmp_path, scorer):
    from isecg_extract.ingest import IngestOptions
    from isecg_extract.pipeline import ExtractOptions, extract_to

    out = tmp_path / engine
    extract_to(pdf, out, ExtractOptions(ingest=IngestOptions(engine=engine, jobs=1)))
    results, _, macro = scorer.score_all(str(out), gold)
    return {r["dataset"]: r for r in results}, macro


def test_a_handful_of_fixed_seeds_from_several_producers():
    designs = [lf.load_case(case)[0] for case in SEEDS]
    assert 3 <= len(designs) <= 5
    assert len({d.producer for d in designs}) >= 3
    assert {d.content for d in designs} == {"ar2025", "synth2026"}


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_a_random_design_holds_its_recorded_score(case, tmp_path, scorer):
    design, gold, recorded = lf.load_case(case)
    assert recorded, f"{case}: score.json records no engine"
    for engine, was in recorded.items():
        by_name, macro = _scores(case / "report.pdf", gold, engine, tmp_path, scorer)
        low = {
            name: (round(by_name[name]["f1"], 3), f1, by_name[name].get("missed"))
            for name, f1 in was["datasets"].items()
            if by_name[name]["f1"] < f1 - TOLERANCE
        }
        extra = {name: by_name[name].get("extra") for name in low}
        assert not low and macro >= was["macro"] - TOLERANCE, (
            case.name,
            engine,
            design.summary(),
            round(macro, 3),
            was["macro"],
            low,
            extra,
        )


@pytest.mark.parametrize("case", SEEDS, ids=_case_id)
def test_a_seed_still_draws_its_committed_design(case):
    design = lf.load_case(case)[0]
    if design.version != lf.VERSION:
        pytest.skip(f"drawn by version {design.version} of the parameter space")
    assert lf.draw(design.seed) == design
    assert lf.Design.from_dict(json.loads(design.to_json())) == design


@pytest.mark.parametrize("case", SEEDS, ids=_case_id)
def test_the_generator_still_renders_a_committed_design(case, tmp_path, scorer):
    design, gold, recorded = lf.load_case(case)
    if not lf.installed_producers()[design.producer]:
        pytest.skip(f"{design.producer} is not installed (pip install -e '.[matrix]')")
    if not lf.font_installed(design.font):
        pytest.skip(f"font {design.font!r} is not installed")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) finds the section pages of a rendering")
    pdf, new_gold = lf.render(design)
    assert new_gold["sections"] == gold["sections"]
    if pdf == (case / "report.pdf").read_bytes():
        return
    # A producer that stamps each file (dates, ids) gives other bytes: the scores must agree.
    path = tmp_path / "again.pdf"
    path.write_bytes(pdf)
    for engine, was in recorded.items():
        by_name, macro = _scores(path, gold, engine, tmp_path, scorer)
        assert round(macro, 4) == was["macro"], (engine, macro, was["macro"])
        assert {k: round(v["f1"], 4) for k, v in by_name.items()} == was["datasets"]
