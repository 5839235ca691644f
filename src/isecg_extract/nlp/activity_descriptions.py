"""The activities in a statement's verb phrase: one description per coordinated activity.

"develop X, review Y and identify Z" is three activities, "refine, validate and integrate X"
one; a list ("Planned activities include a, b, and c") or a focus on several gerunds is split
at its commas. Asides between dashes are set apart (they name partners, not activities), and
leading fillers ("also", "then", "continue to be") are stripped, as ``pipeline/patterns/activities.toml``
lists them.
"""

from __future__ import annotations

import re

from isecg_extract.config import PipelineConfig
from isecg_extract.textutil import split_outside_parens

_ASIDE = re.compile(r"\s*[—–]\s+([^—–]+?)\s+[—–]\s*|\s+--\s+([^-]+?)\s+--\s+")
_DETERMINER_AND = re.compile(r"\s+and\s+(?=(?:a|an|the)\s)")
_GERUND_AND = re.compile(r",?\s+and\s+(?:on\s+)?(?=\w+ing\b)")


def descriptions(cfg: PipelineConfig, kind: str, rest: str) -> list[tuple[str, str]]:
    """The activity descriptions in a clause's verb phrase, each with the aside it carried."""
    rest = rest.rstrip(" .;:")
    asides = " ".join(a or b for a, b in _ASIDE.findall(rest))
    rest = _ASIDE.sub(" ", rest)
    rest = " ".join(rest.split())
    if kind == "list" and rest.lower().startswith("to "):
        # "three goals: to review X, to update Y and to widen Z": one plan per infinitive
        items = _INFINITIVES.split(rest[3:])
    elif kind == "list":
        items = _noun_list(rest)
    elif kind in {"focus", "priority"}:
        items = _gerund_list(rest) if rest.count(",") >= 1 and _all_gerunds(rest) else [rest]
    else:
        items = []
        main, tail = rest, ""
        for p in cfg.regex["participle_lists"]:
            m = p.search(rest)
            if m:
                main, tail = rest[: m.start()], rest[m.end() :]
                break
        for vp in _split_verb_phrases(cfg, strip_leading(cfg, main)):
            vp = strip_leading(cfg, vp)
            lm = next((p.match(vp) for p in cfg.regex["list_verbs"] if p.match(vp)), None)
            if lm:
                items.extend(_gerund_list(vp[lm.end() :]))
            else:
                items.append(vp)
        if tail:
            items.extend(_gerund_list(tail))
    out = []
    for item in items:
        item = strip_leading(cfg, item.strip(" ,;:."))
        if len(item.split()) >= 2:
            out.append((item, asides))
    return out


_INFINITIVES = re.compile(r",\s*(?:and\s+)?to\s+|\s+and\s+to\s+")


def strip_leading(cfg: PipelineConfig, text: str) -> str:
    words = cfg.activity_patterns["descriptions"]["strip_leading"]
    changed = True
    while changed:
        changed = False
        for w in words:
            if text.lower().startswith(w + " "):
                text = text[len(w) + 1 :]
                changed = True
    return text.strip()


_DETERMINERS = {
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "our",
    "new",
    "regular",
    "two",
    "three",
    "further",
    "all",
    "each",
    "any",
    "this",
    "these",
    "those",
    "more",
}


def _split_verb_phrases(cfg: PipelineConfig, text: str) -> list[str]:
    """Split "develop X, review Y and identify Z" where a new verb starts a coordinated phrase.

    A new phrase starts after ", " or "and" (optionally "to") at a lower-case verb: one from
    the lexicon, or any word followed by a determiner ("and hold its meetings"). The left part
    must hold an object, so "refine, validate and integrate X" stays one activity; a word
    followed by "of" is a noun ("support of").
    """
    parts: list[str] = []
    start = 0
    pattern = r"(?:,\s+(?:and\s+)?|\s+and\s+)(?:also\s+)?(?:will\s+|to\s+)?([a-z]+)\b(?:\s+(\w+))?"
    for m in re.finditer(pattern, text):
        verb, nxt = m.group(1), (m.group(2) or "")
        if nxt == "of" or verb in _DETERMINERS:
            continue
        if verb not in cfg.verbs and not (
            nxt.lower() in _DETERMINERS and not verb.endswith(("ing", "ed", "s"))
        ):
            continue
        left = text[start : m.start()]
        words = [w.lower() for w in re.findall(r"[A-Za-z-]+", left)]
        if left.count("(") != left.count(")") or len(words) < 3:
            continue
        if all(w in cfg.verbs for w in words):
            continue  # "refine, validate and integrate X": verbs sharing one object
        parts.append(left)
        start = m.start(1)
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _noun_list(text: str) -> list[str]:
    items = []
    sep = ";" if ";" in text else ","
    for part in split_outside_parens(text, sep):
        part = re.sub(r"^\s*(?:and|or)\s+", "", part.strip())
        items.extend(p for p in _DETERMINER_AND.split(part) if p.strip())
    return items


def _gerund_list(text: str) -> list[str]:
    parts = split_outside_parens(text, ",")
    if len(parts) == 1:
        # "identifying X and addressing Y": with no commas, "and" + gerund is the only cue.
        return [p for p in _GERUND_AND.split(text) if p.strip()]
    return [re.sub(r"^\s*(?:and|or)\s+", "", p.strip()) for p in parts]


def _all_gerunds(text: str) -> bool:
    parts = [re.sub(r"^\s*(?:and|or)\s+", "", p.strip()) for p in split_outside_parens(text, ",")]
    return all(re.match(r"\w+ing\b", p) for p in parts if p)
