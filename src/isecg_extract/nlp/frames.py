"""Frames (issue 26): joins, leaves, chair and group changes recognised from what a sentence says.

A phrase pattern (``changes.toml``) names one wording; a frame names its parts. The word fields
of ``pipeline/patterns/frames.toml`` list lemmas (spaCy's lookup lemmatizer, from the
``spacy-lookups-data`` tables, so "joined", "joins" and "has joined" are all "join"); the
agencies around a trigger are the registry's mentions (the registry ruler), and their roles are
read from the sentence: the grammatical subject before the verb, active or passive voice, "to X"
(the incoming chair), "from X", "succeeding X", "following X", "by X" (the outgoing one), the
time from the sentence or the report year, and whether it is done or announced.

Rows found here are added to the phrase patterns' rows, never in their place, with one
exception: a chair hand-over whose roles a frame reads (incoming "to X", outgoing "from Y") takes
the place of a phrase pattern's row for the same sentence that has no outgoing chair or names
the outgoing one as incoming.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from isecg_extract.config import PipelineConfig
from isecg_extract.config_files import read_config_text
from isecg_extract.model import ChangeCandidate, Mention, Section, Sentence, Structure
from isecg_extract.textutil import DATED_BY_MONTH, YEAR_RE, month_number

# ---------------------------------------------------------------------------------------------
# Word fields


@dataclass(frozen=True)
class Field:
    """Lemma runs: each entry a tuple of lemmas ("sign up" -> ("sign", "up"))."""

    runs: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, words: list[str], lang: str = "en") -> Field:
        """Each entry's words lemmatised as a sentence's are ("first time" -> "1 time")."""
        return cls(tuple(tuple(t.lemma for t in tokens(w, lang)) for w in words if w.strip()))

    def at(self, lemmas: list[str], i: int) -> int:
        """Length of the longest run starting at token ``i`` (0: none)."""
        best = 0
        for run in self.runs:
            if len(run) > best and tuple(lemmas[i : i + len(run)]) == run:
                best = len(run)
        return best

    def anywhere(self, lemmas: list[str], lo: int = 0, hi: int | None = None) -> bool:
        hi = len(lemmas) if hi is None else hi
        return any(self.at(lemmas, i) for i in range(lo, hi))


@dataclass(frozen=True)
class Frames:
    join_agent: Field
    join_patient: Field
    join_approval: Field
    join_growth: Field
    join_nouns: Field
    join_noun_cues: Field
    join_become: Field
    member_words: Field
    newcomer: Field
    first_time: Field
    targets: Field
    other_bodies: Field
    chair_nouns: Field
    giving: Field
    receiving: Field
    outgoing: Field
    incoming: Field
    change_cues: Field
    other_objects: Field
    planned: Field
    silent: Field
    join_silent: Field
    meeting_silent: Field
    meeting_outside: Field
    meeting_beside: Field
    history: tuple[re.Pattern[str], ...]
    conditional: Field
    leave: Field
    succession: Field
    yielding: Field
    handed: frozenset[str]
    seat: Field
    create: Field
    create_nouns: Field
    create_intransitive: Field
    first_steps: Field
    announced_holding: Field
    rename_nouns: Field
    rename_become: Field
    merge: Field
    merge_nouns: Field
    absorb: Field
    into: Field
    rename: Field
    renamed_from: Field


@lru_cache(maxsize=4)
def frames_toml(root: str) -> dict[str, Any]:
    """``pipeline/patterns/frames.toml`` under ``root``, read once (under the configuration's
    limits) for the frames, the meetings and the plans that each take their tables of it."""
    return tomllib.loads(read_config_text(Path(root) / "patterns" / "frames.toml"))


@lru_cache(maxsize=4)
def load_frames(root: str) -> Frames:
    """``pipeline/patterns/frames.toml`` under ``root``, its word fields as lemma runs."""
    data = frames_toml(root)
    j, c, mo = data["joined"], data["chair"], data["modality"]
    return Frames(
        join_agent=Field.of(j["agent_verbs"]),
        join_patient=Field.of(j["patient_verbs"]),
        join_approval=Field.of(j["approval_verbs"]),
        join_growth=Field.of(j["growth_verbs"]),
        join_nouns=Field.of(j["nouns"]),
        join_noun_cues=Field.of(j["noun_cues"]),
        join_become=Field.of(j["become"]),
        member_words=Field.of(j["member_words"]),
        newcomer=Field.of(j["newcomer"]),
        first_time=Field.of(j["first_time"]),
        targets=Field.of(j["targets"]),
        other_bodies=Field.of(j["other_bodies"]),
        chair_nouns=Field.of(c["nouns"]),
        giving=Field.of(c["giving"]),
        receiving=Field.of(c["receiving"]),
        outgoing=Field.of(c["outgoing_markers"]),
        incoming=Field.of(c["incoming_markers"]),
        change_cues=Field.of(c["change_cues"]),
        other_objects=Field.of(c["other_objects"]),
        planned=Field.of(mo["planned"]),
        silent=Field.of(mo["silent"]),
        join_silent=Field.of(mo["join_silent"]),
        meeting_silent=Field.of(data["meeting"]["silent"]),
        meeting_outside=Field.of(data["meeting"]["outside"]),
        meeting_beside=Field.of(data["meeting"]["beside"]),
        history=tuple(re.compile(p, re.IGNORECASE) for p in data["sections"]["history"]),
        conditional=Field.of(mo["conditional_openers"]),
        leave=Field.of(data["left"]["verbs"]),
        succession=Field.of(data["left"]["succession"]),
        yielding=Field.of(data["left"]["yielding"]),
        handed=frozenset(data["left"]["handed"]),
        seat=Field.of(data["left"]["seat"]),
        create=Field.of(data["group"]["create"]),
        create_nouns=Field.of(data["group"]["create_nouns"]),
        create_intransitive=Field.of(data["group"]["create_intransitive"]),
        first_steps=Field.of(data["group"]["first_steps"]),
        announced_holding=Field.of(c["announced_holding"]),
        rename_nouns=Field.of(data["group"]["rename_nouns"]),
        rename_become=Field.of(data["group"]["become"]),
        merge=Field.of(data["group"]["merge"]),
        merge_nouns=Field.of(data["group"]["merge_nouns"]),
        absorb=Field.of(data["group"]["absorb"]),
        into=Field.of(data["group"]["into"]),
        rename=Field.of(data["group"]["rename"]),
        renamed_from=Field.of(data["group"]["renamed_from"]),
    )


# ---------------------------------------------------------------------------------------------
# Lemmas


@lru_cache(maxsize=2)
def lemmatizer(lang: str) -> Any:
    """A blank pipeline with spaCy's lookup lemmatizer; its tables come from the installed
    ``spacy-lookups-data`` package (nothing is downloaded). Without that package, lemmas are
    the lower-cased words, and frames match only the forms their fields list."""
    import spacy

    nlp = spacy.blank(lang)
    try:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    except (ValueError, OSError, ImportError):  # no lookup tables installed
        nlp = spacy.blank(lang)
    return nlp


@dataclass
class Tok:
    text: str
    lemma: str
    start: int  # offsets in the sentence's text
    end: int


_KEEP = {"as": "as", "may": "may", "us": "us", "'s": "'s"}  # words the lookup table folds too far


def tokens(text: str, lang: str) -> list[Tok]:
    """The sentence's words with their lemmas, looked up in lower case ("Joining" -> "join")."""
    nlp = lemmatizer(lang)
    table = _lemma_table(lang)
    out = []
    for t in nlp.make_doc(text):
        if t.is_space:
            continue
        lower = t.text.casefold().replace("’", "'")
        lemma = _KEEP.get(lower) or (table.get(lower, lower) if table is not None else lower)
        if t.text == "May":
            lemma = "may-month"  # the month, not the modal
        out.append(Tok(t.text, lemma, t.idx, t.idx + len(t.text)))
    return out


@lru_cache(maxsize=2)
def _lemma_table(lang: str) -> Any:
    nlp = lemmatizer(lang)
    if "lemmatizer" not in nlp.pipe_names:
        return None
    lookups = nlp.get_pipe("lemmatizer").lookups
    return lookups.get_table("lemma_lookup") if lookups.has_table("lemma_lookup") else None


# ---------------------------------------------------------------------------------------------
# Entities in a sentence


@dataclass
class Ent:
    entity_id: str
    start: int  # token span
    end: int


_LIST_GLUE = {",", "and", "the", "as", "well", "&", "+", "'s", "(", ")", "its", "newly", "created"}
_HARD_BEFORE = {";", ":"}
_NO_OBJECT = {
    "in",
    "on",
    "during",
    "at",
    "this",
    "last",
    "that",
    "earlier",
    "later",
    "since",
    "from",
    "after",
    "before",
    "as",
    "too",
    "also",
    "and",
    "the group",
    ",",
    ".",
    ";",
    ":",
    "(",
}
_HARD_AFTER = {";"}


def _ents(toks: list[Tok], sent: Sentence, ments: list[Mention], types: set[str]) -> list[Ent]:
    out: list[Ent] = []
    for m in ments:
        if m.entity_type not in types:
            continue
        a, b = m.char_start - sent.char_start, m.char_end - sent.char_start
        span = [i for i, t in enumerate(toks) if t.start >= a and t.end <= b]
        if span:
            out.append(Ent(m.entity_id, span[0], span[-1] + 1))
    out.sort(key=lambda e: e.start)
    return out


