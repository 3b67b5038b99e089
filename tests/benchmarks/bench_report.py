"""Benchmark: the proposal report (targets: building the document of a seed scenario < 0.2 s,
its PDF < 1 s, so File > Export report can run on the GUI thread behind a busy cursor; a chart
PNG 2,000 px wide < 0.3 s)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from timing import cpu_s


def main() -> None:
    from PySide6.QtGui import QGuiApplication

    from infercost.gui.report.files import _png_bytes
    from infercost.gui.report.pdf import pdf_bytes
    from infercost.model.catalog.defaults import default_project
    from infercost.model.report.report_build import build_report

    _app = QGuiApplication.instance() or QGuiApplication(["bench"])
    project = default_project()
    for sid in ("seed-1-startup", "seed-2-enterprise"):
        doc = build_report(project, sid)
        s = cpu_s(lambda sid=sid: build_report(project, sid))
        print(f"report document of {sid}: best CPU {s:.3f} s of 5 (target < 0.2 s)")
        s = cpu_s(lambda doc=doc: pdf_bytes(doc))
        print(f"report PDF of {sid} ({len(pdf_bytes(doc)):,} bytes): best CPU {s:.3f} s of 5 "
              "(target < 1 s)")  # fmt: skip
        fig = doc.figures()[0]
        s = cpu_s(lambda fig=fig: _png_bytes(fig, 2000, False))
        print(f"chart PNG 2,000 px of {sid}: best CPU {s:.3f} s of 5 (target < 0.3 s)")


if __name__ == "__main__":
    main()
