"""diff and timeline when a report lists no members or no groups, or only states some changes.

An empty table is not an empty membership: both commands must say "not stated" (or "partial")
and "unknown", never "no change", "every member left", "dissolved" or 0. And both must tell a
seat passing to its successor (registry predecessor/successor) as one event.

The reports are the frozen extractions of tests/fixtures/years/extracted with tables emptied
by hand; timeline tests write them as a batch's ``all/`` folder.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from batch_helpers import FROZEN
from click.testing import CliRunner

from isecg_extract.compare.cli import diff_command, timeline_command
from isecg_extract.compare.diff import diff_reports
from isecg_extract.compare.folder import read_report_folder
from isecg_extract.compare.render import render
from isecg_extract.compare.timeline import build_timeline, timeline_lines
from isecg_extract.compare.timeline_chart import timeline_figure

YEARS = ("isecg-ar-2023", "isecg-ar-2025", "isecg-ar-2026")


def frozen_json(name: str) -> dict[str, Any]:
    return json.loads((FROZEN / name / "report.json").read_text(encoding="utf-8"))


def no_members(data: dict[str, Any], *, keep_changes: bool = False) -> dict[str, Any]:
    """The report with no member table and no member count (and, unless ``keep_changes``, no
    stated joins or departures)."""
    data = copy.deepcopy(data)
    data["agencies"] = []
    data["documents"][0]["stated_member_count"] = None
    if not keep_changes:
        data["changes"] = [c for c in data["changes"] if c["kind"] not in ("joined", "left")]
    return data


def no_groups(data: dict[str, Any]) -> dict[str, Any]:
    """The report with no group list and no stated group changes."""
    data = copy.deepcopy(data)
    data["working_groups"] = []
    data["changes"] = [
        c for c in data["changes"] if c["kind"] not in ("established", "merged", "renamed")
    ]
    return data


def write_folder(root: Path, data: dict[str, Any]) -> Path:
    """One report's output folder (report.json, as diff reads it)."""
    folder = root / data["doc_id"]
    folder.mkdir(parents=True)
    (folder / "report.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


def write_batch(root: Path, reports: list[dict[str, Any]]) -> Path:
    """A batch output folder holding only ``all/<dataset>.csv``, as combine writes it."""
    out = root / "out"
    (out / "all").mkdir(parents=True)
    names = sorted({k for r in reports for k, v in r.items() if isinstance(v, list)} - {"checks"})
    for name in names:
        rows = []
        for r in reports:
            year = str(r["documents"][0]["report_year"])
            for row in r.get(name, []):
                cells = {k: "" if v is None else str(v) for k, v in row.items()}
                rows.append({**cells, "report_year": year, "report_folder": r["doc_id"]})
        columns = ["doc_id", "report_year"]
        for row in rows:
            columns += [k for k in row if k not in columns and k != "report_folder"]
        columns.append("report_folder")
        with (out / "all" / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, columns, lineterminator="\r\n")
            w.writeheader()
            w.writerows(rows)
    return out


def diff_of(tmp_path: Path, old: dict[str, Any], new: dict[str, Any]):
    return diff_reports(
        read_report_folder(write_folder(tmp_path / "old", old)),
        read_report_folder(write_folder(tmp_path / "new", new)),
    )


def rows(result, category: str) -> list[tuple[str, str, str]]:
    return [(c.change, c.old_id, c.new_id) for c in result.of(category)]


def md_section(md: str, title: str) -> list[str]:
    lines = md.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0].splitlines()
    return [line for line in lines if line.strip()]


# --- diff ------------------------------------------------------------------------------------


