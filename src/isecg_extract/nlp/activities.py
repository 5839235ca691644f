"""Planned activities: statements of future work, one row per activity.

A clause is planned work when a trigger from ``pipeline/patterns/activities.toml`` matches it
("<subject> will ...", "A key focus will be ...", "Planned activities include ..."). The verb
phrase is then split where it coordinates several activities ("develop X and identify Y",
"a, b, and c"), and the actor is resolved from the subject, the previous statement ("The
group", "This work") or the section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from isecg_extract.config import PipelineConfig
from isecg_extract.model import ActivityCandidate, Mention, Sentence, Structure
from isecg_extract.nlp.mentions import heading_mentions
from isecg_extract.textutil import split_outside_parens

_ASIDE = re.compile(r"\s*[—–]\s+([^—–]+?)\s+[—–]\s*|\s+--\s+([^-]+?)\s+--\s+")
_DETERMINER_AND = re.compile(r"\s+and\s+(?=(?:a|an|the)\s)")
_GERUND_AND = re.compile(r",?\s+and\s+(?=\w+ing\b)")


@dataclass
class Context:
    """What a clause needs to know about where it stands."""

    cfg: PipelineConfig
    structure: Structure
    report_year: int | None
    display: dict[str, str]
    publisher: str
    agencies: frozenset[str] = frozenset()  # display names of agencies: never "the group"


def extract_activities(
    structure: Structure,
    sentences: list[Sentence],
    mentions: list[Mention],
    cfg: PipelineConfig,
    report_year: int | None,
    display: dict[str, str],
) -> list[ActivityCandidate]:
    agencies = frozenset(
        display.get(m.entity_id, m.text) for m in mentions if m.entity_type == "agency"
    )
    ctx = Context(cfg, structure, report_year, display, cfg.publisher_acronym, agencies)
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence_index, []).append(m)
    out: list[ActivityCandidate] = []
    actors = _section_actors(ctx, mentions)
    last_actor: dict[str, tuple[str, str]] = {}
    intro: _ListIntro | None = None  # "In 2009, ISECG will:" before a list of plans
    for index, sent in enumerate(sentences):
        kind = structure.blocks[sent.block_index].kind
        if (
            kind not in {"paragraph", "list_item"}
            or len(sent.text) > cfg.settings["nlp"]["max_sentence_chars"]
        ):
            intro = None
            continue
        section_actor = actors.get(sent.section_id, ctx.publisher)
        previous = last_actor.get(sent.section_id, (section_actor, "section"))
        if intro is not None and (kind != "list_item" or intro.section_id != sent.section_id):
            intro = None
        if intro is not None:
            out.append(_list_item_activity(ctx, intro, sent, index, by_sentence.get(index, [])))
            continue
        flat = " ".join(sent.text.split())
        m = next((p.match(flat) for p in cfg.regex["list_intro"] if p.match(flat)), None)
        if m and kind == "paragraph":
            actor, _ = _resolve_actor(
                ctx, m.group("subj"), by_sentence.get(index, []), previous, section_actor, "will"
            )
            actor = actor or section_actor  # "the agencies agreed to:": the section's actor
            if actor is not None:
                year = _year(ctx, sent.section_id, sent.text)
                intro = _ListIntro(actor, year, m.group("trigger"), sent.section_id)
                continue
        found = _sentence_activities(
            ctx, sent, index, by_sentence.get(index, []), previous, section_actor
        )
        for act in found:
            if act.actor_source in {"sentence", "previous"}:
                last_actor[sent.section_id] = (act.actor, "previous")
        out.extend(found)
    return out


@dataclass
class _ListIntro:
    """A statement of plans that a list completes ("In 2009, ISECG will:")."""

    actor: str
    year: int | None
    trigger: str
    section_id: str


def _list_item_activity(
    ctx: Context, intro: _ListIntro, sent: Sentence, index: int, ments: list[Mention]
) -> ActivityCandidate:
    desc = re.sub(r"^(?:and|or)\s+", "", " ".join(sent.text.split())).rstrip(" .;,")
    actor = intro.actor
    # "ERWG: starting the collection of ...": the item names its own actor.
    head = re.match(r"^(?:the\s+)?(?P<who>[^:]{1,60}):\s+(?P<rest>\S.*)$", desc)
    if head:
        for m in ments:
            if m.entity_type in {"working_group", "agency"} and m.text == head.group("who"):
                actor, desc = ctx.display.get(m.entity_id, m.text), head.group("rest")
                break
    desc = _strip_leading(ctx, desc)
    partners, events = _linked(ctx, desc, ments, actor)
    flat = " ".join(sent.text.split())
    return _activity(
        actor, "sentence", intro.year, desc, partners, events, intro.trigger, flat, index, sent
    )


def _activity(
    actor: str,
    source: str,
    year: int | None,
    desc: str,
    partners: list[str],
    events: list[str],
    trigger: str,
    text: str,
    index: int,
    sent: Sentence,
) -> ActivityCandidate:
    """One planned activity, with the sentence it was read from as its provenance."""
    return ActivityCandidate(
        actor=actor,
        actor_source=source,
        year=year,
        description=desc,
        partners=partners,
        events=events,
        trigger=trigger,
        sentence=text,
        sentence_index=index,
        section_id=sent.section_id,
        page=sent.page,
        physical_page=sent.physical_page,
        char_start=sent.char_start,
        char_end=sent.char_end,
    )


def _sentence_activities(
    ctx: Context,
    sent: Sentence,
    index: int,
    ments: list[Mention],
    previous: tuple[str, str],
    section_actor: str,
) -> list[ActivityCandidate]:
    text = " ".join(sent.text.split()).rstrip()
    out: list[ActivityCandidate] = []
    if any(p.match(text) for p in ctx.cfg.regex["self_reference"]):
        return out
    for kind, subj, rest, trigger, clause in _statements(ctx, text):
        needs_context = kind in {"list", "priority"} or (kind == "focus" and "will" not in trigger)
        if needs_context and not _planning(ctx, sent.section_id, subj, clause):
            continue
        if kind == "will" and _is_relative(ctx, subj):
            continue
        actor, source = _resolve_actor(ctx, subj, ments, previous, section_actor, kind)
        if actor is None:
            continue
        previous = (actor, "previous") if source == "sentence" else previous
        year = _year(ctx, sent.section_id, clause)
        for desc, aside in _descriptions(ctx, kind, rest):
            if any(p.search(desc) for p in ctx.cfg.regex["pro_forms"]):
                continue
            partners, events = _linked(ctx, desc + " " + aside, ments, actor)
            out.append(
                _activity(actor, source, year, desc, partners, events, trigger, text, index, sent)
            )
    return out


def _statements(ctx: Context, text: str) -> list[tuple[str, str, str, str, str]]:
    """(kind, subject, verb phrase, trigger, clause) for each statement of planned work.

    A sentence can hold several ("The results will inform X, and the SWG aims to Y"): each
    trigger word starts one, its subject is what stands after the last comma before it, and
    its verb phrase runs to where the next statement's subject begins.
    """
    hit = _match_trigger(ctx, text)
    if hit is None:
        return []
    kind, subj, rest, trigger = hit
    if kind != "will":
        return [(kind, subj, rest, trigger, text)]
    will = next(p for k, p in ctx.cfg.regex["triggers"] if k == "will")
    found: list[tuple[int, int, str]] = []
    pos = 0
    while True:
        m = will.match(text[pos:])
        if not m:
            break
        start, end = pos + m.start("trigger"), pos + m.end("trigger")
        found.append((start, end, " ".join(m.group("trigger").lower().split())))
        pos = end
    out: list[tuple[str, str, str, str, str]] = []
    bounds: list[int] = []
    for start, _end, _trig in found:
        head = text[:start]
        cut = max(head.rfind(","), head.rfind(";"))
        bounds.append(cut + 1 if cut >= 0 else 0)
    subjects = [
        re.sub(r"^\s*(?:and|but|while|whereas)\b\s*", "", text[b : f[0]].strip())
        for b, f in zip(bounds, found, strict=True)
    ]
    # "..., and will report X" continues the statement before it: same subject, no new one.
    continuation = [
        i > 0 and (bounds[i] < found[i - 1][1] or not subjects[i]) for i in range(len(found))
    ]
    for i, (_start, end, trig) in enumerate(found):
        if continuation[i]:
            continue
        stop = len(text)
        for j in range(i + 1, len(found)):
            if not continuation[j] and not _is_relative(ctx, subjects[j]) and bounds[j] > end:
                stop = bounds[j] - 1
                break
        rest = text[end:stop].strip()
        if rest:
            out.append(("will", subjects[i], rest, trig, text))
    return out


def _match_trigger(ctx: Context, clause: str) -> tuple[str, str, str, str] | None:
    for kind, pattern in ctx.cfg.regex["triggers"]:
        m = pattern.match(clause)
        if not m:
            continue
        groups = m.groupdict()
        subj = (groups.get("subj") or "").strip()
        rest = (groups.get("rest") or "").strip()
        trigger = (groups.get("trigger") or groups.get("verb") or kind).lower()
        if kind == "will":
            subj = _clause_subject(subj)
        if rest:
            return kind, subj, rest, " ".join(trigger.split())
    return None


def _clause_subject(text: str) -> str:
    """The subject is what follows the last comma: "In 2026, the ERWG" -> "the ERWG"."""
    parts = [p.strip() for p in split_outside_parens(text, ",")]
    tail = parts[-1] if parts else ""
    return re.sub(r"^(?:and|but)\s+", "", tail)


def _is_relative(ctx: Context, subj: str) -> bool:
    for p in ctx.cfg.regex["subject_fillers"]:
        subj = p.sub(" ", subj)
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", subj)}
    rel = set(ctx.cfg.activity_patterns["subjects"]["relative_words"])
    return bool(words & rel) or not subj.strip()


def _planning(ctx: Context, section_id: str, subj: str, clause: str) -> bool:
    if re.search(r"\b(?:planned|future|upcoming|next)\b", subj, re.IGNORECASE):
        return True
    if ctx.report_year and any(
        int(y) > ctx.report_year for y in re.findall(r"\b((?:19|20)\d{2})\b", subj)
    ):
        return True
    for title in _section_titles(ctx, section_id):
        if any(p.search(title) for p in ctx.cfg.regex["planning"]):
            return True
        if ctx.report_year and any(
            int(y) > ctx.report_year for y in re.findall(r"\b((?:19|20)\d{2})\b", title)
        ):
            return True
    return False


def _section_titles(ctx: Context, section_id: str) -> list[str]:
    titles = []
    sec = ctx.structure.section(section_id)
    while sec is not None:
        titles.append(sec.title)
        sec = ctx.structure.section(sec.parent_id) if sec.parent_id else None
    return titles


def _section_actors(ctx: Context, mentions: list[Mention]) -> dict[str, str]:
    """The group each section is about: the first group its heading names, else the publisher."""
    actors: dict[str, str] = {}
    for m, section_id in heading_mentions(ctx.structure, mentions):
        actors.setdefault(section_id, ctx.display.get(m.entity_id, m.text))
    return actors


def _resolve_actor(
    ctx: Context,
    subj: str,
    ments: list[Mention],
    previous: tuple[str, str],
    section_actor: str,
    kind: str,
) -> tuple[str | None, str]:
    subj = re.sub(r"\s+(?:also|further|then|now|jointly|additionally|still)$", "", subj.strip())
    if any(p.search(subj) for p in ctx.cfg.regex["whole_subject"]):
        return ctx.publisher, "sentence"  # "the group as a whole will ..."
    for p in ctx.cfg.regex["subject_fillers"]:
        subj = " ".join(p.sub(" ", subj).split())
    if subj:
        for m in ments:
            if m.entity_type in {"working_group", "agency"} and re.search(
                r"(?<!\w)" + re.escape(m.text) + r"(?!\w)", subj
            ):
                return ctx.display.get(m.entity_id, m.text), "sentence"
        if re.search(r"(?<!\w)" + re.escape(ctx.publisher) + r"(?!\w)", subj):
            return ctx.publisher, "sentence"
        bare = subj.strip().rstrip(",").strip()
        if any(p.match(bare) for p in ctx.cfg.regex["anaphora"]):
            if previous[0] in ctx.agencies and re.search(r"\b(?:group|team)\b", bare, re.I):
                return ctx.publisher, "previous"  # "The group" after an agency's plan: ISECG
            return previous[0], "previous"
    if kind in {"list", "focus", "priority"}:
        return previous[0], previous[1]
    if not subj:
        return None, ""  # "... and will be completed": nobody stated, no plan to attribute
    if any(p.match(subj) for p in ctx.cfg.regex["generic_subject"]):
        return section_actor, "section"
    # A subject that is neither an entity, a reference back, nor generic ("This resource
    # will be ...") is not an actor of planned work.
    return None, ""


def _year(ctx: Context, section_id: str, clause: str) -> int | None:
    for p in ctx.cfg.regex["year_markers"]:
        m = p.search(clause)
        if m:
            return int(m.group("year"))
    for title in _section_titles(ctx, section_id):
        for y in re.findall(r"\b((?:19|20)\d{2})\b", title):
            if ctx.report_year is None or int(y) > ctx.report_year:
                return int(y)
    return ctx.report_year + 1 if ctx.report_year else None


def _descriptions(ctx: Context, kind: str, rest: str) -> list[tuple[str, str]]:
    """The activity descriptions in a clause's verb phrase, each with the aside it carried."""
    rest = rest.rstrip(" .;:")
    asides = " ".join(a or b for a, b in _ASIDE.findall(rest))
    rest = _ASIDE.sub(" ", rest)
    rest = " ".join(rest.split())
    if kind == "list":
        items = _noun_list(rest)
    elif kind in {"focus", "priority"}:
        items = _gerund_list(rest) if rest.count(",") >= 1 and _all_gerunds(rest) else [rest]
    else:
        items = []
        main, tail = rest, ""
        for p in ctx.cfg.regex["participle_lists"]:
            m = p.search(rest)
            if m:
                main, tail = rest[: m.start()], rest[m.end() :]
                break
        for vp in _split_verb_phrases(ctx, _strip_leading(ctx, main)):
            vp = _strip_leading(ctx, vp)
            lm = next((p.match(vp) for p in ctx.cfg.regex["list_verbs"] if p.match(vp)), None)
            if lm:
                items.extend(_gerund_list(vp[lm.end() :]))
            else:
                items.append(vp)
        if tail:
            items.extend(_gerund_list(tail))
    out = []
    for item in items:
        item = _strip_leading(ctx, item.strip(" ,;:."))
        if len(item.split()) >= 2:
            out.append((item, asides))
    return out


