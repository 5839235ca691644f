"""What layout decided about one PDF page: kept apart so that every step can fill its part and
``inspect`` can draw it."""

from __future__ import annotations

from dataclasses import dataclass, field

from isecg_extract.model import Line


@dataclass
class PageLayout:
    """What layout decided about one page; ``inspect`` draws it."""

    number: int
    printed_page: int | None = None
    gutter: float | None = None  # the first gutter (two columns: the only one)
    gutters: list[float] = field(default_factory=list)
    removed: list[Line] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
