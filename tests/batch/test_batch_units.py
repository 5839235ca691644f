"""The small parts on their own: discovery, cache keys, folder names, matching."""

from __future__ import annotations

import shutil

import pytest
from batch_helpers import ROOT

from isecg_extract.batch.cache import cache_key, options_fingerprint, pipeline_version
from isecg_extract.batch.discover import discover
from isecg_extract.batch.manifest import ManifestRow
from isecg_extract.batch.publish import assign_folders
from isecg_extract.compare.match import PLAN_THRESHOLD, coverage, plan_similarity
from isecg_extract.ingest import IngestOptions
from isecg_extract.pipeline import ExtractOptions


def test_discover_folders_recursively_by_content_and_name(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "2025.txt").write_text("x")
    (tmp_path / "a" / "b" / "2024.md").write_text("x")
    (tmp_path / "a" / "b" / "scan.bin").write_bytes(b"%PDF-1.7\n...")  # a PDF by content
    (tmp_path / "a" / "b" / "report.PDF").write_bytes(
        b"not really"
    )  # taken: the pipeline says why not
    (tmp_path / "a" / "notes.toml").write_text("x")
    (tmp_path / "a" / "README.md").write_text("x")
    (tmp_path / "a" / ".hidden.txt").write_text("x")
    (tmp_path / "a" / ".cache").mkdir()
    (tmp_path / "a" / ".cache" / "old.txt").write_text("x")
    (tmp_path / "a" / "out").mkdir()
    (tmp_path / "a" / "out" / "x.txt").write_text("x")
    found = discover([tmp_path / "a"], exclude=[tmp_path / "a" / "out"])
    assert [p.relative_to(tmp_path).as_posix() for p in found.files] == [
        "a/2025.txt",
        "a/b/2024.md",
        "a/b/report.PDF",
        "a/b/scan.bin",
    ]
    assert found.missing == [] and found.warnings == []


def test_discover_files_globs_and_missing(tmp_path):
    for name in ("r1.txt", "r2.txt", "notes.toml"):
        (tmp_path / name).write_text("x")
    found = discover(
        [str(tmp_path / "notes.toml"), str(tmp_path / "*"), str(tmp_path / "r1.txt"),
         str(tmp_path / "nope.pdf"), str(tmp_path / "*.docx")]
    )  # fmt: skip
    # A file named on the command line is taken as it is; a glob takes only report files;
    # each file once, in the order first named.
    assert [p.name for p in found.files] == ["notes.toml", "r1.txt", "r2.txt"]
    assert found.missing == [str(tmp_path / "nope.pdf")]
    assert found.warnings == [f"{tmp_path / '*.docx'}: no report file matches this pattern"]


def test_pipeline_version_changes_with_the_registries(tmp_path):
    from isecg_extract.config import default_pipeline_dir

    copy = tmp_path / "pipeline"
    shutil.copytree(default_pipeline_dir(), copy)
    before = pipeline_version(str(copy))
    assert before == pipeline_version(str(copy))
    pipeline_version.cache_clear()
    with (copy / "registry" / "agencies.csv").open("a") as f:
        f.write("xsa,XSA,Example Space Agency,,XX,,\n")
    after = pipeline_version(str(copy))
    assert before != after and before.split("+")[0] == after.split("+")[0]


def test_cache_key_depends_on_bytes_version_and_output_options():
    base = ExtractOptions()
    fp = options_fingerprint(base, raw_cells=False)
    key = cache_key("a" * 64, "0.1.0+x", fp)
    assert key == cache_key("a" * 64, "0.1.0+x", options_fingerprint(ExtractOptions(), False))
    assert key != cache_key("b" * 64, "0.1.0+x", fp)
    assert key != cache_key("a" * 64, "0.1.0+y", fp)
    assert key != cache_key("a" * 64, "0.1.0+x", options_fingerprint(base, raw_cells=True))
    secret = ExtractOptions(ingest=IngestOptions(password="hunter2"))
    assert "hunter2" not in options_fingerprint(secret, False)
    assert key != cache_key("a" * 64, "0.1.0+x", options_fingerprint(secret, False))


def row(file: str, doc_id: str = "", year: int | None = None, status: str = "ok") -> ManifestRow:
    return ManifestRow(file=file, doc_id=doc_id, report_year=year, status=status)


