"""Bad output folders and URLs are refused before the database is touched, with precise messages."""

from __future__ import annotations

import json

import pytest

from isecg_extract.load import (
    BadDatabaseUrl,
    BadOutputFolder,
    DatabaseUnavailable,
    LoadError,
    load_outputs,
)
from isecg_extract.load.package import read_output


def _rewrite(path, transform):
    path.write_text(transform(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_reads_the_standard_folder(out):
    package = read_output(out["r2025"])
    assert package.doc_id == "isecg-ar-2025"
    assert package.schema.names[0] == "documents"
    assert package.schema.version == "2.1.0"
    (doc,) = package.rows["documents"]
    assert doc[1] == 2025 and isinstance(doc[1], int)
    assert {r[7] for r in package.rows["agencies"]} == {True, False}


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda f: (f / "datapackage.json").unlink(), "has no datapackage.json"),
        (lambda f: (f / "datapackage.json").write_text("{nope"), "datapackage.json cannot be read"),
        (lambda f: (f / "mentions.csv").unlink(), "mentions.csv is missing"),
        (lambda f: (f / "events.csv").write_text(""), "events.csv is empty"),
        (
            lambda f: _rewrite(f / "events.csv", lambda t: t.replace(",9,Sydney", ",Sept,Sydney")),
            "events.csv line 2, column month: 'Sept' is not an integer",
        ),
        (
            lambda f: _rewrite(f / "agencies.csv", lambda t: t.replace(",false,", ",maybe,")),
            "column in_registry: 'maybe' is not a boolean",
        ),
        (
            lambda f: _rewrite(f / "sections.csv", lambda t: t.replace("toc_page,", "")),
            "sections.csv header does not match its schema; missing toc_page",
        ),
        (
            lambda f: _rewrite(
                f / "changes.csv", lambda t: t.replace("isecg-ar-2025,c4", "isecg-ar-2099,c4")
            ),
            "exactly one report, but its doc_ids are: isecg-ar-2025, isecg-ar-2099",
        ),
        (
            lambda f: _rewrite(f / "changes.csv", lambda t: t.replace(",c4,", ",c3,")),
            "changes.csv repeats the key doc_id='isecg-ar-2025', change_id='c3'",
        ),
        (
            lambda f: _rewrite(
                f / "activities.csv", lambda t: t.replace(",technology-working-group,", ",nowhere,")
            ),
            "activities.csv row doc_id='isecg-ar-2025', section_id='nowhere' has no match in sections.csv",
        ),
        (
            lambda f: _rewrite(f / "documents.csv", lambda t: t.replace("isecg-ar-2025,", ",", 1)),
            "documents.csv line 2: doc_id is empty",
        ),
        (
            lambda f: _rewrite(
                f / "datapackage.json", lambda t: t.replace('"mentions.csv"', '"../mentions.csv"')
            ),
            "path '../mentions.csv' leaves the folder",
        ),
        (
            lambda f: _rewrite(
                f / "datapackage.json", lambda t: t.replace('"isecg_contract_version"', '"v"')
            ),
            "no isecg_contract_version",
        ),
        (
            lambda f: _rewrite(
                f / "datapackage.json",
                lambda t: t.replace('"type": "integer"', '"type": "geopoint"', 1),
            ),
            "has type 'geopoint'",
        ),
    ],
    ids=[
        "no-datapackage",
        "bad-json",
        "missing-csv",
        "empty-csv",
        "bad-integer",
        "bad-boolean",
        "header",
        "two-doc-ids",
        "duplicate-key",
        "dangling-reference",
        "null-key",
        "path-escape",
        "no-contract-version",
        "unsupported-type",
    ],
)
def test_bad_folder_is_named_with_the_reason(out, sqlite_url, tmp_path, damage, message):
    folder = out["r2025"]
    damage(folder)
    with pytest.raises(BadOutputFolder) as caught:
        load_outputs([folder], sqlite_url)
    assert caught.value.where == str(folder)
    assert message in str(caught.value)
    assert not (tmp_path / "isecg.db").exists()  # refused before the database was opened


def test_missing_folder(tmp_path, sqlite_url):
    with pytest.raises(BadOutputFolder, match="no such folder") as caught:
        load_outputs([tmp_path / "nope"], sqlite_url)
    assert caught.value.exit_code == 3


def test_the_same_report_twice_in_one_load_is_loaded_once(out, sqlite_url):
    result = load_outputs([out["r2025"], out["r2025_v2"], out["r2024"]], sqlite_url)
    assert result.doc_ids == ["isecg-ar-2025", "isecg-ar-2024"]
    (notice,) = result.notices
    # r2025_v2 has one row more, and neither is read from a PDF.
    assert notice == (
        f"isecg-ar-2025 is in 2 folders; loaded {out['r2025_v2']} (the most rows, 32), "
        f"not {out['r2025']}"
    )
    assert result.reports[0].folder == out["r2025_v2"]