def _countries(toks: list[Tok], taken: set[int], by_country: dict[str, str], cfg: Any) -> list[Ent]:
    """Country names standing for their member agency ("Brazil and Thailand joining")."""
    out: list[Ent] = []
    i = 0
    while i < len(toks):
        if i in taken or not toks[i].text[:1].isupper():
            i += 1
            continue
        hit = 0
        for n in (3, 2, 1):
            words = toks[i : i + n]
            if len(words) < n or any(j in taken for j in range(i, i + n)):
                continue
            if not all(w.text[:1].isupper() or w.text in {"of"} for w in words):
                continue
            name = " ".join(w.text for w in words)
            # "the US", "the UK": a short form only after "the" ("US" alone may be "us")
            short = name.isupper() and len(name) >= 2 and i > 0 and toks[i - 1].lemma == "the"
            if n == 1 and _named_after(toks, i, name, cfg):
                continue  # "the European Commission", "a Canadian Company": another body
            direct = _agency_words(str(cfg.root)).get(name.casefold()) if n == 1 else None
            if direct:
                out.append(Ent(direct, i, i + n))  # "from its European counterpart": ESA
                hit = n
                break
            code = _country_code(name, cfg) if len(name) > 3 or short else None
            if code and code in by_country:
                out.append(Ent(by_country[code], i, i + n))
                hit = n
                break
        i += hit or 1
    return out


def _country_code(name: str, cfg: Any) -> str | None:
    """The registry's spelling of a country (``countries.csv``), an adjective of nationality
    (frames.toml ``[countries]``), else pycountry's."""
    key = name.casefold()
    if key in cfg.countries:
        return cfg.countries[key] or None
    adjectives = _adjectives(str(cfg.root))
    if key in adjectives:
        return adjectives[key]
    return _pycountry(key)


def _named_after(toks: list[Tok], i: int, name: str, cfg: Any) -> bool:
    """An adjective of nationality followed by a capitalised word begins another body's name;
    the member agency's own name was matched as a mention before."""
    key = name.casefold()
    return (
        (key in _adjectives(str(cfg.root)) or key in _agency_words(str(cfg.root)))
        and i + 1 < len(toks)
        and toks[i + 1].text[:1].isupper()
    )


@lru_cache(maxsize=4)
def _agency_words(root: str) -> dict[str, str]:
    table = frames_toml(root).get("countries", {}).get("agencies", {})
    return {k.casefold(): v for k, v in table.items()}


@lru_cache(maxsize=4)
def _adjectives(root: str) -> dict[str, str]:
    table = frames_toml(root).get("countries", {}).get("adjectives", {})
    return {k.casefold(): v for k, v in table.items()}


@lru_cache(maxsize=1024)
def _pycountry(key: str) -> str | None:
    import pycountry

    try:
        return pycountry.countries.lookup(key).alpha_2
    except LookupError:
        return None


@lru_cache(maxsize=4)
def _agency_by_country(rows: tuple[tuple[str, str, str, str], ...]) -> dict[str, str]:
    """Country code -> its one current member agency (a space agency first)."""
    by: dict[str, list[tuple[str, str]]] = {}
    for ident, name, code, successor in rows:
        if code and not successor:
            by.setdefault(code, []).append((ident, name))
    out = {}
    for code, cands in by.items():
        space = [c for c in cands if "space" in c[1].casefold()]
        pick = space if len(space) == 1 else cands
        if len(pick) == 1:
            out[code] = pick[0][0]
    return out


def _list_back(ents: list[Ent], k: int, toks: list[Tok]) -> list[Ent]:
    """Entity ``k`` and the entities listed before it ("Poland, Luxembourg and Australia")."""
    got = [ents[k]]
    while k > 0:
        prev = ents[k - 1]
        gap = toks[prev.end : got[0].start]
        if all(t.lemma in _LIST_GLUE for t in gap):
            got.insert(0, prev)
            k -= 1
        else:
            break
    return got


def _list_forward(ents: list[Ent], k: int, toks: list[Tok]) -> list[Ent]:
    """Entity ``k`` and the entities listed after it, a year in brackets allowed between."""
    got = [ents[k]]
    while k + 1 < len(ents):
        nxt = ents[k + 1]
        gap = toks[got[-1].end : nxt.start]
        if all(
            t.lemma in _LIST_GLUE
            or YEAR_RE.fullmatch(t.text)
            or _dated(gap)  # "the SSO in February, the NOSA and the VNSC"
            or _participle_aside(gap)  # "the ASA, established only in July, the LSA and ..."
            or t.lemma == "of"
            or (k > 0 and gap[k - 1].lemma == "of" and t.text[:1].isupper())
            for k, t in enumerate(gap)
        ):
            got.append(nxt)
            k += 1
        else:
            break
    return got


def _participle_aside(gap: list[Tok]) -> bool:
    """A gap that is an aside on the agency before it, set off by commas and opened by a past
    participle: ", established only in July, the"."""
    if len(gap) < 3 or len(gap) > 12 or gap[0].text != ",":
        return False
    close = next((j for j in range(2, len(gap)) if gap[j].text == ","), None)
    return (
        close is not None
        and gap[1].text.casefold().endswith("ed")
        and all(t.lemma in _LIST_GLUE for t in gap[close:])
    )


def _dated(gap: list[Tok]) -> bool:
    """A gap between two listed agencies that holds only the first one's date: "in February,
    the", "(March 2019) and"."""
    words = [t for t in gap if t.lemma not in _LIST_GLUE]
    return (
        bool(words)
        and all(
            t.lemma in {"in", "on", "since", "from"}
            or t.text.isdigit()
            or month_number(t.text) is not None
            for t in words
        )
        and any(month_number(t.text) is not None or YEAR_RE.fullmatch(t.text) for t in words)
    )


def _hard_before(toks: list[Tok], i: int) -> int:
    j = i
    while j > 0 and toks[j - 1].text not in _HARD_BEFORE:
        j -= 1
    return j


def _clause(toks: list[Tok], i: int) -> tuple[int, int]:
    """The tokens between the semicolons around token ``i``: "2015 – A joins; 2020 – B joins"."""
    lo, hi = i, i
    while lo > 0 and toks[lo - 1].text != ";":
        lo -= 1
    while hi < len(toks) and toks[hi].text != ";":
        hi += 1
    return lo, hi


def _segment(toks: list[Tok], i: int) -> tuple[int, int]:
    """The tokens between the commas or dashes around token ``i``."""
    marks = {",", "—", "–", ";", "(", ")"}
    lo, hi = i, i
    while lo > 0 and toks[lo - 1].text not in marks:
        lo -= 1
    while hi < len(toks) and toks[hi].text not in marks:
        hi += 1
    return lo, hi


def _appositive(toks: list[Tok], lemmas: list[str], i: int) -> bool:
    """ "The IOWG, set up this year, ...", "ERWG — newly established this year —": a participle
    set off after the group it describes."""
    j = i - 1
    while j >= 0 and lemmas[j] in {"newly", "recently", "formally", "also", "only"}:
        j -= 1
    return j > 0 and toks[j].text in {",", "—", "–"} and toks[i].text.casefold() != "form"


def _hard_after(toks: list[Tok], i: int) -> int:
    j = i
    while j < len(toks) and toks[j].text not in _HARD_AFTER:
        j += 1
    return j


# ---------------------------------------------------------------------------------------------
# Time


def _years(toks: list[Tok], span_end: bool = False) -> list[tuple[int, int]]:
    """Each token that is a year, or a span of years ("2010–2012": its first, or its last)."""
    out = []
    for i, t in enumerate(toks):
        m = _YEAR_SPAN.fullmatch(t.text)
        if m:
            end = m.group(2)
            last = int(end if len(end or "") == 4 else m.group(1)[:2] + end) if end else None
            out.append((i, last if span_end and last else int(m.group(1))))
    return out


_YEAR_SPAN = re.compile(r"((?:19|20)\d{2})(?:[–—-]((?:19|20)?\d{2}))?")


def _aside_tokens(toks: list[Tok], lemmas: list[str]) -> frozenset[int]:
    """The tokens of asides set off by commas that describe rather than tell (", a member since
    the group was founded in 2007,", ", which opened in May 2024,")."""
    commas = [k for k, t in enumerate(toks) if t.text == ","]
    out: set[int] = set()
    # the last one may run to the sentence's end (", a role held since 2007 by KARI.")
    for a, b in zip(commas, [*commas[1:], len(toks)], strict=False):
        if a + 1 < b and lemmas[a + 1] in _ASIDE_OPENERS:
            out.update(range(a + 1, b))
    return frozenset(out)


_ASIDE_OPENERS = frozenset({"a", "an", "which", "who", "founded", "created", "established"})


def _year_near(
    toks: list[Tok],
    pos: int,
    hi: int,
    lo: int = 0,
    span_end: bool = False,
    skip: frozenset[int] = frozenset(),
) -> int | None:
    """The first year after token ``pos`` (before ``hi``), else the last one before it; none
    of the tokens in ``skip``."""
    ys = [(i, y) for i, y in _years(toks, span_end) if i not in skip]
    after = [y for i, y in ys if pos <= i < hi]
    if after:
        return after[0]
    before = [y for i, y in ys if lo <= i < pos]
    return before[-1] if before else None


def _when(
    year: int | None,
    text: str,
    planned: bool,
    cfg: PipelineConfig,
    report_year: int | None,
) -> int | None:
    """The year of a change: its own, else what the words of its clause say ("last year",
    "this year", "next year" against the report's year), else the report's year for a done
    change."""
    if year is not None:
        return year
    if report_year is not None and planned and any(p.search(text) for p in cfg.regex["next_year"]):
        return report_year + 1
    if any(p.search(text) for p in cfg.regex["this_year"]):
        return report_year
    if report_year is not None and any(p.search(text) for p in cfg.regex["last_year"]):
        return report_year - 1
    if planned:
        # "Action: ESA to assume the chair on 30 September": a date of the year told in
        return report_year if report_year is not None and DATED_BY_MONTH.search(text) else None
    return report_year


_PRONOUNS = frozenset({"it", "they"})
_BACK_NOUNS = frozenset({"agency", "member", "newcomer", "organisation", "organization"})
_GROUP_NOUNS = frozenset({"group", "team"})
_TAKES_OBJECT = frozenset({"succeed", "replace", "follow", "relieve", "from", "to", "after"})


