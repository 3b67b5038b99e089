"""Benchmark: the scenarios view's recompute (every scenario compared and advised, every panel
filled) after a workload edit, and after a price edit in a 5,000-row catalog.

Target: an edit -> comparison and advice on screen within one frame (< 16 ms), since the view
recomputes once per frame through its throttle.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _median_ms(fn, n: int = 40) -> float:
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from infercost.gui.scenarios.view import ScenariosView
    from infercost.gui.undo import DocumentUndoStack
    from infercost.model.catalog.defaults import default_project
    from infercost.model.costing.advisor import advise
    from infercost.model.costing.evaluation import evaluate_all
    from infercost.model.edits.commands import SetField
    from infercost.model.edits.document import Document

    app = QApplication(sys.argv)
    project = default_project()
    model_ms = _median_ms(
        lambda i: [advise(project, c.scenario_id, c) for c in evaluate_all(project)]
    )
    print(f"compare + advise, 3 seed scenarios: {model_ms:.2f} ms")

    stack = DocumentUndoStack(Document(default_project()))
    view = ScenariosView(stack)
    view.resize(1400, 820)
    view.show()
    app.processEvents()

    def edit(i: int) -> None:
        cmd = SetField(stack.doc, "workloads", 0, "monthly_tokens", 3e9 + (i + 1) * 1e7)
        stack.push_command(cmd)
        view.throttle.flush()

    ms = _median_ms(edit)
    print(f"workload edit -> comparison, figures, all scenarios, advice: {ms:.2f} ms (target < 16)")

    sys.path.insert(0, os.path.dirname(__file__))
    from bench_gui import big_project

    big = DocumentUndoStack(Document(big_project()))
    big_view = ScenariosView(big)
    big_view.resize(1400, 820)
    big_view.show()
    app.processEvents()

    def price_edit(i: int) -> None:
        cmd = SetField(big.doc, "api_offers", 7, "output_usd_per_mtok", 15.0 + (i + 1) * 0.01)
        big.push_command(cmd)
        big_view.throttle.flush()

    big_ms = _median_ms(price_edit, 20)
    print(f"catalog price edit, 5,000 offers -> scenarios view: {big_ms:.2f} ms (target < 16)")
    return 0 if max(ms, big_ms) < 16 else 1


if __name__ == "__main__":
    sys.exit(main())
