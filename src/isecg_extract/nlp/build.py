"""Assembles the spaCy pipeline from ``pipeline/``: sentences, registry names, generic patterns.

The default is a blank English pipeline, so nothing has to be downloaded; a statistical model
can be named instead (``--model en_core_web_sm``) when it is installed, and only its
components that we need are kept.
"""

from __future__ import annotations

import json
import re
import types
from typing import Any

from isecg_extract.config import PipelineConfig, Registry, load_config, split_list
from isecg_extract.config_files import read_config_text
from isecg_extract.errors import ConfigError
from isecg_extract.nlp.registry_ruler import SurfaceForm, add_registry_ruler

REGISTRY_LABELS = {
    "agencies": "AGENCY",
    "working_groups": "WG",
    "events": "EVENT",
    "publications": "PUB",
}
ENTITY_TYPES = {
    "AGENCY": "agency",
    "AGENCY_NEW": "agency",
    "WG": "working_group",
    "WG_NEW": "working_group",
    "EVENT": "event",
    "EVENT_NEW": "event",
    "PUB": "publication",
}


def _is_acronym(form: str) -> bool:
    """Acronyms are matched case-sensitively ("CSA" is not "csa"); names ignore case."""
    words = form.split()
    return any(re.fullmatch(r"[A-Z][A-Z0-9&-]{1,}|[A-Z][a-z]+[A-Z]\w*", w) for w in words) or (
        len(words) == 1
        and form[:1].isupper()
        and form not in {"The"}
        and not form.islower()
        and len(form) <= 10
    )


def surface_forms(label: str, entity_id: str, forms: list[str]) -> list[SurfaceForm]:
    return [SurfaceForm(label, entity_id, form, _is_acronym(form)) for form in forms if form]


def registry_forms(cfg: PipelineConfig) -> list[SurfaceForm]:
    out: list[SurfaceForm] = []
    for attr, label in REGISTRY_LABELS.items():
        reg: Registry = getattr(cfg, attr)
        for row in reg.rows:
            out.extend(surface_forms(label, row["id"], reg.names(row)))
    return out


def generic_patterns(cfg: PipelineConfig) -> list[dict]:
    path = cfg.root / "patterns" / "entities.jsonl"
    out = []
    n = 0
    try:
        for n, line in enumerate(read_config_text(path).splitlines(), 1):  # noqa: B007
            if not line.strip():
                continue
            obj = json.loads(line)
            if "_comment" in obj:
                continue
            if _open_ended(obj) > 1:
                raise ValueError(
                    "two open-ended repetitions (OP * or +) with only optional tokens between "
                    "them: the matcher's cost would grow with the cube of a run of matching "
                    "words; split the pattern in two"
                )
            out.append(obj)
    except (OSError, ValueError) as exc:
        raise ConfigError(str(path), f"line {n}: {exc}") from exc
    return out


def _open_ended(pattern: dict) -> int:
    """The most open-ended repetitions in a row, with only optional tokens between them."""
    tokens = pattern.get("pattern")
    most = run = 0
    for tok in tokens if isinstance(tokens, list) else []:
        op = tok.get("OP") if isinstance(tok, dict) else None
        if op in ("*", "+") or (isinstance(op, str) and op.endswith(",}")):
            run += 1
            most = max(most, run)
        elif op not in ("?",) and not (isinstance(op, str) and op.startswith("{,")):
            run = 0  # a required token ends the run
    return most


BLANK_MAX_LENGTH = 100_000_000


_BUILT: dict[tuple[str, str | None], Any] = {}
_KEEP = 4  # pipelines kept per process (configurations x models)


def _key(config_root: str | None, model: str | None) -> tuple[str, str | None]:
    return str(load_config(config_root).root), model  # None and the default folder are one


def nlp_is_built(config_root: str | None = None, model: str | None = None) -> bool:
    """Whether ``build_nlp`` would answer from its cache (so there is nothing to warm up)."""
    return _key(config_root, model) in _BUILT


def build_nlp(config_root: str | None = None, model: str | None = None) -> Any:
    """The spaCy pipeline, built once per process and configuration."""
    key = _key(config_root, model)
    if key not in _BUILT:
        if len(_BUILT) >= _KEEP:
            _BUILT.pop(next(iter(_BUILT)))
        _BUILT[key] = _build(config_root, model)
    return _BUILT[key]


def _build(config_root: str | None, model: str | None) -> Any:
    import spacy

    cfg = load_config(config_root)
    if model:
        try:
            nlp = spacy.load(model, exclude=["ner", "lemmatizer", "textcat"])
        except OSError as exc:
            raise ConfigError(
                model, f"spaCy model not installed ({exc.__class__.__name__})"
            ) from exc
        if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
            nlp.add_pipe("sentencizer", first=True)
    else:
        nlp = spacy.blank(cfg.settings["pipeline"]["spacy_language"])
        nlp.add_pipe("sentencizer")
        # spaCy's 1,000,000-character bound (E088) is for its parser's memory; a blank
        # pipeline is linear, and --max-memory bounds the process anyway.
        nlp.max_length = BLANK_MAX_LENGTH
    add_registry_ruler(nlp, registry_forms(cfg))
    generic = nlp.add_pipe("entity_ruler", name="generic_ruler", config={"overwrite_ents": False})
    generic.add_patterns(generic_patterns(cfg))
    generic.match = types.MethodType(_windowed_match, generic)
    return nlp


WINDOW, OVERLAP = 256, 64
"""The generic patterns run over windows of WINDOW tokens that overlap by OVERLAP (longer
than any name), so their cost is linear in a block's length: over a whole block, one open-
ended repetition keeps a partial match alive from every token of a run of title-case words
(a run of 2,000 took seconds; 20,000, minutes). Blocks up to WINDOW tokens run whole."""


def _windowed_match(ruler: Any, doc: Any) -> list[tuple[int, int, int]]:
    """``EntityRuler.match``, window by window: the same matches for names under OVERLAP."""
    if len(doc) <= WINDOW:
        return type(ruler).match(ruler, doc)
    found: set[tuple[int, int, int]] = set()
    for start in range(0, len(doc) - OVERLAP, WINDOW - OVERLAP):
        span = doc[start : start + WINDOW]
        for matcher in (ruler.matcher, ruler.phrase_matcher):
            found.update((key, start + a, start + b) for key, a, b in matcher(span) if a != b)
    return sorted(found, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)


def document_matcher(nlp: Any, names: dict[tuple[str, str], list[str]]) -> Any:
    """Matchers for names this document introduces (member table, "Name (ACR)" definitions).

    Keys are (label, entity id); a match's key string is "LABEL|id".
    """
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    case = PhraseMatcher(nlp.vocab, attr="ORTH")
    for (label, entity_id), forms in names.items():
        key = f"{label}|{entity_id}"
        lower = [nlp.make_doc(f) for f in forms if f and not _is_acronym(f)]
        exact = [nlp.make_doc(f) for f in forms if f and _is_acronym(f)]
        if lower:
            matcher.add(key, lower)
        if exact:
            case.add(key, exact)
    return matcher, case


__all__ = ["build_nlp", "document_matcher", "ENTITY_TYPES", "split_list"]
