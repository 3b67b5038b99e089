"""File > Export to Excel and File > Import: long work off the GUI thread, one undo step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMainWindow

from infercost.gui import dialogs
from infercost.gui.background import run_in_background
from infercost.model.edits.commands import ReplaceCatalog
from infercost.model.errors import InferCostError
from infercost.model.guard import Cancelled


def export_to_excel(
    window: QMainWindow, path: Path | None = None, scenario_id: str | None = None
) -> Path | None:
    """Ask for the scenarios (when there are several; the one on screen preselected) and a
    file, and write the workbook."""
    project = window.doc.project
    scenario_ids: tuple[str, ...] = (scenario_id,) if scenario_id else ()
    everything = False
    if scenario_id is None and len(project.scenarios) > 1:
        choice = dialogs.choose_export(
            window,
            [(s.id, s.name) for s in project.scenarios],
            window.current_scenario_id(),
        )
        if choice is None:
            return None
        scenario_ids, everything = choice.scenario_ids, choice.all_scenarios
    if path is None:
        folder = Path(window.settings.last_dir or Path.home())
        path = dialogs.excel_export_path(window, str(folder / f"{_stem(window)}.xlsx"))
        if path is None:
            return None
    from infercost.model.interchange.excel_export import export_workbook

    try:
        result = run_in_background(
            window,
            f"Writing {path.name}…",
            lambda progress: export_workbook(
                project, path, scenario_ids or None, progress, all_scenarios=everything
            ),
        )
    except Cancelled:
        window.statusBar().showMessage("Export cancelled; nothing was written", 5000)
        return None
    except InferCostError as exc:
        dialogs.show_error(window, "Workbook not written", str(exc))
        return None
    window.settings.last_dir = str(result.path.parent)
    window.statusBar().showMessage(
        f"Exported {result.path.name}: {len(result.sheets)} sheets, live formulas", 6000
    )
    return result.path


def import_file(window: QMainWindow, path: Path | None = None) -> bool:
    """Read a workbook, SkyPilot CSV or API price list, preview it, apply it on Apply."""
    if path is None:
        path = dialogs.import_file_path(window, window.settings.last_dir)
        if path is None:
            return False
    from infercost.model.interchange.import_file import read_import

    return preview_and_apply(
        window, path, lambda catalog, progress: read_import(path, catalog, progress=progress)
    )


def preview_and_apply(window: QMainWindow, path: Path, read) -> bool:
    """Read ``path`` off the GUI thread as ``read(catalog, progress)``, show the preview, and
    push one ``ReplaceCatalog`` on Apply (any import: prices, rentals, a model)."""
    window.settings.last_dir = str(Path(path).parent)
    catalog = window.doc.project.catalog
    try:
        preview = run_in_background(
            window,
            f"Reading {Path(path).name}…",
            lambda progress: read(catalog, progress),
        )
    except Cancelled:
        window.statusBar().showMessage("Import cancelled; nothing was changed", 5000)
        return False
    except InferCostError as exc:
        dialogs.show_error(window, "Cannot import", str(exc))
        return False
    if not dialogs.confirm_import(window, preview) or not preview.changes_anything:
        return False
    if window.doc.project.catalog is not catalog:
        dialogs.show_error(window, "Cannot import", "The catalog changed meanwhile; import again.")
        return False
    try:
        command = ReplaceCatalog(window.doc, preview.catalog, f"Import {Path(path).name}")
    except InferCostError as exc:
        dialogs.show_error(window, "Cannot import", str(exc))
        return False
    window.stack.push_command(command)
    window.statusBar().showMessage(f"Imported {Path(path).name}: {preview.summary()}", 6000)
    return True


def _stem(window) -> str:
    name = window.doc.path.stem if window.doc.path else window.doc.project.name
    return "".join("-" if c in '/\\:*?"<>|' else c for c in name).strip(" .") or "project"


if __name__ == "__main__":
    import sys
    import tempfile

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from infercost.gui.main_window import MainWindow

    app = QApplication(sys.argv)
    window = MainWindow()  # on gui/sample.py's sample document
    window.show()
    exported = Path(tempfile.mkdtemp()) / "sample.xlsx"

    def demo() -> None:
        # Export the sample, then import it back: the preview lists every entry as unchanged.
        if export_to_excel(window, exported, window.doc.project.scenarios[0].id):
            import_file(window, exported)

    QTimer.singleShot(0, demo)
    sys.exit(app.exec())
