"""Import model: an LLM from a config.json or a GGUF header, previewed, one undo step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMainWindow

from infercost.gui import dialogs
from infercost.gui.excel_actions import preview_and_apply

MODEL_SUFFIXES = (".gguf", ".json")


def import_model(window: QMainWindow, path: Path | None = None) -> bool:
    """Ask for (or take) a model file, preview the LLM it describes, apply on Apply."""
    if path is None:
        path = dialogs.model_file_path(window, window.settings.last_dir)
        if path is None:
            return False
    from infercost.model.interchange.model_import import read_model_import

    done = preview_and_apply(
        window, path, lambda catalog, _progress: read_model_import(path, catalog)
    )
    if done:
        # Show where the new LLM landed: the LLM table, its last row selected.
        window.tabs.setCurrentWidget(window.catalog_editor)
        page = window.catalog_editor.show_section("llms")
        page.select_source_rows(page.model.rowCount() - 1, 1)
        page.view.scrollToBottom()
    return done


def dropped_model_file(event) -> Path | None:
    """The one .gguf or .json file a drag carries (a model to import), else None."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    files = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
    if len(files) == 1 and files[0].suffix.lower() in MODEL_SUFFIXES:
        return files[0]
    return None


if __name__ == "__main__":
    import sys

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from infercost.gui.main_window import MainWindow

    app = QApplication(sys.argv)
    window = MainWindow()
    window.show()
    config = (
        Path(__file__).parent.parent / "tests" / "data" / "model_configs" / "qwen3-32b.config.json"
    )
    QTimer.singleShot(0, lambda: import_model(window, config))
    sys.exit(app.exec())
