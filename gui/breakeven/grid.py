"""Light plot layers drawn in one paint each: a log-log grid, and labels placed beside points.

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

from infercost.model.costing.label_layout import AROUND, Box, Label, marker_box, place_labels

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


class PlacedLabels(pg.GraphicsObject):
    """Text labels beside points, placed in one paint by :func:`place_labels`: never over
    each other, a marker or another item's text, inside the plot; those without room are
    dropped (the table and the hover readout still have them).

    Labels are given in order of importance as (x, y, text, places) in view coordinates (log10
    values on log axes); markers as (x, y, size in pixels). Text is drawn in device pixels, so
    it keeps its size at any zoom.
    """

    def __init__(self, gap: float = 6.5) -> None:
        super().__init__()
        self.items: list[tuple[float, float, str, tuple[str, ...]]] = []
        self.markers: list[tuple[float, float, float]] = []
        self.avoid: list[pg.GraphicsObject] = []  # other items whose text labels must clear
        self.colour = QColor("#202124")
        self.background = QColor(255, 255, 255, 200)
        self.gap = gap
        self.drawn: list[tuple[str, QRectF]] = []  # what the last paint drew, in device pixels
        self.setZValue(25)

    def set_labels(
        self,
        items: list[tuple[float, float, str, tuple[str, ...]]],
        markers: list[tuple[float, float, float]] = (),  # type: ignore[assignment]
    ) -> None:
        if items != self.items or list(markers) != self.markers:
            self.items, self.markers = items, list(markers)
            self.update()

    def set_colour(self, colour: QColor, background: QColor) -> None:
        self.colour, self.background = QColor(colour), QColor(background)
        self.update()

    def boundingRect(self) -> QRectF:
        vb = self.getViewBox()
        return vb.viewRect() if vb is not None else QRectF()

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()
        self.update()

    def paint(self, p: QPainter, *_args) -> None:
        self.drawn = []
        if not self.items:
            return
        view_to_device = p.transform()
        area = view_to_device.mapRect(self.boundingRect())
        p.resetTransform()  # text in device pixels, not stretched by the log axes
        metrics = p.fontMetrics()
        h = metrics.height()
        labels = []
        for x, y, text, places in self.items:
            at = view_to_device.map(QPointF(x, y))
            labels.append(Label(at.x(), at.y(), metrics.horizontalAdvance(text) + 4, h, places))
        obstacles = []
        for x, y, size in self.markers:
            at = view_to_device.map(QPointF(x, y))
            obstacles.append(marker_box(at.x(), at.y(), size))
        for item in self.avoid:
            if item.isVisible():
                r = view_to_device.mapRect(self.mapRectFromItem(item, item.boundingRect()))
                obstacles.append(Box(r.left(), r.top(), r.width(), r.height()))
        bounds = Box(area.left(), area.top(), area.width(), area.height())
        placed = place_labels(labels, bounds, obstacles=obstacles, gap=self.gap)
        p.setPen(self.colour)
        for k in placed:
            b = k.box
            rect = QRectF(b.left, b.top, b.width, b.height)
            p.fillRect(rect, self.background)  # legible over a curve
            p.drawText(QPointF(b.left + 2, b.top + metrics.ascent()), self.items[k.index][2])
            self.drawn.append((self.items[k.index][2], rect))


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    plot = pg.PlotWidget()
    plot.getPlotItem().setLogMode(x=True, y=True)
    plot.plot([1e6, 1e9, 1e12], [0.3, 300.0, 3e5], symbol="o")
    plot.addItem(LogGrid(), ignoreBounds=True)
    labels = PlacedLabels()
    labels.set_labels([(9.0, math.log10(300.0), "1", AROUND)], [(9.0, math.log10(300.0), 11)])
    plot.addItem(labels, ignoreBounds=True)
    plot.resize(640, 400)
    plot.show()
    sys.exit(app.exec())
