"""Fixtures for the loader tests: hand-made output folders and the databases to load them into.

Output folders are written the way the pipeline's writer does (one CSV per table, report.json,
datapackage.json built from pipeline/schemas/tables.json), so the loader is tested
against the real contract. PostgreSQL tests start their own throwaway server.
"""

from __future__ import annotations

import csv
import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CONTRACT_FILE = REPO / "pipeline" / "schemas" / "tables.json"
PG_HINT = (
    "PostgreSQL server programs (initdb, pg_ctl) not found; to run these tests install the "
    "Debian package postgresql, e.g. apt-get install -y postgresql (or run scripts/ci-postgres.sh)"
)

Rows = Mapping[str, list[dict[str, Any]]]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: needs a PostgreSQL server (started by the tests)")


# --- hand-made reports -------------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _stored(key: str) -> dict[str, list[dict[str, Any]]]:
    data = json.loads((FIXTURES / "reports.json").read_text(encoding="utf-8"))
    return data[key]


def _report_2024() -> dict[str, list[dict[str, Any]]]:
    return _stored("r2024")


def _report_2025() -> dict[str, list[dict[str, Any]]]:
    return _stored("r2025")


def _report_2025_v2() -> dict[str, list[dict[str, Any]]]:
    """A re-extraction of 2025 after a pipeline fix: some rows differ, some are gone or new."""
    rows = _report_2025()
    rows["documents"][0]["source_sha256"] = "c" * 64
    rows["documents"][0]["pages"] = 15
    rows["agencies"][-1]["name"] = "Korea AeroSpace Administration (KASA)"
    rows["activities"] = [a for a in rows["activities"] if a["activity_id"] != "erwg-2026-2"]
    rows["activities"].append(
        {
            "activity_id": "twg-2026-2",
            "actor": "TWG",
            "actor_id": "twg",
            "year": 2026,
            "description": "Review communication relay options",
            "trigger": "will",
            "actor_source": "previous",
            "section_id": "technology-working-group",
            "page": 8,
        }
    )
    rows["changes"][1]["year"] = 2025
    rows["mentions"].append(
        {
            "mention_id": "m5",
            "entity_type": "event",
            "entity_id": "iac-2025",
            "text": "IAC",
            "section_id": "introduction",
            "page": 1,
        }
    )
    return rows


REPORTS: dict[str, Callable[[], dict[str, list[dict[str, Any]]]]] = {
    "r2024": _report_2024,
    "r2025": _report_2025,
    "r2025_v2": _report_2025_v2,
}


# --- writing output folders --------------------------------------------------------------


def load_contract() -> dict[str, Any]:
    return json.loads(CONTRACT_FILE.read_text(encoding="utf-8"))


