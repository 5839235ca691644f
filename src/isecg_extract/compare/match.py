"""Is this the same activity, said another way? Matching plans and statements by meaning.

Reports restate a plan in new words each year ("begin drafting a Commercialisation
Whitepaper" becomes "finalising the Commercialisation Whitepaper"), so exact text is useless.
Both sides are reduced to their content words: no function words, no words every ISECG plan
uses ("ISECG", "group", "space"), no verbs that only say which stage a plan is at ("begin",
"continue", "finalise"), each cut to a five-letter stem so that "publication" and
"published" agree. Then:

- plan against plan: rapidfuzz's ``token_set_ratio`` over the stems, which forgives one side
  saying more than the other, and at least two shared stems, so one common word is not enough;
- plan against a statement of completed work: the share of the plan's stems that the statement
  contains (a sentence says much more than a plan, so a ratio would punish it).

The thresholds were calibrated on the 2023, 2025 and 2026 reports in ``tests/fixtures/years/``:
pairs a reader calls the same activity score 0.91 or more, other pairs of the same actor 0.67
or less (docs/batch.md, "Matching").
"""

from __future__ import annotations

import re
from functools import lru_cache

PLAN_THRESHOLD = 0.75
"""Minimum token_set_ratio (0..1) for two plans to be the same activity."""
DONE_THRESHOLD = 0.60
"""Minimum share of a plan's stems that a past-tense sentence must contain to report it done."""
MIN_SHARED = 2
"""Stems two texts must share, whatever the score (unless both are the same single stem)."""
STEM = 5


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS = _words(
    """a about above across after again against all also an and any are as at be been before
    being between both but by can could did do does during each either for from further had
    has have having here how if in into is it its itself may more most much must no nor not
    of on once only or other our out over own same shall should so some such than that the
    their them then there these they this those through to too under until up upon very was
    we were what when where which while who whom why will with within would year years end
    its key new next full further"""
)
"""Function words, and words that say nothing about which activity it is.

Why not spaCy's English ``STOP_WORDS``: its 326 words include numbers and content words that
tell one plan from another ("two", "first", "keep", "every", "show", "part", "name"). Tried on
the 17 diffs of consecutive years that ``make years`` writes, it paired the 2010 plan "keep
INTERSECT up to date at every plenary meeting" with the 2011 plan "hold two plenary meetings"
as one continued activity (this list keeps them apart) and moved 2 of 38 match scores."""
GENERIC = _words(
    """isecg group groups working wg continue continued continuing also ensure including
    include includes activities activity work efforts effort support supporting space
    agency agencies"""
)
"""Words every ISECG plan uses; matching on them alone would pair unrelated plans."""
STAGES = _words(
    """begin beginning start starting continue advance advancing lead leading complete
    completing finalise finalising finalize finalizing prepare preparing draft drafting
    develop developing deliver delivering publish publishing produce producing update
    updates updating initiate initiating launch launching sustain sustaining maintain
    maintaining conduct conducting hold holding undertake pursue"""
)
"""Verbs for the stage a plan is at. They change from year to year while the activity stays
the same ("begin drafting the whitepaper", then "finalise the whitepaper"), so plans are
compared without them. The nouns ("publication of the LSS Gap Report", "the publication
plan") name the activity itself and are kept."""

_WORD = re.compile(r"[A-Za-z0-9]+")


@lru_cache(maxsize=4096)
def stems(text: str, stages: bool = False) -> frozenset[str]:
    """The content stems of a text; stage verbs only if ``stages``."""
    out = set()
    for word in _WORD.findall(text or ""):
        w = word.lower()
        if w in STOP_WORDS or w in GENERIC or (len(w) < 3 and not w.isdigit()):
            continue
        if w in STAGES and not stages:
            continue
        out.add(w[:STEM])
    return frozenset(out)


def plan_similarity(a: str, b: str) -> float:
    """0..1: how likely two plan descriptions are the same activity."""
    from rapidfuzz import fuzz

    sa, sb = stems(a), stems(b)
    if not sa or not sb or (len(sa & sb) < MIN_SHARED and sa != sb):
        return 0.0
    return fuzz.token_set_ratio(" ".join(sorted(sa)), " ".join(sorted(sb))) / 100.0


def coverage(plan: str, sentence: str) -> float:
    """0..1: the share of the plan's stems that the sentence contains."""
    sp, ss = stems(plan), stems(sentence, stages=True)  # "published" covers "publication"
    if not sp:
        return 0.0
    shared = sp & ss
    if len(shared) < MIN_SHARED:  # a one-word plan is too vague to call done
        return 0.0
    return len(shared) / len(sp)


class Expander:
    """Spells out acronyms the registries know ("GER" -> "Global Exploration Roadmap"), so a
    plan that names a product in full matches a sentence that uses its acronym."""

    def __init__(self, pairs: dict[str, str]) -> None:
        self.pairs = {k: v for k, v in pairs.items() if k and v and k != v}
        alternatives = "|".join(re.escape(k) for k in sorted(self.pairs, key=len, reverse=True))
        self.pattern = re.compile(rf"\b(?:{alternatives})\b") if self.pairs else None

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda m: f"{m.group(0)} ({self.pairs[m.group(0)]})", text)
