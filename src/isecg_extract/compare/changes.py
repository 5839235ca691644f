"""One difference between two reports, as every output format carries it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CATEGORIES = ("members", "working_groups", "chair", "activities", "done")


@dataclass
class Change:
    """One difference. ``old_*`` is the OLD report's side, ``new_*`` the NEW report's."""

    category: str  # members, working_groups, chair, activities, done
    change: str  # joined left replaced renamed | created merged renamed dissolved | changed |
    # new continued dropped | done
    actor: str = ""  # activities and done: the actor (acronym, or ISECG)
    old_id: str = ""
    old: str = ""
    new_id: str = ""
    new: str = ""
    year: int | None = None
    score: float | None = None  # activities and done: how well the two texts match (0..1)
    evidence: str = ""  # the NEW report's sentence that states it, when there is one


def actor_key(row: dict[str, Any]) -> str:
    """An activity's actor as an id: the group's canonical id, or "isecg"."""
    return str(row.get("actor_id") or row.get("actor") or "").lower()
