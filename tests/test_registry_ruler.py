"""The registry ruler finds what spaCy's token-pattern entity ruler found, with phrase tries."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from isecg_extract.nlp.registry_ruler import SurfaceForm, add_registry_ruler  # noqa: E402

FORMS = [
    SurfaceForm("AGENCY", "esa", "ESA", exact=True),
    SurfaceForm("AGENCY", "esa", "European Space Agency", exact=False),
    SurfaceForm("PUB", "ges", "Global Exploration Strategy", exact=False),
    SurfaceForm("PUB", "ger", "Global Exploration Roadmap", exact=False),
    SurfaceForm("PUB", "ger-supplement", "Global Exploration Roadmap Supplement", exact=False),
]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    add_registry_ruler(nlp, FORMS)
    return nlp


def ents(doc):
    return [(e.text, e.label_, e.ent_id_) for e in doc.ents]


def test_acronyms_match_case_sensitively_and_names_ignore_case(nlp):
    doc = nlp("The EUROPEAN SPACE AGENCY and ESA met; esa did not.")
    assert ents(doc) == [
        ("EUROPEAN SPACE AGENCY", "AGENCY", "esa"),
        ("ESA", "AGENCY", "esa"),
    ]


def test_a_name_starting_in_lower_case_is_a_phrase_not_a_title(nlp):
    doc = nlp("a global exploration strategy is needed; the Global Exploration Strategy says so")
    assert ents(doc) == [("Global Exploration Strategy", "PUB", "ges")]


def test_the_longest_match_wins_and_replaces_earlier_entities(nlp):
    doc = nlp("See the Global Exploration Roadmap Supplement.")
    doc2 = nlp.make_doc("See the Global Exploration Roadmap Supplement.")
    doc2.ents = [spacy.tokens.Span(doc2, 2, 4, label="OTHER")]
    doc2 = nlp.get_pipe("isecg_registry_ruler")(doc2)
    expected = [("Global Exploration Roadmap Supplement", "PUB", "ger-supplement")]
    assert ents(doc) == expected
    assert ents(doc2) == expected


def test_same_results_as_spacy_entity_ruler_with_token_patterns(nlp):
    """The behaviour it replaces: EntityRuler token patterns, ORTH for acronyms, LOWER for
    names with a first token that is not lower case, overwrite_ents=True."""
    reference = spacy.blank("en")
    ruler = reference.add_pipe("entity_ruler", config={"overwrite_ents": True})
    patterns = []
    for f in FORMS:
        tokens = [t.text for t in reference.make_doc(f.text)]
        if f.exact:
            pattern = [{"ORTH": t} for t in tokens]
        else:
            pattern = [{"LOWER": t.lower()} for t in tokens]
            pattern[0]["IS_LOWER"] = False
        patterns.append({"label": f.label, "pattern": pattern, "id": f.entity_id})
    ruler.add_patterns(patterns)
    text = (
        "ESA and the EUROPEAN SPACE AGENCY drafted the Global Exploration Roadmap; esa and "
        "global exploration roadmap readers use the Global Exploration Roadmap Supplement, "
        "not the Global Exploration Strategy."
    )
    assert ents(nlp(text)) == ents(reference(text))
