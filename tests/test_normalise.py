from __future__ import annotations

from isecg_extract.normalise import indexes
from isecg_extract.normalise.countries import clean_country, country_code
from isecg_extract.normalise.members import split_organisations


def test_country_codes_from_pycountry_and_registry_aliases(cfg):
    assert country_code("Republic of Korea", cfg) == "KR"
    assert country_code("USA", cfg) == "US"
    assert country_code("Ukraine (SSAU)", cfg) == "UA"
    assert country_code("Germany", cfg) == "DE"
    assert country_code("Korea, Republic of", cfg) == "KR"
    assert country_code("Europe", cfg) == ""  # multinational
    assert country_code("Annual Report", cfg) is None
    assert clean_country("Ukraine (SSAU)") == "Ukraine"


def test_two_organisations_in_one_cell(cfg):
    cell = "Australian Space Agency (ASA) Commonwealth Scientific and Industrial Research Organisation (CSIRO)"
    assert split_organisations(cell, cfg) == [
        ("Australian Space Agency", "ASA"),
        ("Commonwealth Scientific and Industrial Research Organisation", "CSIRO"),
    ]
    assert split_organisations("Roscosmos", cfg) == [("Roscosmos", "")]


def test_two_organisations_of_one_row_with_an_acronym_column(cfg):
    """Issue 21: the blind renderings put Australia's two agencies in one row, their names and
    their acronyms each on a line of their own cell (read as one cell of text each)."""
    from isecg_extract.normalise.members import _organisations

    agencies = indexes(cfg)["agency"]
    cells = [
        "Australian Space Agency Commonwealth Scientific and Industrial Research Or- ganisation",
        "ASA CSIRO",
    ]
    assert _organisations(cells, cfg, agencies) == [
        ("Australian Space Agency", "ASA"),
        ("Commonwealth Scientific and Industrial Research Organisation", "CSIRO"),
    ]
    # Two words of an acronym column that the registry does not both know: left as they were.
    assert _organisations(["Xland Space Agency", "XSA XLA"], cfg, agencies) == [
        ("Xland Space Agency XSA XLA", "")
    ]


def test_registry_resolution_by_acronym_alias_fuzzy_and_new(cfg):
    agencies = indexes(cfg)["agency"]
    assert agencies.resolve("Hellenic Space Centre", "HSC").entity_id == "hsc"
    assert agencies.resolve("Hellenic Space Agency").entity_id == "hsc"
    assert (
        agencies.resolve("Agencia Espacial Brasilera").entity_id == "aeb"
    )  # a typo still resolves
    new = agencies.resolve("Philippine Space Agency", "PhilSA", "PH")
    assert new.entity_id == "philsa" and not new.known
    groups = indexes(cfg)["working_group"]
    assert groups.resolve("Strategic Communications Group").entity_id == "scwg"


def test_an_acronym_column_holds_any_acronym_the_registry_knows(run_text):
    """A blind-written 2021 report's member table gave "PT Space" its own column: not shaped
    like an acronym (it has a space), it was read as part of the name, a new agency was made
    up, and the next year's diff said it had left."""
    report = run_text(
        "ISECG Annual Report 2021\n\n1. Member Agencies\n\n"
        "| Agency | Acronym | Country |\n| --- | --- | --- |\n"
        "| National Aeronautics and Space Administration | NASA | United States |\n"
        "| Portugal Space | PT Space | Portugal |\n"
        "| UAE Space Agency | UAESA | United Arab Emirates |\n"
        "| European Space Agency | ESA | Europe |\n"
    )
    rows = {r["agency_id"]: r for r in report.tables["agencies"]}
    # "UAE Space Agency" is the registry's acronym of the UAESA, but the cell shaped like an
    # acronym beside it is the row's acronym.
    assert set(rows) == {"nasa", "pt-space", "uaesa", "esa"}
    assert (rows["pt-space"]["acronym"], rows["pt-space"]["name"]) == ("PT Space", "Portugal Space")