def _refers_back(
    toks: list[Tok],
    lemmas: list[str],
    ents: list[Ent],
    sentences: list[Sentence],
    index: int,
    by_sentence: dict[int, list[Mention]],
    countries: Any = None,
    lang: str = "en",
    entity_type: str = "agency",
    nouns: frozenset[str] = frozenset(),
    skip: frozenset[str] = frozenset(),
    anywhere: bool = False,
) -> list[Ent]:
    """The body a pronoun or "the (new) agency" stands for: the last one of ``entity_type`` the
    sentence before (same paragraph) names, placed at the pronoun. As the subject, none when the
    sentence names one first; ``anywhere`` also reads an object ("ESA succeeded it as chair")."""
    if index == 0 or sentences[index - 1].block_index != sentences[index].block_index:
        return []
    nouns = nouns or _BACK_NOUNS
    at = None
    for k in range(len(toks) if anywhere else min(len(toks), 10)):
        if not anywhere and any(e.start <= k for e in ents):
            return []
        if any(e.start <= k < e.end for e in ents):
            continue
        if lemmas[k] in _PRONOUNS and toks[k].text.casefold() == "it":
            if anywhere and not (k > 0 and lemmas[k - 1] in _TAKES_OBJECT):
                continue  # "..., when it took over from JAXA": the subject, told already
            if lemmas[k + 1 : k + 2] == ["be"] and {"that", "to"} & set(lemmas[k + 2 : k + 6]):
                return []  # "It was also agreed that ...": no one is meant
            at = k
            break
        if toks[k].text.casefold() in nouns and k > 0 and lemmas[k - 1] in {"the", "new"}:
            at = k
            break
    if at is None:
        return []
    here = {e.entity_id for e in ents}
    earlier = [
        (m.char_start, m.entity_id)
        for m in by_sentence.get(index - 1, [])
        if m.entity_type == entity_type and m.entity_id not in skip
    ]
    if countries is not None:  # "Brazil's space agency attended ..." names its agency by country
        prev = sentences[index - 1]
        ptoks = tokens(prev.text, lang)
        earlier += [(prev.char_start + ptoks[e.start].start, e.entity_id) for e in countries(ptoks)]
    earlier = [e for e in earlier if not anywhere or e[1] not in here]
    if not earlier:
        return []
    return [Ent(min(earlier)[1], at, at + 1)]  # the first named: the sentence's subject


def _previous_year(sentences: list[Sentence], index: int) -> int | None:
    """The last year the paragraph named before this sentence."""
    k = index - 1
    while k >= 0 and sentences[k].block_index == sentences[index].block_index:
        years = YEAR_RE.findall(sentences[k].text)
        if years:
            return int(years[-1])
        k -= 1
    return None


def _relative_year(text: str, cfg: PipelineConfig, previous: int | None) -> int | None:
    """ "A year later", "later that year": the year of the sentence before, or the one after."""
    if previous is None:
        return None
    if any(p.search(text) for p in cfg.regex["year_after"]):
        return previous + 1
    if any(p.search(text) for p in cfg.regex["same_year"]):
        return previous
    return None


def _says_next_year(text: str, cfg: PipelineConfig) -> bool:
    return any(p.search(text) for p in cfg.regex["next_year"])


def _clause_text(text: str, toks: list[Tok], lo: int, hi: int) -> str:
    return text[toks[lo].start : toks[hi - 1].end] if 0 <= lo < hi <= len(toks) else text


# ---------------------------------------------------------------------------------------------
# The frames


@dataclass
class FrameResult:
    changes: list[ChangeCandidate] = field(default_factory=list)
    # Sentence index -> the agencies a chair frame read there, and their roles.
    chair_roles: dict[int, dict[str, str]] = field(default_factory=dict)
    # Sentences that state no join: the verb joins another body ("joined the ISS crew"), or
    # tells only since when ("unchanged since the Hellenic Space Centre joined").
    no_joins: set[int] = field(default_factory=set)
    # Sentences whose chair is another body's ("the chair of the Committee on ...").
    other_chairs: set[int] = field(default_factory=set)
    # Sentence index -> the (merged, into) pairs a merge frame read there.
    merges: dict[int, set[tuple[str, str]]] = field(default_factory=dict)


def conditional(text: str, cfg: PipelineConfig) -> bool:
    """Whether a sentence opens with a condition ("Should additional agencies request ...")."""
    frames = load_frames(str(cfg.root))
    toks = tokens(text[:80], cfg.settings["pipeline"]["spacy_language"])
    lemmas = [t.lemma for t in toks if t.text not in {'"', "“", "'", "‘"}]
    return bool(lemmas) and bool(frames.conditional.at(lemmas, 0))


def history_section(title: str, frames: Frames) -> bool:
    """Whether a section recalls history ("Background", "Annex B: Working Group History")."""
    return any(p.search(title) for p in frames.history)


def frame_changes(
    structure: Structure,
    sentences: list[Sentence],
    mentions: list[Mention],
    cfg: PipelineConfig,
    report_year: int | None,
) -> FrameResult:
    frames = load_frames(str(cfg.root))
    lang = cfg.settings["pipeline"]["spacy_language"]
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence_index, []).append(m)
    by_country = _agency_by_country(
        tuple(
            (r["id"], r.get("name", ""), r.get("country_code", ""), r.get("successor", ""))
            for r in cfg.agencies.rows
        )
    )
    publisher = cfg.publisher_acronym.casefold()
    limit = cfg.settings["nlp"]["max_sentence_chars"]
    external_groups = {r["id"] for r in cfg.working_groups.rows if r.get("kind") == "external"}
    out = FrameResult()
    for index, sent in enumerate(sentences):
        block_kind = structure.blocks[sent.block_index].kind
        if block_kind not in {"paragraph", "list_item", "table_row"}:
            continue
        if len(sent.text) > limit or not _PREFILTER.search(sent.text):
            continue
        if block_kind == "table_row":
            sent = row_as_sentence(sent)
        section = structure.section(sent.section_id)
        if (
            section is not None
            and history_section(section.title, frames)
            and not _names_year(sent.text, report_year)
        ):
            continue  # history recalled; its latest line may be the year's news (merge_changes)
        toks = tokens(sent.text, lang)
        lemmas = [t.lemma for t in toks]
        if _silent(frames, lemmas):
            continue
        ments = by_sentence.get(index, [])
        agencies = _ents(toks, sent, ments, {"agency"})
        taken = {i for e in agencies for i in range(e.start, e.end)}
        with_countries = sorted(
            agencies + _countries(toks, taken, by_country, cfg), key=lambda e: e.start
        )
        # "It was admitted a year later", "The new agency had been accepted into ISECG": the
        # agency of the sentence before, in the same paragraph.
        back = _refers_back(
            toks,
            lemmas,
            with_countries,
            sentences,
            index,
            by_sentence,
            lambda ptoks: _countries(ptoks, set(), by_country, cfg),
            lang,
        )
        if back:
            agencies = sorted(agencies + back, key=lambda e: e.start)
            with_countries = sorted(with_countries + back, key=lambda e: e.start)
        previous_year = _previous_year(sentences, index)
        flat = " ".join(sent.text.split())
        if _joins_other_body(frames, lemmas, publisher, toks) or _since_joined(
            frames, toks, lemmas
        ):
            out.no_joins.add(index)
        # "ISECG has grown to 27 members. AEB and GISTDA joined in 2020; ...": what they joined
        # is named by the sentence before, in the same paragraph, or by the section's title;
        # looked up (two more texts to tokenise) only for a sentence that names none itself.
        context = (
            bool(with_countries)
            and not (publisher in lemmas or frames.targets.anywhere(lemmas))
            and _joins_named_around(sentences, index, section, frames, publisher, lang)
        )
        listed = block_kind == "list_item"
        joins = _joins(frames, toks, lemmas, with_countries, publisher, context, listed)
        for subj, year_pos, planned in [] if index in out.no_joins else joins:
            lo, hi = _clause(toks, year_pos)
            when = _when(
                _paren_year(toks, year_pos)
                or _year_near(toks, year_pos, hi, lo)
                or _relative_year(sent.text, cfg, previous_year),
                _clause_text(sent.text, toks, lo, hi),
                planned,
                cfg,
                report_year,
            )
            out.changes.append(_row("joined", subj, "", when, flat, index, sent, planned))
        seat_around = (
            block_kind == "table_row"
            and section is not None
            and frames.seat.anywhere([t.lemma for t in tokens(section.title, lang)])
        )
        recent = report_year is None or _names_year(sent.text, report_year)
        for kind, subj, pos, planned in _leaves(
            frames, toks, lemmas, agencies, publisher, seat_around, recent
        ):
            lo, hi = _clause(toks, pos)
            when = _when(
                # "KARI — member 2007–2024, succeeded by KASA": a span's end is when it left;
                # "KARI, a member since the group was founded in 2007, handed its place this
                # year to KASA": an aside's year is the aside's
                _year_near(toks, pos, hi, lo, span_end=True, skip=_aside_tokens(toks, lemmas))
                or _relative_year(sent.text, cfg, previous_year),
                _clause_text(sent.text, toks, lo, hi),
                planned,
                cfg,
                report_year,
            )
            out.changes.append(_row(kind, subj, "", when, flat, index, sent, planned))
        groups = [
            e
            for e in _ents(toks, sent, ments, {"working_group"})
            if e.entity_id not in external_groups
        ]
        # "This year it was absorbed by the SCWG": the group of the sentence before, for news
        # of the report's year ("The group was formed in 2008", in a 2014 annex, is history).
        other_year = any(int(y) != report_year for y in YEAR_RE.findall(sent.text))
        groups = sorted(
            groups
            + (
                []
                if other_year
                else _refers_back(
                    toks,
                    lemmas,
                    groups,
                    sentences,
                    index,
                    by_sentence,
                    entity_type="working_group",
                    nouns=_GROUP_NOUNS,
                    skip=frozenset(external_groups),
                )
            ),
            key=lambda e: e.start,
        )
        for kind, subj, obj, pos, planned in _group_changes(frames, toks, lemmas, groups):
            if pos < 0:  # an appositive: its own words date it
                pos = -1 - pos
                lo, hi = _segment(toks, pos)
            else:
                lo, hi = _clause(toks, pos)
            when = _when(_year_near(toks, pos, hi, lo), sent.text, planned, cfg, report_year)
            out.changes.append(_row(kind, subj, obj, when, flat, index, sent, planned))
            if kind == "merged":
                out.merges.setdefault(index, set()).add((subj, obj))
        chairs = with_countries
        if frames.chair_nouns.anywhere(lemmas) and other_chair(frames, toks, lemmas):
            out.other_chairs.add(index)
        if frames.chair_nouns.anywhere(lemmas):
            # "Two months later, the European Space Agency succeeded it as chair."
            chairs = sorted(
                with_countries
                + _refers_back(
                    toks, lemmas, with_countries, sentences, index, by_sentence, anywhere=True
                ),
                key=lambda e: e.start,
            )
        pairs, roles = _chairs(frames, toks, lemmas, chairs)
        for inc, outg, pos, hi, planned in pairs:
            hi = _before_recalled(lemmas, pos, hi)  # "..., which it last held in 2009"
            year = _year_near(toks, pos, hi, lo=pos)  # a year after the incoming chair
            if year is None and not (planned and _says_next_year(sent.text, cfg)):
                year = _year_near(toks, pos, hi)  # else one before it, unless "next year"
            when = _when(year, sent.text, planned, cfg, report_year)
            out.changes.append(_row("chair", inc, outg, when, flat, index, sent, planned))
        if pairs:
            out.chair_roles[index] = roles
    return out


