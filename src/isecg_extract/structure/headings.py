"""Which chunks are headings, and at what level.

Evidence, strongest first: the table of contents (titles, and levels where it is indented),
heading fonts from the PDF layout, section numbers, and for plain text the shape of the line
and its neighbours (a heading followed at once by another opens a parent section).
"""

from __future__ import annotations

import re

from isecg_extract.config import PipelineConfig
from isecg_extract.model import TocEntry
from isecg_extract.structure.chunks import Chunk, join_lines
from isecg_extract.structure.front import ISO_DATE
from isecg_extract.textutil import norm_title, starts_lower, strip_markup

_TERMINAL = re.compile(r"[.,;:!?]$")
# A Markdown heading, as text exports and converters write them ("## 2.1 Participants").
_MD_HEADING = re.compile(r"^\s{0,3}(?P<marks>#{1,6})\s+(?P<title>\S.*?)\s*#*\s*$")


def split_at_toc_titles(chunks: list[Chunk], toc: list[TocEntry]) -> list[Chunk]:
    """Heading runs cut where the TOC says a title ends, and joined where it says one goes on.

    A run of bold lines that starts with a whole TOC title is two chunks: headings set tight
    one under the other (the second a new section, or the text under the first) look like
    one wrapped heading. Two runs in one heading font that only together make a TOC title
    are one heading a column or page break cut.
    """
    if not toc:
        return chunks
    keys = {norm_title(e.title) for e in toc}
    out: list[Chunk] = []
    for chunk in chunks:
        lines = chunk.lines
        if (
            chunk.kind != "text"
            or len(lines) < 2
            or not (lines[0].bold or lines[0].heading_rank is not None)
        ):
            out.append(chunk)
            continue
        # The longest TOC title the run starts with: "Exploration Roadmap Working Group
        # (ERWG)" may be a title of its own and the start of a longer one.
        cut = None
        text = ""
        for k in range(1, min(6, len(lines)) + 1):
            text = join_lines(text, lines[k - 1].text) if text else lines[k - 1].text
            if norm_title(strip_markup(text)[0]) in keys:
                cut, head_text = k, text
        if cut is None or cut == len(lines):
            out.append(chunk)
            continue
        text = head_text
        head = Chunk("text", lines[:cut], text, indent=chunk.indent)
        rest_text = lines[cut].text
        for ln in lines[cut + 1 :]:
            rest_text = join_lines(rest_text, ln.text)
        rest = Chunk("text", lines[cut:], rest_text, indent=float(lines[cut].indent))
        out.extend([head, rest])
    return _join_broken_titles(out, keys)


def _join_broken_titles(chunks: list[Chunk], keys: set[str]) -> list[Chunk]:
    """A heading that a column or page break cut in two: two runs in the same heading font,
    neither a TOC title, that together make one."""
    out: list[Chunk] = []
    for chunk in chunks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == chunk.kind == "text"
            and prev.first.heading_rank is not None
            and chunk.first.heading_rank == prev.first.heading_rank
            and len(prev.lines) + len(chunk.lines) <= 4
        ):
            joined = join_lines(prev.text, chunk.text)
            bare = norm_title(strip_markup(prev.text)[0])
            if bare not in keys and norm_title(strip_markup(joined)[0]) in keys:
                prev.lines.extend(chunk.lines)
                prev.text = joined
                continue
        out.append(chunk)
    return out