def test_folder_names_come_from_the_report_year_never_the_file_name():
    rows = [
        row("in/isecg-2025.pdf", "isecg-ar-2024", 2024),  # misnamed: its content says 2024
        row("in/all.txt", "doc-1", None),  # no year found: the stem, but not a reserved name
        row("in/a/notes.txt", "doc-2", None),
        row("in/b/notes.txt", "doc-3", None),
        row("in/isecg-ar-2024.txt", "doc-4", None),  # a stem that looks like a year's folder
        row("in/broken.pdf", status="failed"),
    ]
    assert assign_folders(rows) == []
    assert [r.folder for r in rows] == [
        "isecg-ar-2024", "all-2", "notes", "notes-2", "isecg-ar-2024-2", "",
    ]  # fmt: skip


def test_two_inputs_of_the_same_year_each_get_a_folder_and_a_warning():
    rows = [row("x/report.txt", "isecg-ar-2025", 2025), row("y/report.pdf", "isecg-ar-2025", 2025)]
    warnings = assign_folders(rows)
    assert [r.folder for r in rows] == ["isecg-ar-2025--report", "isecg-ar-2025--report-2"]
    assert warnings == [
        "2 inputs are the 2025 report (isecg-ar-2025): x/report.txt -> isecg-ar-2025--report/, "
        "y/report.pdf -> isecg-ar-2025--report-2/"
    ]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("begin drafting a Commercialisation Whitepaper",
         "advance its work on commercialisation by finalising the Commercialisation Whitepaper", True),
        ("preparation of the Lunar Surface Systems (LSS) Gap Report",
         "publication of the Lunar Surface Systems (LSS) Gap Report", True),
        ("maintain the ISECG publication plan", "maintaining the ISECG publication plan", True),
        ("coordinate its publication with all working groups",
         "examine high-level interoperability needs in support of strategic coordination", False),
        ("collect agencies examples on benefits of space exploration",
         "developing outreach products on benefits of space exploration", False),
        ("publish the Global Exploration Roadmap 2024",
         "continue to advance its role as a globally coordinated forum for space exploration", False),
    ],
)  # fmt: skip
def test_plan_matching_calibration(a, b, same):
    assert (plan_similarity(a, b) >= PLAN_THRESHOLD) is same


def test_coverage_counts_the_plan_words_a_sentence_has():
    plan = "publication of the Lunar Surface Systems (LSS) Gap Report"
    assert (
        coverage(plan, "In 2026 the TWG published the Lunar Surface Systems (LSS) Gap Report.") == 1
    )
    assert coverage(plan, "The Gap Report was discussed.") < 0.5
    assert (
        coverage("coordinate with all working groups", "coordination was completed") == 0
    )  # vague


def test_every_command_and_option_is_documented():
    from isecg_extract.batch.cli import batch_command
    from isecg_extract.compare.cli import diff_command, timeline_command

    doc = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    for command in (batch_command, diff_command, timeline_command):
        assert command.help, command.name
        assert f"isecg-extract {command.name}" in doc
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                assert any(o in doc for o in param.opts), f"{command.name} {param.opts}"


def test_help_is_fast_because_nothing_heavy_is_imported():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import isecg_extract.cli\n"
        "heavy = [m for m in ('spacy', 'pandas', 'pdfplumber', 'matplotlib', 'rapidfuzz', 'tqdm',"
        " 'sqlalchemy', 'pypdfium2')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_worker_hook_is_off_by_default():
    import os

    from isecg_extract.batch.worker import TEST_HOOK_ENV

    assert TEST_HOOK_ENV not in os.environ


def test_extract_into_keeps_the_timeout_that_diff_passes(tmp_path, monkeypatch):
    # diff reads its inputs with extract_into; its --timeout must still stop a slow one.
    import time

    from batch_helpers import SEED

    import isecg_extract.pipeline as pipeline
    from isecg_extract.batch.worker import extract_into
    from isecg_extract.errors import ExtractTimeout

    def slow_read(*args, **kwargs):
        time.sleep(30)

    monkeypatch.setattr(pipeline, "read_document", slow_read)
    with pytest.raises(ExtractTimeout):
        extract_into(str(SEED), tmp_path / "out", ExtractOptions(timeout=0.2))
