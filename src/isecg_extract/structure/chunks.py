"""Lines into chunks: runs of lines that belong together (a paragraph, a list item, a row).

Chunks are what headings are recognised among and what paragraphs are rebuilt from; they keep
their lines so provenance (page, bounding box) is never lost.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from isecg_extract.config import PipelineConfig
from isecg_extract.model import Line
from isecg_extract.textutil import ends_sentence, starts_lower


@dataclass
class Chunk:
    kind: str  # text, bullet, row, heading
    lines: list[Line]
    text: str
    indent: float = 0.0
    cells: list[str] | None = None
    level: int = 0  # heading level or list nesting level
    toc_index: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def first(self) -> Line:
        return self.lines[0]


def make_chunks(lines: list[Line], cfg: PipelineConfig) -> list[Chunk]:
    bullet = cfg.regex["bullet"]
    chunks: list[Chunk] = []
    after_own_line = False
    listed = numbered_runs(lines, cfg)
    for index, line in enumerate(lines):
        prev = chunks[-1] if chunks else None
        if line.cells:
            chunks.append(Chunk("row", [line], " ".join(line.cells), cells=list(line.cells)))
            continue
        if index in listed:
            # "1. Agenzia Spaziale Italiana (ASI), Italy", "2. ...": items of a numbered list.
            m = bullet.match(line.text.strip())
            text = m.group("text").strip() if m else line.text.strip()
            chunks.append(Chunk("bullet", [line], text, indent=float(line.indent)))
            chunks[-1].extra["numbered_list"] = True
            after_own_line = True
            continue
        if _numbered_heading_line(line, prev, cfg):
            # "3.1 Exploration Roadmap Working Group (ERWG)" on a line of its own between two
            # paragraphs with no blank line around it (a text export): a block of its own.
            line = dataclasses.replace(line, gap_before=True)
            chunks.append(Chunk("text", [line], line.text, indent=float(line.indent)))
            chunks[-1].extra["own_line"] = True
            after_own_line = True
            continue
        if after_own_line:
            after_own_line = False
            line = dataclasses.replace(line, gap_before=True)
        m = bullet.match(line.text if not line.indent else " " * line.indent + line.text)
        if m and not _is_numbered_heading(line, cfg) and not _wraps_heading(prev, line):
            chunks.append(
                Chunk("bullet", [line], m.group("text").strip(), indent=float(line.indent))
            )
            continue
        starts_new = (
            prev is None
            or line.gap_before
            or prev.kind == "row"
            or line.heading_rank != prev.first.heading_rank
            or (prev.kind == "bullet" and line.indent < prev.indent)
        )
        if starts_new:
            chunks.append(Chunk("text", [line], line.text, indent=float(line.indent)))
        else:
            prev.lines.append(line)
            prev.text = join_lines(prev.text, line.text)
    return chunks


def numbered_runs(lines: list[Line], cfg: PipelineConfig) -> set[int]:
    """Indexes of text lines in a run of numbered lines that is a list, not headings.

    Numbered headings have text between them; ``[lists] min_numbered_run`` or more lines in a
    row, numbered 1, 2, 3 (or 4.1, 4.2, 4.3) with no blank line and nothing else between them,
    are a list (the member annex of a text export, a contents page without page numbers). A
    PDF's lines are left to their fonts.
    """
    numbered = cfg.regex["numbered"]
    least = int(cfg.settings["lists"]["min_numbered_run"])
    out: set[int] = set()
    run: list[int] = []
    last: tuple[str, int] | None = None
    for i, line in enumerate(lines):
        m = numbered.match(line.text.strip()) if line.heading_rank is None else None
        if m is None or line.cells:
            step = None
        else:
            head, _, tail = m.group("num").rpartition(".")
            step = (head, int(tail)) if tail.isdigit() else None
        follows = (
            step is not None
            and last is not None
            and run
            and not line.gap_before
            and step == (last[0], last[1] + 1)
        )
        if follows:
            run.append(i)
        else:
            if len(run) >= least:
                out.update(run)
            run = [i] if step is not None else []
        last = step
    if len(run) >= least:
        out.update(run)
    return out


def _wraps_heading(prev: Chunk | None, line: Line) -> bool:
    """A heading line that wrapped before a dash ("... Exploration / – Second Edition"): the
    dash continues the heading in its font; it is not a list marker."""
    return (
        prev is not None
        and prev.kind == "text"
        and prev.first.heading_rank is not None
        and line.heading_rank == prev.first.heading_rank
        and not line.gap_before
    )


def _is_numbered_heading(line: Line, cfg: PipelineConfig) -> bool:
    return line.heading_rank is not None and bool(cfg.regex["numbered"].match(line.text))


def _numbered_heading_line(line: Line, prev: Chunk | None, cfg: PipelineConfig) -> bool:
    """A numbered title on a text line of its own, after a finished sentence or a blank."""
    if line.heading_rank is not None:
        return False  # PDF lines: fonts tell headings (layout)
    text = line.text.strip()
    if (
        not cfg.regex["numbered"].match(text)
        or len(text.split()) > cfg.settings["headings"]["max_words"]
    ):
        return False
    if cfg.regex["toc_entry"].match(text) and re.search(r"(?:\.\s?){3,}\s*\d{1,3}$", text):
        return False  # a TOC entry ("1.2 Title ..... 4") is no heading in the body
    if text[-1:] in ".,;:!?" or starts_lower(cfg.regex["numbered"].match(text).group("title")):
        return False
    words = cfg.regex["numbered"].match(text).group("title").split()
    minor = set(cfg.settings["headings"]["minor_words"])
    content = [w for w in words if w.lower() not in minor]
    if not content or sum(w[:1].isupper() or w[:1] in "(&" for w in content) / len(content) < 0.6:
        return False
    return (
        prev is None
        or line.gap_before
        or prev.kind == "row"
        or ends_sentence(prev.text)
        or prev.extra.get("own_line", False)
        or (len(prev.lines) == 1 and len(prev.text.split()) <= 12)  # a title line before it
    )


def join_lines(left: str, right: str) -> str:
    """Join wrapped lines, undoing end-of-line hyphenation ("explor-" + "ation")."""
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[:1].islower():
        return left[:-1] + right
    if left.endswith("*") and right.startswith("*") and not left.endswith("**"):
        return f"{left[:-1]} {right[1:]}"  # one italic title wrapped over two lines
    return f"{left} {right}"


def merge_continuations(chunks: list[Chunk]) -> list[Chunk]:
    """Rejoin a paragraph that a page or column break cut in two.

    The first part ends without sentence punctuation and the second starts in lower case:
    that is one sentence, whatever lies between on the page.
    """
    out: list[Chunk] = []
    for chunk in chunks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and chunk.kind == "text"
            and prev.kind in {"text", "bullet"}
            and not ends_sentence(prev.text)
            and starts_lower(chunk.text)
        ):
            prev.lines.extend(chunk.lines)
            prev.text = join_lines(prev.text, chunk.text)
            continue
        out.append(chunk)
    return out
