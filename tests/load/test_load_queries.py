"""The views and the SQL examples of docs/loading.md answer the same on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "loading.md"
SQL_BLOCK = re.compile(r"```sql\n(.*?)```", re.DOTALL)


def doc_sql() -> list[str]:
    return [block.strip() for block in SQL_BLOCK.findall(DOC.read_text(encoding="utf-8"))]


# What each ```sql block of the doc must return for r2024 + r2025, in the doc's order.
EXPECTED = [
    # schema_version
    [("2.1.0",)],
    # v_members_per_year
    [(2024, 4), (2025, 6)],
    # v_activities_per_group_year
    [
        ("ERWG", 2024, 1),
        ("ERWG", 2025, 2),
        ("ERWG", 2026, 2),
        ("ISECG", 2025, 1),
        ("ISECG", 2026, 1),
        ("TWG", 2025, 1),
        ("TWG", 2026, 1),
    ],
    # v_changes_per_year
    [
        (2024, "chair", 1),
        (2024, "joined", 1),
        (2025, "chair", 1),
        (2025, "joined", 2),
        (2025, "merged", 1),
    ],
    # joined in 2025, from changes (KASA's year is not printed: the report's year is used)
    [(2025, "kasa", "KASA", "isecg-ar-2025"), (2025, "uksa", "UKSA", "isecg-ar-2025")],
    # joined in 2025, from the member lists
    [
        ("kasa", "KASA", "Korea AeroSpace Administration", "Republic of Korea"),
        ("uksa", "UKSA", "UK Space Agency", "United Kingdom"),
    ],
    # plans for the next year
    [
        (2024, "ERWG", 2025, "Update the Global Exploration Roadmap supplement"),
        (2024, "ISECG", 2025, "Hold the plenary at IAC 2025"),
        (
            2024,
            "TWG",
            2025,
            'Publish the "in-situ resource use" gap study, including lunar surface power',
        ),
        (2025, "ERWG", 2026, "Start the next Global Exploration Roadmap"),
        (2025, "ERWG", 2026, "Map Mars sample return dependencies"),
        (2025, "ISECG", 2026, "Welcome new members at the plenary"),
        (2025, "TWG", 2026, "Compare surface power technologies, including fission and solar"),
    ],
    # plans counted per group
    [
        (2024, "ERWG", 1),
        (2024, "ISECG", 1),
        (2024, "TWG", 1),
        (2025, "ERWG", 2),
        (2025, "ISECG", 1),
        (2025, "TWG", 1),
    ],
]


def test_the_doc_has_the_examples_this_test_expects():
    blocks = doc_sql()
    assert len(blocks) == len(EXPECTED), "update EXPECTED when docs/loading.md gains or loses SQL"
    assert any("kind = 'joined'" in b for b in blocks)
    assert any("NOT EXISTS" in b for b in blocks)
    assert any("report_year + 1" in b for b in blocks)
    for view in ("v_members_per_year", "v_activities_per_group_year", "v_changes_per_year"):
        assert any(view in b for b in blocks)


@pytest.mark.parametrize("index", range(len(EXPECTED)))
def test_doc_sql_on_sqlite(sample_dbs, db_query, index):
    assert db_query(sample_dbs["sqlite"], doc_sql()[index]) == EXPECTED[index]


@pytest.mark.postgres
@pytest.mark.parametrize("index", range(len(EXPECTED)))
def test_doc_sql_same_on_postgresql(sample_dbs, db_query, index):
    if sample_dbs["postgresql"] is None:
        pytest.skip(sample_dbs["skipped"])
    sql = doc_sql()[index]
    assert db_query(sample_dbs["postgresql"], sql) == db_query(sample_dbs["sqlite"], sql)
    assert db_query(sample_dbs["postgresql"], sql) == EXPECTED[index]


VIEW_COLUMNS = {
    "v_members_per_year": "report_year, members",
    "v_activities_per_group_year": "actor, year, activities",
    "v_changes_per_year": "report_year, kind, changes",
}


@pytest.mark.postgres
@pytest.mark.parametrize("view", VIEW_COLUMNS)
def test_views_have_the_same_columns_and_rows(sample_dbs, db_query, sort_rows, view):
    if sample_dbs["postgresql"] is None:
        pytest.skip(sample_dbs["skipped"])
    sql = f"SELECT {VIEW_COLUMNS[view]} FROM {view}"
    on_sqlite = sort_rows(db_query(sample_dbs["sqlite"], sql))
    assert on_sqlite
    assert sort_rows(db_query(sample_dbs["postgresql"], sql)) == on_sqlite