def datapackage(contract: Mapping[str, Any], name: str) -> dict[str, Any]:
    """The datapackage.json the pipeline's writer makes from tables.json."""
    resources = []
    for table, spec in contract["tables"].items():
        schema: dict[str, Any] = {
            "fields": [{"name": n, "type": t, "description": d} for n, t, d in spec["fields"]],
            "primaryKey": spec["primaryKey"],
        }
        if spec.get("foreignKeys"):
            schema["foreignKeys"] = spec["foreignKeys"]
        resources.append(
            {
                "name": table,
                "path": f"{table}.csv",
                "profile": "tabular-data-resource",
                "schema": schema,
            }
        )
    return {
        "name": name,
        "version": "0.1.0",
        "isecg_contract_version": contract["contract_version"],
        "resources": resources,
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_out_folder(folder: Path, rows: Rows, contract: Mapping[str, Any] | None = None) -> Path:
    """Write an OUT folder; rows lack doc_id (added from documents) and blank fields are null."""
    contract = contract or load_contract()
    doc_id = rows["documents"][0]["doc_id"]
    folder.mkdir(parents=True, exist_ok=True)
    for table, spec in contract["tables"].items():
        names = [f[0] for f in spec["fields"]]
        with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(names)
            for row in rows.get(table, []):
                row = {"doc_id": doc_id, **row}
                writer.writerow([_cell(row.get(n)) for n in names])
    package = datapackage(contract, doc_id)
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
    report = {"doc_id": doc_id, "contract_version": contract["contract_version"], "warnings": []}
    (folder / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def contract() -> dict[str, Any]:
    return load_contract()


@pytest.fixture
def out(tmp_path: Path) -> dict[str, Path]:
    """The three standard OUT folders: r2024, r2025 and r2025_v2 (a re-extraction of 2025)."""
    return {key: write_out_folder(tmp_path / key, make()) for key, make in REPORTS.items()}


@pytest.fixture
def make_out(tmp_path: Path) -> Callable[..., Path]:
    """Write a custom OUT folder: make_out(name, rows=None, contract=None)."""

    def make(
        name: str, rows: Rows | None = None, contract: Mapping[str, Any] | None = None
    ) -> Path:
        return write_out_folder(tmp_path / name, rows or _report_2025(), contract)

    return make


@pytest.fixture
def report_rows() -> Callable[[str], dict[str, list[dict[str, Any]]]]:
    """Fresh, editable rows of a standard report (r2024, r2025, r2025_v2)."""
    return lambda key: REPORTS[key]()


# --- PostgreSQL server -------------------------------------------------------------------


def _pg_bindir() -> Path | None:
    """Where initdb and pg_ctl live: PATH first, then Debian's versioned folders."""
    found = shutil.which("initdb")
    if found:
        bindir = Path(os.path.realpath(found)).parent
        if (bindir / "pg_ctl").exists():
            return bindir
    dirs = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda d: [int(x) for x in Path(d).parent.name.split(".") if x.isdigit()],
    )
    for d in reversed(dirs):
        if (Path(d) / "initdb").exists() and (Path(d) / "pg_ctl").exists():
            return Path(d)
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_user() -> pwd.struct_passwd | None:
    """initdb refuses to run as root, so as root the server runs as an unprivileged user."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    pytest.fail("running as root and no postgres or nobody user to run PostgreSQL as")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """Start a private PostgreSQL on 127.0.0.1 for the session; yield the test database URL."""
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip(PG_HINT)
    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg is not installed: pip install 'psycopg[binary]'")
    user = _server_user()
    # Not under pytest's tmp folder: that one is private to root, and the server user must
    # reach its data folder.
    root = Path(tempfile.mkdtemp(prefix="isecg-pg-"))
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    sockets.mkdir()
    as_user: dict[str, Any] = {}
    if user is not None:
        for path in (root, sockets):
            os.chown(path, user.pw_uid, user.pw_gid)
        as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}

    def run(*args: str) -> None:
        done = subprocess.run(
            args, cwd=root, env=env, capture_output=True, text=True, timeout=120, **as_user
        )
        if done.returncode != 0:
            server_log = log.read_text(errors="replace") if log.exists() else ""
            pytest.fail(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}\n{server_log}")

    port = _free_port()
    started = False
    try:
        run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip
        options = (
            f"-h 127.0.0.1 -p {port} -k {sockets} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
            "-o", options, "start")  # fmt: skip
        started = True
        admin = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(admin, autocommit=True) as conn:
                    conn.execute("CREATE DATABASE isecg_test")
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield f"postgresql://postgres@127.0.0.1:{port}/isecg_test"
    finally:
        if started:
            subprocess.run(
                [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                cwd=root, env=env, capture_output=True, timeout=60, **as_user,
            )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def reset_postgres(url: str) -> None:
    """Give a test an empty database without the cost of CREATE DATABASE."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


@pytest.fixture
def pg_url(pg_server: str) -> str:
    reset_postgres(pg_server)
    return pg_server


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'isecg.db'}"


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each backend; PostgreSQL tests skip when the server cannot run."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'isecg.db'}"
    return str(request.getfixturevalue("pg_url"))


# --- reading databases back --------------------------------------------------------------


def norm(value: Any) -> Any:
    """Booleans come back as 0/1 from SQLite and True/False from PostgreSQL."""
    return int(value) if isinstance(value, bool) else value