def mark_headings(chunks: list[Chunk], toc: list[TocEntry], cfg: PipelineConfig) -> None:
    """Set kind='heading' (and toc_index) on heading chunks, in place."""
    toc_keys = [norm_title(e.title) for e in toc]
    cursor = 0
    for i, chunk in enumerate(chunks):
        if chunk.kind == "row":
            continue
        if chunk.kind == "bullet" and (
            not cfg.regex["numbered"].match(chunk.first.text) or chunk.extra.get("numbered_list")
        ):
            continue  # a list item that repeats a heading's words is still a list item
        md = _MD_HEADING.match(chunk.first.text) if len(chunk.lines) == 1 else None
        if md:
            chunk.kind, chunk.text = "heading", strip_markup(md.group("title"))[0].strip()
            chunk.extra["md_level"] = len(md.group("marks"))
            hit = _find_toc(toc_keys, norm_title(chunk.text), cursor)
            if hit is not None:
                chunk.toc_index, cursor = hit, hit + 1
            continue
        text = _bare(chunk, cfg)
        # A TOC title is at most three lines long (six in a heading font or of a few words
        # each, in a narrow column); a paragraph need not be compared.
        short = len(chunk.lines) <= 3 or (
            len(chunk.lines) <= 6
            and all(ln.bold or len(ln.text.split()) <= 5 for ln in chunk.lines)
        )
        hit = _find_toc(toc_keys, norm_title(text), cursor) if short else None
        if hit is not None:
            chunk.kind, chunk.toc_index, chunk.text = "heading", hit, text
            cursor = hit + 1
            continue
        if chunk.kind == "bullet":
            # "1. Introduction" standing alone is a numbered heading, not a one-item list.
            if (
                cfg.regex["numbered"].match(text)
                and _standalone(chunks, i, cfg)
                and _heading_shape(text, cfg, loose=True)
            ):
                chunk.kind, chunk.text = "heading", text
            continue
        if chunk.kind != "text" or _front_matter_line(text, cfg):
            continue
        if (
            chunk.first.heading_rank is not None
            and _heading_shape(text, cfg, loose=True)
            or _standalone(chunks, i, cfg)
            and _heading_shape(text, cfg, loose=not toc)
        ):
            chunk.kind, chunk.text = "heading", text


def split_toc_headings(chunks: list[Chunk], toc: list[TocEntry]) -> list[Chunk]:
    """A TOC title on the first line of a text chunk is a heading run on into its text.

    Text exports often drop the blank line after a heading ("5.14 UK Space Agency (UKSA),
    United Kingdom" straight above its paragraph): the TOC says where the heading ends.
    """
    keys = {norm_title(e.title) for e in toc}
    if not keys:
        return chunks
    out: list[Chunk] = []
    for chunk in chunks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.extra.get("own_line")
            and chunk.kind == "text"
            and norm_title(prev.text) not in keys
            and norm_title(f"{prev.text} {chunk.lines[0].text.strip()}") in keys
        ):
            # A numbered title wrapped over two lines ("5.5 Commonwealth ... Organisation" /
            # "(CSIRO), Australia"): the TOC joins them again.
            prev.lines.append(chunk.lines[0])
            prev.text = f"{prev.text} {chunk.lines[0].text.strip()}"
            if len(chunk.lines) == 1:
                continue
            rest = chunk.lines[1:]
            chunk = Chunk(
                "text", rest, " ".join(ln.text.strip() for ln in rest), indent=chunk.indent
            )
        if chunk.kind == "text" and len(chunk.lines) > 1:
            # The longest title the chunk starts with (one title may start a longer one).
            n = _longest_title(chunk, keys)
            if n and len(chunk.lines) > n:
                head = chunk.lines[:n]
                title = " ".join(line.text.strip() for line in head)
                out.append(Chunk("text", head, title, indent=chunk.indent))
                rest = chunk.lines[n:]
                text = " ".join(line.text.strip() for line in rest)
                chunk = Chunk("text", rest, text, indent=chunk.indent)
        out.append(chunk)
    return out


def _longest_title(chunk: Chunk, keys: set[str]) -> int:
    """How many of the chunk's first lines (up to six) make the longest TOC title; 0 if none.
    Past two lines, only lines of a few words each (a heading wrapped in a narrow column)."""
    best = 0
    for n in range(1, min(6, len(chunk.lines)) + 1):
        if n > 2 and len(chunk.lines[n - 1].text.split()) > 5:
            break
        title = " ".join(line.text.strip() for line in chunk.lines[:n])
        if norm_title(title) in keys:
            best = n
    return best


def _front_matter_line(text: str, cfg: PipelineConfig) -> bool:
    """A date line, the publisher's name or the report's title: the cover, not a heading."""
    doc = cfg.settings["document"]
    if norm_title(text) in {norm_title(p) for p in doc["publisher_names"]}:
        return True
    if any(p.match(text) for p in cfg.regex["title"]):
        return True
    if len(text.split()) <= 6 and ISO_DATE.search(text):
        return True  # "Published 2024-06-12"
    m = cfg.regex["date"].search(text)
    return (
        bool(m)
        and len(text.split()) <= 8
        and (
            any(p.search(text) for p in cfg.regex["date_cues"])
            or m.end() - m.start() > len(text) / 2
        )
    )