def test_old_side_lists_no_members_only_the_stated_joins_are_reported(tmp_path):
    result = diff_of(
        tmp_path, no_members(frozen_json("isecg-ar-2023")), frozen_json("isecg-ar-2025")
    )
    # Not 28 "joined": the 2025 report states one join (HSC), and that is all that is known.
    assert rows(result, "members") == [
        ("not_stated", "isecg-ar-2023", ""),
        ("joined", "", "hsc"),
    ]
    md = md_section(render(result, "md"), "Members")
    assert md[0] == (
        "- **not stated** in isecg-ar-2023: the report lists no members, so they are not compared"
    )
    assert "No change." not in md
    assert result.to_dict()["stated"]["members"]["old"] == {
        "state": "not stated",
        "count": None,
        "ids": [],
    }
    # The groups were listed on both sides: unchanged expectations.
    assert ("merged", "esawg", "scwg") in rows(result, "working_groups")


def test_new_side_lists_no_members_nobody_left(tmp_path):
    new = no_members(frozen_json("isecg-ar-2026"), keep_changes=True)
    result = diff_of(tmp_path, frozen_json("isecg-ar-2025"), new)
    # The 2026 report still states PhilSA's join and VNSC's departure; the other 27 members
    # of 2025 are not "left".
    assert rows(result, "members") == [
        ("partial", "", "isecg-ar-2026"),
        ("left", "vnsc", ""),
        ("joined", "", "philsa"),
    ]
    line = md_section(render(result, "md"), "Members")[0]
    assert line == (
        "- **partly stated** in isecg-ar-2026: no list of members; it names 1 as joined "
        "(philsa); the others are unknown, so only stated changes are listed"
    )


def test_neither_side_lists_members_no_change_is_not_claimed(tmp_path):
    old = no_members(frozen_json("isecg-ar-2025"))
    new = no_members(frozen_json("isecg-ar-2026"))
    result = diff_of(tmp_path, old, new)
    assert rows(result, "members") == [
        ("not_stated", "isecg-ar-2025", ""),
        ("not_stated", "", "isecg-ar-2026"),
    ]
    assert md_section(render(result, "md"), "Members") == [
        "- **not stated** in isecg-ar-2025: the report lists no members, so they are not compared",
        "- **not stated** in isecg-ar-2026: the report lists no members, so they are not compared",
    ]
    csv_rows = list(csv.DictReader(io.StringIO(render(result, "csv"))))
    assert [
        (r["change"], r["old_id"], r["new_id"], r["year"])
        for r in csv_rows
        if r["category"] == "members"
    ] == [("not_stated", "isecg-ar-2025", "", "2025"), ("not_stated", "", "isecg-ar-2026", "2026")]


def test_a_stated_member_count_without_a_table_is_partial(tmp_path):
    old = no_members(frozen_json("isecg-ar-2025"))
    old["documents"][0]["stated_member_count"] = 27
    result = diff_of(tmp_path, old, frozen_json("isecg-ar-2026"))
    assert result.stated["members"]["old"].state == "partial"
    assert md_section(render(result, "md"), "Members")[0] == (
        "- **partly stated** in isecg-ar-2025: no list of members; it states 27 members; the "
        "others are unknown, so only stated changes are listed"
    )


def test_new_side_lists_no_groups_none_is_dissolved(tmp_path):
    result = diff_of(
        tmp_path, frozen_json("isecg-ar-2025"), no_groups(frozen_json("isecg-ar-2026"))
    )
    assert rows(result, "working_groups") == [("not_stated", "", "isecg-ar-2026")]
    assert md_section(render(result, "md"), "Working groups") == [
        "- **not stated** in isecg-ar-2026: the report lists no working groups, so they are not "
        "compared"
    ]


def test_old_side_lists_no_groups_only_stated_group_changes(tmp_path):
    old = no_groups(frozen_json("isecg-ar-2025"))
    result = diff_of(tmp_path, old, frozen_json("isecg-ar-2026"))
    # Not all seven groups of 2026 "created": only what the 2026 report states.
    assert rows(result, "working_groups") == [
        ("not_stated", "isecg-ar-2025", ""),
        ("renamed", "cwg", "cswg"),
        ("created", "", "sswg"),
    ]


