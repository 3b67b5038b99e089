"""The Export to Excel dialog: which scenarios go into the workbook (the one on screen is
preselected) and whether the whole catalog goes with them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class ExportChoice:
    """The scenarios to export (the first drives the Inputs sheet) and the catalog's extent."""

    scenario_ids: tuple[str, ...]
    all_scenarios: bool = False


class ExportDialog(QDialog):
    """A checkable list of scenarios and an "everything" switch; OK needs one scenario."""

    def __init__(
        self, choices: list[tuple[str, str]], current: str | None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle("Export to Excel")
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Scenarios in the workbook (the first checked one goes on the Inputs and "
                "Break-even sheets):",
                self,
            )
        )
        self.scenarios = QListWidget(self)
        for ident, name in choices:
            item = QListWidgetItem(f"{name} ({ident})", self.scenarios)
            item.setData(Qt.ItemDataRole.UserRole, ident)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = ident == current or (current is None and ident == choices[0][0])
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        layout.addWidget(self.scenarios)
        self.everything = QCheckBox(
            "Every scenario and the whole catalog (to edit prices and import them back)", self
        )
        layout.addWidget(self.everything)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.scenarios.itemChanged.connect(self._update)
        self.everything.toggled.connect(self._update)
        self._update()

    def checked(self) -> tuple[str, ...]:
        items = (self.scenarios.item(i) for i in range(self.scenarios.count()))
        return tuple(
            it.data(Qt.ItemDataRole.UserRole)
            for it in items
            if it.checkState() == Qt.CheckState.Checked
        )

    def choice(self) -> ExportChoice:
        return ExportChoice(self.checked(), self.everything.isChecked())

    def _update(self, *_args) -> None:
        self.scenarios.setEnabled(not self.everything.isChecked())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.everything.isChecked() or bool(self.checked()))


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import new_project

    app = QApplication(sys.argv)
    project = new_project()
    dialog = ExportDialog([(s.id, s.name) for s in project.scenarios], project.scenarios[1].id)
    dialog.show()
    sys.exit(app.exec())
