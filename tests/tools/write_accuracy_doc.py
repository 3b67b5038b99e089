"""Write docs/estimator-accuracy.md from the measurement fixture (run after editing either)."""

from __future__ import annotations

import sys
from pathlib import Path

from infercost.model.accuracy import load_fixture, render_markdown
from infercost.model.fileio import default_catalog

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "throughput_measurements.json"
DOC = ROOT / "docs" / "estimator-accuracy.md"


def main() -> int:
    text = render_markdown(default_catalog(), load_fixture(FIXTURE))
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
