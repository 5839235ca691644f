"""The registry's names as a spaCy component, matched with phrase tries instead of token patterns.

Why not spaCy's ``entity_ruler``: registry names need two matching rules at once (acronyms by
exact text, names ignoring case but starting capitalised), which only token patterns can say,
and the token ``Matcher`` tries every pattern at every token. With a few hundred registry
forms that was most of the NLP stage's cost on a long report (1.4 s of 1.7 s on 191 pages).
Two ``PhraseMatcher`` tries (``ORTH`` for acronyms, ``LOWER`` for names) find the same spans in
one pass over the tokens; the capitalisation rule is checked on each name match afterwards.
Overlaps are resolved as ``entity_ruler`` with ``overwrite_ents`` resolves them, with the same
``spacy.util.filter_spans`` (the longest match first, then the earliest), and a match replaces
earlier entities it overlaps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FACTORY = "isecg_registry_ruler"


@dataclass(frozen=True)
class SurfaceForm:
    """One way the report may write a registry entry."""

    label: str  # spaCy entity label, e.g. "AGENCY"
    entity_id: str  # canonical registry id
    text: str  # the form as written in the registry
    exact: bool  # acronyms match case-sensitively; names ignore case


class RegistryRuler:
    """Sets registry entities on a Doc: each a Span with its label and canonical id."""

    def __init__(self, nlp: Any, name: str = FACTORY) -> None:
        from spacy.matcher import PhraseMatcher

        self.name = name
        self.nlp = nlp
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.keys: dict[int, tuple[str, str]] = {}  # match key -> (label, entity id)

    def add_forms(self, forms: list[SurfaceForm]) -> None:
        exact: dict[str, list[Any]] = {}
        folded: dict[str, list[Any]] = {}
        seen: set[tuple[str, str, str]] = set()
        for form in forms:
            if not form.text or (form.label, form.entity_id, form.text) in seen:
                continue
            seen.add((form.label, form.entity_id, form.text))
            key = f"{form.label}|{form.entity_id}"
            self.keys[self.nlp.vocab.strings.add(key)] = (form.label, form.entity_id)
            (exact if form.exact else folded).setdefault(key, []).append(
                self.nlp.make_doc(form.text)
            )
        for key, docs in exact.items():
            self.exact.add(key, docs)
        for key, docs in folded.items():
            self.folded.add(key, docs)

    def _quoted(self, doc: Any) -> set[tuple[int, int, int]]:
        return _unquoted_matches(self, doc)

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        matches = {(k, s, e) for k, s, e in self.exact(doc)}
        # A name in running text in lower case is a phrase, not a title: "global exploration
        # strategy" is not the publication "Global Exploration Strategy".
        matches.update((k, s, e) for k, s, e in self.folded(doc) if not doc[s].is_lower)
        matches.update(self._quoted(doc))
        spans = [
            Span(doc, start, end, label=self.keys[key][0], span_id=self.keys[key][1])
            for key, start, end in sorted(matches)  # sorted: ties go the same way every run
        ]
        new = filter_spans(spans)
        taken = {i for span in new for i in range(span.start, span.end)}
        entities = [e for e in doc.ents if not taken.intersection(range(e.start, e.end))]
        doc.ents = entities + new
        return doc


_QUOTES = frozenset({'"', "“", "”", "‘", "’", "«", "»"})


def _unquoted_matches(ruler: RegistryRuler, doc: Any) -> set[tuple[int, int, int]]:
    """Name matches across quotation marks: 'the “Mapping the Barriers” working group' is the
    registry's "Mapping the Barriers working group". The names are matched on the words without
    the marks and mapped back onto the text's tokens."""
    from spacy.tokens import Doc

    keep = [i for i, t in enumerate(doc) if t.text not in _QUOTES]
    if len(keep) == len(doc):
        return set()
    bare = Doc(doc.vocab, words=[doc[i].text for i in keep])
    out = set()
    for k, s, e in ruler.folded(bare):
        if bare[s].is_lower:
            continue
        start, end = keep[s], keep[e - 1] + 1
        if any(doc[j].text in _QUOTES for j in range(start, end)):
            out.add((k, start, end))  # only what the marks hid: the rest is matched already
    return out


def add_registry_ruler(nlp: Any, forms: list[SurfaceForm]) -> RegistryRuler:
    """Append the ruler to ``nlp`` (registering its factory on first use) and load ``forms``."""
    from spacy.language import Language

    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, func=lambda nlp, name: RegistryRuler(nlp, name))
    ruler: RegistryRuler = nlp.add_pipe(FACTORY)
    ruler.add_forms(forms)
    return ruler
