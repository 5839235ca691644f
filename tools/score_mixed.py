"""Score batch, diff, timeline and load on a mixed folder against its hand-written EXPECTED.json.

A mixed folder holds, per year, the annual report, excerpts, news posts, press releases, web
pages and files that are no report texts at all (tests/fixtures/mixed/). Its EXPECTED.json was
written by hand, without reading the code. This script runs a given ``isecg-extract`` over the
folder (so it can score an older checkout as well as this one) and counts:

- distractors skipped, and report texts extracted;
- report years right, unknown or wrong (never a guess: wrong is the failure);
- per consecutive pair of years in EXPECTED["diffs"]: joins, departures and renames invented
  or missed (a seat passing to the registry's successor, "replaced", counts as the expected
  rename pair), and whether the chair change (or "no change", "not stated") is right;
- the timeline's member count per year against EXPECTED["timeline"];
- documents lost on load: report texts batch extracted whose rows are not in the database
  (found by the input's SHA-256), and rows per document before and after load.

``--old`` scores an isecg-extract without ``diff --batch`` (before issue 22): each year is its
annual report's folder (else its first document's), as a user of that version diffs them.

    python tools/score_mixed.py tests/fixtures/mixed --exe .venv/bin/isecg-extract [--old]
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any


def _run(exe: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([exe, *args], capture_output=True, text=True, check=False)


REGISTRY = Path(__file__).resolve().parent.parent / "pipeline" / "registry" / "agencies.csv"


def _registry_ids() -> dict[str, str]:
    """Acronyms, names and aliases (folded) -> registry id: EXPECTED.json names agencies by
    acronym ("PTS"), the outputs by id ("pt-space")."""
    out: dict[str, str] = {}
    with REGISTRY.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            for name in [r["id"], r["acronym"], r["name"], *r["aliases"].split(";")]:
                if name.strip():
                    out.setdefault(" ".join(name.lower().split()), r["id"])
    return out


_ID = _registry_ids()


def _id(value: Any) -> str:
    text = " ".join(str(value).lower().split())
    return _ID.get(text, _ID.get(text.replace(" ", ""), text))


def _ids(values: list[Any]) -> set[str]:
    return {_id(v) for v in values if v}


def _manifest(out: Path) -> list[dict[str, Any]]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]


def _report_rows(folder: Path) -> tuple[str, dict[str, int]]:
    data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    sha = str((data.get("documents") or [{}])[0].get("source_sha256") or "")
    return sha, {k: len(v) for k, v in data.items() if isinstance(v, list) and k != "checks"}


def score(folder: Path, exe: str, old: bool = False, work: Path | None = None) -> dict[str, Any]:
    """Run batch, diffs, timeline and load on a copy of ``folder``; return the counts."""
    expected = json.loads((folder / "EXPECTED.json").read_text(encoding="utf-8"))
    work = Path(work or tempfile.mkdtemp(prefix="isecg-mixed-"))
    src, out = work / "in", work / "out"
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(folder, src)
    batch = _run(exe, "batch", str(src), "-o", str(out), "-q")
    rows = _manifest(out)
    by_file = {Path(r["file"]).name: r for r in rows}
    docs = _documents(expected)
    result: dict[str, Any] = {"batch_status": batch.returncode}

    texts = [d for d in docs if d["is_report_text"]]
    distractors = [d for d in docs if not d["is_report_text"]]
    result["distractors"] = len(distractors)
    result["distractors_skipped"] = sum(
        1 for d in distractors if by_file.get(d["file"], {}).get("status") not in ("ok", "cached")
    )
    result["report_texts"] = len(texts)
    result["report_texts_extracted"] = sum(
        1 for d in texts if by_file.get(d["file"], {}).get("status") in ("ok", "cached")
    )
    years = {"right": [], "unknown": [], "wrong": []}
    for d in texts:
        got = by_file.get(d["file"], {}).get("report_year")
        want = d["report_year"]
        if got in (None, ""):
            years["unknown" if want is not None else "right"].append(d["file"])
        elif want is not None and int(got) == int(want):
            years["right"].append(d["file"])
        else:
            years["wrong"].append(f"{d['file']}: {got} (expected {want})")
    result["report_year"] = years

    kinds = {}
    for d in texts:
        row = by_file.get(d["file"], {})
        if row.get("folder"):
            data = json.loads((out / row["folder"] / "report.json").read_text(encoding="utf-8"))
            got = (data.get("documents") or [{}])[0].get("kind")
            want = d["kind"].replace("_", " ")
            kinds[d["file"]] = (got, KIND_WORDS.get(want, want))
    result["kinds_right"] = sum(1 for g, w in kinds.values() if g == w)
    result["kinds_wrong"] = {f: g for f, (g, w) in kinds.items() if g != w}

    result["diffs"] = {}
    totals = {"invented_joins": 0, "invented_left": 0, "invented_renames": 0}
    totals |= {"missed_joins": 0, "missed_left": 0, "missed_renames": 0, "chair_wrong": 0}
    for pair, want in expected["diffs"].items():
        a, b = pair.split("->")
        if old:
            fa, fb = (
                _year_folder(expected, by_file, out, a),
                _year_folder(expected, by_file, out, b),
            )
            if fa is None or fb is None:
                result["diffs"][pair] = {"error": "no folder for a year"}
                continue
            run = _run(exe, "diff", str(fa), str(fb), "--format", "json")
        else:
            run = _run(exe, "diff", "--batch", str(out), a, b, "--format", "json")
        if run.returncode != 0:
            result["diffs"][pair] = {"error": run.stderr.strip()}
            continue
        diff = json.loads(run.stdout)
        got = _diff_sets(diff)
        want_renames = {(_id(r["from"]), _id(r["to"])) for r in want["renamed"]}
        one = {
            "invented_joins": sorted(got["joined"] - _ids(want["joined"])),
            "missed_joins": sorted(_ids(want["joined"]) - got["joined"]),
            "invented_left": sorted(got["left"] - _ids(want["left"])),
            "missed_left": sorted(_ids(want["left"]) - got["left"]),
            "invented_renames": sorted(f"{x}>{y}" for x, y in got["renamed"] - want_renames),
            "missed_renames": sorted(f"{x}>{y}" for x, y in want_renames - got["renamed"]),
            "chair": got["chair"],
            "chair_expected": _chair_ids(want["chair"]),
        }
        one["chair_right"] = one["chair"] == one["chair_expected"]
        for k in totals:
            if k == "chair_wrong":
                totals[k] += 0 if one["chair_right"] else 1
            else:
                totals[k] += len(one[k])
        result["diffs"][pair] = one
    result["diff_totals"] = totals
    stated_changes = sum(
        len(w["joined"]) + len(w["left"]) + len(w["renamed"]) for w in expected["diffs"].values()
    )
    found = stated_changes - totals["missed_joins"] - totals["missed_left"]
    result["stated_changes"] = stated_changes
    result["stated_changes_found"] = found - totals["missed_renames"]

    tl = _run(exe, "timeline", str(out), "-o", str(work / "timeline"), "-q")
    counts: dict[str, Any] = {}
    if tl.returncode == 0:
        with (work / "timeline" / "timeline.csv").open(encoding="utf-8") as f:
            for r in csv.DictReader(f):
                counts[str(r.get("report_year"))] = r.get("members") or None
    result["timeline"] = {
        y: {"got": counts.get(y), "expected": n}
        for y, n in expected["timeline"].items()
        if str(counts.get(y)) != str(n)
    }
    result["timeline_years_extra"] = sorted(set(counts) - set(expected["timeline"]))

    db = work / "mixed.db"
    db.unlink(missing_ok=True)
    load = _run(exe, "load", str(out), "--db", f"sqlite:///{db}", "-q")
    result["load_status"] = load.returncode
    lost, per_doc = [], {}
    if load.returncode == 0:
        con = sqlite3.connect(db)
        in_db = {
            sha: doc for doc, sha in con.execute("SELECT doc_id, source_sha256 FROM documents")
        }
        for r in rows:
            if r.get("status") not in ("ok", "cached") or not r.get("folder"):
                continue
            sha, before = _report_rows(out / r["folder"])
            doc = in_db.get(sha)
            name = Path(r["file"]).name
            if doc is None:
                lost.append(name)
                continue
            after = {
                t: con.execute(f'SELECT COUNT(*) FROM "{t}" WHERE doc_id = ?', (doc,)).fetchone()[0]
                for t in before
            }
            per_doc[name] = {"doc_id": doc, "rows_before": sum(before.values())}
            per_doc[name]["rows_after"] = sum(after.values())
        view = con.execute("SELECT * FROM v_members_per_year").fetchall()
        result["view_members_per_year"] = sorted(view, key=lambda v: (v[0] is None, v[0] or 0))
        con.close()
    result["documents_lost_on_load"] = lost
    result["rows_per_document"] = per_doc
    return result


KIND_WORDS = {"supplement": "report supplement"}
"""A key's word for a kind, where it is not the tool's."""


def _documents(expected: dict[str, Any]) -> list[dict[str, Any]]:
    """EXPECTED["documents"]: a list, or (as one writer made it) a mapping of file to document."""
    docs = expected["documents"]
    return list(docs.values()) if isinstance(docs, dict) else list(docs)


def _year_folder(
    expected: dict[str, Any], by_file: dict[str, Any], out: Path, year: str
) -> Path | None:
    """Before issue 22: a year is its annual report's folder, else its first document's."""
    files = expected["years"][year]["documents"]
    kinds = {d["file"]: d["kind"] for d in _documents(expected)}
    files = sorted(files, key=lambda f: kinds.get(f) != "annual_report")
    for f in files:
        folder = by_file.get(f, {}).get("folder")
        if folder:
            return out / folder
    return None


def _diff_sets(diff: dict[str, Any]) -> dict[str, Any]:
    joined, left, renamed = set(), set(), set()
    chair = "no change"
    for c in diff["changes"]:
        if c["category"] == "members":
            if c["change"] == "joined":
                joined.add(c["new_id"].lower())
            elif c["change"] == "left":
                left.add(c["old_id"].lower())
            elif c["change"] in ("renamed", "replaced"):
                renamed.add((c["old_id"].lower(), c["new_id"].lower()))
        elif c["category"] == "chair":
            if c["change"] == "changed":
                chair = f"{_acr(c['old_id'], c['old'])} -> {_acr(c['new_id'], c['new'])}"
            elif c["change"] == "not_stated":
                chair = "not stated"
    return {"joined": joined, "left": left, "renamed": renamed, "chair": chair.lower()}


def _chair_ids(text: str) -> str:
    """ "JAXA -> ESA" as ids; "no change" and "not stated" as they are."""
    if "->" not in text:
        return text.lower()
    return " -> ".join(_id(x.strip()) for x in text.split("->"))


def _acr(agency_id: str, label: str) -> str:
    return agency_id or label or "?"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--exe", default=str(Path(sys.executable).with_name("isecg-extract")))
    ap.add_argument("--old", action="store_true", help="an isecg-extract without diff --batch")
    ap.add_argument("--work", type=Path, default=None, help="keep the outputs in this folder")
    a = ap.parse_args(argv)
    print(json.dumps(score(a.folder, a.exe, a.old, a.work), indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
