"""The decision advisor's panel: the matrix row that fired, the numbers behind it, where the
computed costs disagree with the matrix, and the document's caveats that apply."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser

from infercost.model.costing.advice_text import report
from infercost.model.costing.advisor import Advice


class AdvicePanel(QTextBrowser):
    """Shows one Advice as formatted text (the same sentences the CLI prints)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("advice")
        self.setOpenLinks(False)
        self.advice: Advice | None = None
        self._html = ""

    def set_advice(self, advice: Advice | None, message: str = "") -> None:
        """Show an Advice (None: show ``message``)."""
        self.advice = advice
        if advice is None:
            self._html = f"<p>{escape(message)}</p>"
            self.setHtml(self._html)
            return
        text = report(advice)
        parts = [f"<p><b>{escape(text.headline)}</b></p>", f"<p>{escape(text.rule)}</p>"]
        if text.numbers:
            parts.append(_list(text.numbers))
        if text.disagreements:
            parts.append("<p><b>Where the costs disagree with the matrix</b></p>")
            parts.append(_list(text.disagreements))
        if text.caveats:
            parts.append("<p><b>Caveats from the document</b></p>")
            parts.append(_list(text.caveats))
        html = "".join(parts)
        if html != self._html:  # an edit that changes no advice costs no re-layout
            self._html = html
            self.setHtml(html)


def _list(items) -> str:
    return "<ul>" + "".join(f"<li>{escape(x)}</li>" for x in items) + "</ul>"


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import new_project
    from infercost.model.costing.advisor import advise

    app = QApplication(sys.argv)
    panel = AdvicePanel()
    panel.set_advice(advise(new_project(), "seed-1-startup"))
    panel.resize(560, 420)
    panel.show()
    sys.exit(app.exec())
