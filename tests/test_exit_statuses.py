"""Every command, on every kind of bad input it can meet: the README's exit status and one line.

The expected statuses are checked against the README's own table (parsed from it), so the
table and the code cannot drift apart: a status missing from the table, or a table row whose
reason does not describe the failure, fails here.
"""

from __future__ import annotations

import re
import sqlite3

import pytest
from click.testing import CliRunner

from isecg_extract.cli import main

from helpers import ROOT, SAMPLES, SEED_TEXT

PDF = SAMPLES / "isecg-annual-report-2025-word.pdf"


def readme_statuses() -> dict[int, str]:
    """The README's exit-status table: status -> reason."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table: dict[int, str] = {}
    for codes, reason in re.findall(r"^\| ([\d, ]+) \| (.+) \|$", text, re.M):
        for code in codes.split(","):
            table[int(code)] = reason
    return table


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    """One file or folder per kind of bad input, by name."""
    d = tmp_path_factory.mktemp("bad")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.pdf").write_bytes(bytes(range(256)) * 8)
    (d / "truncated.pdf").write_bytes(PDF.read_bytes()[:2000])
    (d / "report.txt").write_bytes(SEED_TEXT.read_bytes())
    (d / "empty-dir").mkdir()
    (d / "not-a-db.db").write_text("hello", encoding="utf-8")
    batch_dir = d / "batch-out"
    (d / "bad-config").mkdir()
    return {
        "missing": d / "missing.pdf",
        "missing-dir": d / "missing-dir",
        "empty": d / "empty.txt",
        "binary": d / "binary.pdf",
        "truncated": d / "truncated.pdf",
        "text": d / "report.txt",
        "empty-dir": d / "empty-dir",
        "not-a-db": d / "not-a-db.db",
        "batch-out": batch_dir,
        "bad-config": d / "bad-config",
        "pdf": PDF,
        "out": d / "out",
    }


@pytest.fixture(scope="module")
def report_folder(tmp_path_factory):
    """A real output folder, for load and diff with a bad database or a bad partner."""
    out = tmp_path_factory.mktemp("good") / "isecg-ar-2025"
    result = CliRunner().invoke(main, ["extract", str(SEED_TEXT), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


# (command line with {names} of `bad` or {report}, status, the file the line must name,
#  words the README's reason for that status must contain)
CASES = [
    ("extract {missing} -o {out}", 3, "{missing}", "no such file"),
    ("extract {empty} -o {out}", 4, "{empty}", "empty file"),
    ("extract {binary} -o {out}", 5, "{binary}", "not a PDF"),
    ("extract {truncated} -o {out}", 6, "{truncated}", "malformed"),
    ("extract {text} -o {out} --max-bytes 100", 10, "{text}", "--max-bytes"),
    ("extract {text} -o {out} --config-dir {bad-config}", 13, "{bad-config}", "configuration"),
    ("extract {text} --no-such-option", 2, None, "usage error"),
    ("batch {empty-dir} -o {batch-out}", 3, "{empty-dir}", "no such file"),
    ("batch {binary} -o {batch-out}", 15, "{batch-out}", "batch failed"),
    ("batch {text} -o {batch-out} --db mysql://x/y", 18, "mysql://x/y", "database"),
    ("batch", 2, None, "usage error"),
    ("inspect {missing} --png {out}.png", 3, "{missing}", "no such file"),
    ("inspect {empty} --png {out}.png", 4, "{empty}", "empty file"),
    ("inspect {binary} --png {out}.png", 5, "{binary}", "not a PDF"),
    ("inspect {text} --png {out}.png", 5, "{text}", "needs a PDF"),
    ("inspect {pdf} --page 999 --png {out}.png", 2, "{pdf}", "--page"),
    ("inspect {pdf}", 2, None, "usage error"),
    ("diff {missing-dir} {report}", 3, "{missing-dir}", "no such file"),
    ("diff {empty-dir} {report}", 17, "{empty-dir}", "output folder"),
    ("diff {binary} {report}", 5, "{binary}", "not a PDF"),
    ("diff {report}", 2, None, "usage error"),
    ("timeline {missing-dir}", 3, "{missing-dir}", "no such file"),
    ("timeline {empty-dir}", 17, "{empty-dir}", "output folder"),
    ("timeline {text}", 17, "{text}", "output folder"),
    ("timeline {report}", 17, "{report}", "output folder"),
    ("load {missing-dir} --db sqlite:///{out}.db", 3, "{missing-dir}", "no such file"),
    ("load {empty-dir} --db sqlite:///{out}.db", 17, "{empty-dir}", "output folder"),
    ("load {text} --db sqlite:///{out}.db", 17, "{text}", "output folder"),
    ("load {report} --db mysql://x/y", 18, "mysql://x/y", "database"),
    ("load {report} --db sqlite:///{not-a-db}", 18, "sqlite:///{not-a-db}", "database"),
    (
        "load {report} --db sqlite:///{missing-dir}/x.db",
        18,
        "sqlite:///{missing-dir}/x.db",
        "database",
    ),
    ("load", 2, None, "usage error"),
    ("stages extra", 2, None, "usage error"),
]


@pytest.mark.parametrize(("line", "status", "names", "reason"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_exit_status_is_the_readmes(bad, report_folder, line, status, names, reason):
    table = readme_statuses()
    assert status in table, f"status {status} is not in the README's table"
    assert reason.lower() in table[status].lower(), (status, table[status])
    values = {k: str(v) for k, v in bad.items()} | {"report": str(report_folder)}
    args = [_fill(a, values) for a in line.split()]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output
    if names is None:  # click's usage error: its own format, with the usage line
        assert "Usage: " in result.output
        return
    lines = [ln for ln in result.output.splitlines() if ln.startswith("isecg-extract: ")]
    assert lines, result.output
    assert lines[-1].startswith(f"isecg-extract: {_fill(names, values)}: "), result.output


def _fill(template: str, values: dict[str, str]) -> str:
    return re.sub(r"\{([\w-]+)\}", lambda m: values[m.group(1)], template)


def test_every_status_of_the_table_is_an_error_class_or_click():
    """Each library error's status is in the table, so no command exits with an unlisted one."""
    from isecg_extract import errors
    from isecg_extract.batch import errors as batch_errors
    from isecg_extract.compare import errors as compare_errors
    from isecg_extract.load import errors as load_errors

    table = readme_statuses()
    classes = [
        c
        for module in (errors, batch_errors, compare_errors, load_errors)
        for c in vars(module).values()
        if isinstance(c, type) and issubclass(c, Exception) and hasattr(c, "exit_code")
    ]
    assert classes
    for cls in classes:
        if cls.exit_code != 1:  # the abstract bases
            assert cls.exit_code in table, cls


def test_a_database_that_cannot_be_opened_is_18_for_load_and_batch(bad, report_folder):
    sqlite3.connect(bad["not-a-db"]).close()  # still not a database: connecting writes nothing
    for args in (
        ["load", str(report_folder), "--db", f"sqlite:///{bad['not-a-db']}"],
        [
            "batch",
            str(bad["text"]),
            "-o",
            str(bad["batch-out"]),
            "--db",
            f"sqlite:///{bad['not-a-db']}",
        ],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 18, result.output