_PREFILTER = re.compile(
    r"join|welcom|admi|accept|add|accession|arriv|entr|member|particip|sign|board|chair|"
    r"presiden|induct|leav|left|withdr|ceas|replac|succe|supersed|transfer|pass|take|took|establish|creat|form|launch|set up|stood up|stand up|found|constitut|"
    r"merg|integrat|fold|consolidat|absorb|part of|renam|known|call|previous|formerly|name|"
    r"until|retitl|rebrand|originally|being|existence|birth|charter|combin|endors|approv|"
    r"formali|ratif|enlarg|expand|grew|grow|follow|inception|helm|gavel|reins|baton|began|begin|"
    r"start|kick-off|inaugural|resum|new\s+(?:this|in|for)\b|→|->|becom|aboard|adhesion|"
    r"henceforth|go(?:es)?\s+by|gave\s+way|give\s+way|make\s+way|former\s+member|acced|sat\s+at|hand|convened|step(?:ping|s|ped)?\s+(?:back|aside)|"
    r"successor\s+to|assum",
    re.IGNORECASE,
)


def row_as_sentence(sent: Sentence) -> Sentence:
    """A table row read as one sentence whose cells are set off by commas, so a note cell reads
    as an aside on the row's name ("Romania | ROSA | new member, 2018": "ROSA, new member");
    a bar and a comma are one character, so the mentions' offsets hold."""
    return replace(sent, text=sent.text.replace("|", ","))


def _silent(frames: Frames, lemmas: list[str]) -> bool:
    return frames.silent.anywhere(lemmas)


def _row(
    kind: str,
    subject: str,
    obj: str,
    year: int | None,
    flat: str,
    index: int,
    sent: Sentence,
    planned: bool,
) -> ChangeCandidate:
    return ChangeCandidate(
        kind=kind,
        subject=subject,
        object=obj,
        year=year,
        sentence=flat,
        sentence_index=index,
        section_id=sent.section_id,
        page=sent.page,
        planned=planned,
    )


def _paren_year(toks: list[Tok], pos: int) -> int | None:
    """ "the UAE Space Agency (2015)": the year in brackets right after an entity."""
    if (
        pos + 2 < len(toks)
        and toks[pos].text == "("
        and toks[pos + 2].text == ")"
        and YEAR_RE.fullmatch(toks[pos + 1].text)
    ):
        return int(toks[pos + 1].text)
    return None


def _passive(toks: list[Tok], lemmas: list[str], i: int) -> bool:
    """A participle after a form of "be" or "get", adverbs allowed between: "was admitted",
    "has officially been accepted"; not "was pleased to welcome"."""
    if not toks[i].text.casefold().endswith(("ed", "en", "d")):
        return False
    j = i - 1
    while j >= 0 and (
        lemmas[j].endswith("ly")
        or lemmas[j] in _PASSIVE_FILLERS
        or (lemmas[j] in _TIME_NOUNS and j > 0 and lemmas[j - 1] in {"this", "last", "that"})
    ):
        j -= 1 + (lemmas[j] in _TIME_NOUNS)  # "was this week admitted", "were also welcomed"
    return j >= 0 and lemmas[j] in {"be", "get"}


_PASSIVE_FILLERS = frozenset({"also", "then", "now", "since", "just", "already", "soon", "not"})
_TIME_NOUNS = frozenset({"week", "month", "year", "spring", "summer", "autumn", "winter"})


def _target_ok(
    frames: Frames, lemmas: list[str], i: int, publisher: str, toks: list[Tok] | None = None
) -> bool:
    """The words after a join verb name ISECG or the group, not another body: not "the ISS
    crew", not a name of another organisation ("the International Astronautical Federation",
    "the IAWG", "NASA's Mars Sample Return campaign"), not one of ISECG's working groups."""
    direct = toks is not None  # the verb's object: its first word after any article
    for k in range(i, min(len(lemmas), i + 7)):
        lemma = lemmas[k]
        if lemma == publisher or frames.targets.at([lemma], 0):
            return not (lemma == "group" and k > 0 and lemmas[k - 1] == "working")
        if frames.other_bodies.at([lemma], 0):
            return False
        if lemma in {".", ";", ":", "which", "when", "while"}:
            break
        if direct and lemma not in _ARTICLES_OF:
            direct = False
            if toks is not None and toks[k].text[:1].isupper() and not month_number(toks[k].text):
                return _names_isecg(toks, lemmas, k, publisher)
    return True


_ARTICLES_OF = {"the", "a", "an", "its", "their", "as", "full", "new"}


def _names_isecg(toks: list[Tok], lemmas: list[str], k: int, publisher: str) -> bool:
    """Whether the capitalised name starting at token ``k`` is ISECG's own ("ISECG", "the
    International Space Exploration Coordination Group")."""
    run = []
    while k < len(toks) and (toks[k].text[:1].isupper() or lemmas[k] in {"of", "and", "'s"}):
        run.append(lemmas[k])
        k += 1
    if publisher in run:
        return True
    return any(run[j : j + 2] == ["coordination", "group"] for j in range(len(run)))


_AGENCY_NOUNS = {"agency", "office", "centre", "center", "administration", "institute"}
"""After "Poland's": "Poland's space agency was accepted" is the agency itself."""


def _joins_named_around(
    sentences: list[Sentence],
    index: int,
    section: Section | None,
    frames: Frames,
    publisher: str,
    lang: str,
) -> bool:
    """Whether the sentence before (same paragraph) or the section title names ISECG or its
    membership, for a sentence that says only "X and Y joined in 2020"."""
    texts = [section.title] if section is not None else []
    if index > 0 and sentences[index - 1].block_index == sentences[index].block_index:
        texts.append(sentences[index - 1].text)
    for text in texts:
        lemmas = [t.lemma for t in tokens(text, lang)]
        if publisher in lemmas or frames.targets.anywhere(lemmas):
            return True
    return False


def _joins_other_body(
    frames: Frames, lemmas: list[str], publisher: str, toks: list[Tok] | None = None
) -> bool:
    """A join verb, or "a member of", whose object is another body, in a sentence that does not
    name ISECG ("joined the Latin American and Caribbean Space Agency", "became a member of the
    Moon Village Association")."""
    if publisher in lemmas or any(
        lemmas[j : j + 2] == ["coordination", "group"] for j in range(len(lemmas))
    ):
        return False
    for i in range(len(lemmas)):
        n = frames.join_agent.at(lemmas, i)
        if n and not _target_ok(frames, lemmas, i + n, publisher, toks):
            return True
        if (
            (lemmas[i] == "member" and lemmas[i + 1 : i + 2] == ["of"])
            or (lemmas[i] == "participation" and lemmas[i + 1 : i + 2] == ["in"])
        ) and not _target_ok(frames, lemmas, i + 2, publisher, toks):
            return True  # "a member of the Moon Village Association", "participation in the ISS"
    return False


def _first_time_after(toks: list[Tok], lemmas: list[str], k: int) -> bool:
    """ "attended as members for the first time": "first time" in the verb's own clause, within
    eight words ("NSAU continued to take part in the plenary meetings, and KARI joined the work
    of the IAWG for the first time" says nothing new of NSAU)."""
    for j in range(k, min(len(toks) - 1, k + 8)):
        if toks[j].text in {",", ";", ":", "—", "–"}:
            return False
        if toks[j].text.casefold() == "first" and lemmas[j + 1] == "time":  # "first" is "1"
            return True
    return False


def _since_joined(frames: Frames, toks: list[Tok], lemmas: list[str]) -> bool:
    """ "The membership stands at 28, unchanged since the Hellenic Space Centre joined": a join
    that only says since when, with no year of its own, is no news of the report's year."""
    if any(YEAR_RE.fullmatch(t.text) for t in toks):
        return False
    for k in range(len(toks)):
        if lemmas[k] != "since" or month_number(toks[min(k + 1, len(toks) - 1)].text):
            continue  # "known since January as ...": a date, not a join
        for j in range(k + 1, min(len(toks), k + 10)):
            if toks[j].text in {",", "—", "–", ";", "(", ")"}:
                break
            if frames.join_agent.at(lemmas, j):
                return True
    return False


