"""Benchmark: the proposal report (targets: building the document of a seed scenario < 0.2 s,
its PDF < 1 s, so File > Export report can run on the GUI thread behind a busy cursor; a chart
PNG 2,000 px wide < 0.3 s)."""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def timed(fn, runs: int = 5) -> float:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return statistics.median(out)


def main() -> None:
    from PySide6.QtGui import QGuiApplication

    from infercost.gui.report.files import _png_bytes
    from infercost.gui.report.pdf import pdf_bytes
    from infercost.model.defaults import default_project
    from infercost.model.report_build import build_report

    _app = QGuiApplication.instance() or QGuiApplication(["bench"])
    project = default_project()
    for sid in ("seed-1-startup", "seed-2-enterprise"):
        doc = build_report(project, sid)
        s = timed(lambda sid=sid: build_report(project, sid))
        print(f"report document of {sid}: median {s:.3f} s of 5 (target < 0.2 s)")
        s = timed(lambda doc=doc: pdf_bytes(doc))
        print(f"report PDF of {sid} ({len(pdf_bytes(doc)):,} bytes): median {s:.3f} s of 5 "
              "(target < 1 s)")  # fmt: skip
        fig = doc.figures()[0]
        s = timed(lambda fig=fig: _png_bytes(fig, 2000, False))
        print(f"chart PNG 2,000 px of {sid}: median {s:.3f} s of 5 (target < 0.3 s)")


if __name__ == "__main__":
    main()