def test_a_seat_passing_to_its_successor_is_one_event_even_when_new_lists_no_members(tmp_path):
    """The 2025 report lists KASA; the 2023 one lists KARI. With no 2025 table, a stated join
    of KASA still pairs with KARI through the registry: one "replaced", no "left"."""
    new = no_members(frozen_json("isecg-ar-2025"), keep_changes=True)  # HSC's stated join
    new["changes"].append(
        {
            "doc_id": "isecg-ar-2025", "change_id": "joined-kasa", "kind": "joined",
            "subject": "KASA", "subject_id": "kasa", "object": "", "object_id": "",
            "year": 2025, "section_id": "", "page": 1,
            "sentence": "The Korea AeroSpace Administration (KASA) joined ISECG.",
        }
    )  # fmt: skip
    result = diff_of(tmp_path, frozen_json("isecg-ar-2023"), new)
    assert rows(result, "members") == [
        ("partial", "", "isecg-ar-2025"),
        ("replaced", "kari", "kasa"),
        ("joined", "", "hsc"),
    ]
    kasa = result.of("members", "replaced")[0]
    assert kasa.new == "Korea AeroSpace Administration (KASA)"
    assert kasa.evidence == "The Korea AeroSpace Administration (KASA) joined ISECG."


def test_diff_command_names_the_report_that_states_nothing(tmp_path):
    old = write_folder(tmp_path, no_groups(no_members(frozen_json("isecg-ar-2023"))))
    result = CliRunner().invoke(diff_command, [str(old), str(FROZEN / "isecg-ar-2025")])
    assert result.exit_code == 0, result.output
    assert "- **not stated** in isecg-ar-2023: the report lists no members" in result.output
    assert "- **not stated** in isecg-ar-2023: the report lists no working groups" in result.output
    assert "**left**" not in result.output and "**dissolved**" not in result.output


# --- timeline --------------------------------------------------------------------------------


