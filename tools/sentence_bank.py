"""Score a labelled sentence bank (issue 26) against what the pipeline extracts from each item.

A bank is a JSON-lines file written blind (by someone who never read the code): each item is a
sentence or two with its context (report year, section title, the sentence before it) and the
rows of ``changes``, ``events`` and ``activities`` it must give, or none for a near miss. The
point is to measure the pipeline on wording nobody here wrote, so this module only reads: it
changes nothing in the pipeline and is not part of the package (``tools/score_bank.py`` is its
command line, ``tests/test_sentence_bank.py`` holds the scores to the recorded baseline).

Each item becomes a small text document of its own (a title line with the report year, the
section title as a heading, the sentence before, the item) and runs through the public stage
halves (``read_document`` and ``annotate``), so nothing of one item can reach another's rows.
Rows that the same document gives without the item's text (from the title, the heading or the
sentence before) are not the item's and are taken off. Labels and rows are then matched per
kind by the rules of ``docs/sentence-banks.md``; names are compared as registry ids (the bank
writes acronyms, the pipeline canonical ids), through the registry's own names and aliases.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KINDS = ["joined", "left", "chair", "group", "event", "plan"]
"""The kinds scored, in the order of the table; ``group`` is established, renamed, merged."""

GROUP_KINDS = {"established", "renamed", "merged", "dissolved"}
WITH_OBJECT = {"chair", "renamed", "merged"}

# Words that say nothing about which event or which plan is meant. "meeting" is here because
# every event the bank labels is one; "isecg" is not, since it tells an ISECG meeting from a
# conference's.
_STOP = frozenset(
    {
        *("a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "it", "its", "of"),
        *("on", "or", "our", "the", "their", "this", "that", "to", "with", "will", "be"),
        *("been", "is", "are", "was", "were", "meeting", "meetings"),
    }
)


def content_words(text: str | None) -> set[str]:
    """The words of a name or a description that carry its meaning, folded and singular.

    A plain bag of words (plural "s" dropped) rather than lemmas: the scorer must not lean on
    the NLP it measures.
    """
    from isecg_extract.textutil import fold

    words = set()
    for w in fold(text or "").split():
        if w in _STOP:
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        words.add(w)
    return words


@dataclass(frozen=True)
class Item:
    """One bank entry as the writer made it; ``rows`` are its labels, never changed here."""

    id: str
    style: str
    report_year: int | None
    section: str | None
    before: str | None
    text: str
    rows: list[dict[str, Any]]
    near_miss: bool
    why: str = ""


def load_bank(path: str | Path) -> list[Item]:
    """The items of a bank file, in file order."""
    items = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        o = json.loads(line)
        ctx = o.get("context") or {}
        items.append(
            Item(
                id=o["id"],
                style=o.get("style", ""),
                report_year=ctx.get("report_year"),
                section=ctx.get("section"),
                before=ctx.get("before"),
                text=o["text"],
                rows=list(o.get("rows") or []),
                near_miss=bool(o.get("near_miss")),
                why=o.get("why", ""),
            )
        )
    return items


def label_kind(row: dict[str, Any]) -> str:
    """The scored kind of a label row."""
    return "group" if row["kind"] in GROUP_KINDS else row["kind"]


# ---------------------------------------------------------------------------------------------
# The documents


def _ends_sentence(text: str) -> bool:
    """Whether a "before" is a sentence (it joins the item's paragraph) or a heading-like line."""
    return text.rstrip().endswith((".", "!", "?", ":", ";", '"', "”", ")"))


def item_document(item: Item, with_item: bool = True) -> str:
    """The small report an item is read in: title, section heading, sentence before, item.

    The title gives the report year as a report's cover does; an item with no report year (a
    press line) gets no title, so its own date line is all there is. Title and section are
    Markdown headings: the bank says the section is one, and a short lower-case title
    ("Working group reorganisation") over a short sentence is otherwise read as a sentence. The sentence before goes
    into the item's paragraph, as the sentence before it would be: a short sentence alone
    between a heading and the item would be read as part of the cover, heading and all. A
    "before" that is no sentence (a heading-like line) stays on a line of its own.
    ``with_item=False`` gives the same document without the item: what it gives is not the
    item's.
    """
    parts: list[str] = []
    if item.report_year is not None:
        parts.append(f"# ISECG Annual Report {item.report_year}")
    if item.section:
        parts.append("## " + item.section)
    paragraph = item.text if with_item else ""
    if item.before:
        if _ends_sentence(item.before):
            paragraph = f"{item.before} {paragraph}".strip()
        else:
            parts.append(item.before)
    if paragraph:
        parts.append(paragraph)
    return "\n\n".join(parts) + "\n"


def needs_control(item: Item) -> bool:
    """Whether the document holds anything but the title besides the item."""
    return bool(item.section or item.before)


# ---------------------------------------------------------------------------------------------
# The rows the pipeline gives


@dataclass
class Extraction:
    """What the pipeline gave for one document: its rows and what it made of the document."""

    rows: list[dict[str, Any]]
    report_year: int | None
    section_titles: list[str]
    body_text: str  # the body blocks' text (no cover, no TOC entries)


def rows_of(tables: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The scored rows of a report's tables, each with its scored ``bucket``."""
    out: list[dict[str, Any]] = []
    for r in tables.get("changes", []):
        bucket = "group" if r["kind"] in GROUP_KINDS else r["kind"]
        out.append({"bucket": bucket, "dataset": "changes", **_pick(r, _CHANGE_COLS)})
    for r in tables.get("events", []):
        out.append({"bucket": "event", "dataset": "events", **_pick(r, _EVENT_COLS)})
    for r in tables.get("activities", []):
        out.append({"bucket": "plan", "dataset": "activities", **_pick(r, _PLAN_COLS)})
    return out


_CHANGE_COLS = ["kind", "subject", "subject_id", "object", "object_id", "year", "planned"]
_EVENT_COLS = ["event_id", "series_id", "acronym", "name", "year", "month", "location"]
_PLAN_COLS = ["actor", "actor_id", "year", "description"]
_PROVENANCE = {"changes": ["sentence"], "events": [], "activities": ["sentence"]}


def _pick(row: dict[str, Any], cols: list[str]) -> dict[str, Any]:
    """The columns the rules read; provenance stays out, so rows compare across documents."""
    return {c: _plain(row.get(c)) for c in cols}


def _plain(value: Any) -> Any:
    """A cell as JSON has it: pandas' missing values and numpy numbers made plain."""
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        return value.item()
    return value


def row_key(row: dict[str, Any]) -> tuple:
    """A row without what the rest of its document decides, to tell it in two documents.

    An event's id takes the month only when its series meets twice in the document's year
    (``isecg-meeting-2020-03``), so the id of the meeting in the sentence before differs
    with and without the item; the id is left out, its parts are in the row.
    """
    return tuple(sorted((k, str(v)) for k, v in row.items() if k != "event_id"))


def run_document(path: Path) -> Extraction:
    """Run the pipeline on one text file through the public stage halves."""
    from isecg_extract.pipeline import annotate, read_document

    parsed = read_document(path)
    report = annotate(parsed).report
    docs = report.tables.get("documents") or [{}]
    body = [
        b.text
        for b in parsed.structure.blocks
        if b.kind not in {"front_matter", "toc_entry", "heading"}
    ]
    return Extraction(
        rows=rows_of(report.tables),
        report_year=docs[0].get("report_year"),
        section_titles=[s.title for s in parsed.structure.sections],
        body_text="\n".join(body),
    )


def document_problems(item: Item, ex: Extraction) -> list[str]:
    """Ways the document failed to put the item where the bank says it is.

    A wrong report year, a section heading that is not read as one, an item read as part of
    the cover: the scores would then measure the scorer's document, not the wording.
    """
    from isecg_extract.textutil import fold

    problems = []
    if item.report_year is not None and ex.report_year != item.report_year:
        problems.append(f"report year read as {ex.report_year}, not {item.report_year}")
    if item.section and fold(item.section) not in {fold(t) for t in ex.section_titles}:
        problems.append(f"section {item.section!r} not read as a heading")
    last = fold(item.text.splitlines()[-1])
    if last and last not in fold(ex.body_text.replace("-\n", "")):
        problems.append("the item's last line is not in the body (read as cover or dropped?)")
    return problems


# ---------------------------------------------------------------------------------------------
# Names: the bank's acronyms and names as registry ids


class Names:
    """The registry's names, acronyms and aliases of agencies and groups, folded, to ids.

    The bank writes "NASA", "UAESA", "PTS"; the pipeline writes ``nasa``, ``uaesa``,
    ``pt-space``. Both sides go through the same table, so a name counts as the registry
    counts it; a label name the registry does not know is recorded in ``unknown``.
    """

    def __init__(self, cfg: Any | None = None) -> None:
        from isecg_extract.config import load_config
        from isecg_extract.textutil import fold

        cfg = cfg or load_config()
        self._fold = fold
        self.ids: dict[str, str] = {}
        self.clashes: dict[str, set[str]] = {}
        for registry in (cfg.agencies, cfg.working_groups):
            for row in registry.rows:
                for name in [row["id"], *registry.names(row)]:
                    key = fold(name)
                    if key in self.ids and self.ids[key] != row["id"]:
                        self.clashes.setdefault(key, {self.ids[key]}).add(row["id"])
                        continue
                    self.ids[key] = row["id"]
        self.unknown: Counter[str] = Counter()

    def label(self, name: str | None) -> str | None:
        """The id of a name a label gives (None for none); an unknown name stays itself."""
        if not name:
            return None
        key = self._fold(name)
        if key in self.ids:
            return self.ids[key]
        if key != "isecg":
            self.unknown[name] += 1
        return _slug(key)

    def row(self, given_id: Any, text: Any) -> str | None:
        """The id of a name a row gives: its id, else its text through the registry. A name
        neither side's registry knows compares by its slug, the form the pipeline gives a new
        body's id ("Emerging Space Agencies Tiger Team", ``emerging-space-agencies-tiger-team``)."""
        if given_id:
            return str(given_id)
        if not text:
            return None
        key = self._fold(str(text))
        return self.ids.get(key) or _slug(key)


def _slug(key: str) -> str:
    """The id the pipeline gives a body no registry knows (``textutil.slug``)."""
    from isecg_extract.textutil import slug

    return slug(key) if key != "isecg" else key


# ---------------------------------------------------------------------------------------------
# Matching one label to one row


def _year_ok(label_year: Any, row_year: Any) -> bool:
    """A label with no year matches any (the bank's rule for undated press lines)."""
    return label_year is None or (row_year is not None and int(row_year) == int(label_year))


def change_matches(label: dict[str, Any], row: dict[str, Any], names: Names) -> bool:
    """Same kind, same subject, same object for chair/renamed/merged, same year."""
    if row["dataset"] != "changes" or row["kind"] != label["kind"]:
        return False
    if names.label(label["subject"]) != names.row(row["subject_id"], row["subject"]):
        return False
    if label["kind"] in WITH_OBJECT and names.label(label.get("object")) != names.row(
        row["object_id"], row["object"]
    ):
        return False
    return _year_ok(label.get("year"), row["year"])


def _series_names(cfg: Any) -> dict[str, set[str]]:
    """Every folded name of each registry event series."""
    from isecg_extract.textutil import fold

    return {
        r["id"]: {fold(n) for n in cfg.events.names(r)} | {fold(r["id"])} for r in cfg.events.rows
    }


def outside_series(row: dict[str, Any], series: dict[str, set[str]]) -> bool:
    """A row of a registry series none of whose names says ISECG (IAC, GLEX, COPUOS, ISEF)."""
    sid = row.get("series_id") or ""
    return sid in series and not any("isecg" in n.split() for n in series[sid])


def event_matches(label: dict[str, Any], row: dict[str, Any], series: dict[str, set[str]]) -> bool:
    """Same year, no other month, and something in common: acronym, name words or place.

    A row of an outside series (IAC, GLEX, COPUOS: no "ISECG" in any of its names) is the
    conference itself, which the bank labels only by its own name: "the ISECG side event at
    the IAC in Adelaide" is not "IAC 2017", though both are in Adelaide.
    """
    from isecg_extract.textutil import fold

    if row["dataset"] != "events" or not _year_ok(label.get("year"), row["year"]):
        return False
    if label.get("month") and row.get("month") and int(label["month"]) != int(row["month"]):
        return False
    sid = row.get("series_id") or ""
    if outside_series(row, series):
        named = {fold(label.get("name") or ""), fold(label.get("acronym") or "")}
        if not named & series[sid]:
            return False
    la, ra = fold(label.get("acronym") or ""), fold(row.get("acronym") or "")
    if la and ra and la.rstrip("0123456789 ") == ra.rstrip("0123456789 "):
        return True
    if content_words(label.get("name")) & content_words(row.get("name")):
        return True
    return bool(content_words(label.get("location")) & content_words(row.get("location")))


def plan_matches(label: dict[str, Any], row: dict[str, Any], names: Names) -> bool:
    """Same actor and year, and at least half the label's content words in the description."""
    if row["dataset"] != "activities":
        return False
    if names.label(label["actor"]) != names.row(row["actor_id"], row["actor"]):
        return False
    if not _year_ok(label.get("year"), row["year"]):
        return False
    want = content_words(label.get("description"))
    got = content_words(row.get("description"))
    return bool(want) and 2 * len(want & got) >= len(want)


def matches(
    label: dict[str, Any], row: dict[str, Any], names: Names, series: dict[str, set[str]]
) -> bool:
    """Whether a row is the one a label asks for, by the rules of its kind."""
    kind = label_kind(label)
    if kind == "event":
        return event_matches(label, row, series)
    if kind == "plan":
        return plan_matches(label, row, names)
    return change_matches(label, row, names)


def _max_matching(n_left: int, n_right: int, ok: Callable[[int, int], bool]) -> dict[int, int]:
    """A maximum one-to-one matching (augmenting paths): labels to rows, both few per item."""
    match_r: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in range(n_right):
            if j in seen or not ok(i, j):
                continue
            seen.add(j)
            if j not in match_r or augment(match_r[j], seen):
                match_r[j] = i
                return True
        return False

    for i in range(n_left):
        augment(i, set())
    return {i: j for j, i in match_r.items()}


# ---------------------------------------------------------------------------------------------
# Scoring


@dataclass
class ItemResult:
    """One item's labels and rows, and which matched which."""

    item: Item
    rows: list[dict[str, Any]]
    matched: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)  # labels no row matched
    extra: list[dict[str, Any]] = field(default_factory=list)  # rows no label matched
    removed: int = 0  # rows the document gives without the item
    outside: list[str] = field(default_factory=list)  # series of extra rows of outside series
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.item.id,
            "near_miss": self.item.near_miss,
            "text": self.item.text,
            "matched": [{"label": a, "row": b} for a, b in self.matched],
            "missed": self.missed,
            "extra": self.extra,
            "removed_context_rows": self.removed,
            "problems": self.problems,
        }


