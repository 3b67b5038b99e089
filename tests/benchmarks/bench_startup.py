"""Benchmark: start-up in fresh processes, each beside its floor (CPU time, best of 5).

GUI cold start to the first painted window against an empty PySide6 QMainWindow (goal 2.5x);
a first run's cold start to its drawn break-even chart (the window opens on it) against a
window holding one pyqtgraph curve (goal 1.5x);
``infercost-cli catalog`` against ``import pydantic`` (goal 2.5x); loading the default catalog
against importing pydantic and building InferCost's model classes (goal 1.5x: parsing and
validating 300 entries should cost less than half of what importing the classes does).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from timing import PY, child_cpu_s, python_cpu_s, report

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_SETTINGS = (
    "import tempfile; from PySide6.QtCore import QSettings; "
    "from infercost.gui.settings import Settings; "
    "s = Settings(QSettings(tempfile.mkdtemp() + '/s.ini', QSettings.Format.IniFormat)); "
)
GUI = (
    "from infercost.gui.app import make_app; app = make_app([]); "
    + _SETTINGS
    + "from infercost.gui.main_window import MainWindow; w = MainWindow(s); w.show(); w.grab()"
)
EMPTY_WINDOW = (
    "from PySide6.QtWidgets import QApplication, QMainWindow; app = QApplication([]); "
    "w = QMainWindow(); w.resize(1400, 820); w.show(); w.grab()"
)
# A first run: the window opens on the break-even chart, built just after the first paint.
FIRST_RUN_CHART = (
    "from infercost.gui.app import make_app; app = make_app([]); "
    + _SETTINGS
    + "from infercost.gui.main_window import MainWindow; w = MainWindow(s); "
    "w.land_on_answer(); w.resize(1400, 820); w.show(); w.grab(); "
    "view = w.breakeven_tab.ensure_built(); view.throttle.flush(); w.grab(); "
    "assert view.chart.curves"
)
ONE_CURVE = (
    "from PySide6.QtWidgets import QApplication; import pyqtgraph as pg; "
    "app = QApplication([]); w = pg.PlotWidget(); w.plot([1, 10, 100], [1, 2, 3]); "
    "w.resize(1400, 820); w.show(); w.grab()"
)
CATALOG = "from infercost.model.catalog import fileio; fileio.default_catalog()"
CLASSES = "import infercost.model.catalog.catalog"


def cli_script() -> list[str]:
    found = shutil.which("infercost-cli", path=str(Path(PY).parent))
    return [found] if found else [PY, "-m", "infercost.cli"]


def main() -> None:
    report(
        "GUI cold start to a painted window",
        python_cpu_s(GUI),
        "empty QMainWindow shown and painted",
        python_cpu_s(EMPTY_WINDOW),
        2.5,
    )
    report(
        "first run: cold start to the drawn break-even chart",
        python_cpu_s(FIRST_RUN_CHART),
        "a window with one pyqtgraph curve, painted",
        python_cpu_s(ONE_CURVE),
        1.5,
    )
    report(
        "infercost-cli catalog",
        child_cpu_s([*cli_script(), "catalog"]),
        "python -c 'import pydantic'",
        python_cpu_s("import pydantic"),
        2.5,
    )
    report(
        "default catalog in a fresh process (import, parse, validate)",
        python_cpu_s(CATALOG),
        "importing pydantic and building the model classes",
        python_cpu_s(CLASSES),
        1.5,
    )


if __name__ == "__main__":
    main()