def _joins(
    frames: Frames,
    toks: list[Tok],
    lemmas: list[str],
    ents: list[Ent],
    publisher: str,
    context: bool = False,
    listed: bool = False,
) -> list[tuple[str, int, bool]]:
    """(agency, token to date it from, planned) of each join the sentence states; ``context``:
    the paragraph or section names what they joined; ``listed``: the sentence is a list item."""
    if not ents:
        return []
    named = publisher in lemmas or frames.targets.anywhere(lemmas)
    # "Joining in 2019 were the agencies of Luxembourg, Norway and Switzerland": a join with no
    # object at all, in a report about the group, is a join of the group.
    bare = any(
        (n := frames.join_agent.at(lemmas, k))
        and (k + n >= len(lemmas) or _no_object_at(toks, lemmas, k + n))
        and lemmas[k + n : k + n + 1] != ["."]
        for k in range(len(lemmas))
    )
    if not (context or named or bare):
        return []  # a join into what? ISECG, the group or its membership must be named

    def no_object(k: int) -> bool:
        """Named only around the sentence, a join has no object of its own ("joined in 2020");
        "Poland joined the European Space Agency" joined something else."""
        return named or k >= len(toks) or _no_object_at(toks, lemmas, k)

    planned = frames.planned.anywhere(lemmas)
    found: list[tuple[str, int, bool]] = []

    verb = [0]  # the trigger being read: the year nearest after it dates the join

    def add(group: list[Ent], owner_ok: bool = False, at: int | None = None) -> None:
        for e in group:
            owner = e.end < len(toks) and lemmas[e.end] == "'s"
            if owner and not owner_ok and not _AGENCY_NOUNS.intersection(lemmas[e.end : e.end + 5]):
                continue  # "accepted NASA's offer": NASA owns the object, it is not one
            if all(f[0] != e.entity_id for f in found):
                # "POLSA, the Polish agency set up in 2014, was admitted to ISECG in 2018": the
                # year after the verb, not one in an apposition between.
                found.append((e.entity_id, max(e.end, verb[0]) if at is None else at, planned))

    def before(i: int) -> list[Ent]:
        lo = _hard_before(toks, i)
        cands = [k for k, e in enumerate(ents) if lo <= e.start and e.end <= i]
        return _list_back(ents, cands[-1], toks) if cands else []

    def after(i: int) -> list[Ent]:
        hi = _hard_after(toks, i)
        cands = [k for k, e in enumerate(ents) if i <= e.start and e.end <= hi]
        return _list_forward(ents, cands[0], toks) if cands else []

    i = 0
    while i < len(toks):
        verb[0] = i
        n = frames.join_agent.at(lemmas, i)
        if n and _target_ok(frames, lemmas, i + n, publisher, toks) and no_object(i + n):
            add(before(i) or after(i + n))
            i += n
            continue
        n = frames.join_patient.at(lemmas, i)
        if n and _target_ok(frames, lemmas, i + n, publisher):
            opened = (
                any(  # "Agreed: Agencia Espacial Mexicana admitted as a member"
                    e.end == i and e.start > 0 and toks[e.start - 1].text in _MARKS for e in ents
                )
                and lemmas[i + n : i + n + 1] in (["as"], ["to"], ["into"], [])
            )
            if _passive(toks, lemmas, i) or _bare_participle(toks, i, listed) or opened:
                # "Three agencies were welcomed in 2021 — the AEM, PT Space and the NZSA": a
                # count before the verb, the names after a dash or a colon.
                add(before(i) or _listed_after(toks, i + n, after))
            else:
                add(after(i + n))
            i += n
            continue
        n = frames.join_approval.at(lemmas, i)
        if n and (frames.join_nouns.anywhere(lemmas) or {"application", "request"} & set(lemmas)):
            # "approved GISTDA's request to join the Group": the owner of the request joins.
            found_by = before(i) if _passive(toks, lemmas, i) else after(i + n)
            # "Membership applications of AEM and PT Space approved": a participle, no "were".
            add(found_by or before(i), owner_ok=True)
            i += n
            continue
        n = frames.join_growth.at(lemmas, i)
        if n and lemmas[i + n : i + n + 1] in (["by"], ["with"]):
            add(after(i + n + 1))
            i += n
            continue
        n = frames.join_nouns.at(lemmas, i)
        if n and lemmas[i] == "membership":
            # "Membership was extended to the Hellenic Space Centre", "granted to X".
            to = next(
                (
                    k + 1
                    for k in range(i + n, min(len(toks) - 1, i + n + 5))
                    if lemmas[k] in {"extend", "grant", "offer"}
                    and (
                        lemmas[k + 1] == "to"
                        or (lemmas[k + 1] == "in" and lemmas[k + 3 : k + 4] == ["to"])
                    )
                ),
                None,
            )
            if to is not None:
                add(after(to + 1))
                i += n
                continue
        if n:
            noun = lemmas[i]
            weak = noun in {"membership", "participation"}
            if not weak or frames.join_noun_cues.anywhere(lemmas):
                if i + n < len(toks) and lemmas[i + n] == "of":
                    add(after(i + n))
                elif i > 0 and lemmas[i - 1] in {"'s", "its", "their", "whose"}:
                    add(before(i), owner_ok=True)  # "the UAE Space Agency, whose admission"
            i += n
            continue
        n = frames.join_become.at(lemmas, i)
        newest = {"newest", "latest"} & {t.text.casefold() for t in toks[i + 1 : i + 4]}
        if n or (lemmas[i] == "be" and ("now" in lemmas[i + 1 : i + 3] or newest)):
            n = n or 1
            window = lemmas[i + n : i + n + 8]
            at = next((k for k in range(len(window)) if frames.member_words.at(window, k)), None)
            of = i + n + at + 1 if at is not None else 0
            if (
                at is not None
                and "state" not in lemmas[of : of + 1]  # "an ESA Member State"
                and not (
                    lemmas[of : of + 1] == ["of"]
                    and not _target_ok(frames, lemmas, of + 1, publisher, toks)
                )
            ):
                add(before(i))
            i += n
            continue
        n = frames.member_words.at(lemmas, i)
        if (
            n
            and lemmas[i + n : i + n + 1] == ["since"]
            and i + n + 2 < len(toks)
            and YEAR_RE.fullmatch(toks[i + n + 1].text)
            and toks[i + n + 2].text == ":"
        ):
            # "Members since 2019: Romanian Space Agency; Swiss Space Office; ..."
            for e in ents:
                if e.start > i + n + 2:
                    add([e], at=i + n + 1)  # each dated by the year of the lead
            i += n
            continue
        if (
            n
            and lemmas[i + n : i + n + 1] == ["since"]
            or (
                n
                and lemmas[i + n : i + n + 2] == ["of", "isecg"]
                and "since" in lemmas[i + n + 2 : i + n + 3]
            )
        ):
            # "LSA — ISECG member since 2018", "has been a member of ISECG since 2019"
            k = i + n + (1 if lemmas[i + n] == "since" else 3)
            if k < len(toks) and YEAR_RE.fullmatch(toks[k].text):
                add(before(i))
                i += n
                continue
        n = frames.newcomer.at(lemmas, i)
        if n and frames.member_words.at(lemmas, i + n) and _set_off(toks, lemmas, i):
            # "Romania | ROSA | new member, 2018", "LSA (the newest member)": an aside on the
            # agency before it.
            add(before(i))
            i += n
            continue
        n = frames.first_time.at(lemmas, i)
        if n and _first_time_after(toks, lemmas, i + n):
            # "Two agencies sat at the table as full members for the first time: AEB and GISTDA"
            time = next(j for j in range(i + n, len(toks)) if lemmas[j] == "time")
            add(before(i) or _listed_after(toks, time, after))
            i += n
            continue
        i += 1
    if found:
        # "AEM joined ISECG in 2021, followed later that year by PT Space and the NZSA";
        # "AEB signed on in 2020, and Thailand's GISTDA followed a few months later".
        for k in range(len(toks)):
            if lemmas[k] != "follow" or toks[k].text.casefold() not in {"followed", "follows"}:
                continue
            by = next((j for j in range(k + 1, min(len(toks), k + 8)) if lemmas[j] == "by"), None)
            if by is not None:
                add(after(by + 1))
            elif k > 0 and lemmas[k - 1] not in {",", "be"}:
                add(before(k))
    return found


def _no_object_at(toks: list[Tok], lemmas: list[str], k: int) -> bool:
    """Nothing joined follows the verb: a preposition, a stop, or a year ("joined 2021")."""
    return lemmas[k] in _NO_OBJECT or bool(YEAR_RE.fullmatch(toks[k].text))


def _set_off(toks: list[Tok], lemmas: list[str], i: int) -> bool:
    """Token ``i`` opens an aside: a comma, bracket or dash before it, an article between."""
    j = i - 1
    while j >= 0 and lemmas[j] in {"the", "a", "an", "its", "isecg", "'s"}:
        j -= 1
    return j > 0 and toks[j].text in {",", "(", "—", "–", "-"}


def _bare_participle(toks: list[Tok], i: int, listed: bool = False) -> bool:
    """A participle standing for its clause in a list line: "Greece (HSC): admitted as member",
    "CWG: newly formed in 2021", "• AEB and GISTDA admitted as members" (``listed``: the
    sentence is a list item, its bullet taken off)."""
    if i == 0 or not toks[i].text.casefold().endswith(("ed", "set", "up")):
        return False
    j = i - 1
    while j > 0 and toks[j].text.casefold().endswith("ly"):
        j -= 1  # "newly formed"
    mark = toks[j].text
    # "):" stays one token; "in-" (a word broken at a line end) is no mark
    timeline = len(toks) > 1 and YEAR_RE.fullmatch(toks[0].text) and toks[1].text in _MARKS
    return (
        mark in {":", "–", "—", "-", ","}
        or mark.endswith(":")
        or toks[0].text in _BULLETS
        or listed
        or bool(timeline)  # "2015: UAE Space Agency admitted (15th member)"
    )


_MARKS = frozenset({":", "–", "—", "-"})


_BULLETS = frozenset({"•", "-", "*", "–", "·", "‣", "▪"})


def _listed_after(toks: list[Tok], i: int, after: Any) -> list[Ent]:
    """The names a dash or colon introduces within a few words of token ``i``."""
    mark = next(
        (k for k in range(i, min(len(toks), i + 6)) if toks[k].text in {"—", "–", ":", "--"}),
        None,
    )
    return after(mark + 1) if mark is not None else []


