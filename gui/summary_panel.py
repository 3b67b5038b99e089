"""A live readout of what the selected catalog entry costs (model/costing/readout.py computes "
"it)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from infercost.gui.events import FrameThrottle, subscribe
from infercost.model.costing.readout import DEFAULT_WORKLOAD, PER_TOKEN_SECTIONS, readout
from infercost.model.edits.commands import Change
from infercost.model.edits.document import Document


class SummaryPanel(QWidget):
    """Shows the readout of the entry selected in the catalog editor, always up to date."""

    def __init__(self, doc: Document, parent=None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.section = ""
        self.entry_id: str | None = None
        self.title = QLabel(self)
        self.title.setObjectName("summary_title")
        # A bold font, not a style sheet: a style sheet fixes the label's palette when it is
        # first polished, leaving the heading black after a switch to the dark scheme.
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.title.setWordWrap(True)
        self.headline = QLabel(self)
        self.headline.setObjectName("summary_headline")
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.headline.setFont(font)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.details = QLabel(self)
        self.details.setObjectName("summary_details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        lay = QVBoxLayout(self)
        self.workload = QComboBox(self)
        self.workload.setObjectName("summary_workload")
        self.workload.setToolTip("The workload whose token mix prices the API offers")
        # As wide as the longest workload when there is room, but allowed to shrink to a
        # short name: at 200% scaling on a small screen the panel's minimum width decides
        # whether the window fits at all.
        self.workload.setMinimumWidth(self.fontMetrics().horizontalAdvance("M" * 10))
        self.workload.currentIndexChanged.connect(lambda _i: self.refresh())
        # Every event only asks for a recompute; it runs once on the next frame, so an edit
        # that both changes the document and moves the editor's selection recomputes once.
        self._throttle = FrameThrottle(self._recompute, self)
        self.workload_row = QWidget(self)
        row = QHBoxLayout(self.workload_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Workload:", self.workload_row))
        row.addWidget(self.workload, 1)
        lay.addWidget(self.workload_row)
        for w in (self.title, self.headline, self.caption, self.details):
            lay.addWidget(w)
        subscribe(self, doc.changed, self._on_doc_changed)
        self._fill_workloads()
        self.refresh()
        self.flush()

    def _fill_workloads(self) -> None:
        current = self.workload.currentData()
        with QSignalBlocker(self.workload):
            self.workload.clear()
            for w in self.doc.project.workloads or [DEFAULT_WORKLOAD]:
                self.workload.addItem(w.name, w.id)
            i = self.workload.findData(current)
            self.workload.setCurrentIndex(max(i, 0))

    def set_entry(self, section: str, entry_id: str | None) -> None:
        """Follow the selection of the catalog editor."""
        self.section, self.entry_id = section, entry_id
        self.refresh()

    def _on_doc_changed(self, change: Change) -> None:
        if change.touches("workloads"):
            self._fill_workloads()
        # Any change can move the figure (a tariff edit changes a build's $/hr), and one
        # readout costs microseconds, so every change asks for a recompute.
        self.refresh()

    @property
    def recomputes(self) -> int:
        """How many times the readout was computed and shown (for tests and benchmarks)."""
        return self._throttle.calls

    def refresh(self) -> None:
        """Ask for a recompute on the next frame (requests before it are absorbed)."""
        self._throttle.request()

    def flush(self) -> None:
        """Run a requested recompute now (tests, screenshots)."""
        self._throttle.flush()

    def _recompute(self) -> None:
        r = readout(self.doc.project, self.section, self.entry_id, self.workload.currentData())
        # The token mix only matters for per-token prices.
        self.workload_row.setVisible(self.section in PER_TOKEN_SECTIONS)
        self.title.setText(r.title)
        self.headline.setText(r.headline_text)
        self.headline.setVisible(r.headline is not None)
        self.caption.setText(r.caption)
        rows = "".join(
            f"<tr><td style='padding-right:8px'>{escape(k)}</td><td>{escape(v)}</td></tr>"
            for k, v in r.lines
        )
        self.details.setText(f"<table>{rows}</table>" if rows else "")


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import sample_document

    app = QApplication(sys.argv)
    panel = SummaryPanel(sample_document())
    panel.set_entry("api_offers", "openai/gpt-4o")
    panel.resize(360, 300)
    panel.show()
    sys.exit(app.exec())
