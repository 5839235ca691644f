from __future__ import annotations

import re

from click.testing import CliRunner

from isecg_extract.cli import main, safe_stem

from helpers import ROOT, SEED_TEXT


def test_extract_writes_every_dataset_and_prints_checks(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "extract",
            str(SEED_TEXT),
            "-o",
            str(out),
            "--keep-intermediate",
            str(tmp_path / "stages"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "28 agencies" in result.output
    assert "warning: isecg-annual-report-2025.txt: the report states 27 members" in result.output
    assert (out / "datapackage.json").exists()
    assert sorted(p.name for p in (tmp_path / "stages").iterdir()) == [
        "1-layout.json",
        "2-structure.json",
        "3-nlp.json",
        "4-report.json",
    ]


def test_missing_file_is_one_line_with_its_own_exit_status(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "nope.pdf")])
    assert result.exit_code == 3
    assert result.output.strip() == f"isecg-extract: {tmp_path / 'nope.pdf'}: no such file"


def test_binary_garbage_is_refused(tmp_path):
    bad = tmp_path / "image.pdf"
    bad.write_bytes(bytes(range(256)) * 20)
    result = CliRunner().invoke(main, ["extract", str(bad), "-o", str(tmp_path / "o")])
    assert result.exit_code == 5
    assert "image.pdf: not a PDF or text file" in result.output
    assert not (tmp_path / "o").exists()


def test_output_names_from_inputs_cannot_escape():
    from pathlib import Path

    assert safe_stem(Path("../../etc/passwd")) == "passwd"
    assert safe_stem(Path("a b;rm -rf.txt")) == "a_b_rm_-rf"
    assert safe_stem(Path("...")) == "report"


def test_every_command_has_help_and_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert command.help, name
        assert re.search(rf"isecg-extract {name}\b", readme), f"README does not document `{name}`"


def test_a_model_that_is_not_installed_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(
        main, ["extract", str(SEED_TEXT), "-o", str(tmp_path / "o"), "--model", "xx_no_such_model"]
    )
    assert result.exit_code == 13
    assert (
        "xx_no_such_model: invalid pipeline configuration: spaCy model not installed"
        in result.output
    )


def test_stages_lists_the_pipeline_in_order():
    result = CliRunner().invoke(main, ["stages"])
    assert result.output.split() == [
        "1.",
        "ingest",
        "2.",
        "layout",
        "3.",
        "structure",
        "4.",
        "nlp",
        "5.",
        "normalise",
        "6.",
        "write",
    ]


def test_extract_dash_reads_the_report_from_standard_input(tmp_path):
    out = tmp_path / "o"
    result = CliRunner().invoke(
        main, ["extract", "-", "-o", str(out), "-q"], input=SEED_TEXT.read_bytes()
    )
    assert result.exit_code == 0, result.output
    documents = (out / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert documents[1].startswith("isecg-ar-2025,2025,") and ",stdin," in documents[1]
    empty = CliRunner().invoke(main, ["extract", "-", "-o", str(tmp_path / "e")], input=b"")
    assert (empty.exit_code, empty.output) == (4, "isecg-extract: -: empty file\n")


def test_informational_checks_show_with_verbose_only(tmp_path):
    # A chair change announced with no year is an informational check (it is left out).
    text = SEED_TEXT.read_text(encoding="utf-8").replace(
        "This year the ISECG welcomed",
        "JAXA will take over the chair. This year the ISECG welcomed",
    )
    path = tmp_path / "isecg-annual-report-2025.txt"
    path.write_text(text, encoding="utf-8")
    runner = CliRunner()
    plain = runner.invoke(main, ["extract", str(path), "-o", str(tmp_path / "a")])
    verbose = runner.invoke(main, ["extract", str(path), "-o", str(tmp_path / "b"), "-v"])
    assert plain.exit_code == verbose.exit_code == 0
    assert "warning: isecg-annual-report-2025.txt: the report states 27 members" in plain.output
    assert "note: " not in plain.output
    assert "note: isecg-annual-report-2025.txt: change with no date ignored" in verbose.output


def test_an_unknown_agency_is_a_warning_with_the_registry_line_to_add(tmp_path):
    text = SEED_TEXT.read_text(encoding="utf-8").replace(
        "Hellenic Space Centre (HSC)", "Atlantis Orbital Agency (AOA)"
    )
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    (line,) = [ln for ln in result.output.splitlines() if "not in the registry" in ln]
    assert line.startswith("warning: report.txt: agency not in the registry: ")
    added = line.split("pipeline/registry/agencies.csv: ")[1]
    assert added.startswith("aoa,AOA,Atlantis Orbital Agency,,GR,")
    quiet = CliRunner().invoke(main, ["extract", str(path), "-o", str(tmp_path / "q"), "-q"])
    assert quiet.output == ""


def test_every_command_that_prints_has_quiet():
    for command in ("extract", "batch", "inspect", "diff", "timeline", "load"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert "-q, --quiet" in result.output, command
    for command in ("extract", "batch"):
        assert "-v, --verbose" in CliRunner().invoke(main, [command, "--help"]).output


def test_inspect_quiet_prints_nothing(tmp_path):
    pdf = ROOT / "samples" / "isecg-annual-report-2025-word.pdf"
    png = tmp_path / "p.png"
    result = CliRunner().invoke(main, ["inspect", str(pdf), "--page", "2", "--png", str(png), "-q"])
    assert (result.exit_code, result.output) == (0, "")
    assert png.stat().st_size > 0
