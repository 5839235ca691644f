"""The cover: title, report year, publisher and publication month, read from the first lines."""

from __future__ import annotations

from isecg_extract.config import PipelineConfig
from isecg_extract.model import FrontMatter, Line
from isecg_extract.textutil import MONTHS, fold, strip_markup


def cover_chunks(lines: list[Line]) -> list[str]:
    """Cover lines grouped where a title wraps over two lines (no gap between them)."""
    chunks: list[str] = []
    for line in lines:
        text = strip_markup(line.text)[0].strip()
        if not text:
            continue
        if chunks and not line.gap_before and line.cells is None:
            chunks[-1] = f"{chunks[-1]} {text}"
        else:
            chunks.append(text)
    return chunks


def read_front_matter(
    lines: list[Line], cfg: PipelineConfig, metadata: dict[str, str] | None = None
) -> FrontMatter:
    front = FrontMatter()
    chunks = cover_chunks(lines)
    front.lines = chunks
    publishers = {fold(p): p for p in cfg.settings["document"]["publisher_names"]}
    candidates = chunks + [line.text for line in lines]
    for text in candidates:
        t = " ".join(text.split())
        if not front.title:
            for pat in cfg.regex["title"]:
                m = pat.match(t)
                if m:
                    front.title, front.report_year = t, int(m.group("year"))
                    break
        if not front.published:
            m = cfg.regex["published"].match(t)
            if m:
                front.published = f"{m.group('year')}-{MONTHS[m.group('month').casefold()]:02d}"
        if not front.publisher and fold(t) in publishers:
            front.publisher = publishers[fold(t)]
    meta = metadata or {}
    if not front.title and meta.get("title"):
        for pat in cfg.regex["title"]:
            m = pat.search(meta["title"])
            if m:
                front.title, front.report_year = meta["title"], int(m.group("year"))
    if not front.publisher and meta.get("author") and fold(meta["author"]) in publishers:
        front.publisher = publishers[fold(meta["author"])]
    if front.report_year is None and front.published:
        # A report is published early in the year after the one it covers.
        front.report_year = int(front.published[:4]) - 1
    return front
