"""The diff example in docs/batch.md is what ``diff`` prints on a batch of the two reports.

The example is abridged, so every line it shows must be a line of the real output (its counts
said "7 new" when the pipeline gave 6): a change in what diff finds fails here until the
document says it too.
"""

from __future__ import annotations

from batch_helpers import ROOT
from click.testing import CliRunner

from isecg_extract.cli import main


def test_every_line_of_the_diff_example_is_in_the_real_diff(years_batch):
    out, _ = years_batch
    doc = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    example = doc.split("Example (2025 → 2026, abridged", 1)[1]
    example = example.split("```markdown\n", 1)[1].split("```", 1)[0]
    result = CliRunner().invoke(
        main, ["diff", str(out / "isecg-ar-2025"), str(out / "isecg-ar-2026")]
    )
    assert result.exit_code == 0, result.output
    real = set(result.output.splitlines())
    shown = [line for line in example.splitlines() if line.strip()]
    assert len(shown) > 20
    assert [line for line in shown if line not in real] == []
