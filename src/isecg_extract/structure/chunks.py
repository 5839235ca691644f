"""Lines into chunks: runs of lines that belong together (a paragraph, a list item, a row).

Chunks are what headings are recognised among and what paragraphs are rebuilt from; they keep
their lines so provenance (page, bounding box) is never lost.
"""

from __future__ import annotations

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
    for line in lines:
        prev = chunks[-1] if chunks else None
        if line.cells:
            chunks.append(Chunk("row", [line], " ".join(line.cells), cells=list(line.cells)))
            continue
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