def _leaves(
    frames: Frames,
    toks: list[Tok],
    lemmas: list[str],
    ents: list[Ent],
    publisher: str,
    seat_around: bool = False,
    recent: bool = True,
) -> list[tuple[str, str, int, bool]]:
    """(kind, agency, token to date it from, planned): agencies that left ISECG ("BNSC ceased
    to participate in ISECG"), and successions, where one agency takes another's seat: the
    successor joins and the predecessor leaves ("UKSA replaced BNSC as an ISECG participating
    agency", "KARI's membership was transferred to KASA", "which took over from the BNSC")."""
    if not ents or frames.chair_nouns.anywhere(lemmas):
        return []  # a chair's succession is a chair change
    planned = frames.planned.anywhere(lemmas)
    seated = seat_around  # a member table's row: the seat is the table's subject
    out: list[tuple[str, str, int, bool]] = []

    def nearest_before(i: int) -> Ent | None:
        cands = [e for e in ents if e.end <= i and lemmas[e.end : e.end + 1] != ["'s"]]
        owner = [e for e in ents if e.end <= i and lemmas[e.end : e.end + 1] == ["'s"]]
        return (cands or owner or [None])[-1]

    def first_after(i: int) -> Ent | None:
        return next((e for e in ents if e.start >= i), None)

    former = next(
        (k for k in range(len(toks) - 2) if lemmas[k : k + 2] == ["former", "member"]), None
    )
    if former is not None:
        # "Former members: BNSC (until 2010), CSIRO (until 2022) and KARI (until 2024)"
        for e in ents:
            if e.start > former and lemmas[e.end : e.end + 2] == ["(", "until"]:
                out.append(("left", e.entity_id, e.end, planned))
    for i in range(len(toks)):
        n = frames.leave.at(lemmas, i)
        if n and (publisher in lemmas or frames.targets.anywhere(lemmas)):
            if _target_ok(frames, lemmas, i + n, publisher):
                who = nearest_before(i)
                if who is not None:
                    out.append(("left", who.entity_id, who.end, planned))
            continue
        if toks[i].text in {"→", "->"} and (seated or frames.seat.anywhere(lemmas)):
            # "• UK delegation: BNSC → UKSA (effective April 2010)"
            new, old = first_after(i + 1), nearest_before(i)
            if new is not None and old is not None and old.end == i and new.start == i + 1:
                out.append(("joined", new.entity_id, new.end, planned))
                out.append(("left", old.entity_id, new.end, planned))
            continue
        n = frames.yielding.at(lemmas, i)
        if n and (seated or frames.seat.anywhere(lemmas) or publisher in lemmas):
            # "The BNSC gave way to the new UK Space Agency, which now represents the UK in ISECG"
            new, old = first_after(i + n), nearest_before(i)
            if new is not None and old is not None and new.entity_id != old.entity_id:
                out.append(("joined", new.entity_id, new.end, planned))
                out.append(("left", old.entity_id, new.end, planned))
            continue
        n = frames.succession.at(lemmas, i)
        if not n or not (seated or frames.seat.anywhere(lemmas)):
            continue
        verb = lemmas[i]
        if verb in {"transfer", "pass", "hand"} and lemmas[i + n : i + n + 1] == ["from"]:
            # "representation transferred from KARI to KASA"
            to = next(
                (k for k in range(i + n + 1, min(len(toks), i + n + 8)) if lemmas[k] == "to"), None
            )
            new, old = (first_after(to + 1), first_after(i + n)) if to is not None else (None, None)
        elif verb in {"transfer", "pass", "hand"}:
            # "Y's membership was transferred to X", "its role passed to X", "KARI hands
            # Korea's ISECG seat to KASA".
            reach = 9 if verb == "hand" else 2  # "its role passed to X", "hands its seat to"
            to = next(
                (k for k in range(i + n, min(len(toks), i + n + reach)) if lemmas[k] == "to"), None
            )
            if to is None or (
                verb == "hand" and not frames.handed.intersection(lemmas[i + n : to])
            ):
                continue  # "handed the role to ESA" is a chair's hand-over; a seat is handed
            new, old = first_after(to), nearest_before(i)
        elif verb in {"take", "assume"} and (owner := _held_by(lemmas, i + n)) is not None:
            # "took over the seat previously held by KARI", "takes over the responsibilities
            # of the British National Space Centre": news of the year it is told in only (a
            # member's annex entry "UKSA took over the role of BNSC in 2010" recalls it)
            if any(YEAR_RE.fullmatch(t.text) for t in toks) and not recent:
                continue
            new, old = nearest_before(i), first_after(owner)
        elif (_passive(toks, lemmas, i) or lemmas[i + n : i + n + 1] == ["by"]) and "by" in lemmas[
            i + n : i + n + 2
        ]:  # "X was replaced by Y", "KARI — member 2007–2024, succeeded by KASA"
            new, old = first_after(i + n), nearest_before(i)
        elif lemmas[i + n - 1] == "from" or "from" in lemmas[i + n : i + n + 2]:
            new, old = nearest_before(i), first_after(i + n)
        elif (at := _from_in_clause(toks, lemmas, i + n)) is not None:
            # "KASA took over Korea's participation in ISECG from KARI": the seat between.
            new, old = nearest_before(i), first_after(at + 1)
        elif verb in {"take", "assume"}:
            continue  # "took over" without "from": whose seat is not said
        else:
            new, old = nearest_before(i), first_after(i + n)
        if new is None or old is None or new.entity_id == old.entity_id:
            continue
        out.append(("joined", new.entity_id, new.end, planned))
        out.append(("left", old.entity_id, new.end, planned))
    seen: set[tuple[str, str]] = set()
    return [r for r in out if (r[0], r[1]) not in seen and not seen.add((r[0], r[1]))]


def _held_by(lemmas: list[str], start: int) -> int | None:
    """After "took over": the token after "of" or "held by" within six tokens, where the
    predecessor is named ("the seat previously held by KARI", "the responsibilities of BNSC")."""
    for k in range(start, min(len(lemmas) - 1, start + 6)):
        if lemmas[k] == "of" or lemmas[k : k + 2] in (
            ["hold", "by"],
            ["fill", "by"],
            ["occupy", "by"],
        ):
            return k + (1 if lemmas[k] == "of" else 2)
    return None


def _from_in_clause(toks: list[Tok], lemmas: list[str], start: int, reach: int = 8) -> int | None:
    """The token "from" within ``reach`` tokens after ``start``, before the clause ends."""
    for k in range(start, min(len(toks), start + reach)):
        if toks[k].text in {",", ";", ".", ":"} or lemmas[k] in {"and", "but", "while"}:
            return None
        if lemmas[k] == "from":
            return k
    return None


