"""Help > Guide: the bundled guide (model/catalog/guide.py) in a browser window, opened at a field's
entry by F1 on that field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from infercost.model.catalog.fields import FieldRule
from infercost.model.catalog.guide import guide_html

ANCHOR_PROPERTY = "guideAnchor"
# Item models answer this header role with the guide anchor of a column's field.
GUIDE_ROLE = Qt.ItemDataRole.UserRole + 77


def tag(widget: QWidget, rule: FieldRule) -> None:
    """Mark ``widget`` as editing ``rule``'s field: F1 there opens its entry, and the tooltip
    names the unit and the field."""
    widget.setProperty(ANCHOR_PROPERTY, rule.anchor)
    tip = widget.toolTip()
    widget.setToolTip(f"{tip}\n{rule.help_line}" if tip else rule.help_line)


def anchor_for(widget: QWidget | None) -> str | None:
    """The guide anchor of the field ``widget`` (or a parent of it) edits, if any: a tagged
    widget, or the current column of a table whose model answers GUIDE_ROLE."""
    while widget is not None:
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            index = widget.currentIndex()
            if index.isValid():
                found = widget.model().headerData(
                    index.column(), Qt.Orientation.Horizontal, GUIDE_ROLE
                )
                if found:
                    return str(found)
        found = widget.property(ANCHOR_PROPERTY)
        if found:
            return str(found)
        widget = widget.parentWidget()
    return None


class GuideWindow(QDialog):
    """The guide, non-modal: it stays open beside the window while you work."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guide")
        self.setWindowTitle("InferCost Guide")
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(guide_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(820, 640)

    def show_anchor(self, anchor: str | None) -> None:
        """Show the guide at ``anchor`` (a field's entry), or at the top."""
        if anchor:
            self.browser.scrollToAnchor(anchor)
        else:
            self.browser.verticalScrollBar().setValue(0)


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    window = GuideWindow()
    window.show()
    sys.exit(app.exec())
