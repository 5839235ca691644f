"""The timeline chart is legible for 1 to 30 report years: no two labels overlap (measured
from matplotlib's drawn text boxes), years with no report are gaps, unknown is not zero, and
a seat that passed to a successor is one lane."""

from __future__ import annotations

import re

import pytest

from isecg_extract.compare.changes import Change
from isecg_extract.compare.stated import LISTED, NOT_STATED, Known
from isecg_extract.compare.timeline import Timeline, YearRow
from isecg_extract.compare.timeline_chart import (
    text_overlaps,
    timeline_figure,
    timeline_png,
    timeline_svg,
)
from isecg_extract.compare.timeline_lanes import ABSENT, PRESENT, UNKNOWN, lanes


def synthetic(n_years: int, first: int = 1996) -> Timeline:
    """``n_years`` report years from ``first`` (every fifth year missing, every seventh
    unstated), members joining one a year, KARI giving its seat to KASA, a group renamed."""
    years = [first + i for i in range(n_years + n_years // 5) if (i + 1) % 5 or n_years < 3]
    years = years[:n_years]
    rows = []
    names = {}
    for k, year in enumerate(years):
        members = {f"a{j:02d}" for j in range(3 + k)}
        members |= {"kari"} if year < first + n_years // 2 else {"kasa"}
        groups = {"cwg"} if year < first + n_years // 3 else {"cswg"}
        groups |= {f"g{j}" for j in range(k % 4)}
        unstated = k % 7 == 6
        row = YearRow(year, [f"isecg-ar-{year}"])
        if not unstated:
            row.members, row.groups = members, groups
            row.members_known = Known(LISTED, frozenset(members), len(members))
            row.groups_known = Known(LISTED, frozenset(groups), len(groups))
        else:
            row.members_known = Known(NOT_STATED, frozenset(), None)
            row.groups_known = Known(NOT_STATED, frozenset(), None)
        if k and rows[-1].members_known.listed and not unstated:
            for m in sorted(members - rows[-1].members - {"kasa"}):
                row.events.append(Change("members", "joined", new_id=m, new=m.upper()))
            if "kasa" in members and "kari" in rows[-1].members:
                row.events.append(
                    Change(
                        "members", "replaced", old_id="kari", old="KARI", new_id="kasa", new="KASA"
                    )
                )
            if "cswg" in groups and "cwg" in rows[-1].groups:
                row.events.append(
                    Change(
                        "working_groups",
                        "renamed",
                        old_id="cwg",
                        old="CWG",
                        new_id="cswg",
                        new="CSWG",
                    )
                )
        rows.append(row)
        for m in members:
            names[("member", m)] = m.upper() + (
                " Space Agency of a long name" if m == "a01" else ""
            )
        for g in groups:
            names[("group", g)] = g.upper()
    return Timeline(rows, names)


@pytest.mark.parametrize("n_years", [1, 11, 30])
def test_no_two_labels_overlap(n_years):
    import matplotlib.pyplot as plt

    tl = synthetic(n_years)
    fig = timeline_figure(tl)
    try:
        assert text_overlaps(fig) == []
        shown = [t.get_text() for t in fig.axes[-1].get_xticklabels() if t.get_visible()]
        assert shown and set(shown) <= {str(r.report_year) for r in tl.years}
    finally:
        plt.close(fig)


def test_one_lane_per_seat_and_unknown_is_not_absent():
    tl = synthetic(11)
    members = lanes(tl, "member")
    seat = [ln for ln in members if "kari" in ln.ids]
    assert len(seat) == 1 and seat[0].ids == ["kari", "kasa"] and seat[0].label == "KARI → KASA"
    assert not [ln for ln in members if ln.ids == ["kasa"]]
    unstated = [r.report_year for r in tl.years if not r.members_known.listed]
    assert unstated and all(ln.cells[y] == UNKNOWN for ln in members for y in unstated)
    a09 = next(ln for ln in members if ln.ids == ["a09"])
    assert a09.cells[tl.years[0].report_year] == ABSENT
    assert a09.cells[tl.years[-1].report_year] == PRESENT
    assert [ln.label for ln in lanes(tl, "group")][0] == "CWG → CSWG"
    # The lane's events are diff's events: the replacement is on the seat's lane.
    assert [c.change for _, c in seat[0].events] == ["replaced"]


def test_years_without_a_report_are_gaps_and_unknown_has_no_bar():
    import matplotlib.pyplot as plt

    tl = synthetic(11)
    fig = timeline_figure(tl)
    try:
        top = fig.axes[0]
        heights = [p.get_height() for p in top.patches]
        assert 0 not in heights
        unknown = sum(1 for r in tl.years if r.member_count is None)
        assert [t.get_text() for t in top.texts].count("? unknown") == 2 * unknown
        reported = {r.report_year for r in tl.years}
        missing = set(range(min(reported), max(reported))) - reported
        assert missing  # the synthetic batch has gaps
        lanes_ax = fig.axes[1]
        cells = {
            round(path.vertices[:, 0].min() + 0.5)
            for c in lanes_ax.collections
            for path in c.get_paths()
        }
        assert cells and cells <= reported and not cells & missing
    finally:
        plt.close(fig)


def test_png_and_svg():
    tl = synthetic(30)
    assert timeline_png(tl)[:8] == b"\x89PNG\r\n\x1a\n"
    svg = timeline_svg(tl)
    assert svg.lstrip().startswith("<?xml") and "KARI → KASA" in svg
    # Namespaces name no resource; nothing is fetched from the network.
    assert not re.search(r"""(?:href|src)=["']https?:|url\(\s*["']?https?:""", svg)


def test_a_merged_group_goes_on_in_the_lane_of_the_group_it_merged_into():
    """ESAWG merged into SCWG in 2025: its lane sits right above SCWG's and the chart joins
    them at the merge, as one continued lane."""
    rows = []
    for year, groups in ((2023, {"esawg", "scwg", "erwg"}), (2025, {"scwg", "erwg"})):
        row = YearRow(year, [f"isecg-ar-{year}"])
        row.groups, row.groups_known = groups, Known(LISTED, frozenset(groups), len(groups))
        row.members_known = Known(NOT_STATED, frozenset(), None)
        rows.append(row)
    rows[1].events.append(
        Change("working_groups", "merged", old_id="esawg", old="ESAWG", new_id="scwg", new="SCWG")
    )
    tl = Timeline(rows, {("group", g): g.upper() for g in ("esawg", "scwg", "erwg")})
    shown = lanes(tl, "group")
    ids = [ln.ids[0] for ln in shown]
    assert ids.index("esawg") + 1 == ids.index("scwg")
    merged = shown[ids.index("esawg")]
    assert (merged.into, merged.into_year) == ("scwg", 2025)
    assert merged.cells == {2023: PRESENT, 2025: ABSENT}
    fig = timeline_figure(tl)
    arrows = [a for ax in fig.axes for a in ax.texts if getattr(a, "arrow_patch", None)]
    assert len(arrows) == 1
