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
