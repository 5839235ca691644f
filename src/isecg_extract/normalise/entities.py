"""Canonical ids: registry rows matched by acronym, name or alias (fuzzy on names), else new ids.

Ids stay the same across years because they come from the registry, not from the text; a name
the registry does not know gets a slug id and is reported as new, so it can be added.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from isecg_extract.config import PipelineConfig, Registry
from isecg_extract.textutil import fold, slug


@dataclass
class Resolved:
    entity_id: str
    row: dict[str, str] | None

    @property
    def known(self) -> bool:
        return self.row is not None


class EntityIndex:
    """Lookups over one registry; built once per configuration."""

    def __init__(self, registry: Registry, min_score: float = 90.0) -> None:
        self.registry = registry
        self.min_score = min_score
        self.by_acronym: dict[str, list[dict[str, str]]] = {}
        self.by_name: dict[str, dict[str, str]] = {}
        for row in registry.rows:
            forms = registry.names(row)
            for form in forms:
                if form == row.get("acronym") or (form.isupper() and len(form) <= 10):
                    self.by_acronym.setdefault(form.casefold(), []).append(row)
                self.by_name.setdefault(fold(form), row)
        self._choices = list(self.by_name)

    def resolve(
        self, name: str = "", acronym: str = "", country_code: str | None = None
    ) -> Resolved:
        if acronym:
            rows = self.by_acronym.get(acronym.casefold(), [])
            if country_code is not None:
                rows = [r for r in rows if r.get("country_code", "") == country_code] or rows
            if rows:
                return Resolved(rows[0]["id"], rows[0])
        if name:
            key = fold(name)
            if key in self.by_name:
                row = self.by_name[key]
                return Resolved(row["id"], row)
            best = process.extractOne(key, self._choices, scorer=fuzz.token_sort_ratio)
            if best and best[1] >= self.min_score:
                row = self.by_name[best[0]]
                return Resolved(row["id"], row)
        return Resolved(slug(acronym or name), None)


def registry_resolver(cfg: PipelineConfig) -> Callable[[str, str], str | None]:
    """entity type, name -> the registry id a spelling variant stands for, or None."""
    registries = {
        "agency": cfg.agencies,
        "working_group": cfg.working_groups,
        "event": cfg.events,
    }
    indexes: dict[str, EntityIndex] = {}

    def resolve(entity_type: str, name: str) -> str | None:
        if entity_type not in registries:
            return None
        if entity_type not in indexes:
            indexes[entity_type] = EntityIndex(registries[entity_type])
        res = indexes[entity_type].resolve(name=name)
        return res.entity_id if res.known else None

    return resolve
