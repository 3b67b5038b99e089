"""Every question the app asks the user, in one place (tests replace these functions)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Literal

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from infercost.model.guard import cap_message, printable
from infercost.model.interchange.autosave import Autosave
from infercost.model.interchange.project_io import SUFFIX

# A message box lays out its whole text: millions of characters freeze it for seconds.
MAX_MESSAGE_CHARS = 2_000
MAX_DETAILS_CHARS = 200_000

FILTER = f"InferCost projects (*{SUFFIX});;All files (*)"


def ask_save_changes(parent: QWidget, name: str) -> Literal["save", "discard", "cancel"]:
    """Save / Discard / Cancel before a modified document is closed or replaced."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Save the changes to “{name}”?")
    box.setInformativeText("Your changes are lost if you don't save them.")
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    if answer == QMessageBox.StandardButton.Discard:
        return "discard"
    return "cancel"


def ask_restore(parent: QWidget, autosave: Autosave) -> Literal["restore", "discard", "later"]:
    """Offer the crash-recovery copy left by a session that did not close cleanly."""
    when = datetime.datetime.fromtimestamp(autosave.saved_at).strftime("%Y-%m-%d %H:%M")
    name = printable(autosave.original.name)[:80] if autosave.original else ""
    of = f"of “{name}” " if autosave.original else "of an unsaved project "
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Restore unsaved work?")
    box.setText(f"InferCost did not close cleanly. A copy {of}from {when} was kept.")
    box.setInformativeText("Restore it? You can then save it where you like.")
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    clicked = box.clickedButton()
    if clicked is restore:
        return "restore"
    if clicked is discard:
        return "discard"
    return "later"


def open_path(parent: QWidget, start: str) -> Path | None:
    """Ask for a project file to open."""
    name, _ = QFileDialog.getOpenFileName(parent, "Open project", start, FILTER)
    return Path(name) if name else None


def save_path(parent: QWidget, suggested: str) -> Path | None:
    """Ask where to save; adds the .infercost extension when the user typed none."""
    name, _ = QFileDialog.getSaveFileName(parent, "Save project as", suggested, FILTER)
    if not name:
        return None
    return with_project_suffix(name)


def with_project_suffix(name: str) -> Path:
    """The file a typed name saves to: ``.infercost`` appended unless already there.

    Checking for *any* suffix is not enough: "plan v1.5" has the suffix ".5", and a file
    saved as that would not show in File > Open's filter nor open by drag and drop.
    """
    path = Path(name)
    return path if path.suffix.lower() == SUFFIX else path.with_name(path.name + SUFFIX)


def show_error(parent: QWidget, title: str, text: str) -> None:
    """Tell the user something failed and why."""
    QMessageBox.warning(parent, title, cap_message(text, MAX_MESSAGE_CHARS))


PRICE_FILTER = "Price files (*.json);;All files (*)"


def price_file_path(parent: QWidget, start: str) -> Path | None:
    """Ask for a LiteLLM or OpenRouter price file to import."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import prices (LiteLLM or OpenRouter JSON)", start, PRICE_FILTER
    )
    return Path(name) if name else None


def show_report(parent: QWidget, title: str, text: str, details: str = "") -> None:
    """Tell the user what a long operation did; the full list goes under Show Details."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(cap_message(text, MAX_MESSAGE_CHARS))
    if details:
        box.setDetailedText(cap_message(details, MAX_DETAILS_CHARS))
    box.exec()


IMPORT_FILTER = (
    "Everything InferCost imports (*.xlsx *.xlsm *.csv *.json);;Excel workbooks (*.xlsx *.xlsm);;"
    "SkyPilot catalogs (*.csv);;LiteLLM or OpenRouter price lists (*.json);;All files (*)"
)
EXCEL_FILTER = "Excel workbooks (*.xlsx)"


def import_file_path(parent: QWidget, start: str) -> Path | None:
    """Ask for a workbook, rental price list or API price list to import."""
    name, _ = QFileDialog.getOpenFileName(parent, "Import", start, IMPORT_FILTER)
    return Path(name) if name else None


MODEL_FILTER = (
    "Model files (*.gguf *.json);;GGUF models (*.gguf);;config.json (*.json);;All files (*)"
)


def model_file_path(parent: QWidget, start: str) -> Path | None:
    """Ask for a Hugging Face config.json or a GGUF model file to import an LLM from."""
    name, _ = QFileDialog.getOpenFileName(parent, "Import model", start, MODEL_FILTER)
    return Path(name) if name else None


def excel_export_path(parent: QWidget, suggested: str) -> Path | None:
    """Ask where to write the workbook; adds .xlsx when the user typed none."""
    name, _ = QFileDialog.getSaveFileName(parent, "Export to Excel", suggested, EXCEL_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


def ask_text(parent: QWidget, title: str, label: str, text: str) -> str | None:
    """A line of text (``text`` to start from); None when cancelled."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


def choose_export(parent: QWidget, choices: list[tuple[str, str]], current: str | None):
    """The scenarios (and catalog) to put in a workbook; None when cancelled. ``current``, the
    scenario on screen, is preselected."""
    from infercost.gui.export_dialog import ExportDialog

    dialog = ExportDialog(choices, current, parent)
    if dialog.exec() != ExportDialog.DialogCode.Accepted:
        return None
    return dialog.choice()


def confirm_import(parent: QWidget, preview) -> bool:
    """Show the preview of an import; True when the user presses Apply."""
    from infercost.gui.import_dialog import ImportPreviewDialog

    return ImportPreviewDialog(preview, parent).exec() == ImportPreviewDialog.DialogCode.Accepted