def _group_changes(
    frames: Frames, toks: list[Tok], lemmas: list[str], groups: list[Ent]
) -> list[tuple[str, str, str, int, bool]]:
    """(kind, group, other group, token to date it from, planned): groups established ("ISECG
    stood up X", "X was set up", "the creation of X and Y") and merged ("X merges into Y", "X is
    to be integrated into Y", "Y absorbed X", "the merger of X into Y")."""
    if not groups:
        return []

    def announced(i: int) -> bool:
        """ "is to be integrated", "will be set up", "agreed to form": modality just before."""
        return frames.planned.anywhere(lemmas, max(0, i - 4), i)

    out: list[tuple[str, str, str, int, bool]] = []

    def before(i: int) -> list[Ent]:
        lo = _hard_before(toks, i)
        cands = [k for k, e in enumerate(groups) if lo <= e.start and e.end <= i]
        return _list_back(groups, cands[-1], toks) if cands else []

    def after(i: int) -> list[Ent]:
        hi = _hard_after(toks, i)
        cands = [k for k, e in enumerate(groups) if i <= e.start and e.end <= hi]
        return _list_forward(groups, cands[0], toks) if cands else []

    def target(i: int) -> Ent | None:
        """The group after "into", "with", "part of" from token ``i`` on."""
        for k in range(i, min(len(toks), i + 12)):
            n = frames.into.at(lemmas, k)
            if n:
                found = after(k + n)
                return found[0] if found else None
        return None

    i = 0
    while i < len(toks):
        n = frames.create.at(lemmas, i) if not frames.merge.at(lemmas, i) else 0
        if n:
            aside = _appositive(toks, lemmas, i)
            # "a new Working Group set up by ISECG": a participle after its group, by its maker.
            reduced = lemmas[i + n : i + n + 1] == ["by"] and any(e.end == i for e in groups)
            reduced = reduced or _bare_participle(toks, i)  # "CWG: newly formed in 2021"
            made = before(i) if aside or reduced or _passive(toks, lemmas, i) else after(i + n)
            colon = next(
                (k for k in range(i + n, min(len(toks), i + n + 5)) if lemmas[k] == ":"), None
            )
            if not made and colon is not None:
                made = after(colon + 1)  # "Two new groups were stood up this year: the ERWG ..."
            if not made and (
                i + n >= len(toks) or _no_object_at(toks, lemmas, i + n) or lemmas[i + n] == "to"
            ):
                # "• IAWG stood up (lead: NASA)", "2019 – ESAWG set up to support ...": no object
                made = before(i)[-1:]
            # "The IOWG, set up this year, will ...": date it inside the commas.
            at = i if aside else None
            out += [
                ("established", e.entity_id, "", e.end if at is None else -1 - at, announced(i))
                for e in made
            ]
            i += n
            continue
        if toks[i].text in {"→", "->"} and not frames.merge.anywhere(lemmas):
            # "• ISWG → IAWG (new name agreed)": one group's old name and its new one
            old, new = before(i)[-1:], after(i + 1)[:1]
            if old and new and old[0].end == i and new[0].start == i + 1:
                out.append(("renamed", old[0].entity_id, new[0].entity_id, i, announced(i)))
        if (
            lemmas[i] == "new"
            and lemmas[i + 1 : i + 2] in (["in"], ["for"])
            and i + 2 < len(toks)
            and YEAR_RE.fullmatch(toks[i + 2].text)
            and i > 0
            and lemmas[i - 1] in {"(", ","}
        ):
            # "Benefits Tiger Team (new in 2022): ...": an aside on the group before it
            out += [("established", e.entity_id, "", i + 2, False) for e in before(i)[-1:]]
        if lemmas[i] == "be" and "new" in lemmas[max(0, i - 3) : i]:
            # "Also new this year is the Strategic Communications Working Group."
            k = i + 1 + (1 if lemmas[i + 1 : i + 2] == ["the"] else 0)
            out += [
                ("established", e.entity_id, "", i, announced(i))
                for e in after(i + 1)
                if e.start == k
            ]
        if lemmas[i] == "convene" and _passive(toks, lemmas, i):
            # "a dedicated Benefits Tiger Team was convened in March" (a meeting convenes itself)
            out += [("established", e.entity_id, "", i, announced(i)) for e in before(i)[-1:]]
        n = frames.create_intransitive.at(lemmas, i)
        if n:
            out += [("established", e.entity_id, "", i, announced(i)) for e in before(i)]
            i += n
            continue
        n = frames.first_steps.at(lemmas, i)
        if n:
            # "A new International Objectives Working Group (IOWG) began work this year."
            made = [
                e
                for e in before(i)[-1:]
                if any(
                    "new" in lemmas[max(0, g.start - 3) : g.start]
                    for g in groups
                    if g.entity_id == e.entity_id  # the name or its acronym after it
                )
            ]
            out += [("established", e.entity_id, "", i, announced(i)) for e in made]
            i += n
            continue
        n = frames.create_nouns.at(lemmas, i)
        of = next(  # "the creation of X", "the creation in 2010 of X and of Y"
            (k for k in range(i + n, min(len(toks), i + n + 4)) if lemmas[k] == "of"), None
        )
        if (
            n
            and of is not None
            and all(lemmas[k] == "in" or YEAR_RE.fullmatch(toks[k].text) for k in range(i + n, of))
        ):
            out += [("established", e.entity_id, "", e.end, announced(i)) for e in after(of)]
            i += n
            continue
        if n and i > 0 and lemmas[i - 1] == "its" and lemmas[:1] in (["since"], ["after"]):
            # "Since its establishment in 2022, the CWG has ...": the group the clause is about.
            out += [("established", e.entity_id, "", i, announced(i)) for e in after(i + n)[:1]]
            i += n
            continue
        n = frames.rename_nouns.at(lemmas, i) if toks[i].text.casefold().endswith("ing") else 0
        if n:
            renamed = _rename_noun(lemmas, i + n, groups, after)
            if renamed is not None:
                old, new = renamed
                out.append(("renamed", old.entity_id, new.entity_id, i, announced(i)))
            i += n
            continue
        n = frames.rename_become.at(lemmas, i) or (
            2 if lemmas[i : i + 2] == ["be", "now"] else 0  # "ISWG is now the IAWG"
        )
        if n:
            # "In the course of 2008 the ISWG became the International Architecture Working Group."
            old, new = before(i)[-1:], after(i + n)[:1]
            k = i + n + (1 if lemmas[i + n : i + n + 1] == ["the"] else 0)
            if old and new and new[0].start == k and old[0].entity_id != new[0].entity_id:
                out.append(
                    ("renamed", old[0].entity_id, new[0].entity_id, new[0].end, announced(i))
                )
            i += n
            continue
        n = frames.merge.at(lemmas, i) or frames.merge_nouns.at(lemmas, i)
        if n:
            into = target(i)  # "merges into Y", "now form part of Y"
            if into is not None:
                merged = after(i + n) if lemmas[i + n : i + n + 1] == ["of"] else before(i)
                if not merged:
                    merged = [e for e in after(i + n) if e.start < into.start]
                out += [
                    ("merged", e.entity_id, into.entity_id, into.end, announced(i))
                    for e in merged
                    if e.entity_id != into.entity_id
                ]
            i += n
            continue
        n = frames.rename.at(lemmas, i)
        if n:
            # "X was renamed Y", "X is now known as Y", "X took the name Y".
            old, new = before(i)[-1:], after(i + n)[:1]
            if lemmas[i + n : i + n + 1] == ["from"]:
                new, old = old, new  # "IAWG (renamed from ISWG during 2008)"
            elif not old and new and not _passive(toks, lemmas, i):
                # "the decision to rename the ISWG as the International Architecture WG"
                later = [e for e in after(new[0].end) if e.entity_id != new[0].entity_id][:1]
                old, new = new, later
            if old and new and old[0].entity_id != new[0].entity_id:
                out.append(
                    ("renamed", old[0].entity_id, new[0].entity_id, new[0].end, announced(i))
                )
            i += n
            continue
        n = frames.renamed_from.at(lemmas, i)
        if n:
            # "Y (previously X)", "Y, known until November as the X": the new name first.
            new, old = before(i)[-1:], after(i + n)[:1]
            if old and new and old[0].entity_id != new[0].entity_id:
                out.append(("renamed", old[0].entity_id, new[0].entity_id, new[0].end, False))
            i += n
            continue
        n = frames.absorb.at(lemmas, i)
        if n:
            if _passive(toks, lemmas, i) or lemmas[i + n : i + n + 1] == ["by"]:
                taker = next((e for e in after(i + n)), None)
                merged = before(i)
                # "it was absorbed by the SCWG, together with the ESAWG": both were.
                merged += [
                    e
                    for e in groups
                    if e.start > i
                    and lemmas[max(0, e.start - 3) : e.start][:2]
                    in (["together", "with"], ["along", "with"])
                ]
            else:
                taker = next(iter(before(i)[-1:]), None)
                merged = after(i + n)
            if taker is not None:
                out += [
                    ("merged", e.entity_id, taker.entity_id, taker.end, announced(i))
                    for e in merged
                    if e.entity_id != taker.entity_id
                ]
            i += n
            continue
        i += 1
    if not any(r[0] == "renamed" for r in out) and frames.rename.anywhere(lemmas):
        # "ISWG → IAWG (renamed 2008)": the names either side of an arrow.
        for k, t in enumerate(toks):
            if t.text in {"→", "->", "⇒"}:
                old, new = before(k)[-1:], after(k + 1)[:1]
                if old and new and old[0].entity_id != new[0].entity_id:
                    out.append(("renamed", old[0].entity_id, new[0].entity_id, new[0].end, False))
    seen: set[tuple[str, str, str]] = set()
    return [r for r in out if (r[0], r[1], r[2]) not in seen and not seen.add((r[0], r[1], r[2]))]


def _rename_noun(
    lemmas: list[str], k: int, groups: list[Ent], after: Any
) -> tuple[Ent, Ent] | None:
    """(old, new) of "the renaming of X as Y" or "its renaming as Y, the former X"."""
    if lemmas[k : k + 1] == ["of"]:
        old = after(k + 1)[:1]
        if not old:
            return None
        at = next(
            (
                j
                for j in range(old[0].end, min(len(lemmas), old[0].end + 3))
                if lemmas[j] in {"as", "to", "into"}
            ),
            None,
        )
        new = after(at + 1)[:1] if at is not None else []
        return (old[0], new[0]) if new and new[0].entity_id != old[0].entity_id else None
    if lemmas[k : k + 1] == ["as"]:
        new = after(k + 1)[:1]
        if not new:
            return None
        rest = [g for g in groups if g.start >= new[0].end]
        if rest and "former" in lemmas[new[0].end : rest[0].start]:
            return (rest[0], new[0]) if rest[0].entity_id != new[0].entity_id else None
    return None


def _chair_verb(toks: list[Tok], lemmas: list[str], k: int) -> bool:
    """ "chairs", "chaired", "chairing", "will chair", "to chair": "chair" as a verb."""
    if toks[k].text.casefold() != "chair":
        return toks[k].text.casefold() in {"chairs", "chaired", "chairing"}
    return k > 0 and lemmas[k - 1] in {"will", "to", "now", "would", "shall", "not", "also"}


def _next_trigger(frames: Frames, toks: list[Tok], lemmas: list[str], i: int, hi: int) -> str:
    """ "giving" or "receiving": the first chair verb after token ``i`` in its clause."""
    for k in range(i, hi):
        if lemmas[k] in {";", ":"}:
            break
        if lemmas[k] == "chair" and not _chair_verb(toks, lemmas, k):
            continue  # "continued as ISECG chair": the noun, not the verb
        if frames.giving.at(lemmas, k):
            return "giving"
        if frames.receiving.at(lemmas, k):
            if "until" in lemmas[k : min(hi, k + 12)]:
                return "giving"  # "CSA will chair the group until 2014": CSA is outgoing
            return "receiving"
    return ""


_RELATIVE = frozenset({"which", "who", "whose"})
"""Words that open a relative clause: what follows describes the agency before them."""


