"""The timeline as a picture people can read, for 1 to 30 report years (PNG and SVG).

Above, the counts per year: members and active groups (a count the report does not give has
no bar but "? unknown", never a bar of 0; a count it states without listing is hatched).
Below, a lane per member agency and per working group: solid where the year's report lists
it, hatched grey where the report does not state its members (or groups), blank where it
lists others; a year with no report is a gap. A seat that passed to a successor or a renamed
group is one lane labelled with each name; markers show ``diff``'s events on their lanes.
No two labels overlap: the figure widens with the years, and year labels are turned or
thinned when they would still touch (measured, not guessed).

matplotlib is imported only when a chart is drawn, so reading a timeline needs none of it.
"""

from __future__ import annotations

import io
from typing import Any

from isecg_extract.compare.timeline import Timeline
from isecg_extract.compare.timeline_lanes import PRESENT, UNKNOWN, Lane, lanes

COLORS = {"member": "tab:blue", "group": "tab:orange"}
MARKERS = {
    "joined": (">", "tab:green", "joined / created"),
    "created": (">", "tab:green", "joined / created"),
    "left": ("X", "tab:red", "left / dissolved"),
    "dissolved": ("X", "tab:red", "left / dissolved"),
    "replaced": ("D", "tab:purple", "replaced / renamed (same lane)"),
    "renamed": ("D", "tab:purple", "replaced / renamed (same lane)"),
    "merged": ("v", "0.25", "merged into another group (joined to its lane)"),
}
YEAR_WIDTH = 0.5  # inches per year of the span: room for two count labels side by side
LANE_HEIGHT = 0.24  # inches per lane: one line of 8-point text with space around it
LABEL_CHARS = 34


def timeline_png(tl: Timeline) -> bytes:
    """The chart as PNG."""
    return _save(tl, "png")


def timeline_svg(tl: Timeline) -> str:
    """The same chart as SVG, its text kept as text (searchable, and measurable in a browser)."""
    return _save(tl, "svg").decode("utf-8")


def _save(tl: Timeline, fmt: str) -> bytes:
    import matplotlib.pyplot as plt

    fig = timeline_figure(tl)
    buf = io.BytesIO()
    meta = {"Software": None} if fmt == "png" else {"Date": None}
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "isecg"}):
        fig.savefig(buf, format=fmt, dpi=100, metadata=meta)
    plt.close(fig)
    return buf.getvalue()


def timeline_figure(tl: Timeline) -> Any:
    """The chart as a matplotlib Figure: counts above (``fig.axes[0]``), then member lanes,
    then group lanes."""
    import matplotlib

    matplotlib.use("Agg")  # no display: the chart is a file
    import matplotlib.pyplot as plt

    years = [r.report_year for r in tl.years]
    members, groups = lanes(tl, "member"), lanes(tl, "group")
    span = max(years) - min(years) + 1
    width = max(8.0, 3.2 + YEAR_WIDTH * span)
    heights = [
        2.4,
        LANE_HEIGHT * max(len(members), 1) + 0.5,
        LANE_HEIGHT * max(len(groups), 1) + 0.5,
    ]
    fig, axes = plt.subplots(
        3,
        1,
        figsize=(width, sum(heights) + 1.6),
        gridspec_kw={"height_ratios": heights},
        sharex=True,
        layout="constrained",
    )
    top, mid, bottom = axes
    _counts(top, tl)
    _lanes(mid, members, years, "member agencies (one lane per seat)")
    _lanes(bottom, groups, years, "working groups")
    for ax in axes:
        ax.set_xlim(min(years) - 0.6, max(years) + 0.6)
        ax.set_xticks(years, [str(y) for y in years])
        ax.tick_params(axis="x", labelbottom=True, labelsize=8)
    fig.suptitle("ISECG members and working groups per report year", fontsize=11)
    _legend(fig, tl)
    _declutter(fig)
    return fig


