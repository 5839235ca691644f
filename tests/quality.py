"""Quality floors: each scored input's F1 per dataset and macro F1, set just under its score.

Every end-to-end quality test scores an input with the project's scorer and calls
``assert_at_least_today``: a dataset whose F1 falls more than 0.01 below what it scored when
the floor was set fails, so a regression fails the suite (a floor of 0.92 under a score of
1.000 let a large one pass). The floors are today's F1 minus 0.01, rounded down, measured on
2026-12-07 (issue 24). When a change raises a score, raise its floor; lowering one needs a
reason in CHANGELOG.md.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

README = Path(__file__).resolve().parents[1] / "README.md"

DATASETS = (
    "sections",
    "agencies",
    "working_groups",
    "activities",
    "events",
    "publications",
    "changes",
)
ALL_EXACT = {"macro": 0.99, **dict.fromkeys(DATASETS, 0.99)}
"""The floors of an input that scores 1.000 on every dataset."""

FLOORS: dict[str, dict[str, float]] = {
    "isecg-annual-report-2025": ALL_EXACT,
    "isecg-annual-report-2025-word": ALL_EXACT,
    "isecg-annual-report-2025-twocol": ALL_EXACT,
    "variant-a-2026": ALL_EXACT,
    "variant-b-2024": {**ALL_EXACT, "macro": 0.974, "publications": 0.879},
    "ar2025-lo": {**ALL_EXACT, "macro": 0.986, "activities": 0.963},
    "ar2025-mpl": ALL_EXACT,
    "ar2025-typst": ALL_EXACT,
    "ar2025-weasy": ALL_EXACT,
    "varA-weasy": {**ALL_EXACT, "macro": 0.979, "publications": 0.913},
    "varB-lo": ALL_EXACT,
    "isecg-ar-2008-workplan": {**ALL_EXACT, "macro": 0.987, "sections": 0.975},
    "isecg-ar-2009-markdown": ALL_EXACT,
    "isecg-ar-2010-pdftext": ALL_EXACT,
    "isecg-ar-2013-table": ALL_EXACT,
    "isecg-ar-2019-members": {**ALL_EXACT, "macro": 0.961, "publications": 0.79},
    "isecg-ar-2021-flat": ALL_EXACT,
    "isecg-news-2015-uae": ALL_EXACT,
    "isecg-press-2014-chair": ALL_EXACT,
    "ar-2012-numbered": ALL_EXACT,
    "ar-2014-pdf-text": {
        **ALL_EXACT,
        "macro": 0.961,
        "sections": 0.968,
        "agencies": 0.953,
        "activities": 0.847,
    },
    "ar-2017-member-table": {**ALL_EXACT, "macro": 0.961, "events": 0.79},
    "ar-2020-virtual": ALL_EXACT,
    "ar-2024-excerpt": {**ALL_EXACT, "macro": 0.974, "activities": 0.879},
    "news-2011-ger-release": ALL_EXACT,
    "news-2016-plenary": {**ALL_EXACT, "macro": 0.969, "activities": 0.847},
    "ar2025-chromium-2col-bar": ALL_EXACT,
    "ar2025-chromium-caps-justified": ALL_EXACT,
    "ar2025-chromium-designed": ALL_EXACT,
    "ar2025-chromium-landscape-3col": ALL_EXACT,
    "ar2025-lo-2col-justified": ALL_EXACT,
    "ar2025-lo-numbered-zebra": ALL_EXACT,
    "ar2025-lo-word": ALL_EXACT,
    "ar2025-reportlab-2col-shuffled": ALL_EXACT,
    "ar2025-reportlab-shuffled": ALL_EXACT,
    "ar2025-typst-2col-bold": ALL_EXACT,
    "ar2025-typst-3col-ruled": ALL_EXACT,
    "ar2025-typst-numbered": ALL_EXACT,
    "ar2025-weasy-2col-justified": ALL_EXACT,
    "ar2025-weasy-3col-numbered": ALL_EXACT,
    "ar2025-weasy-landscape-zebra": ALL_EXACT,
    "ar2025-weasy-sidenotes": ALL_EXACT,
    "synth2026-chromium-2col-bar": {**ALL_EXACT, "macro": 0.974, "changes": 0.879},
    "synth2026-chromium-designed": {**ALL_EXACT, "macro": 0.974, "changes": 0.879},
    "synth2026-lo-2col-justified": {**ALL_EXACT, "macro": 0.974, "changes": 0.879},
    "synth2026-lo-word": {**ALL_EXACT, "macro": 0.974, "changes": 0.879},
    "synth2026-reportlab-2col-shuffled": {**ALL_EXACT, "macro": 0.974, "changes": 0.879},
    "synth2026-typst-2col-bold": {**ALL_EXACT, "macro": 0.974, "changes": 0.879},
    "synth2026-typst-numbered": {**ALL_EXACT, "macro": 0.974, "changes": 0.879},
    "synth2026-weasy-2col-justified": {**ALL_EXACT, "macro": 0.974, "changes": 0.879},
    "synth2026-weasy-3col-numbered": {**ALL_EXACT, "macro": 0.974, "changes": 0.879},
    "synth2026-weasy-sidenotes": {**ALL_EXACT, "macro": 0.974, "changes": 0.879},
}


def assert_at_least_today(name: str, results: list[dict[str, Any]], macro: float) -> None:
    """Fail naming every dataset of ``name`` below its floor, with its missed and extra rows."""
    floors = FLOORS[name]
    by_name = {r["dataset"]: r for r in results}
    low = {
        d: (by_name[d]["f1"], floors[d], by_name[d].get("missed"), by_name[d].get("extra"))
        for d in DATASETS
        if by_name[d]["f1"] < floors[d]
    }
    assert not low and macro >= floors["macro"], (name, round(macro, 3), low)


def assert_readme_quotes(name: str, macro: float) -> None:
    """The README's score tables quote this input's macro F1 as it is today (a row
    ``| `name` | 0.984 |``, or ``| `samples/name` (how it was made) | 1.000 |``): the numbers a
    reader sees are the ones the suite measures, not the ones of some earlier day."""
    cells = rf"\| `(?:samples/)?{re.escape(name)}`[^|\n]*\| {macro:.3f} \|"
    assert re.search(cells, README.read_text(encoding="utf-8")), (
        f"README.md: {name} scores {macro:.3f} today; update its row"
    )
