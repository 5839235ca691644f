"""The cover: title, report year, publisher and publication month, read from the first lines.

Reports of different years and news posts give these in many forms: a title line with the year
("ISECG Annual Report 2008", "ANNUAL REPORT 2013", "Annual Report: 2010", the year on a line of
its own), a date line ("Issued February 2020", "Posted 12 October 2015", "Paris, 1 October
2014"), or a sentence ("the report for 2008, released in March 2009"). A report covers the year
before the one it is published in; a news post or press release covers the year it is dated.
"""

from __future__ import annotations

import re

from isecg_extract.config import PipelineConfig
from isecg_extract.model import FrontMatter, Line
from isecg_extract.textutil import MONTH_PATTERN, fold, month_number, strip_markup

_COVER_DATE = re.compile(
    r"(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)(?<!\bfirst\s)(?<!\bis\s)(?<!\bbe\s)(?<!\band\s)"
    r"\b(?:released|published|issued|posted|version|dated|date:)\s+(?:on\s+|in\s+)?(?=\S)",
    re.IGNORECASE,
)
ISO_DATE = re.compile(r"\b((?:19|20)\d{2})-(\d{2})-\d{2}\b")
NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2((?:19|20)\d{2})\b")
"""A date in figures, day first ("12.11.2015", "16-06-2025") or, with slashes, month first
unless the first number cannot be a month ("06/16/2025", "16/06/2025")."""
_MONTH_RANGE = re.compile(rf"\b{MONTH_PATTERN}\s*[-–—]\s*(?:\d{{1,2}}\s+)?{MONTH_PATTERN}\b", re.I)
_YEAR_ALONE = re.compile(r"^\W*(?P<year>(?:19|20)\d{2})\W*$")


def cover_chunks(lines: list[Line]) -> list[str]:
    """Cover lines grouped where a title wraps over two lines (no gap between them)."""
    chunks: list[str] = []
    for line in lines:
        text = _clean(line.text)
        if not text:
            continue
        if chunks and not line.gap_before and line.cells is None:
            chunks[-1] = f"{chunks[-1]} {text}"
        else:
            chunks.append(text)
    return chunks


def _clean(text: str) -> str:
    """A cover line without markup: Markdown heading marks, emphasis, quote marks."""
    text = strip_markup(text)[0].strip()
    text = re.sub(r"^(?:#{1,6}|>)\s*", "", text)
    return " ".join(text.strip("*_ ").split())


def read_front_matter(
    lines: list[Line],
    cfg: PipelineConfig,
    metadata: dict[str, str] | None = None,
    opening: list[Line] | None = None,
    closing: list[Line] | None = None,
) -> FrontMatter:
    """The cover's facts; ``opening`` (the text's first lines) is searched when the cover is
    silent, and ``closing`` (its last lines: a web page's "Last updated: 2022" footer) for a
    statement of the year when nothing before gives one."""
    doc = cfg.settings["document"]
    front = FrontMatter()
    chunks = cover_chunks(lines)
    front.lines = chunks
    publishers = {fold(p): p for p in doc["publisher_names"]}
    separators = re.compile(doc["cover_separators"])
    candidates = chunks + [_clean(line.text) for line in lines]
    for text in candidates:
        # "January - December 2012" is a period, not two parts of a cover line.
        split = separators.search(text) and not _MONTH_RANGE.search(text)
        parts = [text, *separators.split(text)] if split else [text]
        for t in parts:
            _read_cover_line(front, t, cfg, publishers)
    meta = metadata or {}
    for key in ("title", "running_header"):  # the PDF's title; a title that heads every page
        if not front.title and meta.get(key):
            for pat in cfg.regex["title"]:
                m = pat.search(meta[key])
                if m:
                    front.title, front.report_year = meta[key], int(m.group("year"))
                    break
    if not front.publisher and meta.get("author") and fold(meta["author"]) in publishers:
        front.publisher = publishers[fold(meta["author"])]
    head = _opening_text(opening or lines, doc["front_search_chars"])
    if front.title and front.report_year is None:
        # A title without its year: the year on a line of its own on the cover.
        years = [m.group("year") for t in chunks if (m := _YEAR_ALONE.match(t))]
        if years:
            front.report_year = int(years[0])
    if front.report_year is None:
        front.report_year = _stated_report_year(head, cfg)
    if not front.published:
        front.published = _publication_date(head, cfg)
    if front.report_year is None and not front.published and closing:
        front.report_year = _stated_report_year(
            _opening_text(closing, doc["front_search_chars"]), cfg
        )
    if front.report_year is None and not front.published:
        front.report_year = _named_year(head)
    if front.report_year is None and front.published:
        published_year = int(front.published[:4])
        kind = text_kind(head, cfg)
        is_report = kind in cfg.settings["kinds"]["report_kinds"] or (
            kind == cfg.settings["kinds"]["default"]
            and re.search(doc["report_title_pattern"], front.title or head[:300], re.I)
        )
        # A report is published early in the year after the one it covers; a news post or a
        # press release covers the year it is dated.
        front.report_year = published_year - 1 if is_report else published_year
    return front


def text_kind(opening: str, cfg: PipelineConfig) -> str:
    """What a text is (``[kinds]`` of settings.toml): the first kind whose cues its opening
    matches, else the default kind."""
    opening = opening[: cfg.settings["kinds"]["opening_chars"]]
    for name, _, cues in cfg.regex["kinds"]:
        if any(c.search(opening) for c in cues):
            return str(name)
    return str(cfg.settings["kinds"]["default"])


