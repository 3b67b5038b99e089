"""The report as a PDF (A4 or Letter, numbered pages, text that a PDF reader can search and copy)
through Qt's QTextDocument and QPdfWriter, with each figure drawn as vectors by the chart
painter inside the text flow."""

from __future__ import annotations

import re

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPyTextObject,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from infercost.gui.report.chart_painter import figure_size, paint_figure
from infercost.model.errors import InferCostError
from infercost.model.report.report_doc import ReportDocument
from infercost.model.report.report_figure import Figure
from infercost.model.report.report_text import STYLE, to_html

PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
MARGIN_MM = 16.0
RESOLUTION = 300  # QPdfWriter units per inch: text and figures are vectors at any resolution
FIGURE_OBJECT = QTextFormat.ObjectTypes.UserObject + 1
_FIGURE_PROPERTY = QTextFormat.Property.UserProperty + 1
_MARKER = "INFERCOST-FIGURE-{}-END"


class _FigureObject(QPyTextObject):
    """Lays out and draws a figure inline: the text width wide, at the figure's own ratio."""

    def __init__(self, figures: list[Figure], width: float) -> None:
        super().__init__()
        self.figures, self.width = figures, width

    def _figure(self, fmt: QTextFormat) -> Figure:
        return self.figures[int(fmt.property(_FIGURE_PROPERTY))]

    def intrinsicSize(self, doc, pos, fmt) -> QSizeF:
        w, h = figure_size(self._figure(fmt))
        return QSizeF(self.width, self.width * h / w)

    def drawObject(self, painter, rect, doc, pos, fmt) -> None:
        paint_figure(painter, QRectF(rect), self._figure(fmt))


def _keep_headings_with_text(text: QTextDocument, body_h: float) -> None:
    """Move a heading, or a line that introduces a list ("...:"), that would end a page (its
    text on the next) to the next page.

    One heading at a time, with the whole document laid out again after each move: a block
    format changed while the layout is half done left later blocks undrawn (seen: a section
    missing from the PDF).
    """
    for _ in range(200):
        block, moved = text.begin(), False
        while block.isValid():
            fmt = block.blockFormat()
            lead_in = fmt.headingLevel() in (1, 2) or block.text().rstrip().endswith(":")
            if lead_in and fmt.pageBreakPolicy() == QTextFormat.PageBreakFlag.PageBreak_Auto:
                r = text.documentLayout().blockBoundingRect(block)
                if body_h - (r.top() % body_h) < r.height() * 4:
                    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                    QTextCursor(block).setBlockFormat(fmt)
                    moved = True
                    break
            block = block.next()
        text.markContentsDirty(0, text.characterCount())
        text.documentLayout().documentSize()  # lays the whole document out again
        if not moved:
            return


def pdf_bytes(doc: ReportDocument, paper: str = "a4") -> bytes:
    """Render the report to PDF bytes on ``paper`` ("a4" or "letter")."""
    if paper not in PAPERS:
        raise InferCostError(f"paper must be a4 or letter, not {paper!r}")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setTitle(f"{doc.title.title}: {doc.title.subtitle}")
    writer.setCreator("InferCost")
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    layout = QPageLayout(
        QPageSize(PAPERS[paper]), QPageLayout.Orientation.Portrait, margins,
        QPageLayout.Unit.Millimeter,
    )  # fmt: skip
    writer.setPageLayout(layout)
    page = writer.pageLayout().paintRectPixels(RESOLUTION)
    footer_h = RESOLUTION * 0.32  # a line of 8-point text and a gap, in device units

    text = QTextDocument()
    text.documentLayout().setPaintDevice(writer)  # fonts in points at the PDF's resolution
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(9.5)
    # No "fi"/"ff" ligatures: text copied or extracted from the PDF reads "figure", not "ﬁgure".
    font.setFeature(QFont.Tag("liga"), 0)
    text.setDefaultFont(font)
    # Qt's CSS padding on cells overrides the tables' cellpadding and comes out at 0: dropped.
    text.setDefaultStyleSheet(re.sub(r"padding:[^;]*;", "", STYLE.replace("body {", "_body {")))
    figures = list(doc.figures())
    index = {id(f): i for i, f in enumerate(figures)}
    html = to_html(doc, lambda f: _MARKER.format(index[id(f)]), standalone=False)
    html = html.replace("<h2 id='sources'>", "<h2 id='sources' style='page-break-before: always'>")
    text.setHtml(html)
    handler = _FigureObject(figures, page.width())
    text.documentLayout().registerHandler(FIGURE_OBJECT, handler)
    for i in range(len(figures)):
        cursor = text.find(_MARKER.format(i))
        if cursor.isNull():
            raise InferCostError(f"figure {i + 1} could not be placed in the report")
        fmt = QTextCharFormat()
        fmt.setObjectType(FIGURE_OBJECT)
        fmt.setProperty(_FIGURE_PROPERTY, i)
        cursor.insertText("\ufffc", fmt)
    body_h = page.height() - footer_h
    text.setPageSize(QSizeF(page.width(), body_h))
    _keep_headings_with_text(text, body_h)
    pages = text.pageCount()

    painter = QPainter()
    if not painter.begin(writer):
        raise InferCostError("could not start the PDF")
    small = QFont(font)
    small.setPointSizeF(7.5)
    try:
        for n in range(pages):
            if n:
                writer.newPage()
            painter.save()
            painter.translate(0, -n * body_h)
            text.drawContents(painter, QRectF(0, n * body_h, page.width(), body_h))
            painter.restore()
            painter.setFont(small)
            painter.setPen(QColor("#5f6368"))
            foot = QRectF(0, page.height() - footer_h * 0.6, page.width(), footer_h * 0.6)
            painter.drawLine(foot.topLeft(), foot.topRight())
            painter.drawText(foot, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                             doc.footer)  # fmt: skip
            painter.drawText(foot, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                             f"Page {n + 1} of {pages}")  # fmt: skip
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


if __name__ == "__main__":
    import sys

    from PySide6.QtGui import QGuiApplication

    from infercost.model.catalog.defaults import default_project
    from infercost.model.report.report_build import build_report

    app = QGuiApplication(sys.argv)
    sys.stdout.buffer.write(pdf_bytes(build_report(default_project(), "seed-1-startup")))