def _counts(top: Any, tl: Timeline) -> None:
    width = 0.38
    xs = [r.report_year for r in tl.years]  # real years: a year with no report is a gap
    tops: list[int] = []
    for offset, label, color, knowns in (
        (-width / 2, "members", COLORS["member"], [r.members_known for r in tl.years]),
        (width / 2, "active groups", COLORS["group"], [r.groups_known for r in tl.years]),
    ):
        shown = [(x + offset, k) for x, k in zip(xs, knowns, strict=True) if k.count is not None]
        bars = top.bar(
            [x for x, _ in shown], [k.count for _, k in shown], width, label=label, color=color
        )
        for bar, (_, k) in zip(bars, shown, strict=True):
            if not k.listed:  # a count the report states but does not list
                bar.set_hatch("//")
                bar.set_alpha(0.6)
        top.bar_label(
            bars,
            [f"{k.count}" + ("" if k.listed else "*") for _, k in shown],
            padding=2,
            fontsize=7,
        )
        tops += [k.count for _, k in shown if k.count is not None]
        for x, k in zip(xs, knowns, strict=True):
            if k.count is None:  # no bar, not a bar of 0
                top.text(
                    x + offset, 0.5, "? unknown", ha="center", va="bottom", rotation=90,
                    color=color, fontsize=7,
                )  # fmt: skip
    top.set_ylabel("count", fontsize=8)
    top.set_ylim(0, max(tops + [1]) * 1.3)
    top.tick_params(axis="y", labelsize=8)
    top.set_title("members and active working groups", fontsize=9, loc="left")


def _lanes(ax: Any, shown: list[Lane], years: list[int], title: str) -> None:
    """Cells per lane and year, and the events as markers at the year they were reported."""
    for i, ln in enumerate(shown):
        for year, state in ln.cells.items():
            if state == PRESENT:
                ax.broken_barh([(year - 0.5, 1.0)], (i - 0.32, 0.64), color=COLORS[ln.kind])
            elif state == UNKNOWN:
                ax.broken_barh(
                    [(year - 0.5, 1.0)],
                    (i - 0.32, 0.64),
                    facecolor="0.92",
                    edgecolor="0.6",
                    hatch="////",
                    linewidth=0,
                )
        for year, c in ln.events:
            marker, color, _ = MARKERS.get(c.change, ("o", "0.3", ""))
            x = year - 0.5 if c.change in ("joined", "created", "replaced", "renamed") else year
            ax.plot(
                [x], [i], marker=marker, color=color, markersize=7, markeredgecolor="white",
                markeredgewidth=0.6, zorder=3,
            )  # fmt: skip
    row = {i: ln for i, ln in enumerate(shown)}
    for i, ln in row.items():
        target = next((k for k, o in row.items() if ln.into and ln.into in o.ids), None)
        if target is not None and ln.into_year is not None:
            # One continued lane: the merged group's lane runs on into its new group's.
            x = ln.into_year - 0.5
            ax.annotate(
                "", xy=(x + 0.35, target), xytext=(x, i),
                arrowprops={"arrowstyle": "-|>", "color": "0.25", "lw": 1.2,
                            "connectionstyle": "angle,angleA=0,angleB=90,rad=0"},
                zorder=2,
            )  # fmt: skip
    ax.set_yticks(range(len(shown)), [_short(ln.label) for ln in shown], fontsize=8)
    ax.set_ylim(len(shown) - 0.5 if shown else 0.5, -0.5)
    ax.set_title(title, fontsize=9, loc="left")
    ax.grid(axis="x", alpha=0.25)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _legend(fig: Any, tl: Timeline) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        Patch(color=COLORS["member"], label="member (listed)"),
        Patch(color=COLORS["group"], label="active group (listed)"),
        Patch(facecolor="0.92", edgecolor="0.6", hatch="////", label="unknown: not stated"),
    ]
    seen: set[str] = set()
    for marker, color, label in MARKERS.values():
        if label not in seen:
            seen.add(label)
            handles.append(Line2D([], [], marker=marker, color=color, linestyle="", label=label))
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=4,
        fontsize=7,
        frameon=False,
        title="no cell: listed without it; no column: no report that year; * stated, not listed",
        title_fontsize=7,
    )


def _declutter(fig: Any) -> None:
    """Turn the year labels when they would touch, then show every 2nd, 3rd ... label until
    none touches: measured from the drawn text, so it holds for any font and any span."""
    axes = fig.axes
    for step in range(1, 40):
        fig.canvas.draw()
        labels = [t for t in axes[-1].get_xticklabels() if t.get_visible() and t.get_text()]
        if not _overlapping(labels, fig):
            return
        for ax in axes:  # step 1 only turns them; later steps thin them too
            for k, t in enumerate(ax.get_xticklabels()):
                t.set_rotation(90)
                t.set_visible(k % step == 0)


def _overlapping(texts: list[Any], fig: Any) -> bool:
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    return any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def text_overlaps(fig: Any) -> list[tuple[str, str]]:
    """Every pair of visible, non-empty texts whose drawn boxes overlap (for tests and for
    anyone changing the chart): tick labels, titles, count labels, legend entries."""
    from matplotlib.text import Text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t.get_figure() is not None
    ]
    boxes = [(t.get_text(), t.get_window_extent(renderer).shrunk(0.98, 0.98)) for t in texts]
    return [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.overlaps(box_b)
    ]