def _read_cover_line(
    front: FrontMatter, t: str, cfg: PipelineConfig, publishers: dict[str, str]
) -> None:
    if not front.title:
        for pat in cfg.regex["title"]:
            m = pat.match(t)
            if m:
                front.title, front.report_year = t, int(m.group("year"))
                break
    if not front.published:
        m = cfg.regex["published"].match(t)
        if m:
            month = month_number(m.group("month"))
            front.published = f"{m.group('year')}-{month:02d}"
    if not front.publisher and fold(t) in publishers:
        front.publisher = publishers[fold(t)]


def _opening_text(lines: list[Line], limit: int) -> str:
    """The first ``limit`` characters of the text, one line per line, markup removed."""
    out: list[str] = []
    size = 0
    for line in lines:
        text = _clean(line.text)
        out.append(text)
        size += len(text) + 1
        if size >= limit:
            break
    return "\n".join(out)[:limit]


def _stated_report_year(head: str, cfg: PipelineConfig) -> int | None:
    """The year a sentence says the text covers, or a title line gives: the earliest one.

    A report's title with its year counts only on a line that is that title (a cover line, a
    running header); inside a sentence it names another document."""
    best: tuple[int, int] | None = None
    for pat in cfg.regex["report_year"]:
        m = pat.search(head)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), int(m.group("year")))
    extra = cfg.settings["document"]["title_line_other_words"]
    offset = 0
    for line in head.splitlines(keepends=True):
        for pat in cfg.regex["report_title_year"]:
            m = pat.search(line)
            if m and _other_words(line, m) <= extra and (best is None or offset < best[0]):
                best = (offset + m.start(), int(m.group("year")))
        offset += len(line)
    return best[1] if best else None


def doc_words(cfg: PipelineConfig) -> int:
    """How many other words may stand beside a date on a date line."""
    return int(cfg.settings["document"]["date_line_other_words"])


def numeric_month(m: re.Match[str]) -> int | None:
    """The month of a ``NUMERIC_DATE`` match, or None when neither number can be one."""
    first, sep, second = int(m.group(1)), m.group(2), int(m.group(3))
    if sep == "/" and 1 <= first <= 12 and 1 <= second <= 31:
        return first
    if 1 <= second <= 12 and 1 <= first <= 31:
        return second
    return None


def _other_words(line: str, m: re.Match[str]) -> int:
    """Words on the line outside the match (punctuation alone is no word)."""
    rest = line[: m.start()] + " " + line[m.end() :]
    return sum(1 for w in rest.split() if any(ch.isalnum() for ch in w))


_FULL_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december)\s+((?:19|20)\d{2})\b",
    re.IGNORECASE,
)


def _named_year(head: str) -> int | None:
    """The year of the first full date the opening text gives ("on 5 October 2015", a news
    post's event), else None: a year named without a day (the founding year in a history
    paragraph, a roadmap's edition) is no evidence of the year the text covers, and a wrong
    year is worse than an unknown one (batch says so; a correction sets it)."""
    full = _FULL_DATE.search(head)
    return int(full.group(1)) if full else None


def _publication_date(head: str, cfg: PipelineConfig) -> str:
    """YYYY-MM of a line that is a date among the first three (a post or release dated at its
    top), else of the first dated line with a release word, else of the first date line."""
    first = ""
    top = cfg.settings["document"]["dated_top_lines"]
    for number, line in enumerate(ln for ln in head.splitlines() if ln.strip()):
        if len(line.split()) > 14:
            # A long line (a sentence, or a text whose line breaks were lost): only a release
            # word right before a date counts ("... Group Released December 2009", "released
            # May 2025"); "was first released in September 2011" dates something else.
            starts = [m.end() for m in _COVER_DATE.finditer(line)]
            # ... or a dateline that opens it ("MONTREAL, Sept. 30, 2014 /CNW/ - The ...").
            starts += [c.end() for p in cfg.regex["date_cues"] if (c := p.match(line))]
            for at in starts:
                d = cfg.regex["date"].match(line, at)
                if d and d.start() == at and month_number(d.group("month")):
                    return f"{d.group('year')}-{month_number(d.group('month')):02d}"
                figures = NUMERIC_DATE.match(line, at)
                if figures and (month := numeric_month(figures)):
                    return f"{figures.group(4)}-{month:02d}"
            continue
        m = cfg.regex["date"].search(line)
        iso = ISO_DATE.search(line)
        figures = NUMERIC_DATE.search(line)
        date: re.Match[str] | None
        if m and month_number(m.group("month")):
            value, date = f"{m.group('year')}-{month_number(m.group('month')):02d}", m
        elif iso and 1 <= int(iso.group(2)) <= 12:
            value, date = f"{iso.group(1)}-{iso.group(2)}", iso  # "2021-11-30"
        elif figures and (month := numeric_month(figures)):
            value, date = f"{figures.group(4)}-{month:02d}", figures
        else:
            continue
        # A release word before the date dates the text ("Posted 12 October 2015"); after it,
        # the date is of something else ("In May 2007, fourteen agencies released ...").
        if date and any(
            (c := p.search(line)) and c.start() <= date.start() for p in cfg.regex["date_cues"]
        ):
            return value
        if not first and date and _other_words(line, date) <= doc_words(cfg):
            first = value  # a line that is a date ("December 2013") is the cover's date
            if number < top:
                return first  # "20.08.2013" under "ISECG PRESS RELEASE", before any sentence
    return first