def sort_rows(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    rows = [tuple(norm(v) for v in r) for r in rows]
    return sorted(rows, key=lambda r: tuple((v is None, str(v)) for v in r))


def query(url: str, sql: str) -> list[tuple[Any, ...]]:
    from isecg_extract.load.backend import open_backend

    backend = open_backend(url)
    try:
        return [tuple(norm(v) for v in r) for r in backend.conn.exec_driver_sql(sql)]
    finally:
        backend.close()


def execute(url: str, *statements: str) -> None:
    """Run statements in one committed transaction, as the loader connects."""
    from isecg_extract.load.backend import open_backend

    backend = open_backend(url)
    try:
        conn = backend.begin([], exclusive=True)
        for sql in statements:
            conn.exec_driver_sql(sql)
        backend.commit()
    finally:
        backend.close()


def snapshot(url: str, contract: Mapping[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Every dataset row and the schema_version history, in a backend-neutral order."""
    import sqlalchemy as sa

    from isecg_extract.load.backend import open_backend

    backend = open_backend(url)
    try:
        conn = backend.conn
        present = set(sa.inspect(conn).get_table_names())
        shot = {}
        for table, spec in contract["tables"].items():
            if table in present:
                cols = ", ".join(f'"{f[0]}"' for f in spec["fields"])
                shot[table] = sort_rows(list(conn.exec_driver_sql(f'SELECT {cols} FROM "{table}"')))
        if "schema_version" in present:
            shot["schema_version"] = sort_rows(
                list(
                    conn.exec_driver_sql(
                        "SELECT seq, contract_version, schema_json FROM schema_version"
                    )
                )
            )
        return shot
    finally:
        backend.close()


@pytest.fixture
def db_snapshot(contract: dict[str, Any]) -> Callable[[str], dict[str, list[tuple[Any, ...]]]]:
    return lambda url: snapshot(url, contract)


@pytest.fixture
def db_query() -> Callable[[str, str], list[tuple[Any, ...]]]:
    """Run one query on a database URL; rows come back with booleans as 0/1."""
    return query


@pytest.fixture
def db_execute() -> Callable[..., None]:
    """Run statements on a database URL in one committed transaction."""
    return execute


@pytest.fixture(name="sort_rows")
def sort_rows_fixture() -> Callable[[list[tuple[Any, ...]]], list[tuple[Any, ...]]]:
    """Sort rows the same way whatever the backend's NULL ordering and boolean type."""
    return sort_rows


@pytest.fixture
def expected() -> Callable[[Path], dict[str, list[tuple[Any, ...]]]]:
    """The rows a folder should leave in the database, in snapshot form."""
    from isecg_extract.load.package import read_output

    return lambda folder: {t: sort_rows(rows) for t, rows in read_output(folder).rows.items()}


@pytest.fixture(scope="module")
def sample_dbs(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> dict[str, str | None]:
    """r2024 and r2025 loaded into SQLite and, when it can run, PostgreSQL (else None).

    When PostgreSQL cannot run, "skipped" holds the reason for the tests to skip with.
    """
    from isecg_extract.load import load_outputs

    root = tmp_path_factory.mktemp("sample")
    folders = [write_out_folder(root / key, REPORTS[key]()) for key in ("r2024", "r2025")]
    urls: dict[str, str | None] = {"sqlite": f"sqlite:///{root / 'sample.db'}", "postgresql": None}
    try:
        server = str(request.getfixturevalue("pg_server"))
    except pytest.skip.Exception as skipped:
        urls["skipped"] = str(skipped.msg)
        server = None
    if server is not None:
        import psycopg

        # A database of its own, so tests that reset the test database cannot touch it.
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS isecg_sample")
            conn.execute("CREATE DATABASE isecg_sample")
        urls["postgresql"] = server.rsplit("/", 1)[0] + "/isecg_sample"
    for backend in ("sqlite", "postgresql"):
        if urls[backend] is not None:
            load_outputs(folders, str(urls[backend]))
    return urls
