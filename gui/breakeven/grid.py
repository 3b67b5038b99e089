"""Light plot layers drawn in one paint each: a log-log grid, and labels beside points.

pyqtgraph's own grid (``showGrid``) draws every minor tick across the plot through the axes,
and a grid made of plot items is re-examined at every curve update; at a frame's budget both
cost more than all the curves. This item lives in the view's coordinates (log10 values), has
no data bounds, and only repaints when the view moves.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPen

_MINORS = tuple(math.log10(k) for k in range(2, 10))


class LogGrid(pg.GraphicsObject):
    """Grid lines for a view whose axes are both log10 (``log_y=False`` for a linear y)."""

    def __init__(self, log_y: bool = True) -> None:
        super().__init__()
        self.log_y = log_y
        self.major = QPen(QColor(0, 0, 0, 70))
        self.minor = QPen(QColor(0, 0, 0, 25))
        for pen in (self.major, self.minor):
            pen.setCosmetic(True)
            pen.setWidthF(1.0)
        self.setZValue(-100)

    def set_colour(self, colour: QColor) -> None:
        """Grid lines in ``colour`` at two strengths."""
        for pen, alpha in ((self.major, 70), (self.minor, 25)):
            c = QColor(colour)
            c.setAlpha(alpha)
            pen.setColor(c)
        self.update()

    def boundingRect(self) -> QRectF:
        vb = self.getViewBox()
        return vb.viewRect() if vb is not None else QRectF()

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()
        self.update()

    def paint(self, p: QPainter, *_args) -> None:
        r = self.boundingRect()
        if r.width() <= 0 or r.height() <= 0 or r.width() > 60:
            return
        x0, x1, y0, y1 = r.left(), r.right(), r.top(), r.bottom()
        major, minor = [], []
        for d in range(math.floor(x0), math.ceil(x1) + 1):
            major.append(QLineF(d, y0, d, y1))
            minor += [QLineF(d + m, y0, d + m, y1) for m in _MINORS if x0 <= d + m <= x1]
        if self.log_y and y1 - y0 <= 60:
            for d in range(math.floor(y0), math.ceil(y1) + 1):
                major.append(QLineF(x0, d, x1, d))
                minor += [QLineF(x0, d + m, x1, d + m) for m in _MINORS if y0 <= d + m <= y1]
        p.setPen(self.minor)
        p.drawLines(minor)
        p.setPen(self.major)
        p.drawLines(major)


class PointLabels(pg.GraphicsObject):
    """Short texts ("3", "7, 8") just above points given in view coordinates, in one paint.

    Forty pyqtgraph TextItems (one per crossing) cost a text layout and a transform each per
    frame; this draws them all with one font and colour, in device pixels so they keep their
    size at any zoom.
    """

    def __init__(self, beside: bool = False) -> None:
        super().__init__()
        self.items: list[tuple[float, float, str]] = []
        self.colour = QColor("#202124")
        # beside: to the right of the point, vertically centred, and a label that would
        # overlap one already drawn is left out (the costs at the volume line of 12 options).
        self.beside = beside
        self.setZValue(25)

    def set_labels(self, items: list[tuple[float, float, str]]) -> None:
        """(x, y, text) in view coordinates (log10 values on log axes)."""
        if items != self.items:
            self.items = items
            self.update()

    def set_colour(self, colour: QColor) -> None:
        self.colour = QColor(colour)
        self.update()

    def boundingRect(self) -> QRectF:
        vb = self.getViewBox()
        return vb.viewRect() if vb is not None else QRectF()

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()
        self.update()

    def paint(self, p: QPainter, *_args) -> None:
        if not self.items:
            return
        view_to_device = p.transform()
        p.resetTransform()  # text in device pixels, not stretched by the log axes
        p.setPen(self.colour)
        metrics = p.fontMetrics()
        h = metrics.height()
        drawn: list[QRectF] = []
        for x, y, text in self.items:
            at = view_to_device.map(QPointF(x, y))
            if self.beside:  # right of the point, centred on it
                box = QRectF(at.x() + h * 0.6, at.y() - h / 2, metrics.horizontalAdvance(text), h)
                if any(box.intersects(b) for b in drawn):
                    continue
                drawn.append(box)
                p.drawText(QPointF(box.left(), box.top() + metrics.ascent()), text)
            else:  # up and to the right of the point, clear of a marker's circle
                p.drawText(QPointF(at.x() + h * 0.45, at.y() - h * 0.45), text)


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    plot = pg.PlotWidget()
    plot.getPlotItem().setLogMode(x=True, y=True)
    plot.plot([1e6, 1e9, 1e12], [0.3, 300.0, 3e5], symbol="o")
    plot.addItem(LogGrid(), ignoreBounds=True)
    labels = PointLabels()
    labels.set_labels([(9.0, math.log10(300.0), "1")])
    plot.addItem(labels, ignoreBounds=True)
    plot.resize(640, 400)
    plot.show()
    sys.exit(app.exec())
