"""What makes an output row the same as a gold row, dataset by dataset.

Matching is by meaning, as ``CONTRACT.md`` describes it: sections by heading words (level and
page make a pair stronger), agencies by acronym or name in the same country, working groups by
acronym or name, activities by how many of the gold description's words the output covers
within the same actor, events by acronym or name in the same year, publications by title
words, changes by kind and subject. Names count as the same when the gold lists them as
aliases of one agency or group. Each rule also names the attributes checked on matched pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from isecg_extract.evaluate.match import Check, Row
from isecg_extract.evaluate.text import (
    content_words,
    country,
    heading_words,
    overlap,
    plain,
    year_of,
)

Aliases = dict[str, set[str]]


@dataclass(frozen=True)
class Rule:
    """How one dataset is matched: the pair strength and the attribute checks."""

    dataset: str
    score: Callable[[Row, Row, Aliases], float]
    checks: Sequence[tuple[str, Callable[[Row, Row, Aliases], bool | None]]] = ()

    def bound(
        self, aliases: Aliases
    ) -> tuple[Callable[[Row, Row], float], list[tuple[str, Check]]]:
        """The rule's functions with this gold's aliases filled in."""

        def score(gold: Row, row: Row) -> float:
            return self.score(gold, row, aliases)

        def bind(check: Callable[[Row, Row, Aliases], bool | None]) -> Check:
            return lambda gold, row: check(gold, row, aliases)

        return score, [(name, bind(check)) for name, check in self.checks]


def gold_aliases(gold: dict[str, Any]) -> Aliases:
    """Every name the gold gives an agency or a group, under its acronym (or its name)."""
    out: Aliases = {}
    for entry in [*gold.get("agencies", []), *gold.get("working_groups", [])]:
        names = {entry.get("acronym"), entry.get("name"), *entry.get("aliases", [])}
        out[plain(entry.get("acronym") or entry.get("name"))] = {plain(n) for n in names if n}
    return out


def same_body(gold_name: Any, name: Any, aliases: Aliases) -> bool:
    """Whether an output's name stands for the gold's agency or group (any of its names)."""
    wanted, given = plain(gold_name), plain(name)
    if not wanted or not given:
        return False
    known = aliases.get(wanted, {wanted})
    squeezed = given.replace(" ", "")
    return given in known or any(k.replace(" ", "") == squeezed for k in known)


def _page(row: Row) -> str:
    return year_of(row.get("page", ""))


def _section(gold: Row, row: Row, _: Aliases) -> float:
    if heading_words(gold["title"]) != heading_words(row.get("title")):
        return 0
    same_level = str(gold["level"]) == str(row.get("level", "")).strip()
    same_page = str(gold["page"]) == _page(row)
    return 1.0 + 0.1 * same_level + 0.05 * same_page


def _agency(gold: Row, row: Row, _: Aliases) -> float:
    by_acronym = bool(plain(gold["acronym"])) and plain(gold["acronym"]) == plain(
        row.get("acronym")
    )
    name = plain(row.get("name"))
    by_name = plain(gold["name"]) == name or any(plain(a) == name for a in gold.get("aliases", []))
    if not (by_acronym or by_name):
        return 0
    code = (gold.get("country_code") or "").lower()
    same_place = country(gold["country"]) == country(row.get("country")) or (
        bool(code) and code == (row.get("country_code") or "").strip().lower()
    )
    return (2 if by_acronym else 1) + by_name if same_place else 0


def _group(gold: Row, row: Row, _: Aliases) -> float:
    acronym, name = plain(gold.get("acronym")), plain(gold.get("name"))
    if acronym and acronym == plain(row.get("acronym")):
        return 2
    return 1 if name and name == plain(row.get("name")) else 0


def _activity(gold: Row, row: Row, aliases: Aliases) -> float:
    actor = plain(gold["actor"]) == plain(row.get("actor"))
    if not actor and not same_body(gold["actor"], row.get("actor"), aliases):
        return 0
    wanted, given = content_words(gold["description"]), content_words(row.get("description"))
    if not wanted or not given:
        return 0
    covered, precise = overlap(wanted, given)
    return covered + 0.5 * precise if covered >= 0.6 and precise >= 0.25 else 0


def _event(gold: Row, row: Row, _: Aliases) -> float:
    if str(gold.get("year", "")) != year_of(row.get("year", "")):
        return 0
    acronym = plain(gold.get("acronym"))
    if acronym and acronym == plain(row.get("acronym")):
        return 2
    names = {plain(n) for n in [gold.get("name"), *gold.get("aliases", [])] if n}
    return 1 if plain(row.get("name")) in names or plain(row.get("acronym")) in names else 0


def _publication(gold: Row, row: Row, _: Aliases) -> float:
    given = content_words(row.get("title"))
    best = 0.0
    for title in [gold["title"], *gold.get("aliases", [])]:
        wanted = content_words(title)
        if wanted and given:
            covered, precise = overlap(wanted, given)
            if covered >= 0.7 and precise >= 0.5:
                best = max(best, covered + precise)
    return best


def _change(gold: Row, row: Row, aliases: Aliases) -> float:
    same_kind = plain(gold["kind"]) == plain(row.get("kind"))
    return 1 if same_kind and same_body(gold["subject"], row.get("subject"), aliases) else 0


def _gold_year(field: str) -> Callable[[Row, Row, Aliases], bool | None]:
    """The year check: None where the gold gives no year."""

    def check(gold: Row, row: Row, _: Aliases) -> bool | None:
        return None if not gold.get(field) else str(gold[field]) == year_of(row.get(field, ""))

    return check


RULES: tuple[Rule, ...] = (
    Rule(
        "sections",
        _section,
        [
            ("level", lambda g, p, _: str(g["level"]) == str(p.get("level", "")).strip()),
            (
                "page",
                lambda g, p, _: (
                    None if not str(p.get("page", "")).strip() else str(g["page"]) == _page(p)
                ),
            ),
        ],
    ),
    Rule(
        "agencies",
        _agency,
        [
            ("name", lambda g, p, _: plain(g["name"]) == plain(p.get("name"))),
            (
                "country_code",
                lambda g, p, _: (
                    (g.get("country_code") or "").lower()
                    == (p.get("country_code") or "").strip().lower()
                ),
            ),
        ],
    ),
    Rule(
        "working_groups",
        _group,
        [
            ("status", lambda g, p, _: plain(g.get("status")) == plain(p.get("status"))),
            (
                "merged_into",
                lambda g, p, a: (
                    None
                    if not g.get("merged_into")
                    else same_body(g["merged_into"], p.get("merged_into"), a)
                ),
            ),
        ],
    ),
    Rule("activities", _activity, [("year", _gold_year("year"))]),
    Rule(
        "events",
        _event,
        [
            (
                "location",
                lambda g, p, _: (
                    None
                    if not g.get("location")
                    else plain(g["location"].split(",")[0]) in plain(p.get("location"))
                ),
            ),
            (
                "month",
                lambda g, p, _: (
                    None if not g.get("month") else str(g["month"]) == year_of(p.get("month", ""))
                ),
            ),
        ],
    ),
    Rule("publications", _publication, [("year", _gold_year("year"))]),
    Rule(
        "changes",
        _change,
        [
            (
                "object",
                lambda g, p, a: (
                    None if not g.get("object") else same_body(g["object"], p.get("object"), a)
                ),
            ),
            ("year", lambda g, p, _: str(g.get("year", "")) == year_of(p.get("year", ""))),
        ],
    ),
)
"""The datasets scored, in the order they are printed; each counts once in the macro F1."""

EXTRA_CHECKS = {("events", "month"), ("publications", "year")}
"""Attribute checks this scorer adds to the reference's: the agreement test leaves them out."""