def test_folders_of_different_contracts_in_one_load_are_refused(
    out, make_out, contract, report_rows, sqlite_url
):
    other = json.loads(json.dumps(contract))
    other["contract_version"] = "0.9.0"
    other["tables"]["events"]["fields"].append(["url", "string", ""])
    older = make_out("older", report_rows("r2024"), other)
    with pytest.raises(BadOutputFolder, match="load them in separate runs"):
        load_outputs([out["r2025"], older], sqlite_url)


def test_a_contract_newer_than_this_installation_is_refused_before_the_database(
    out, make_out, contract, report_rows, sqlite_url, tmp_path
):
    future = json.loads(json.dumps(contract))
    future["contract_version"] = "99.0.0"
    claims = make_out("future", report_rows("r2024"), future)
    with pytest.raises(BadOutputFolder, match=r"newer than the \d+\.\d+\.\d+"):
        load_outputs([claims], sqlite_url)
    load_outputs([out["r2025"]], sqlite_url)  # genuine loads still work


def test_no_folders(sqlite_url):
    with pytest.raises(LoadError, match="no output folders"):
        load_outputs([], sqlite_url)


@pytest.mark.parametrize("url", ["mysql://db/isecg", "isecg.db", "sqlite://relative.db"])
def test_unsupported_urls(out, url):
    with pytest.raises(BadDatabaseUrl):
        load_outputs([out["r2025"]], url)


def test_sqlite_in_a_missing_folder(out, tmp_path):
    with pytest.raises(DatabaseUnavailable, match="does not exist"):
        load_outputs([out["r2025"]], f"sqlite:///{tmp_path}/no/such/dir/isecg.db")


def test_unreachable_postgres_names_the_database_without_password(out):
    pytest.importorskip("psycopg")
    url = "postgresql://someone:secret@127.0.0.1:1/isecg"
    with pytest.raises(DatabaseUnavailable) as caught:
        load_outputs([out["r2025"]], url)
    assert "someone:***@127.0.0.1:1" in str(caught.value)
    assert "secret" not in str(caught.value)


def test_errors_survive_pickling():
    import pickle

    error = pickle.loads(pickle.dumps(BadOutputFolder("out/x", "broken")))
    assert isinstance(error, BadOutputFolder) and str(error) == "out/x: broken"


def test_formula_guard_of_the_writer_is_undone(make_out, report_rows, sqlite_url, db_query):
    rows = report_rows("r2025")
    rows["activities"][0]["description"] = (
        "'- Publish the roadmap"  # as the writer guards "- Publish…"
    )
    rows["activities"][1]["description"] = "'-5"  # a number is never guarded: kept as written
    rows["activities"][2]["description"] = "'quoted'"
    folder = make_out("guarded", rows)
    load_outputs([folder], sqlite_url)
    assert db_query(
        sqlite_url, "SELECT description FROM activities ORDER BY activity_id LIMIT 3"
    ) == [("- Publish the roadmap",), ("'-5",), ("'quoted'",)]

    package = json.loads((folder / "datapackage.json").read_text())
    package["isecg_csv_cells"] = "raw"  # written with extract --raw-cells: nothing to undo
    (folder / "datapackage.json").write_text(json.dumps(package))
    load_outputs([folder], sqlite_url)
    assert db_query(
        sqlite_url, "SELECT description FROM activities ORDER BY activity_id LIMIT 1"
    ) == [("'- Publish the roadmap",)]


def test_restore_text_inverts_the_writer():
    from isecg_extract.load.package import restore_text
    from isecg_extract.write import safe_cell

    # Text that itself starts with ' and a formula sign ("'=x") cannot be told from a
    # guarded cell; every other text comes back as it was.
    for text in ["- bullet", "=SUM(A1)", "+1 more", "@home", "-5", "plain", "'quoted", "\tx", ""]:
        assert restore_text(safe_cell(text)) == text


def test_a_batch_folder_loads_the_report_folders_its_manifest_lists(
    make_out, report_rows, sqlite_url, tmp_path
):
    batch = tmp_path / "years"
    make_out("years/isecg-ar-2024", report_rows("r2024"))
    make_out("years/isecg-ar-2025", report_rows("r2025"))
    (batch / "all").mkdir()  # combined tables: several reports, never loaded as one
    (batch / "all" / "datapackage.json").write_text("{}", encoding="utf-8")
    manifest = {
        "reports": [
            {"file": "a.txt", "folder": "isecg-ar-2024", "status": "ok"},
            {"file": "b.txt", "folder": "isecg-ar-2025", "status": "cached"},
            {"file": "c.pdf", "folder": "", "status": "failed"},
        ]
    }
    (batch / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = load_outputs([batch], sqlite_url)
    assert result.doc_ids == ["isecg-ar-2024", "isecg-ar-2025"]
    assert [r.folder for r in result.reports] == [batch / "isecg-ar-2024", batch / "isecg-ar-2025"]


def test_a_batch_folder_with_no_report_is_refused(tmp_path, sqlite_url):
    (tmp_path / "manifest.json").write_text('{"reports": []}', encoding="utf-8")
    with pytest.raises(BadOutputFolder, match="lists no report") as caught:
        load_outputs([tmp_path], sqlite_url)
    assert caught.value.exit_code == 17