def match_item(
    item: Item, rows: list[dict[str, Any]], names: Names, series: dict[str, set[str]]
) -> ItemResult:
    """Pair an item's labels with its rows, kind by kind, as many pairs as possible."""
    result = ItemResult(item, rows)
    for kind in KINDS:
        labels = [r for r in item.rows if label_kind(r) == kind]
        got = [r for r in rows if r["bucket"] == kind]
        pairs = _max_matching(
            len(labels),
            len(got),
            lambda i, j, labels=labels, got=got: matches(labels[i], got[j], names, series),
        )
        result.matched += [(labels[i], got[j]) for i, j in pairs.items()]
        result.missed += [lab for i, lab in enumerate(labels) if i not in pairs]
        taken = set(pairs.values())
        result.extra += [r for j, r in enumerate(got) if j not in taken]
    result.outside = [r["series_id"] for r in result.extra if outside_series(r, series)]
    return result


@dataclass
class KindScore:
    """Counts of one kind; a kind with nothing to find or nothing found scores 1 there."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    leaks: int = 0  # near-miss items that gave at least one row of this kind

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class BankScore:
    """A bank's scores per kind, with every item's result, for the table and the misses."""

    kinds: dict[str, KindScore]
    items: list[ItemResult]
    near_misses: int
    leaking: int  # near-miss items that gave any scored row
    unknown_names: dict[str, int]
    seconds: float
    planned_differs: int = 0  # matched chair rows whose ``planned`` is not the label's
    # Extra event rows of outside series per series, and near misses whose only rows they are.
    # The bank labels no conference itself (its rule), while the contract's events are
    # "conference, meeting" and the 2025 gold lists IAC and GLEX: a question of convention
    # that the table should not hide.
    outside: dict[str, int] = field(default_factory=dict)
    outside_only_leaks: int = 0

    @property
    def total(self) -> KindScore:
        t = KindScore()
        for k in self.kinds.values():
            t.tp, t.fp, t.fn = t.tp + k.tp, t.fp + k.fp, t.fn + k.fn
        t.leaks = self.leaking
        return t

    @property
    def problems(self) -> list[tuple[str, str]]:
        return [(r.item.id, p) for r in self.items for p in r.problems]

    def summary(self) -> dict[str, Any]:
        """The numbers a baseline records, per kind and in total."""
        out: dict[str, Any] = {}
        for name, k in [*self.kinds.items(), ("all", self.total)]:
            out[name] = {
                "tp": k.tp,
                "fp": k.fp,
                "fn": k.fn,
                "precision": round(k.precision, 3),
                "recall": round(k.recall, 3),
                "f1": round(k.f1, 3),
                "near_miss_leaks": k.leaks,
            }
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "items": len(self.items),
            "near_misses": self.near_misses,
            "near_misses_giving_rows": self.leaking,
            "chairs_matched_with_other_planned": self.planned_differs,
            "extra_event_rows_of_outside_series": self.outside,
            "near_misses_giving_only_such_rows": self.outside_only_leaks,
            "seconds": round(self.seconds, 1),
            "scores": self.summary(),
            "unknown_label_names": self.unknown_names,
            "document_problems": [{"id": i, "problem": p} for i, p in self.problems],
            "results": [r.to_json() for r in self.items],
        }


def score_items(
    items: Iterable[Item], progress: Callable[[int, int], None] | None = None
) -> BankScore:
    """Run every item through the pipeline and score it."""
    from isecg_extract.config import load_config

    items = list(items)
    cfg = load_config()
    names = Names(cfg)
    series = _series_names(cfg)
    start = time.perf_counter()
    results: list[ItemResult] = []
    with tempfile.TemporaryDirectory(prefix="isecg-bank-") as tmp:
        for n, item in enumerate(items, 1):
            results.append(_score_one(item, Path(tmp), names, series))
            if progress:
                progress(n, len(items))
    return tally(results, names, time.perf_counter() - start)


def _score_one(item: Item, tmp: Path, names: Names, series: dict[str, set[str]]) -> ItemResult:
    """One item: its document, the same without it (when there is context), the matching."""
    path = tmp / f"{re.sub(r'[^A-Za-z0-9_-]', '_', item.id)}.txt"
    path.write_text(item_document(item), encoding="utf-8")
    ex = run_document(path)
    rows, removed = ex.rows, 0
    if needs_control(item):
        path.write_text(item_document(item, with_item=False), encoding="utf-8")
        context = Counter(row_key(r) for r in run_document(path).rows)
        kept = []
        for r in rows:
            if context[row_key(r)] > 0:
                context[row_key(r)] -= 1
                removed += 1
            else:
                kept.append(r)
        rows = kept
    result = match_item(item, rows, names, series)
    result.removed = removed
    result.problems = document_problems(item, ex)
    return result


def tally(results: list[ItemResult], names: Names, seconds: float) -> BankScore:
    """Count true and false positives, misses and near-miss leaks per kind."""
    kinds = {k: KindScore() for k in KINDS}
    leaking = planned_differs = outside_only = 0
    outside: Counter[str] = Counter()
    for r in results:
        outside.update(r.outside)
        if r.item.near_miss and r.rows and len(r.outside) == len(r.rows):
            outside_only += 1
        for label, row in r.matched:
            kinds[label_kind(label)].tp += 1
            # Not a matching rule (the rules are kind, names and year), but worth knowing: an
            # announced hand-over read as done, or the reverse.
            if label["kind"] == "chair" and bool(label.get("planned")) != bool(row["planned"]):
                planned_differs += 1
        for label in r.missed:
            kinds[label_kind(label)].fn += 1
        for row in r.extra:
            kinds[row["bucket"]].fp += 1
        if r.item.near_miss and r.rows:
            leaking += 1
            for kind in {row["bucket"] for row in r.rows}:
                kinds[kind].leaks += 1
    return BankScore(
        kinds=kinds,
        items=results,
        near_misses=sum(r.item.near_miss for r in results),
        leaking=leaking,
        unknown_names=dict(names.unknown),
        seconds=seconds,
        planned_differs=planned_differs,
        outside=dict(sorted(outside.items())),
        outside_only_leaks=outside_only,
    )


# ---------------------------------------------------------------------------------------------
# Reporting


def render_table(score: BankScore) -> str:
    """The per-kind table as Markdown, as docs/sentence-banks.md records it."""
    lines = [
        "| kind | labels | rows | matched | precision | recall | F1 | near misses giving rows |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, k in [*score.kinds.items(), ("all", score.total)]:
        leaks = f"{k.leaks} of {score.near_misses}"
        lines.append(
            f"| {name} | {k.tp + k.fn} | {k.tp + k.fp} | {k.tp} | {k.precision:.3f} "
            f"| {k.recall:.3f} | {k.f1:.3f} | {leaks} |"
        )
    return "\n".join(lines)


def describe_row(row: dict[str, Any]) -> str:
    """A row in a few words, for the list of misses."""
    if row.get("dataset") == "events" or row.get("kind") == "event":
        bits = [row.get("event_id") or row.get("name"), row.get("year"), row.get("month")]
        bits.append(row.get("location"))
        return "event " + " ".join(str(b) for b in bits if b not in (None, ""))
    if row.get("dataset") == "activities" or row.get("kind") == "plan":
        return f"plan {row.get('actor')} {row.get('year')}: {row.get('description')}"
    obj = f" <- {row['object']}" if row.get("object") else ""
    planned = " (planned)" if row.get("planned") else ""
    return f"{row['kind']} {row['subject']}{obj} {row.get('year')}{planned}"


def render_misses(score: BankScore) -> str:
    """Every item with a missed label or an extra row, one block each."""
    out = []
    for r in score.items:
        if not (r.missed or r.extra or r.problems):
            continue
        head = f"{r.item.id} ({'near miss' if r.item.near_miss else r.item.style})"
        out.append(f"{head}: {r.item.text!r}")
        out += [f"    missed: {describe_row(lab)}" for lab in r.missed]
        out += [f"    extra:  {describe_row(row)}" for row in r.extra]
        out += [f"    document: {p}" for p in r.problems]
    return "\n".join(out)
