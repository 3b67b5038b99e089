"""``infercost-cli screenshot``: render a view of the app offscreen to a PNG file."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from infercost.model.catalog.catalog import SECTIONS
from infercost.model.errors import InferCostError

BUILDS_TABS = {"builds": 0, "builds/fits": 1, "builds/own-or-rent": 2}
BREAKEVEN_VIEWS = ["breakeven", "breakeven/utilization"]
VIEWS = [
    "main",
    "summary",
    "about",
    *BUILDS_TABS,
    *(f"catalog/{s}" for s in SECTIONS),
    *BREAKEVEN_VIEWS,
]
# The scenarios view, with the results tab shown (comparison, document figures, all scenarios).
SCENARIO_VIEWS = {"scenarios": 0, "scenarios/figures": 1, "scenarios/all": 2}
VIEWS += list(SCENARIO_VIEWS)
# The Time & ranges tab: its timeline or its sensitivity sub-tab.
TIME_VIEWS = {"timeline": 0, "sensitivity": 1}
VIEWS += list(TIME_VIEWS)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, help="PNG file to write")
    parser.add_argument(
        "--project", type=Path, help="an .infercost project (default: a new project)"
    )
    parser.add_argument(
        "--view",
        default="main",
        help=f"what to render: {', '.join(VIEWS)} (default: main, the whole window)",
    )
    parser.add_argument(
        "--size", default="1400x820", help="window size WxH in pixels (default 1400x820)"
    )
    parser.add_argument("--theme", choices=["light", "dark"], default="light", help="colour scheme")
    parser.add_argument(
        "--select",
        help="id of the row to select in the shown catalog section (or the build, or the "
        "scenario --view breakeven, scenarios, timeline or sensitivity shows)",
    )


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise InferCostError(f"--size must look like 1400x820, not {text!r}") from None
    if not (200 <= w <= 8000 and 150 <= h <= 8000):
        raise InferCostError(f"--size {text} is outside 200x150 .. 8000x8000")
    return w, h


def run(args: argparse.Namespace) -> int:
    if args.view not in VIEWS:
        raise InferCostError(f"unknown view {args.view!r}; choose one of: {', '.join(VIEWS)}")
    width, height = _size(args.size)
    # No display is needed: render into memory. Set before Qt is imported.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from infercost.gui import theme
    from infercost.gui.app import make_app, quiet_offscreen_notice
    from infercost.gui.main_window import MainWindow
    from infercost.gui.settings import Settings
    from infercost.model.interchange import project_io

    quiet_offscreen_notice()
    app = make_app(["infercost-cli"])
    theme.apply_theme(app, args.theme)
    # Read before any window exists: a refused file leaves no window behind.
    project = project_io.load_project(args.project) if args.project is not None else None
    with tempfile.TemporaryDirectory() as tmp:
        # A throwaway settings file: a screenshot never shows or changes the user's layout.
        settings = Settings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings)
        if project is not None:
            window._load(project, args.project)
        window.autosave_timer.stop()
        window.resize(width, height)
        window.show()
        editor = window.catalog_editor
        if args.view.startswith("catalog/"):
            page = editor.show_section(args.view.split("/", 1)[1])
            if args.select:
                _select(page, args.select)
        if args.view in BUILDS_TABS:
            _show_builds(window, args.select, BUILDS_TABS[args.view])
        if args.view in BREAKEVEN_VIEWS:
            view = window.show_breakeven()
            if args.select:
                view.set_scenario(args.select)
            view.charts.setCurrentIndex(1 if args.view.endswith("utilization") else 0)
            view.throttle.flush()
        if args.view in SCENARIO_VIEWS:
            _show_scenarios(window, args.select, SCENARIO_VIEWS[args.view])
        if args.view in TIME_VIEWS:
            _show_time(window, args.select, TIME_VIEWS[args.view])
        app.processEvents()
        window.summary.flush()  # it recomputes on the next frame; show the figure now
        if args.view == "about":
            widget = window.about()
            widget.adjustSize()
        elif args.view == "summary":
            widget = window.summary_dock
        else:
            widget = window
        app.processEvents()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        from infercost.gui.png import save_png

        save_png(widget.grab(), args.out)
        window.stack.setClean()
        window.close()
        window.deleteLater()  # with its popups, when called in a process that goes on (tests)
    print(f"wrote {args.out}")
    return 0


def _show_scenarios(window, scenario_id: str | None, tab: int) -> None:
    window.tabs.setCurrentWidget(window.scenarios_view)
    view = window.scenarios_view.ensure_built()
    if scenario_id:
        window.doc.project.scenario(scenario_id)  # an unknown id: a clear error, listing them
        view.select_scenario(scenario_id)
    view.results.setCurrentIndex(tab)
    view.throttle.flush()


def _show_time(window, scenario_id: str | None, tab: int) -> None:
    window.tabs.setCurrentWidget(window.time_view)
    view = window.time_view.ensure_built()
    if scenario_id:
        view.set_scenario(scenario_id)
    view.tabs.setCurrentIndex(tab)
    view.throttle.flush()
    view.wait_sensitivity()


def _show_builds(window, build_id: str | None, tab: int) -> None:
    window.tabs.setCurrentWidget(window.builds_tab)
    view = window.builds_tab.ensure_view()
    view.lower.setCurrentIndex(tab)
    if build_id is not None:
        window.doc.project.catalog.build(build_id)  # an unknown id names the known ones
        view.select_build(build_id)
    view.flush()


def _select(page, entry_id: str) -> None:
    from infercost.model.errors import UnknownIdError

    for r in range(page.proxy.rowCount()):
        if page.proxy.index(r, 0).data() == entry_id:
            page.view.selectRow(r)
            return
    raise UnknownIdError(
        "row", entry_id, [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    )
