"""timeline: members and active groups per year, as CSV tables and a PNG chart."""

from __future__ import annotations

import csv
import struct
from pathlib import Path

from click.testing import CliRunner

from isecg_extract.compare.cli import timeline_command

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_timeline_table_and_chart(years_batch, tmp_path):
    out, _ = years_batch
    dest = tmp_path / "tl"
    result = CliRunner().invoke(timeline_command, [str(out), "-o", str(dest)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == [
        "2023: 26 members, 8 active groups",
        "2025: 28 members, 6 active groups",
        "2026: 28 members, 7 active groups",
    ]
    rows = read_csv(dest / "timeline.csv")
    assert [
        (
            r["report_year"],
            r["members"],
            r["active_groups"],
            r["members_joined"],
            r["members_left"],
            r["members_replaced"],
            r["members_known"],
            r["groups_known"],
        )
        for r in rows
    ] == [
        ("2023", "26", "8", "", "", "", "listed", "listed"),
        # KARI's seat went to KASA: one "replaced" event, as in diff (it used to read as KASA
        # joined and KARI left).
        ("2025", "28", "6", "gistda;hsc", "", "kari>kasa", "listed", "listed"),
        ("2026", "28", "7", "philsa", "vnsc", "", "listed", "listed"),
    ]
    assert [r["group_ids"] for r in rows] == [
        "btt;cwg;erwg;esawg;iawg;scwg;swg;twg",
        "cwg;erwg;iawg;scwg;swg;twg",
        "cswg;erwg;iawg;scwg;sswg;swg;twg",  # cwg renamed: listed, but no longer active
    ]
    entities = {(r["kind"], r["id"]): r for r in read_csv(dest / "timeline-entities.csv")}
    assert entities[("group", "esawg")]["years"] == "2023"
    assert entities[("member", "kasa")]["first_year"] == "2025"
    assert entities[("member", "nasa")]["years"] == "2023;2025;2026"

    png = (dest / "timeline.png").read_bytes()
    assert png[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk comes first
    assert png[12:16] == b"IHDR" and width > 400 and height > 300
    import matplotlib.image

    assert matplotlib.image.imread(dest / "timeline.png").shape[:2] == (height, width)


def test_timeline_defaults_to_out_timeline(years_batch, tmp_path):
    import shutil

    out, _ = years_batch
    copy = tmp_path / "out"
    shutil.copytree(out / "all", copy / "all")
    result = CliRunner().invoke(timeline_command, [str(copy)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (copy / "timeline").iterdir()) == [
        "timeline-entities.csv",
        "timeline-events.csv",
        "timeline.csv",
        "timeline.png",
        "timeline.svg",
    ]


def test_timeline_of_a_folder_that_is_not_a_batch(tmp_path):
    result = CliRunner().invoke(timeline_command, [str(tmp_path)])
    assert result.exit_code == 17
    assert result.output == (
        f"isecg-extract: {tmp_path}: not an isecg-extract output folder: no all/documents.csv; "
        "give the folder `isecg-extract batch` wrote\n"
    )