def _strip_leading(ctx: Context, text: str) -> str:
    words = ctx.cfg.activity_patterns["descriptions"]["strip_leading"]
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


def _split_verb_phrases(ctx: Context, text: str) -> list[str]:
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
        if verb not in ctx.cfg.verbs and not (
            nxt.lower() in _DETERMINERS and not verb.endswith(("ing", "ed", "s"))
        ):
            continue
        left = text[start : m.start()]
        words = [w.lower() for w in re.findall(r"[A-Za-z-]+", left)]
        if left.count("(") != left.count(")") or len(words) < 3:
            continue
        if all(w in ctx.cfg.verbs for w in words):
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


def _linked(
    ctx: Context, text: str, ments: list[Mention], actor: str
) -> tuple[list[str], list[str]]:
    partners: list[str] = []
    events: list[str] = []
    for m in ments:
        if not re.search(r"(?<!\w)" + re.escape(m.text) + r"(?!\w)", text):
            continue
        if m.entity_type in {"working_group", "agency"}:
            name = ctx.display.get(m.entity_id, m.text)
            if name != actor and m.entity_id not in partners:
                partners.append(m.entity_id)
        elif m.entity_type == "event":
            key = f"{m.entity_id}-{m.year}" if m.year else m.entity_id
            if key not in events:
                events.append(key)
    return partners, events
