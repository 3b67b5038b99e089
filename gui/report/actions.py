"""File > Export report…: choose the scenario, who it is for and by, and the paper; then write
the same document ``infercost-cli report`` writes (PDF, HTML or Markdown by the file's suffix)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMainWindow,
    QWidget,
)

from infercost.gui import dialogs
from infercost.model.errors import InferCostError
from infercost.model.report.report_build import ReportMeta, build_report

REPORT_FILTER = "PDF (*.pdf);;HTML page (*.html);;Markdown (*.md)"
_FILTER_SUFFIX = {"PDF (*.pdf)": ".pdf", "HTML page (*.html)": ".html", "Markdown (*.md)": ".md"}


@dataclass(frozen=True, slots=True)
class ReportChoice:
    """What the dialog asks: the scenario, who the report is for and by, the paper."""

    scenario_id: str
    prepared_for: str = ""
    prepared_by: str = ""
    paper: str = "a4"


class ReportDialog(QDialog):
    """Asks for the scenario (the one on screen first), prepared for / by and the paper."""

    def __init__(self, scenarios: list[tuple[str, str]], current: str | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Export report")
        self.scenario = QComboBox(self)
        for ident, name in scenarios:
            self.scenario.addItem(f"{name} ({ident})", ident)
        self.scenario.setCurrentIndex(max(self.scenario.findData(current), 0))
        self.prepared_for = QLineEdit(self)
        self.prepared_for.setPlaceholderText("client or team (optional)")
        self.prepared_for.setMaxLength(200)
        self.prepared_by = QLineEdit(self)
        self.prepared_by.setPlaceholderText("your name (optional)")
        self.prepared_by.setMaxLength(200)
        self.paper = QComboBox(self)
        self.paper.addItem("A4", "a4")
        self.paper.addItem("Letter", "letter")
        us = QLocale().territory() in (QLocale.Country.UnitedStates, QLocale.Country.Canada)
        self.paper.setCurrentIndex(1 if us else 0)
        form = QFormLayout(self)
        form.addRow("&Scenario:", self.scenario)
        form.addRow("Prepared &for:", self.prepared_for)
        form.addRow("Prepared &by:", self.prepared_by)
        form.addRow("&Paper (PDF):", self.paper)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> ReportChoice:
        return ReportChoice(
            self.scenario.currentData(),
            self.prepared_for.text().strip(),
            self.prepared_by.text().strip(),
            self.paper.currentData(),
        )


def ask_report_choice(parent: QWidget, scenarios, current: str | None) -> ReportChoice | None:
    """The dialog's answer, None on Cancel."""
    dialog = ReportDialog(scenarios, current, parent)
    return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None


def report_path(parent: QWidget, suggested: str) -> Path | None:
    """Ask where to write the report; the chosen filter's suffix is added when none is typed."""
    name, chosen = QFileDialog.getSaveFileName(parent, "Export report", suggested, REPORT_FILTER)
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in (".pdf", ".html", ".htm", ".md", ".markdown"):
        path = path.with_name(path.name + _FILTER_SUFFIX.get(chosen, ".pdf"))
    return path


def export_report(
    window: QMainWindow,
    path: Path | None = None,
    choice: ReportChoice | None = None,
    current: str | None = None,
) -> Path | None:
    """Ask what and where (unless given), build the report from the project and write it.

    It takes well under a second for a seed scenario (measured: ~0.3 s for 4-5 pages), so it
    runs on the GUI thread behind a busy cursor: Qt's text layout and fonts are not safe to
    use from a worker thread on every platform.
    """
    project = window.doc.project
    if not project.scenarios:
        dialogs.show_error(window, "No report", "The project has no scenario to report on.")
        return None
    if choice is None:
        choice = ask_report_choice(
            window, [(s.id, s.name) for s in project.scenarios], current or _current(window)
        )
        if choice is None:
            return None
    if path is None:
        folder = Path(window.settings.last_dir or Path.home())
        path = report_path(window, str(folder / f"{choice.scenario_id}-report.pdf"))
        if path is None:
            return None
    from infercost.gui.about import app_version
    from infercost.gui.report.files import write_report

    meta = ReportMeta(choice.prepared_for, choice.prepared_by, app_version=app_version())
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        doc = build_report(project, choice.scenario_id, meta)
        written = write_report(doc, path, None, choice.paper)
    except InferCostError as exc:
        QGuiApplication.restoreOverrideCursor()
        dialogs.show_error(window, "Report not written", str(exc))
        return None
    QGuiApplication.restoreOverrideCursor()
    window.settings.last_dir = str(written.parent)
    window.statusBar().showMessage(f"Exported the report {written.name}", 6000)
    return written


def _current(window) -> str | None:
    """The scenario the Break-even and Scenarios tabs show (they follow each other)."""
    return getattr(window, "_shown_scenario", None)


if __name__ == "__main__":
    import sys

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from infercost.gui.main_window import MainWindow

    app = QApplication(sys.argv)
    window = MainWindow()  # on gui/sample.py's sample document
    window.show()
    QTimer.singleShot(0, window.export_report)  # the dialog, then the file dialog
    sys.exit(app.exec())
