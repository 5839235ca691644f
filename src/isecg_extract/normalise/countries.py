"""Country names as printed -> ISO 3166-1 alpha-2, via pycountry plus the registry's aliases."""

from __future__ import annotations

import re
from functools import lru_cache

from isecg_extract.config import PipelineConfig

MULTINATIONAL = ""


def clean_country(cell: str) -> str:
    """A country cell without the noise tables add: "Ukraine (SSAU)" -> "Ukraine"."""
    return " ".join(re.sub(r"\([^)]*\)", " ", cell).split()).strip(" ,;:")


def country_code(name: str, cfg: PipelineConfig) -> str | None:
    """The alpha-2 code; "" for a multinational body; None when it is not a country at all."""
    key = (clean_country(name) or name.strip(" ()")).casefold()  # "(European)" -> "european"
    if not key:
        return None
    if key in cfg.countries:
        return cfg.countries[key]
    return _pycountry_code(key)


@lru_cache(maxsize=512)
def _pycountry_code(key: str) -> str | None:
    import pycountry

    try:
        return pycountry.countries.lookup(key).alpha_2
    except LookupError:
        pass
    for c in pycountry.countries:
        names = {c.name, getattr(c, "common_name", ""), getattr(c, "official_name", "")}
        if any(n and n.casefold() == key for n in names):
            return c.alpha_2
    return None


def is_country(name: str, cfg: PipelineConfig) -> bool:
    return country_code(name, cfg) is not None


def country_name(code: str, cfg: PipelineConfig) -> str:
    """A printable country for a registry code: "" (a multinational body) -> the settings' word."""
    if not code:
        return cfg.settings["members"]["multinational_country"]
    return _pycountry_name(code)


@lru_cache(maxsize=256)
def _pycountry_name(code: str) -> str:
    import pycountry

    c = pycountry.countries.get(alpha_2=code)
    if c is None:
        return code
    return getattr(c, "common_name", "") or c.name