def test_timeline_year_with_no_members_or_groups_is_unknown_not_zero(tmp_path):
    reports = [frozen_json(n) for n in YEARS]
    reports[1] = no_groups(no_members(reports[1]))
    out = write_batch(tmp_path, reports)
    result = CliRunner().invoke(timeline_command, [str(out), "-o", str(tmp_path / "tl")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == [
        "2023: 26 members, 8 active groups",
        "2025: members unknown (not stated), active groups unknown (not stated)",
        "2026: 28 members, 7 active groups",
    ]
    table = list(csv.DictReader((tmp_path / "tl" / "timeline.csv").open(encoding="utf-8")))
    assert [
        (r["report_year"], r["members"], r["active_groups"], r["members_known"], r["groups_known"])
        for r in table
    ] == [
        ("2023", "26", "8", "listed", "listed"),
        ("2025", "", "", "not stated", "not stated"),  # empty: NaN for pandas, not 0
        ("2026", "28", "7", "listed", "listed"),
    ]
    # Nobody left in 2025 and nobody "joined" in 2026 because 2025 listed no one: only what
    # the 2026 report states.
    assert [(r["members_joined"], r["members_left"]) for r in table] == [
        ("", ""),
        ("", ""),
        ("philsa", "vnsc"),
    ]
    import pandas

    frame = pandas.read_csv(tmp_path / "tl" / "timeline.csv")
    assert frame["members"].isna().tolist() == [False, True, False]


def test_timeline_chart_has_no_bar_for_an_unknown_count(tmp_path):
    reports = [frozen_json(n) for n in YEARS]
    reports[1] = no_members(reports[1])
    tl = build_timeline(write_batch(tmp_path, reports))
    fig = timeline_figure(tl)
    top = fig.axes[0]
    bars = {(round(p.get_x() + p.get_width() / 2), p.get_height()) for p in top.patches}
    members_bars = sorted(h for x, h in bars if h in (26, 28))
    assert members_bars == [26, 28]  # 2023 and 2026; 2025 has none (and no bar of 0)
    assert 0 not in {h for _, h in bars}
    assert [t.get_text() for t in top.texts].count("? unknown") == 1
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_timeline_partial_year_says_so(tmp_path):
    reports = [frozen_json(n) for n in YEARS]
    reports[2] = no_members(reports[2], keep_changes=True)
    reports[2]["documents"][0]["stated_member_count"] = 28
    tl = build_timeline(write_batch(tmp_path, reports))
    assert (
        timeline_lines(tl)[2]
        == "2026: 28 members (stated; no member list; 1 named), 7 active groups"
    )
    row = tl.row(2026)
    assert (row.members_known.state, row.member_count, sorted(row.members)) == (
        "partial",
        28,
        ["philsa"],
    )
    assert (row.ids("joined"), row.ids("left")) == (["philsa"], ["vnsc"])


def test_timeline_successor_is_one_replaced_event(tmp_path):
    """BNSC then UKSA (registry predecessor/successor): replaced, not left plus joined."""
    old, new = frozen_json("isecg-ar-2025"), frozen_json("isecg-ar-2026")
    uksa = next(a for a in old["agencies"] if a["agency_id"] == "uksa")
    old["agencies"] = [
        a if a["agency_id"] != "uksa" else {**uksa, "agency_id": "bnsc", "acronym": "BNSC",
                                            "name": "British National Space Centre"}
        for a in old["agencies"]
    ]  # fmt: skip
    out = write_batch(tmp_path, [old, new])
    tl = build_timeline(out)
    row = tl.row(2026)
    assert row.ids("replaced") == ["bnsc>uksa"]
    assert "uksa" not in row.ids("joined") and "bnsc" not in row.ids("left")
    diff = diff_of(tmp_path, old, new)
    assert ("replaced", "bnsc", "uksa") in rows(diff, "members")
    assert len([c for c in diff.of("members") if "uksa" in (c.old_id, c.new_id)]) == 1


@pytest.mark.parametrize(
    "make",
    [
        lambda rs: rs,
        lambda rs: [rs[0], no_members(rs[1]), rs[2]],
        lambda rs: [no_groups(rs[0]), rs[1], no_members(rs[2], keep_changes=True)],
    ],
    ids=["as-extracted", "2025-lists-no-members", "2023-no-groups-2026-partial-members"],
)
def test_timeline_events_are_the_diffs_member_and_group_changes(tmp_path, make):
    """timeline-events.csv, read back from CSV, holds exactly what diff says for each pair of
    consecutive years (KARI -> KASA one event, CWG -> CSWG one event, not-stated rows)."""
    reports = make([frozen_json(n) for n in YEARS])
    out = write_batch(tmp_path, reports)
    result = CliRunner().invoke(timeline_command, [str(out), "-o", str(tmp_path / "tl")])
    assert result.exit_code == 0, result.output
    with (tmp_path / "tl" / "timeline-events.csv").open(encoding="utf-8", newline="") as f:
        events = [
            (r["report_year"], r["category"], r["change"], r["old_id"], r["new_id"])
            for r in csv.DictReader(f)
        ]
    expected = []
    for i, (a, b) in enumerate(zip(reports, reports[1:], strict=False)):
        d = diff_of(tmp_path / str(i), a, b)
        year = str(b["documents"][0]["report_year"])
        expected += [
            (year, c.category, c.change, c.old_id, c.new_id)
            for c in d.changes
            if c.category in ("members", "working_groups")
        ]
    assert events == expected
    if not any(e[2] in ("not_stated", "partial") for e in events):
        assert ("2025", "members", "replaced", "kari", "kasa") in events
        assert ("2026", "working_groups", "renamed", "cwg", "cswg") in events
        entities = {
            (r["kind"], r["id"]): r
            for r in csv.DictReader(
                (tmp_path / "tl" / "timeline-entities.csv").open(encoding="utf-8")
            )
        }
        assert (entities[("group", "cwg")]["became"], entities[("group", "cwg")]["became_id"]) == (
            "renamed",
            "cswg",
        )
        assert entities[("member", "kari")]["became_year"] == "2025"
