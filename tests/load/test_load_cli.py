"""`isecg-extract load`: one summary line per report, one error line and a non-zero exit on failure."""

from __future__ import annotations

from click.testing import CliRunner

from isecg_extract.load.cli import load_command


def test_loads_and_summarises_each_report(out, sqlite_url):
    runner = CliRunner()
    result = runner.invoke(load_command, [str(out["r2024"]), str(out["r2025"]), "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"created tables and views for contract 2.1.0 in {sqlite_url}"
    assert lines[1] == (
        f"isecg-ar-2024: 25 rows in 9 tables from {out['r2024']} into {sqlite_url} (new report)"
    )
    assert lines[2].startswith("isecg-ar-2025: 31 rows in 9 tables") and len(lines) == 3

    again = runner.invoke(load_command, [str(out["r2025_v2"]), "--db", sqlite_url])
    assert again.exit_code == 0, again.output
    assert again.output.splitlines() == [
        f"isecg-ar-2025: 32 rows in 9 tables from {out['r2025_v2']} into {sqlite_url} "
        "(replaced 31 rows)"
    ]


def test_database_url_from_the_environment(out, sqlite_url, tmp_path):
    result = CliRunner().invoke(load_command, [str(out["r2024"])], env={"ISECG_DB": sqlite_url})
    assert result.exit_code == 0, result.output
    assert (tmp_path / "isecg.db").exists()


def test_errors_are_one_line_naming_the_folder(tmp_path, sqlite_url):
    missing = tmp_path / "out" / "isecg-ar-2030"
    result = CliRunner().invoke(load_command, [str(missing), "--db", sqlite_url])
    assert result.exit_code == 3
    assert result.output == (
        f"isecg-extract: {missing}: no such folder; expected an isecg-extract output folder\n"
    )


def test_bad_url_is_one_line(out):
    result = CliRunner().invoke(load_command, [str(out["r2024"]), "--db", "mysql://x/y"])
    assert result.exit_code == 18
    assert result.output.startswith("isecg-extract: mysql://x/y: unsupported database URL")
    assert len(result.output.splitlines()) == 1


def test_needs_at_least_one_folder():
    result = CliRunner().invoke(load_command, [])
    assert result.exit_code == 2
    assert "Missing argument 'OUT...'" in result.output


def test_the_cli_starts_without_sqlalchemy():
    # --help and every other command stay fast: SQLAlchemy is imported when a load runs.
    import subprocess
    import sys

    code = (
        "import sys, isecg_extract.cli, isecg_extract.load; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'psycopg')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