def _chairs(
    frames: Frames, toks: list[Tok], lemmas: list[str], ents: list[Ent]
) -> tuple[list[tuple[str, str, int, int, bool]], dict[str, str]]:
    """(incoming, outgoing, position of the incoming, end of its clause, planned) per hand-over,
    and the role each agency was given."""
    if not ents or not any(
        frames.chair_nouns.at(lemmas, k) and not _in_capacity(lemmas, k) for k in range(len(lemmas))
    ):
        return [], {}
    verbs = [k for k, lemma in enumerate(lemmas) if lemma != "chair"]
    announced = frames.planned.anywhere(lemmas) and frames.announced_holding.anywhere(lemmas)
    if (
        not frames.change_cues.anywhere(lemmas)
        and not announced
        and not any(frames.giving.at(lemmas, k) or frames.receiving.at(lemmas, k) for k in verbs)
    ):
        return [], {}  # "ESA currently holds the chair": a state, not a change
    if other_chair(frames, toks, lemmas):
        return [], {}
    roles: list[tuple[Ent, str]] = []
    for e in ents:
        j = e.start - 1
        while (
            j >= 0
            and (
                lemmas[j] in {"the", "'s", "(", "its", ";", ":"}
                or (
                    lemmas[j] == "of" and j > 0 and lemmas[j - 1] == "that"
                )  # "followed that of CSA"
                or lemmas[j] == "that"
                or (toks[j].text[:1].isupper() and j + 1 < len(toks) and lemmas[j + 1] == "'s")
            )
        ):
            j -= 1
        marker = lemmas[j] if j >= 0 else ""
        after_ent = lemmas[e.end : e.end + 3]
        if ":" in after_ent:  # "CSA (outgoing: NASA)": the word names the next agency's role
            after_ent = after_ent[: max(0, after_ent.index(":") - 1)]
        # "CSA (to 30 Sep 2014); ESA (from 30 Sep 2014)": the dates it held the chair to or from
        bracket = after_ent[1:2] if after_ent[:1] == ["("] else []
        if (
            lemmas[e.end : e.end + 1] in (["→"], ["->"])
            or "outgoing" in after_ent
            or bracket in (["to"], ["until"], ["till"])
        ):
            role = "out"  # "Chair rotation: NASA → CSA", "ESA (outgoing)"
        elif "incoming" in after_ent or bracket in (["from"], ["since"]):
            role = "in"  # "Chair: NASA (incoming), ESA (outgoing)"
        elif frames.outgoing.at([marker], 0) or (
            marker == "under"
            and any(frames.outgoing.at(lemmas, k) for k in range(max(0, j - 4), j))
        ):
            role = "out"  # "After a year under European chairmanship, ISECG is now chaired by"
        elif frames.incoming.at([marker], 0):
            role = "in"
        elif marker == "by":
            role = "by"
        else:
            nxt = _next_trigger(frames, toks, lemmas, e.end, len(toks))
            role = {"giving": "out", "receiving": "in"}.get(nxt, "")
            if not role and e.end < len(toks) and lemmas[e.end] == "from":
                role = "in"  # "... and CSA from NASA in 2013"
        roles.append((e, role))
    incoming = {e.entity_id for e, r in roles if r == "in"}
    roles = [(e, "" if r in {"out", "by"} and e.entity_id in incoming else r) for e, r in roles]
    if incoming:
        roles = [(e, "out" if r == "by" else r) for e, r in roles]
    else:
        roles = [(e, "in" if r == "by" else r) for e, r in roles]
    if not any(r == "in" for _, r in roles):
        blank = [e for e, r in roles if not r]
        ids = {e.entity_id for e in blank}
        if len(ids) == 1 and (
            frames.receiving.anywhere(lemmas)
            or announced
            or any(r == "out" for _, r in roles)  # "Chair: CSA (since 2013; previously NASA)"
        ):
            roles = [(e, r or "in") for e, r in roles]
    spans: list[tuple[Ent, str, int]] = []  # (incoming, outgoing, first token of its clause)
    cur_in: Ent | None = None
    cur_out, implicit, lo = "", False, 0
    seen: set[tuple[str, str]] = set()
    for e, r in roles:
        if not r or (e.entity_id, r) in seen:
            continue  # "the Canadian Space Agency (CSA)": one agency, one role
        seen.add((e.entity_id, r))
        if r == "in":
            if cur_in is not None:
                spans.append((cur_in, cur_out, lo))
                # "rotated from JAXA to ESA ... and will pass to NASA": ESA hands it on.
                cur_out, implicit, lo = cur_in.entity_id, True, cur_in.end
            cur_in = e
        else:
            if cur_in is not None and cur_out and not implicit:
                spans.append((cur_in, cur_out, lo))
                cur_in, lo = None, cur_in.end
            cur_out, implicit = e.entity_id, False
    if cur_in is not None:
        spans.append((cur_in, cur_out, lo))
    pairs: list[tuple[str, str, int, int, bool]] = []
    for k, (inc, outg, first) in enumerate(spans):
        hi = spans[k + 1][0].start if k + 1 < len(spans) else len(toks)
        # "... handed the chair to ESA, which will lead the group": a modal in a relative
        # clause about the incoming chair says what it will do, not that the hand-over is
        # announced.
        own = next((j for j in range(inc.end, hi) if lemmas[j] in _RELATIVE), hi)
        planned = frames.planned.anywhere(lemmas, first, max(inc.end, first + 1)) or (
            k + 1 == len(spans) and frames.planned.anywhere(lemmas, first, own)
        )
        if inc.entity_id != outg:
            pairs.append((inc.entity_id, outg, inc.end, hi, planned))
    return pairs, {e.entity_id: r for e, r in roles if r}


def other_chair(frames: Frames, toks: list[Tok], lemmas: list[str]) -> bool:
    """The chair of something else: "chaired a session", "will chair the ESA Council meeting",
    "assumed the chair of the Committee on Earth Observation Satellites", "The panel on
    cooperation was chaired by the CSA Vice-President"."""
    for k, lemma in enumerate(lemmas):
        if lemma == "chair" and frames.other_objects.anywhere(lemmas, k + 1, k + 5):
            return True
        if (
            toks[k].text.casefold() == "chaired"
            and k > 0
            and lemmas[k - 1] == "be"
            and frames.other_objects.anywhere(lemmas, max(0, k - 8), k)
        ):
            return True
    return False


def _before_recalled(lemmas: list[str], lo: int, hi: int) -> int:
    """Where a relative clause that recalls the past begins ("resumed the chairmanship, which it
    last held in 2009"): its year is not the change's."""
    for k in range(lo, hi):
        if lemmas[k] in {"which", "that"} and {"last", "previously", "once", "formerly"} & set(
            lemmas[k + 1 : k + 4]
        ):
            return k
    return hi


def _in_capacity(lemmas: list[str], k: int) -> bool:
    """ "As chair, JAXA will lead ...", "NASA, as ISECG chair, intends to ...": the chair named
    as the capacity an agency acts in, no change of it."""
    j = k - 1
    while j >= 0 and lemmas[j] in {"the", "isecg", "incoming"}:
        j -= 1
    opens = j == 0 or (
        j > 0 and lemmas[j - 1] in {",", "—", "–", "-"}
    )  # not "succeeded X as chair,"
    return j >= 0 and lemmas[j] == "as" and opens and lemmas[k + 1 : k + 2] == [","]


def _superseded(row: ChangeCandidate, framed: FrameResult) -> bool:
    """Whether a frame read a phrase pattern's chair row better: the frame gave the row's agency
    a role (the outgoing chair's, or the incoming one's with its outgoing chair and year), unless
    the pattern knew the change was announced ("assuming the lead for the coming year") and the
    frame, with no outgoing chair either, did not."""
    roles = framed.chair_roles.get(row.sentence_index, {})
    if row.subject not in roles:
        return False
    mine = [
        c
        for c in framed.changes
        if c.kind == "chair" and c.sentence_index == row.sentence_index and c.subject == row.subject
    ]
    return not (row.planned and mine and not mine[0].planned and not mine[0].object)


def merge_changes(
    changes: list[ChangeCandidate],
    framed: FrameResult,
    structure: Structure,
    cfg: PipelineConfig,
) -> list[ChangeCandidate]:
    """The phrase patterns' rows with the frames' rows added, one row per sentence, kind and
    subject. A phrase pattern's chair row gives way to the frame's for the same sentence when
    the frame gave its agency a role (roles from "to", "from", "succeeding"; see
    ``_superseded``). An agency's founding is no group change; a merger a
    frame reads the other way round is dropped; a join of another body ("joined the ISS crew") is
    none; changes stated in a section that recalls history
    ("Background", "Annex B: Working Group History") are not the year's, but for one its
    sentence dates in the document's own year."""
    frames = load_frames(str(cfg.root))
    agencies = {r["id"] for r in cfg.agencies.rows}
    # A phrase pattern's row in a sentence the frames keep silent on ("It was not possible to
    # merge the IOWG with the IAWG", "Should ESA not be in a position to take over the chair").
    lang = cfg.settings["pipeline"]["spacy_language"]
    said = {c.sentence_index: c.sentence for c in changes}
    lemmas_of = {index: [t.lemma for t in tokens(text, lang)] for index, text in said.items()}
    quiet = {
        index
        for index, lemmas in lemmas_of.items()
        if {"not", "never", "neither"} & set(lemmas) or conditional(said[index], cfg)
    }
    # A join the frames keep silent on ("VNSC experts joined a teleconference as guests",
    # "the country hopes to join ISECG soon"): observers, guests, hopes and applications.
    quiet_joins = {
        index for index, lemmas in lemmas_of.items() if frames.join_silent.anywhere(lemmas)
    }
    changes = [
        c
        for c in changes
        if c.sentence_index not in quiet
        and not (c.kind == "joined" and c.sentence_index in quiet_joins)
    ]
    kept = [
        c
        for c in changes
        if not (c.kind == "chair" and _superseded(c, framed))
        and not (c.kind == "joined" and c.sentence_index in framed.no_joins)
        # another body's chair ("CNES assumed the chair of the Committee on ..."); who holds
        # ISECG's ("The meeting was chaired by JAXA, which holds the ISECG chair") stays
        and not (c.kind == "chair" and not c.holds and c.sentence_index in framed.other_chairs)
        and not (c.kind == "established" and c.subject in agencies)
        # "Germany's space agency and the DLR research centres were merged into a single
        # organisation": an agency merged into nothing ISECG knows is no change of ISECG's.
        and not (c.kind == "merged" and not c.object and c.subject in agencies)
        and not (
            c.kind == "merged"
            and not c.object
            and any(c.subject in pair for pair in framed.merges.get(c.sentence_index, set()))
        )  # a frame read this merger with both its groups
        and not (
            c.kind == "merged"
            and (c.object, c.subject) in framed.merges.get(c.sentence_index, set())
        )
    ]
    have = {(c.sentence_index, c.kind, c.subject) for c in kept}
    for row in framed.changes:
        key = (row.sentence_index, row.kind, row.subject)
        if key not in have:
            have.add(key)
            kept.append(row)
    history = {s.section_id for s in structure.sections if history_section(s.title, frames)}
    year = structure.front.report_year
    # A history section's line dated the document's own year ("In 2025 the Hellenic Space
    # Centre joined ISECG" on a page of 2025) is the year's news; the rest is recalled.
    return [
        c
        for c in kept
        if c.section_id not in history
        or (c.year == year and not c.planned and _names_year(c.sentence, year))
    ]


def _names_year(text: str, year: int | None) -> bool:
    """The text names the year, or a month and no year at all ("passed the chair to ESA in
    May"): told as the year's own news."""
    if year is None:
        return False
    if re.search(rf"(?<!\d){year}(?!\d)", text):
        return True
    return not YEAR_RE.search(text) and DATED_BY_MONTH.search(text) is not None
