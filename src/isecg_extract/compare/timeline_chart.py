"""The timeline as a picture: members and active groups per year, each group's active years.

matplotlib is imported only when a chart is drawn, so reading a timeline needs none of it.
"""

from __future__ import annotations

import io
from typing import Any

from isecg_extract.compare.timeline import Timeline


def timeline_png(tl: Timeline) -> bytes:
    """Counts per year above, each group's active years below."""
    fig = timeline_figure(tl)
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def timeline_figure(tl: Timeline) -> Any:
    """The chart as a matplotlib Figure. A count the report does not give has no bar but a
    "?" and the word "unknown" (never a bar of 0); a count it states without listing
    (partial) is a hatched bar. Below, a year whose report lists no groups is shaded, and a
    group's line crosses it dotted: it may or may not have been active then. A dashed arrow
    joins a renamed or merged group to the group it became."""
    import matplotlib

    matplotlib.use("Agg")  # no display: the chart is a file
    import matplotlib.pyplot as plt

    years = [r.report_year for r in tl.years]
    groups = sorted(
        {g for r in tl.years for g in r.groups},
        key=lambda g: (
            min(r.report_year for r in tl.years if g in r.groups),
            tl.names.get(("group", g), g),
        ),
    )
    fig, (top, bottom) = plt.subplots(
        2,
        1,
        figsize=(8, 3.2 + 0.3 * max(len(groups), 3)),
        gridspec_kw={"height_ratios": [1, max(len(groups), 3) / 6 + 0.6]},
    )
    width = 0.38
    xs = years  # real years: a year with no report shows as a gap
    tops: list[int] = []
    for offset, label, color, knowns in (
        (-width / 2, "members", "tab:blue", [r.members_known for r in tl.years]),
        (width / 2, "active groups", "tab:orange", [r.groups_known for r in tl.years]),
    ):
        shown = [(x + offset, k) for x, k in zip(xs, knowns, strict=True) if k.count is not None]
        bars = top.bar(
            [x for x, _ in shown],
            [k.count for _, k in shown],
            width,
            label=label,
            color=color,
        )
        for bar, (_, k) in zip(bars, shown, strict=True):
            if not k.listed:  # a count the report states but does not list
                bar.set_hatch("//")
                bar.set_alpha(0.6)
        top.bar_label(
            bars,
            [f"{k.count}" + ("" if k.listed else "*") for _, k in shown],
            padding=2,
            fontsize=8,
        )
        tops += [k.count for _, k in shown if k.count is not None]
        for x, k in zip(xs, knowns, strict=True):
            if k.count is None:  # no bar, not a bar of 0
                top.text(
                    x + offset, 0.5, "? unknown", ha="center", va="bottom", rotation=90,
                    color=color, fontsize=8,
                )  # fmt: skip
    top.set_xticks(xs, [str(y) for y in years])
    top.set_ylabel("count")
    top.set_ylim(0, max(tops + [1]) * 1.45)
    top.set_title("ISECG members and active working groups per report year")
    top.legend(loc="upper left", ncols=2, fontsize=8, frameon=False)
    if any(not r.members_known.listed or not r.groups_known.listed for r in tl.years):
        top.annotate(
            "? unknown: the report does not list them\n* stated by the report, not listed",
            (0.99, 0.97),
            xycoords="axes fraction",
            ha="right",
            va="top",
            fontsize=7,
        )
    unknown_years = [r.report_year for r in tl.years if not r.groups_known.listed]
    for y in unknown_years:
        bottom.axvspan(y - 0.4, y + 0.4, color="0.9", zorder=0)
        bottom.text(y, -0.6, "not stated", ha="center", va="top", fontsize=7, color="0.4")
    for i, g in enumerate(groups):
        present = [r.report_year for r in tl.years if g in r.groups]
        bottom.plot(present, [i] * len(present), "o", color="tab:orange")
        for a, b in zip(present, present[1:], strict=False):
            between = [y for y in years if a < y < b]
            if not between:
                bottom.plot([a, b], [i, i], "-", color="tab:orange")
            elif all(y in unknown_years for y in between):
                bottom.plot([a, b], [i, i], ":", color="tab:orange")
    # A rename or merge is one event: an arrow from the group to the one it became.
    row_of = {g: i for i, g in enumerate(groups)}
    for before, r in zip(tl.years, tl.years[1:], strict=False):
        for c in r.events:
            moved = c.category == "working_groups" and c.change in ("renamed", "merged")
            if moved and c.old_id in row_of and c.new_id in row_of:
                bottom.annotate(
                    "",
                    xy=(r.report_year, row_of[c.new_id]),
                    xytext=(before.report_year, row_of[c.old_id]),
                    arrowprops={"arrowstyle": "->", "color": "0.5", "linestyle": "--"},
                )
    bottom.set_yticks(range(len(groups)), [tl.names.get(("group", g), g) for g in groups])
    bottom.set_xticks(xs, [str(y) for y in years])
    bottom.set_xlim(min(years) - 0.6, max(years) + 0.6)
    top.set_xlim(min(years) - 0.6, max(years) + 0.6)
    bottom.set_ylim(-0.7, max(len(groups), 1) - 0.3)
    bottom.invert_yaxis()
    bottom.set_title("active working groups", fontsize=10)
    bottom.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def timeline_svg(tl: Timeline) -> str:
    """The same chart as SVG (text kept as text, so it can be searched and measured)."""
    fig = timeline_figure(tl)
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    return buf.getvalue()
