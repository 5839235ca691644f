"""Loads the knowledge under ``pipeline/``: settings, registries, patterns and schemas.

Everything particular to a publisher or a report lives there as data, so a new report year or a
renamed group needs a registry row, not a code change. Regular expressions are compiled once
here, and a bad one is reported with the file that holds it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from isecg_extract.config_files import read_config_text
from isecg_extract.corrections import Correction, read_corrections
from isecg_extract.errors import ConfigError
from isecg_extract.textutil import NUMBER, ORDINAL

ENV_VAR = "ISECG_PIPELINE_DIR"
PACKAGED = "_pipeline"
"""The copy of the repository's ``pipeline/`` that a built wheel carries inside the package."""


def checkout_pipeline_dir() -> Path | None:
    """``pipeline/`` of the source checkout this package runs from, if it runs from one.

    Only the layout of a checkout counts (``<repo>/src/isecg_extract`` beside
    ``<repo>/pipeline``), so an installed copy never picks up a folder that happens to be
    above its environment (a ``.venv`` inside a checkout, say).
    """
    package = Path(__file__).resolve().parent
    if package.parent.name != "src":
        return None
    candidate = package.parent.parent / "pipeline"
    return candidate if (candidate / "settings.toml").is_file() else None


def packaged_pipeline_dir() -> Path | None:
    """The ``pipeline/`` copy inside an installed wheel, if there is one."""
    candidate = Path(__file__).resolve().parent / PACKAGED
    return candidate if (candidate / "settings.toml").is_file() else None


def default_pipeline_dir() -> Path:
    """The ``pipeline/`` folder to use when ``--config-dir`` is not given.

    In order: $ISECG_PIPELINE_DIR, the checkout's ``pipeline/`` when running from the source
    tree (so editing a registry there takes effect at once), the copy packaged in the wheel.
    """
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    found = checkout_pipeline_dir() or packaged_pipeline_dir()
    if found is None:
        raise ConfigError(
            str(Path(__file__).resolve().parent),
            "the package has no pipeline configuration (registries, patterns, settings); "
            f"reinstall it, or give one with --config-dir DIR or {ENV_VAR}=DIR",
        )
    return found


def _read_csv(path: Path, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """A registry CSV (explained in registry/README.md; '#' lines are still skipped); a
    column of ``required`` missing from its header is a configuration error naming it."""
    text = read_config_text(path)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    reader = csv.DictReader(io.StringIO(body))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise ConfigError(str(path), f"no column {missing[0]!r} in its header")
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ConfigError(str(path), f"line {reader.line_num}: {exc}") from None
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in rows]


def _reference_dir() -> Path | None:
    """The configuration the package ships: what a user's own folder is checked against."""
    return checkout_pipeline_dir() or packaged_pipeline_dir()


@lru_cache(maxsize=16)
def _reference_header(relative: str) -> tuple[str, ...]:
    """The columns of the shipped registry ``relative``: a user's copy must have them all."""
    ref = _reference_dir()
    if ref is None or not (ref / relative).is_file():
        return ()
    for line in read_config_text(ref / relative).splitlines():
        if line.strip() and not line.startswith("#"):
            return tuple(next(csv.reader([line])))
    return ()


def _registry(base: Path, name: str) -> list[dict[str, str]]:
    relative = f"registry/{name}"
    return _read_csv(base / relative, _reference_header(relative))


