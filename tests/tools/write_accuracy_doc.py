"""Write docs/estimator-accuracy.md from the measurement fixture (run after editing either)."""

from __future__ import annotations

import sys
from pathlib import Path

from infercost.model.catalog.fileio import default_catalog
from infercost.model.estimator.accuracy import load_fixture, render_markdown

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
