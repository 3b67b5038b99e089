"""The scenario's heading: its name and id, where it comes from, its notes, a shared workload."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from infercost.model.catalog.project import Project


class ScenarioHeader(QLabel):
    """Name, id, source and notes of one scenario, and which others share its workload."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("scenario_header")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def set_scenario(self, project: Project, scenario_id: str | None) -> None:
        """Show this scenario of the project (None: say how to add one)."""
        s = next((x for x in project.scenarios if x.id == scenario_id), None)
        if s is None:
            self.setText("No scenario: add one with New.")
            return
        others = [
            x.name for x in project.scenarios if x.workload_id == s.workload_id and x is not s
        ]
        parts = [f"<b>{escape(s.name)}</b> ({escape(s.id)})"]
        if s.source:
            parts.append(f"Source: {escape(s.source)}")
        if s.notes:
            parts.append(escape(s.notes))
        if others:
            parts.append(
                f"Its workload {escape(s.workload_id)} is shared with {escape(', '.join(others))}: "
                "an edit changes both."
            )
        self.setText("<br>".join(parts))


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import new_project

    app = QApplication(sys.argv)
    header = ScenarioHeader()
    header.set_scenario(new_project(), "seed-1-startup")
    header.resize(520, 80)
    header.show()
    sys.exit(app.exec())