def _bare(chunk: Chunk, cfg: PipelineConfig) -> str:
    text = strip_markup(chunk.text)[0].strip()
    if chunk.kind == "bullet":
        # A numbered heading read as a list item ("1. Introduction").
        text = " ".join(strip_markup(chunk.first.text)[0].split())
    return text


def _find_toc(keys: list[str], key: str, cursor: int) -> int | None:
    """The next unused TOC entry with this title; a repeated title maps in order."""
    for j in range(cursor, len(keys)):
        if keys[j] == key:
            return j
    for j in range(0, cursor):
        if keys[j] == key:
            return j
    return None


def _standalone(chunks: list[Chunk], i: int, cfg: PipelineConfig) -> bool:
    chunk = chunks[i]
    if chunk.extra.get("own_line"):
        return True
    if len(chunk.lines) != 1 or i + 1 >= len(chunks):
        return False
    nxt = chunks[i + 1]
    if nxt.kind == "text" and starts_lower(nxt.text) and not _TERMINAL.search(chunk.text):
        return False  # a paragraph cut by a page or column break goes on in lower case
    if (
        chunk.kind == "bullet"
        and nxt.kind == "bullet"
        and cfg.regex["numbered"].match(nxt.first.text)
    ):
        return False  # the next item of a numbered list
    return nxt.first.gap_before or nxt.kind != "text"


def _heading_shape(text: str, cfg: PipelineConfig, loose: bool) -> bool:
    words = text.split()
    limit = (
        cfg.settings["headings"]["max_words"]
        if loose
        else min(10, cfg.settings["headings"]["max_words"])
    )
    if not words or len(words) > limit or _TERMINAL.search(text):
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    minor = set(cfg.settings["headings"]["minor_words"])
    content = [w for w in words if w.lower() not in minor]
    capital = sum(1 for w in content if w[:1].isupper() or w[:1].isdigit() or w[:1] in "(&")
    return bool(content) and capital / len(content) >= (0.5 if loose else 0.6)


def assign_levels(headings: list[Chunk], toc: list[TocEntry], cfg: PipelineConfig) -> None:
    """Levels from the TOC's indentation, else fonts, else numbering, else neighbourhood."""
    for h in headings:
        if h.toc_index is not None and toc[h.toc_index].level:
            h.level = toc[h.toc_index].level or 0
    if all(h.level for h in headings):
        return
    marked = [h.extra["md_level"] for h in headings if "md_level" in h.extra]
    if marked:
        # Markdown marks give levels; a lone shallower mark first is the document's title.
        rest = marked[1:] if len(marked) > 1 and marked[0] < min(marked[1:]) else marked
        base = min(rest)
        for h in headings:
            if not h.level and "md_level" in h.extra:
                h.level = max(1, h.extra["md_level"] - base + 1)
    ranks = [h.first.heading_rank for h in headings]
    if headings and all(r is not None for r in ranks):
        for h, r in zip(headings, ranks, strict=True):
            h.level = h.level or int(r or 1)
        return
    numbered = cfg.regex["numbered"]
    top = cfg.regex["top_level"]
    prev: Chunk | None = None
    for h in headings:
        if h.level:
            prev = h
            continue
        m = numbered.match(h.text)
        if m:
            h.level = m.group("num").count(".") + 1
        elif any(p.search(h.text) for p in top) or prev is None:
            h.level = 1
        elif prev.extra.get("directly_followed"):
            h.level = prev.level + 1 if h.extra.get("after_heading") else prev.level
        else:
            h.level = prev.level
        prev = h


def note_neighbours(chunks: list[Chunk]) -> None:
    """Record which headings are followed at once by another heading (they open a parent)."""
    for i, chunk in enumerate(chunks):
        if chunk.kind != "heading":
            continue
        nxt = chunks[i + 1] if i + 1 < len(chunks) else None
        if nxt is not None and nxt.kind == "heading":
            chunk.extra["directly_followed"] = True
            nxt.extra["after_heading"] = True
