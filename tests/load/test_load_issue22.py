"""Issue 22 in the database: no document lost because another shares its year, an input
loaded under its contract-2.0 id replaced rather than kept twice, and v_members_per_year
counting each year's fullest document."""

from __future__ import annotations

from isecg_extract.load import load_outputs


def _as(rows, doc_id: str, **documents):
    rows["documents"][0].update({"doc_id": doc_id, **documents})
    return rows


def test_two_documents_of_a_year_are_both_loaded(db_url, make_out, report_rows, db_query):
    report = make_out("report", _as(report_rows("r2025"), "isecg-ar-2025"))
    post = _as(report_rows("r2025"), "isecg-news-2025-0123abcd", source_sha256="d" * 64)
    post["agencies"] = post["agencies"][:2]
    result = load_outputs([report, make_out("post", post)], db_url)
    assert result.notices == []
    assert db_query(db_url, "SELECT doc_id FROM documents ORDER BY doc_id") == [
        ("isecg-ar-2025",),
        ("isecg-news-2025-0123abcd",),
    ]
    assert db_query(
        db_url, "SELECT COUNT(*) FROM agencies WHERE doc_id = 'isecg-news-2025-0123abcd'"
    ) == [(2,)]


def test_an_input_loaded_under_its_old_id_is_replaced(db_url, make_out, report_rows, db_query):
    """Contract 2.0 gave a news post its year's isecg-ar-YYYY; loading its new output replaces
    those rows instead of keeping the post twice."""
    old = _as(report_rows("r2025"), "isecg-ar-2025", source_sha256="e" * 64)
    load_outputs([make_out("old", old)], db_url)
    new = _as(report_rows("r2025"), "isecg-news-2025-eeeeeeee", source_sha256="e" * 64)
    result = load_outputs([make_out("new", new)], db_url)
    assert result.reports[0].superseded == ("isecg-ar-2025",)
    assert db_query(db_url, "SELECT doc_id FROM documents") == [("isecg-news-2025-eeeeeeee",)]
    assert db_query(db_url, "SELECT COUNT(*) FROM agencies WHERE doc_id = 'isecg-ar-2025'") == [
        (0,)
    ]


def test_members_per_year_counts_the_fullest_document_never_mentions(
    db_url, make_out, report_rows, db_query
):
    report = _as(
        report_rows("r2025"),
        "isecg-ar-2025",
        members_coverage="full",
        listed_member_count=15,
        stated_member_count=15,
    )
    post = _as(
        report_rows("r2025"),
        "isecg-news-2025-0123abcd",
        source_sha256="d" * 64,
        members_coverage="partial",
        listed_member_count=None,
        stated_member_count=None,
    )
    excerpt = _as(
        report_rows("r2024"),
        "isecg-excerpt-2024-0123abcd",
        members_coverage="partial",
        listed_member_count=None,
        stated_member_count=14,
    )
    undated = _as(
        report_rows("r2024"), "doc-0123456789ab", report_year=None, source_sha256="f" * 64
    )
    folders = [
        make_out(n, r) for n, r in (("r", report), ("p", post), ("e", excerpt), ("u", undated))
    ]
    load_outputs(folders, db_url)
    assert db_query(
        db_url,
        "SELECT report_year, members, documents FROM v_members_per_year ORDER BY report_year",
    ) == [(2024, 14, 1), (2025, 15, 2)]
