"""Planned activities: statements of future work, one row per activity.

A clause is planned work when a trigger from ``pipeline/patterns/activities.toml`` matches it
("<subject> will ...", "A key focus will be ...", "Planned activities include ..."). The verb
phrase is then split where it coordinates several activities ("develop X and identify Y",
"a, b, and c"; ``activity_descriptions``), and the actor is resolved from the subject, the
previous statement ("The group", "This work") or the section (``activity_context``, with the
year the plan is for).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from isecg_extract.config import PipelineConfig
from isecg_extract.model import ActivityCandidate, Mention, Sentence, Structure
from isecg_extract.nlp.activity_context import (
    Context,
    is_relative,
    on_behalf,
    planned_year,
    planning,
    resolve_actor,
    section_actors,
)
from isecg_extract.nlp.activity_descriptions import descriptions, strip_leading
from isecg_extract.textutil import YEAR_RE, split_outside_parens


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
    actors = section_actors(ctx, mentions)
    last_actor: dict[str, tuple[str, str]] = {}
    intro: _ListIntro | None = None  # "In 2009, ISECG will:" before a list of plans
    for index, sent in enumerate(sentences):
        kind = structure.blocks[sent.block_index].kind
        if kind in {"list_item", "table_row", "paragraph"} and intro is None:
            # "– finalise the science white paper (SWG, 2017)" under "Outlook"; "2019 | SWG |
            # Update the science white paper" in a work-plan table: an order, the plan itself.
            items = _imperative_items(ctx, sent, index, by_sentence.get(index, []), kind)
            if items:
                out.extend(items)
                continue
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
            actor, _ = resolve_actor(
                ctx, m.group("subj"), by_sentence.get(index, []), previous, section_actor, "will"
            )
            actor = actor or section_actor  # "the agencies agreed to:": the section's actor
            if actor is not None:
                year = planned_year(ctx, sent.section_id, sent.text)
                intro = _ListIntro(actor, year, m.group("trigger"), sent.section_id)
                continue
        found = _sentence_activities(
            ctx, sent, index, by_sentence.get(index, []), previous, section_actor
        )
        for act in found:
            if act.actor_source in {"sentence", "previous"}:
                last_actor[sent.section_id] = (act.actor, "previous")
        if not found:
            group = _leading_group(ctx, sent, by_sentence.get(index, []))
            if group is not None:
                last_actor[sent.section_id] = (group, "previous")
        out.extend(found)
    return out


def _imperative_items(
    ctx: Context, sent: Sentence, index: int, ments: list[Mention], kind: str
) -> list[ActivityCandidate]:
    """The plans of a list item or table row of a planning section given as orders, each opening
    with a verb of the lexicon in the base form: "– finalise the white paper (SWG, 2017)", a
    work-plan row "2019 | SWG | Update ...", "SCWG: produce a video; expand outreach". The actor
    is the group or agency the item names in brackets, in a cell or before a colon ("Secretariat"
    and the like are the publisher's), else the section's; the year the item's own or the
    section's."""
    head = _HEAD.match(sent.text) if kind != "table_row" else None
    if head is None and kind == "paragraph":
        return []  # a paragraph's orders need a head that names who ("TWG: publish ...")
    if not planning(ctx, sent.section_id, "", ""):
        return []  # (after the cheap test above: most sentences are paragraphs)
    named = [m for m in ments if m.entity_type in {"working_group", "agency"}]
    if head is not None:
        who = [m for m in named if m.char_start < sent.char_start + head.end("who")]
        if who:
            actor = ctx.display.get(who[0].entity_id, who[0].text)
        elif any(p.search(head.group("who")) for p in ctx.cfg.regex["publisher_bodies"]):
            actor = ctx.publisher
        else:
            return []
        orders = [o.strip() for o in head.group("rest").split(";")]
        at = sent.char_start + head.start("rest")
    else:
        cells = [c.strip() for c in sent.text.split("|")] if kind == "table_row" else [sent.text]
        orders = [c for c in cells if _is_order(ctx, c)][:1] or (
            _task_cell(cells, named, sent) if kind == "table_row" else []
        )
        if not orders:
            return []
        actor, at = "", sent.char_start + sent.text.find(orders[0])
    out = []
    flat = " ".join(sent.text.split())
    for order in orders:
        if not _is_order(ctx, order) and not (kind == "table_row" and len(order.split()) >= 3):
            continue
        tail = re.search(r"\s*\(([^()]{1,40})\)\s*\.?$", order)
        if tail:
            order = order[: tail.start()]  # "(SWG, 2017)", "(ERWG)": who and when, not what
        if not actor:
            outside = [m for m in named if not at <= m.char_start < at + len(order)]
            if kind == "table_row" and not outside:
                return []  # a row that names no one: a table of other things
            actor = ctx.display.get(outside[0].entity_id, outside[0].text) if outside else ""
        own = YEAR_RE.search(order) or YEAR_RE.search(sent.text)
        year = int(own.group(1)) if own else planned_year(ctx, sent.section_id, "")
        desc = order.strip(" .;")
        desc = desc[0].lower() + desc[1:]
        partners, events = _linked(ctx, desc, ments, actor or ctx.publisher)
        out.append(
            _activity(
                actor or ctx.publisher,
                "sentence",
                year,
                desc,
                partners,
                events,
                "",
                flat,
                index,
                sent,
            )
        )
    return out


def _task_cell(cells: list[str], named: list[Mention], sent: Sentence) -> list[str]:
    """A work-plan row's task given as a noun phrase ("SWG | 2020 | Science input to the lunar
    surface scenario"): in a row with a cell that names a group or agency, the one cell of three
    words or more that names none and is no date."""
    at, spans = 0, []
    for cell in sent.text.split("|"):
        spans.append((sent.char_start + at, sent.char_start + at + len(cell)))
        at += len(cell) + 1
    owned = {k for k, (a, b) in enumerate(spans) for m in named if a <= m.char_start < b}
    if not owned:
        return []
    tasks = [
        c.strip()
        for k, c in enumerate(sent.text.split("|"))
        if k not in owned and len(c.split()) >= 3 and not YEAR_RE.fullmatch(c.strip())
    ]
    return tasks if len(tasks) == 1 else []


# "ERWG: starting the collection of ...", "SCWG: produce a video; ...": who, a colon, what.
_HEAD = re.compile(r"^(?:the\s+)?(?P<who>[^:]{1,60}):\s+(?P<rest>\S.*)$")


def _is_order(ctx: Context, text: str) -> bool:
    """Text that opens with a verb of the lexicon in the base form and says what: an order."""
    words = text.split()
    return len(words) >= 3 and words[0].lower() in ctx.cfg.verbs


def _leading_group(ctx: Context, sent: Sentence, ments: list[Mention]) -> str | None:
    """The working group a statement is about, when it is the first body it names ("A Benefits
    Tiger Team was set up in 2023 ..."): "It will ..." and "The team will ..." after it are the
    group's plans."""
    named = sorted(
        (m for m in ments if m.entity_type in {"working_group", "agency"}),
        key=lambda m: m.char_start,
    )
    if not named or named[0].entity_type != "working_group":
        return None
    first = named[0]
    external = {r["id"] for r in ctx.cfg.working_groups.rows if r.get("kind") == "external"}
    if first.entity_id in external:
        return None
    # The group is the subject: it opens the sentence ("A Benefits Tiger Team was set up",
    # "The TWG met ...") and a verb follows it, not a list of other bodies.
    head = sent.text[: first.char_start - sent.char_start]
    tail = sent.text[first.char_end - sent.char_start :]
    if not re.fullmatch(
        r"\s*(?:(?:the|a|an|its|this|ISECG['’]s)\s+)?(?:new(?:ly\s+\w+)?\s+)?", head, re.I
    ):
        return None
    if not re.match(r"\s*(?:\([^)]{1,12}\)\s*)?(?:is|was|were|has|had|met|held|\w+ed)\b", tail):
        return None
    return ctx.display.get(first.entity_id, first.text)


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
    head = _HEAD.match(desc)
    if head:
        for m in ments:
            if m.entity_type in {"working_group", "agency"} and m.text == head.group("who"):
                actor, desc = ctx.display.get(m.entity_id, m.text), head.group("rest")
                break
    desc = strip_leading(ctx.cfg, desc)
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
        if needs_context and not planning(ctx, sent.section_id, subj, clause):
            continue
        if kind == "will" and is_relative(ctx, subj):
            continue
        if kind == "lead":
            out.extend(_lead_activities(ctx, subj, rest, ments, previous, text, index, sent))
            continue
        if kind == "scheduled":
            actor, source = _scheduled_actor(ctx, trigger + " " + subj, rest, ments)
        else:
            actor, source = resolve_actor(ctx, subj, ments, previous, section_actor, kind)
        if actor is None or (kind == "to" and not _named(ctx, subj, ments)):
            continue  # "The role of ISECG is to ...": a standing task, not a plan
        if actor in ctx.agencies and on_behalf(ctx, text):
            actor, source = ctx.publisher, "sentence"  # "On behalf of ISECG, ESA will ..."
        if source == "sentence" and actor in ctx.agencies and not _tied(ctx, text, ments):
            continue  # "JAXA plans to launch its lander": the agency's own plan
        if source != "sentence":
            actor, source = _led_by(ctx, rest, ments) or (actor, source)
        previous = (actor, "previous") if source == "sentence" else previous
        year = planned_year(ctx, sent.section_id, clause)
        for desc, aside in descriptions(ctx.cfg, kind, rest):
            if any(p.search(desc) for p in ctx.cfg.regex["pro_forms"]):
                continue
            if re.match(r"(?:not|never)\b", desc):
                continue  # "... will not take place as planned"
            act_by = actor
            by = _BY.search(desc) if kind in {"focus", "priority", "list"} else None
            if by and (named := _by_group(ctx, by.group(0), ments)):
                act_by, desc = named, desc[: by.start()].strip()  # "... by the IOWG"
            partners, events = _linked(ctx, desc + " " + aside, ments, act_by)
            out.append(
                _activity(act_by, source, year, desc, partners, events, trigger, text, index, sent)
            )
    return out


def _named(ctx: Context, subj: str, ments: list[Mention]) -> bool:
    """The subject is a group or agency and nothing more ("The IAWG is to deliver ...")."""
    bare = re.sub(r"^(?:the\s+)?", "", subj.strip(), flags=re.IGNORECASE).strip(" ,")
    return bare == ctx.publisher or any(
        m.entity_type in {"working_group", "agency"} and m.text == bare for m in ments
    )


def _tied(ctx: Context, text: str, ments: list[Mention]) -> bool:
    external = {r["id"] for r in ctx.cfg.working_groups.rows if r.get("kind") == "external"}
    return any(p.search(text) for p in ctx.cfg.regex["agency_ties"]) or any(
        m.entity_type == "working_group" and m.entity_id not in external for m in ments
    )


_BY = re.compile(
    r",?\s*(?:(?:to\s+be\s+)?(?:prepared|led|produced|drafted|coordinated|done)\s+)?\bby\s+(?:the\s+)?"
    r"(?:ISECG[’']s\s+)?(?P<who>[A-Z][^,;()]*?)\s*(?=[,;.]|$|\s+(?:in|for|by|during)\s)"
)


def _by_group(ctx: Context, text: str, ments: list[Mention]) -> str | None:
    """The working group a "by ..." phrase names."""
    for m in ments:
        if m.entity_type == "working_group" and re.search(
            r"(?<!\w)" + re.escape(m.text) + r"(?!\w)", text
        ):
            return ctx.display.get(m.entity_id, m.text)
    return None


def _lead_activities(
    ctx: Context,
    subj: str,
    rest: str,
    ments: list[Mention],
    previous: tuple[str, str],
    text: str,
    index: int,
    sent: Sentence,
) -> list[ActivityCandidate]:
    """The plans a planning lead lists ("ESAWG work plan for 2022: a mentoring scheme and a
    survey"), each by the group the lead or the item names ("... by the IAWG")."""
    lead_actor, source = resolve_actor(ctx, subj, ments, previous, ctx.publisher, "list")
    if lead_actor is None or lead_actor in ctx.agencies:
        return []
    year = None
    found = re.search(r"\b((?:19|20)\d{2})\b", subj)
    if found:
        year = int(found.group(1))
    elif re.search(r"\b(?:next|coming)\s+year\b", subj, re.I) and ctx.report_year:
        year = ctx.report_year + 1
    else:
        year = planned_year(ctx, sent.section_id, rest)
    tail = re.search(r",\s*(?:prepared|led|produced|drafted|coordinated)\s+by\s+.*$", rest)
    if tail:  # "X and Y, prepared by ISECG's Benefits Tiger Team": the whole list's author
        lead_actor = _by_group(ctx, tail.group(0), ments) or lead_actor
        rest = rest[: tail.start()]
    out = []
    for desc, aside in descriptions(ctx.cfg, "list", rest):
        actor, by = lead_actor, _BY.search(desc)
        if by:
            actor = _by_group(ctx, by.group(0), ments) or actor
            desc = desc[: by.start()].strip()
        if len(desc.split()) < 2 or any(p.search(desc) for p in ctx.cfg.regex["pro_forms"]):
            continue
        partners, events = _linked(ctx, desc + " " + aside, ments, actor)
        out.append(
            _activity(
                actor, source or "section", year, desc, partners, events, "lead", text, index, sent
            )
        )
    return out


def _led_by(ctx: Context, rest: str, ments: list[Mention]) -> tuple[str, str] | None:
    """ "... will continue under the lead of the ERWG": the group named as leading the work."""
    for p in ctx.cfg.regex["led_by"]:
        for hit in p.finditer(rest):
            for m in ments:
                if m.entity_type == "working_group" and rest[hit.end() :].startswith(m.text):
                    return ctx.display.get(m.entity_id, m.text), "sentence"
    return None


def _scheduled_actor(
    ctx: Context, tail: str, rest: str, ments: list[Mention]
) -> tuple[str | None, str]:
    """ "X is scheduled for release by the ERWG": the group after "by", else the publisher,
    when X is the kind of thing ISECG plans (a roadmap edition, a paper, a workshop)."""
    for m in ments:
        if m.entity_type == "working_group" and re.search(
            r"\bby\s+(?:the\s+)?" + re.escape(m.text) + r"(?!\w)", tail
        ):
            return ctx.display.get(m.entity_id, m.text), "sentence"
    if not any(p.search(rest) for p in ctx.cfg.regex["scheduled_objects"]):
        return None, ""
    return ctx.publisher, "sentence"


def _before_asides(head: str) -> str | None:
    """The subject before one or more asides ("CSA, as chair, " -> "CSA"), or None when the
    words before the verb hold no aside."""
    cuts = [i for i, ch in enumerate(head) if ch in ",;"]

    def segment(j: int) -> str:
        lo = cuts[j] + 1 if j >= 0 else 0
        hi = cuts[j + 1] if j + 1 < len(cuts) else len(head)
        return head[lo:hi]

    if not cuts or segment(len(cuts) - 1).strip():
        return None  # "NASA, which will lead": the verb is inside the aside, not after it
    j, skipped = len(cuts) - 1, False
    while j >= 0 and (not segment(j).strip() or _ASIDE_START.match(segment(j))):
        skipped = skipped or bool(segment(j).strip())
        j -= 1
    if not skipped or j == len(cuts) - 1:
        return None
    return segment(j).strip() or None


_ASIDE_START = re.compile(
    r"\s*(?:as|which|who|whose|having|like|in\s+its\s+role|on\s+behalf\s+of)\b", re.I
)


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
    asides: dict[int, str] = {}
    for n, (start, _end, _trig) in enumerate(found):
        head = text[:start]
        cut = max(head.rfind(","), head.rfind(";"))
        # "CSA, as chair, will lead ...", "ESA, which has just taken over the chair, aims to":
        # an aside between the subject and its verb; the subject is the part before it.
        real = _before_asides(head)
        if real is not None:
            asides[n] = real
        bounds.append(cut + 1 if cut >= 0 else 0)
    subjects = [
        asides.get(n) or re.sub(r"^\s*(?:and|but|while|whereas)\b\s*", "", text[b : f[0]].strip())
        for n, (b, f) in enumerate(zip(bounds, found, strict=True))
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
            if not continuation[j] and not is_relative(ctx, subjects[j]) and bounds[j] > end:
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
