"""Issue 22: a batch never loses a document because another reads as the same year's report.

The text and the PDF renderings of one report share ``isecg-ar-YYYY`` (one document); a draft or
another text of that year that reads as the report gets its own id, in its folder, its rows, the
manifest and the database, and corrections keyed by that id apply to it.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from isecg_extract.batch import run_batch
from isecg_extract.batch.identity import (
    SameDocument,
    content_signature,
    retag,
    separate_documents,
    similarity,
)
from isecg_extract.batch.manifest import ManifestRow
from isecg_extract.corrections import Correction, corrections_of
from isecg_extract.load import load_outputs
from isecg_extract.load.inputs import expand_folders

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "isecg-annual-report-2025.txt"
RULE = SameDocument({"agencies": "agency_id", "sections": "title"}, 0.5)

DRAFT = (
    "ISECG Annual Report 2025 (draft for review)\n\nIntroduction\n\n"
    "The International Space Exploration Coordination Group (ISECG) was established in 2007. "
    "In October 2025 ISECG held its annual meeting in Paris, hosted by CNES.\n\n"
    "Member agencies: ASI (Italy), CNES (France), CSA (Canada), DLR (Germany), ESA (Europe), "
    "JAXA (Japan), NASA (United States).\n"
)


def _folder(tmp: Path, name: str, agencies: list[str], sections: list[str]) -> Path:
    folder = tmp / name
    folder.mkdir()
    with (folder / "agencies.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["doc_id", "agency_id", "page"])
        w.writerows(["isecg-ar-2025", a, i] for i, a in enumerate(agencies))
    with (folder / "sections.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["doc_id", "section_id", "title"])
        w.writerows(["isecg-ar-2025", f"s{i}", t] for i, t in enumerate(sections))
    return folder


def _row(file: str, sha: str, key: str) -> ManifestRow:
    return ManifestRow(file, sha, status="ok", doc_id="isecg-ar-2025", report_year=2025, key=key)


AGENCIES = [f"a{i}" for i in range(20)]
SECTIONS = ["Executive Summary", "Working Groups", "Annex: Members"]


def test_renderings_of_one_report_keep_one_id_and_a_different_text_gets_its_own(tmp_path):
    folders = {
        "k-text": _folder(tmp_path, "text", AGENCIES, SECTIONS),
        "k-pdf": _folder(tmp_path, "pdf", AGENCIES[:18], [*SECTIONS, "Contents"]),  # lossy
        "k-draft": _folder(tmp_path, "draft", AGENCIES[:5], ["Introduction"]),
    }
    rows = [
        _row("a.txt", "1" * 64, "k-text"),
        _row("a.pdf", "2" * 64, "k-pdf"),
        _row("draft.txt", "abcdef12" + "0" * 56, "k-draft"),
    ]
    warnings = separate_documents(rows, folders, RULE)
    assert [r.doc_id for r in rows] == ["isecg-ar-2025", "isecg-ar-2025", "isecg-ar-2025-abcdef12"]
    assert (
        len(warnings) == 1
        and "draft.txt" in warnings[0]
        and "isecg-ar-2025-abcdef12" in (warnings[0])
    )
    # The same inputs in another order: the same ids (the largest keeps the plain id).
    again = [_row(r.file, r.sha256, r.key) for r in reversed(rows)]
    separate_documents(again, folders, RULE)
    assert {r.file: r.doc_id for r in again} == {r.file: r.doc_id for r in rows}


def test_the_same_bytes_twice_are_never_split(tmp_path):
    folders = {"k": _folder(tmp_path, "x", AGENCIES, SECTIONS)}
    rows = [_row("a.txt", "1" * 64, "k"), _row("copy/a.txt", "1" * 64, "k")]
    assert separate_documents(rows, folders, RULE) == []
    assert {r.doc_id for r in rows} == {"isecg-ar-2025"}


def test_the_signature_ignores_pages_and_case(tmp_path):
    a = content_signature(_folder(tmp_path, "a", ["NASA", "esa"], []), RULE)
    b = content_signature(_folder(tmp_path, "b", ["nasa", "ESA "], []), RULE)
    assert a == b == {("agencies", "nasa"), ("agencies", "esa")}


@given(st.frozensets(st.integers(0, 30)), st.frozensets(st.integers(0, 30)))
def test_similarity_is_a_symmetric_fraction(a, b):
    s = similarity(a, b)
    assert 0.0 <= s <= 1.0 and s == similarity(b, a)
    assert (s == 1.0) == (a == b)


def test_retag_rewrites_only_the_id(tmp_path):
    folder = _folder(tmp_path, "f", ["nasa"], ["isecg-ar-2025 in a title"])
    (folder / "report.json").write_text(
        json.dumps({"doc_id": "isecg-ar-2025", "rows": [{"doc_id": "isecg-ar-2025", "x": 1}]})
    )
    (folder / "datapackage.json").write_text(
        json.dumps({"name": "isecg-ar-2025", "title": "isecg-ar-2025", "resources": []})
    )
    retag(folder, "isecg-ar-2025", "isecg-ar-2025-abcdef12")
    sections = list(csv.DictReader((folder / "sections.csv").open(encoding="utf-8")))
    assert sections[0]["doc_id"] == "isecg-ar-2025-abcdef12"
    assert sections[0]["title"] == "isecg-ar-2025 in a title"  # a value that is no id stays
    report = json.loads((folder / "report.json").read_text())
    assert report == {
        "doc_id": "isecg-ar-2025-abcdef12",
        "rows": [{"doc_id": "isecg-ar-2025-abcdef12", "x": 1}],
    }
    package = json.loads((folder / "datapackage.json").read_text())
    assert package["name"] == package["title"] == "isecg-ar-2025-abcdef12"


def test_a_correction_keyed_by_the_kept_apart_id_applies_to_that_input_only():
    def c(doc_id: str) -> Correction:
        return Correction(doc_id, "events", "e", "drop", "", "", "", 2)

    sha = "abcdef12" + "0" * 56
    mine = corrections_of("isecg-ar-2025", sha, [c("isecg-ar-2025-abcdef12"), c("isecg-ar-2024")])
    assert [x.doc_id for x in mine] == ["isecg-ar-2025"]
    assert corrections_of("isecg-ar-2025", "9" * 64, [c("isecg-ar-2025-abcdef12")]) == []


def test_a_draft_of_the_year_is_kept_beside_the_report_through_batch_and_load(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLE, inputs / "report.txt")
    (inputs / "draft.txt").write_text(DRAFT, encoding="utf-8")
    out = tmp_path / "out"
    db = tmp_path / "x.db"
    result = run_batch([inputs], out, jobs=1, quiet=True, db_url=f"sqlite:///{db}")
    ids = {Path(r.file).name: r.doc_id for r in result.rows}
    assert ids["report.txt"] == "isecg-ar-2025"
    assert re.fullmatch(r"isecg-ar-2025-[0-9a-f]{8}", ids["draft.txt"])
    draft = next(r for r in result.rows if r.file.endswith("draft.txt"))
    assert draft.folder == ids["draft.txt"]
    with (out / draft.folder / "agencies.csv").open(encoding="utf-8") as f:
        assert {r["doc_id"] for r in csv.DictReader(f)} == {ids["draft.txt"]}
    with (out / "manifest.csv").open(encoding="utf-8") as f:
        assert {r["doc_id"] for r in csv.DictReader(f)} == set(ids.values())

    def documents(path: Path) -> dict[str, int]:
        with sqlite3.connect(path) as conn:
            return dict(
                conn.execute(
                    "select d.doc_id, count(a.agency_id) from documents d "
                    "left join agencies a on a.doc_id = d.doc_id group by d.doc_id"
                ).fetchall()
            )

    # batch --db: both documents, each with its own rows.
    loaded = documents(db)
    assert set(loaded) == set(ids.values()) and loaded[ids["draft.txt"]] == 7
    assert loaded["isecg-ar-2025"] > 20
    # load of everything in OUT ("load out/*": all/ and the manifests are no reports).
    db2 = tmp_path / "y.db"
    everything = sorted(p for p in out.iterdir() if not p.name.startswith("."))  # as a shell
    load_outputs(everything, f"sqlite:///{db2}")
    assert documents(db2) == loaded


def test_load_of_a_batch_folders_contents_reads_each_report_once(tmp_path):
    out = tmp_path / "out"
    for name in ("isecg-ar-2024", "isecg-ar-2025"):
        (out / name).mkdir(parents=True)
        (out / name / "datapackage.json").write_text("{}")
    (out / "all").mkdir()
    (out / "all" / "datapackage.json").write_text("{}")
    reports = [{"folder": n, "status": "ok"} for n in ("isecg-ar-2024", "isecg-ar-2025")]
    (out / "manifest.json").write_text(json.dumps({"reports": reports}))
    (out / "manifest.csv").write_text("file\n")
    given_paths = sorted(out.iterdir())
    assert expand_folders(given_paths) == [out / "isecg-ar-2024", out / "isecg-ar-2025"]
    assert expand_folders([out / "all"]) == [out / "isecg-ar-2024", out / "isecg-ar-2025"]