def check_settings_shape(value: Any, reference: Any, path: Path, where: str = "") -> None:
    """Every setting the shipped ``settings.toml`` has must be there, of the same type.

    Stages read the settings by key: a missing or wrongly typed one used to surface as an
    internal error (status 14) deep in a stage; here it is a configuration error naming the
    file and the key (status 13). Extra keys are left alone.
    """
    if isinstance(reference, dict):
        if not isinstance(value, dict):
            raise ConfigError(str(path), f"setting {where.rstrip('.')} must be a table")
        for key, ref in reference.items():
            if key not in value:
                raise ConfigError(str(path), f"missing setting {where}{key}")
            check_settings_shape(value[key], ref, path, f"{where}{key}.")
        return
    name = where.rstrip(".")
    if isinstance(reference, list):
        if not isinstance(value, list):
            raise ConfigError(str(path), f"setting {name} must be a list")
        for item in value if reference else []:
            check_settings_shape(item, reference[0], path, f"{name}[].")
        return
    if _kind(value) != _kind(reference):
        raise ConfigError(
            str(path), f"setting {name} must be {_kind(reference)}, not {_kind(value)}"
        )


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(read_config_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), str(exc)) from exc


def _compile(pattern: str, path: Path, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise ConfigError(str(path), f"bad pattern {pattern!r}: {exc}") from exc


def _stems(stems: list[str], path: Path) -> re.Pattern[str]:
    """One pattern that finds any of the word stems (a prefilter before costlier patterns)."""
    return _compile("|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True)), path)


def _numbers(pattern: str) -> str:
    """NUMBER and ORDINAL in a setting's pattern stand for a number in figures or words."""
    return pattern.replace("NUMBER", NUMBER).replace("ORDINAL", ORDINAL)


def split_list(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


@dataclass
class Registry:
    """One registry CSV as rows plus lookups by id."""

    rows: list[dict[str, str]]

    def by_id(self) -> dict[str, dict[str, str]]:
        return {r["id"]: r for r in self.rows}

    def names(self, row: dict[str, str]) -> list[str]:
        """Every surface form of a row: name or title, acronym, aliases."""
        out = [row.get("name") or row.get("title") or "", row.get("acronym", "")]
        out += split_list(row.get("aliases", ""))
        return [n for n in out if n]


@dataclass(frozen=True)
class ChangePattern:
    """One [[change]] of patterns/changes.toml, compiled."""

    kind: str
    regex: re.Pattern[str]
    many: bool = False  # keep every subject, not only the first, for one-subject kinds
    planned: bool = False  # the wording itself announces the change for later
    holds: bool = False  # who holds the chair, no change: the document's chair, not a row


@dataclass
class PipelineConfig:
    """The whole of ``pipeline/``, validated on load."""

    root: Path
    settings: dict[str, Any]
    agencies: Registry
    working_groups: Registry
    events: Registry
    publications: Registry
    countries: dict[str, str]
    activity_patterns: dict[str, Any]
    change_patterns: dict[str, Any]
    event_patterns: dict[str, Any]
    verbs: frozenset[str]
    tables: dict[str, Any]
    corrections: list[Correction] = field(default_factory=list)
    regex: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._compile_all()

    def _compile_all(self) -> None:
        s = self.settings
        settings_path = self.root / "settings.toml"
        try:
            doc, toc, head = s["document"], s["toc"], s["headings"]
            r: dict[str, Any] = {
                "title": [_compile(p, settings_path) for p in doc["title_patterns"]],
                "published": _compile(doc["published_pattern"], settings_path),
                "date": _compile(doc["date_pattern"], settings_path),
                "date_cues": [_compile(p, settings_path) for p in doc["date_cues"]],
                "report_year": [_compile(p, settings_path) for p in doc["report_year_patterns"]],
                "report_title_year": [
                    _compile(p, settings_path) for p in doc["report_title_year_patterns"]
                ],
                "kinds": [
                    (
                        k["name"],
                        k["id_part"],
                        [_compile(c, settings_path, re.I | re.M) for c in k["cues"]],
                    )
                    for k in s["kinds"]["kind"]
                ],
                "toc_heading": [_compile(p, settings_path) for p in toc["heading_patterns"]],
                "toc_entry": _compile(toc["entry_pattern"], settings_path, 0),
                "top_level": [_compile(p, settings_path) for p in head["top_level_patterns"]],
                "numbered": _compile(head["numbered_pattern"], settings_path, 0),
                "bullet": _compile(s["lists"]["bullet_pattern"], settings_path, 0),
                "org": _compile(s["tables"]["org_pattern"], settings_path, 0),
                "member_section": [
                    _compile(p, settings_path) for p in s["tables"]["member_section_patterns"]
                ],
                "planning": [
                    _compile(p, settings_path) for p in s["sections"]["planning_patterns"]
                ],
                "publication_list": [
                    _compile(p, settings_path) for p in s["sections"]["publication_list_patterns"]
                ],
                "member_count": [
                    _compile(_numbers(p), settings_path)
                    for p in s["checks"]["member_count_patterns"]
                ],
                "member_count_excluded": [
                    _compile(_numbers(p), settings_path)
                    for p in s["checks"]["member_count_excluded"]
                ],
                "member_count_all": [
                    _compile(_numbers(p), settings_path)
                    for p in s["checks"]["member_count_all_patterns"]
                ],
                "member_count_strong": [
                    _compile(p, settings_path) for p in s["checks"]["member_count_strong"]
                ],
            }
            apath = self.root / "patterns" / "activities.toml"
            a = self.activity_patterns
            r["triggers"] = [(t["kind"], _compile(t["pattern"], apath)) for t in a["trigger"]]
            r["list_intro"] = [_compile(p, apath) for p in a["subjects"]["list_intro"]]
            r["subject_fillers"] = [_compile(p, apath) for p in a["subjects"]["fillers"]]
            r["self_reference"] = [_compile(p, apath) for p in a["subjects"]["self_reference"]]
            r["whole_subject"] = [_compile(p, apath) for p in a["subjects"]["whole"]]
            r["anaphora"] = [_compile(p, apath) for p in a["subjects"]["anaphora"]]
            r["generic_subject"] = [_compile(p, apath) for p in a["subjects"]["generic"]]
            r["scheduled_objects"] = [
                _compile(p, apath) for p in a["subjects"]["scheduled_objects"]
            ]
            r["agency_ties"] = [_compile(p, apath) for p in a["subjects"]["agency_ties"]]
            r["time_openers"] = [_compile(p, apath) for p in a["subjects"]["time_openers"]]
            r["led_by"] = [_compile(p, apath) for p in a["subjects"]["led_by"]]
            r["as_chair"] = [_compile(p, apath) for p in a["subjects"]["as_chair"]]
            r["publisher_bodies"] = [_compile(p, apath) for p in a["subjects"]["publisher_bodies"]]
            r["pro_forms"] = [_compile(p, apath) for p in a["descriptions"]["pro_forms"]]
            r["list_verbs"] = [_compile(p, apath) for p in a["descriptions"]["list_verbs"]]
            r["participle_lists"] = [
                _compile(p, apath) for p in a["descriptions"]["participle_lists"]
            ]
            r["year_markers"] = [_compile(p, apath) for p in a["descriptions"]["year_patterns"]]
            cpath = self.root / "patterns" / "changes.toml"
            # A pattern that opens with its subject is anchored: the subject starts the sentence
            # (the extractor cuts it at the last comma), and a search from every position
            # would cost the square of the sentence's length.
            r["changes"] = [
                ChangePattern(
                    kind=c["kind"],
                    regex=_compile(
                        ("^" if c["pattern"].startswith("(?P<") else "") + c["pattern"], cpath
                    ),
                    many=bool(c.get("many", False)),
                    planned=bool(c.get("planned", False)),
                    holds=bool(c.get("holds", False)),
                )
                for c in self.change_patterns["change"]
            ]
            r["members"] = {
                key: [_compile(p, settings_path) for p in s["members"][key]]
                for key in (
                    "section_patterns",
                    "prose_cues",
                    "exclude_cues",
                    "not_member_sentences",
                )
            }
            epath = self.root / "patterns" / "events.toml"
            r["meetings"] = [
                (
                    m["series"],
                    "<back>"
                    if m.get("refers_back")
                    else ("<each>" if m.get("enumerates") else m.get("name", "")),
                    _compile(m["pattern"], epath),
                )
                for m in self.event_patterns["meeting"]
            ]
            place = self.event_patterns["place"]
            before = "|".join(f"(?:{p})" for p in place["before"])
            name = r"[A-Z][\w'’.&-]*(?:\s+(?:de\s+|du\s+|la\s+)?[A-Z][\w'’.&-]*)*"
            r["event_place"] = _compile(
                rf"(?:{before})(?P<x>{name}(?:\s*,\s*(?:the\s+)?{name})?)", epath, 0
            )
            r["event_virtual"] = [_compile(p, epath) for p in place["virtual"]]
            r["change_prefilter"] = _stems(self.change_patterns["prefilter"]["stems"], cpath)
            r["meeting_prefilter"] = _stems(
                self.event_patterns["prefilter"]["stems"], self.root / "patterns" / "events.toml"
            )
            r["change_kinds"] = {
                kind: set(types) for kind, types in self.change_patterns["kinds"].items()
            }
            r["change_anaphora"] = [
                _compile(p, cpath) for p in self.change_patterns["subjects"]["anaphora"]
            ]
            r["planned_change"] = [
                _compile(p, cpath) for p in self.change_patterns["planned"]["markers"]
            ]
            r["next_year"] = [
                _compile(p, cpath) for p in self.change_patterns["years"].get("next_year", [])
            ]
            r["this_year"] = [
                _compile(p, cpath) for p in self.change_patterns["years"]["this_year"]
            ]
            r["last_year"] = [
                _compile(p, cpath) for p in self.change_patterns["years"].get("last_year", [])
            ]
            r["year_after"] = [
                _compile(p, cpath) for p in self.change_patterns["years"].get("year_after", [])
            ]
            r["same_year"] = [
                _compile(p, cpath) for p in self.change_patterns["years"].get("same_year", [])
            ]
        except KeyError as exc:
            raise ConfigError(str(self.root), f"missing setting {exc}") from exc
        self.regex = r

    @property
    def publisher_acronym(self) -> str:
        return self.settings["document"]["publisher_acronym"]


def _settings(base: Path) -> dict[str, Any]:
    settings = _read_toml(base / "settings.toml")
    ref = _reference_dir()
    if ref is not None and ref.resolve() != base.resolve():
        check_settings_shape(settings, _read_toml(ref / "settings.toml"), base / "settings.toml")
    return settings


@lru_cache(maxsize=8)
def load_config(root: str | Path | None = None) -> PipelineConfig:
    """Read and validate ``pipeline/`` (cached: a batch reads it once per process)."""
    base = Path(root) if root else default_pipeline_dir()
    if not (base / "settings.toml").is_file():
        raise ConfigError(str(base), "settings.toml not found")
    countries = {row["name"].casefold(): row["code"] for row in _registry(base, "countries.csv")}
    verbs_path = base / "lexicon" / "verbs.txt"
    verbs = frozenset(
        w.strip().lower()
        for w in read_config_text(verbs_path).splitlines()
        if w.strip() and not w.startswith("#")
    )
    tables_path = base / "schemas" / "tables.json"
    try:
        tables = json.loads(read_config_text(tables_path))
    except (ValueError, RecursionError) as exc:
        raise ConfigError(str(tables_path), str(exc)) from exc
    return PipelineConfig(
        root=base,
        settings=_settings(base),
        agencies=Registry(_registry(base, "agencies.csv")),
        working_groups=Registry(_registry(base, "working_groups.csv")),
        events=Registry(_registry(base, "events.csv")),
        publications=Registry(_registry(base, "publications.csv")),
        countries=countries,
        activity_patterns=_read_toml(base / "patterns" / "activities.toml"),
        change_patterns=_read_toml(base / "patterns" / "changes.toml"),
        event_patterns=_read_toml(base / "patterns" / "events.toml"),
        verbs=verbs,
        tables=tables,
        corrections=read_corrections(base, tables.get("tables", {})),
    )
