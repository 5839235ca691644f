"""The frozen extractions under tests/fixtures/years/extracted/ and how to regenerate them.

The diff tests read the three years as the pipeline extracted them when the expectations
were written, so a change to the extraction stages does not silently change what "the
expected diff" means. After a deliberate pipeline change, regenerate them with

    ISECG_REGEN_YEAR_FIXTURES=1 .venv/bin/python -m pytest tests/batch/test_batch_fixtures.py

review the change (git diff), and update the expectations in test_batch_diff.py if needed.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest
from batch_helpers import FROZEN, REGEN_ENV

from isecg_extract.write import DATASETS

FROZEN_TABLES = [name for name in DATASETS if name != "mentions"]  # frozen without mentions
"""report.json without mentions: diff does not read them, and they are most of the bytes."""


def test_regeneration_flag_is_off():
    assert os.environ.get(REGEN_ENV) != "1", f"unset {REGEN_ENV} once the fixtures are written"


def test_frozen_extractions_are_complete():
    for name in ("isecg-ar-2023", "isecg-ar-2025", "isecg-ar-2026"):
        data = json.loads((FROZEN / name / "report.json").read_text(encoding="utf-8"))
        assert data["doc_id"] == name
        assert all(table in data for table in FROZEN_TABLES)
        assert (FROZEN / name / "sentences.json").is_file()


@pytest.mark.skipif(os.environ.get(REGEN_ENV) != "1", reason=f"set {REGEN_ENV}=1 to regenerate")
def test_regenerate_frozen_extractions(years_batch):
    out, _ = years_batch
    for name in ("isecg-ar-2023", "isecg-ar-2025", "isecg-ar-2026"):
        dest = FROZEN / name
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        data = json.loads((out / name / "report.json").read_text(encoding="utf-8"))
        keep = {k: v for k, v in data.items() if k != "mentions"}
        (dest / "report.json").write_text(
            json.dumps(keep, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        shutil.copyfile(out / name / "sentences.json", dest / "sentences.json")
