"""Property tests: any text into the parsers and normalisers, no crash, invariants hold."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isecg_extract.ingest.text import text_to_pages
from isecg_extract.textutil import fold, norm_title, slug, split_outside_parens, strip_markup

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


@given(text)
def test_strip_markup_spans_stay_inside_the_clean_text(s):
    clean, spans = strip_markup(s)
    for a, b in spans:
        assert 0 <= a <= b <= len(clean)
    assert len(clean) <= len(s)


@given(text)
def test_slug_is_safe_for_ids_and_file_names(s):
    out = slug(s)
    assert out and len(out) <= 60
    assert all(c.isalnum() and c.isascii() or c == "-" for c in out)
    assert not out.startswith("-") and ".." not in out


words = st.lists(st.text(alphabet="abcdefghij0123", min_size=1, max_size=25), min_size=1)


@given(words, st.integers(min_value=1, max_value=70))
def test_slug_is_cut_at_a_word_boundary(ws, limit):
    full = slug(" ".join(ws), 10_000)
    out = slug(" ".join(ws), limit)
    assert len(out) <= limit and full.startswith(out)
    if len(ws[0]) <= limit:  # whole words only, unless the first word alone is too long
        assert len(out) == len(full) or full[len(out)] == "-"


@given(text)
def test_fold_is_idempotent(s):
    assert fold(fold(s)) == fold(s)
    assert norm_title(s) == norm_title(s + " ....")


def _fold_every_char(s: str) -> str:
    """fold() as first written, without its ASCII fast path: the reference it must equal."""
    import re
    import unicodedata

    from isecg_extract.textutil import _DASHES

    s = unicodedata.normalize("NFKD", s.translate(_DASHES))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^a-z0-9&]+", " ", s.casefold()).split())


@given(st.one_of(text, st.text(alphabet=st.characters(max_codepoint=127), max_size=300)))
def test_fold_fast_path_equals_the_full_normalisation(s):
    assert fold(s) == _fold_every_char(s)


@given(text)
def test_split_outside_parens_loses_nothing(s):
    assert ",".join(split_outside_parens(s, ",")) == s


@given(text)
def test_text_ingest_keeps_every_nonblank_line(s):
    pages = text_to_pages(s)
    lines = [line for p in pages for line in p.lines]
    assert all(line.text.strip() for line in lines)
    assert len(pages) == s.count("\f") + 1


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                "Table of Contents",
                "Executive Summary\t3",
                "Outlook for 2026",
                "",
                "- item",
                "  - nested",
                "The CWG will develop a plan and identify a theme.",
                "Japan\t\tJapan Aerospace Exploration Agency (JAXA)",
                "Annex I: Members",
                "=cmd|' /C calc'!A0",
                "\f",
                "In 2025, NASA assumed the chair.",
                "x" * 500,
            ]
        ),
        max_size=30,
    )
)
def test_whole_pipeline_survives_any_arrangement_of_report_lines(run_text, lines):
    from isecg_extract.errors import EmptyInput

    body = "\n".join(lines) + "\n"
    if not body.strip():
        with pytest.raises(EmptyInput):
            run_text(body)
        return
    report = run_text(body)
    for name, rows in report.tables.items():
        for row in rows:
            assert row["doc_id"] == report.doc_id, name
    ids = [r["activity_id"] for r in report.tables["activities"]]
    assert len(ids) == len(set(ids))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_country_lookup_never_crashes(s):
    from isecg_extract.config import load_config
    from isecg_extract.normalise.countries import country_code

    code = country_code(s, load_config())
    assert code is None or code == "" or (len(code) == 2 and code.isupper())
