"""Draws a report :class:`Figure` with QPainter on any paint device: a PNG of a chosen width, an
SVG or a PDF (vector), or a rectangle of a PDF report page.

The layout is computed once in logical units (``WIDTH`` wide) and scaled to the target, so a
PNG 3,000 pixels wide, a vector PDF and the report's page show the same chart. One painter
serves every output: pyqtgraph's SVG exporter fails on closed paths (pyqtgraph#3495) and its
ImageExporter cut the legend off, and matplotlib would add ~40 MB and a second look.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen

from infercost.gui.breakeven import palette
from infercost.gui.report.bars import BAR_ROW, bar_label_width, paint_bar_labels, paint_bars
from infercost.gui.report.painting import (
    DARK,
    LIGHT,
    LINE_WIDTH,
    SMALL_FONT,
    TEXT_FONT,
    TITLE_FONT,
    Colours,
    axis_inverse,
    axis_value,
    curve_pen,
    font,
    symbol,
    tick_label,
    tick_width,
    ticks,
    to_x,
    to_y,
    wrapped_height,
)
from infercost.model.report.report_figure import Figure, FigureSeries

WIDTH = 1000.0
"""Logical width of every figure; heights follow from the legend's rows."""
PLOT_RATIO = 0.5  # plot area height / width
PAD = 18.0
MARKERS_PER_CURVE = 5


@dataclass(frozen=True, slots=True)
class _Layout:
    height: float
    title: QRectF
    plot: QRectF
    legend_top: float
    legend_rows: tuple[tuple[float, float], ...]  # (y, height) of each legend row
    columns: int


def _legend_text(s: FigureSeries) -> str:
    return f"{s.label} — {s.note}" if s.note else s.label


def _layout(fig: Figure) -> _Layout:
    title_fm = QFontMetricsF(font(TITLE_FONT, True))
    title_h = 0.0
    if fig.title:  # wrapped, never cut: a long scenario name takes two lines
        title_h = wrapped_height(title_fm, fig.title, WIDTH - 2 * PAD) + title_fm.height() * 0.4
    text_h = QFontMetricsF(font(TEXT_FONT)).height()
    left = PAD + text_h * 1.6 + tick_width(fig.y_axis) + 10
    height = WIDTH * PLOT_RATIO
    if fig.bars:  # the rows' labels take the y axis' place; each row has its height
        left = PAD + bar_label_width(fig) + 14
        height = BAR_ROW * (len(fig.bars) + 0.4)
    top = PAD + title_h
    # Room on the right for half the last x tick label ("100B" centred on the plot's edge).
    right = QFontMetricsF(font(SMALL_FONT)).horizontalAdvance("100.0B") / 2
    plot = QRectF(left, top, WIDTH - left - PAD - right, height)
    legend_top = plot.bottom() + text_h * 3.2
    columns = 2 if len(fig.series) > 1 else 1
    col_w = (WIDTH - 2 * PAD) / columns
    fms = {b: QFontMetricsF(font(TEXT_FONT, b)) for b in (False, True)}
    rows: list[tuple[float, float]] = []
    y = legend_top
    for r in range(math.ceil(len(fig.series) / columns)):
        cells = fig.series[r * columns : (r + 1) * columns]
        h = max(wrapped_height(fms[s.emphasis], _legend_text(s), col_w - 70) for s in cells)
        rows.append((y, h))
        y += h + 6
    return _Layout(
        y + PAD, QRectF(PAD, PAD, WIDTH - 2 * PAD, title_h), plot, legend_top, tuple(rows), columns
    )


def figure_size(fig: Figure) -> tuple[float, float]:
    """The figure's logical width and height (the ratio a renderer keeps)."""
    return WIDTH, _layout(fig).height


def paint_figure(p: QPainter, rect: QRectF, fig: Figure, dark: bool = False) -> None:
    """Draw ``fig`` scaled into ``rect`` (its aspect ratio kept, top-left aligned)."""
    lay = _layout(fig)
    scale = min(rect.width() / WIDTH, rect.height() / lay.height)
    c = DARK if dark else LIGHT
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    p.translate(rect.topLeft())
    p.scale(scale, scale)
    p.fillRect(QRectF(0, 0, WIDTH, lay.height), c.background)
    if fig.title:
        p.setFont(font(TITLE_FONT, True))
        p.setPen(c.text)
        p.drawText(
            lay.title,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
            fig.title,
        )
    _axes(p, lay.plot, fig, c)
    p.save()
    p.setClipRect(lay.plot)
    for s in fig.series:
        _curve(p, lay.plot, fig, s, dark)
    paint_bars(p, lay.plot, fig, c, dark)
    _markers(p, lay.plot, fig, c, dark)
    _points(p, lay.plot, fig, c)
    p.restore()
    paint_bar_labels(p, lay.plot, fig, c)
    _legend(p, lay, fig, c, dark)
    p.restore()


# --- axes ---------------------------------------------------------------------------------


def _axes(p: QPainter, plot: QRectF, fig: Figure, c: Colours) -> None:
    xa, ya = fig.x_axis, fig.y_axis
    small = font(SMALL_FONT)
    fm = QFontMetricsF(small)
    p.setFont(small)
    grid = QPen(c.grid, 1.0)
    for v in ticks(xa):
        x = to_x(plot, xa, v)
        p.setPen(grid)
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        p.setPen(c.muted)
        text = tick_label(xa, v)
        w = fm.horizontalAdvance(text)
        p.drawText(QPointF(x - w / 2, plot.bottom() + fm.ascent() + 6), text)
    for v in () if fig.bars else ticks(ya):
        y = to_y(plot, ya, v)
        p.setPen(grid)
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.setPen(c.muted)
        text = tick_label(ya, v)
        w = fm.horizontalAdvance(text)
        p.drawText(QPointF(plot.left() - w - 8, y + fm.ascent() / 2 - 1), text)
    p.setPen(QPen(c.frame, 1.2))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(plot)
    text_font = font(TEXT_FONT)
    tfm = QFontMetricsF(text_font)
    p.setFont(text_font)
    p.setPen(c.text)
    w = tfm.horizontalAdvance(xa.label)
    p.drawText(
        QPointF(plot.center().x() - w / 2, plot.bottom() + fm.height() + tfm.height() + 8), xa.label
    )
    if fig.bars:
        return
    p.save()
    p.translate(PAD + tfm.ascent(), plot.center().y())
    p.rotate(-90)
    w = tfm.horizontalAdvance(ya.label)
    p.drawText(QPointF(-w / 2, 0), ya.label)
    p.restore()


# --- curves, markers, points --------------------------------------------------------------


def _curve(p: QPainter, plot: QRectF, fig: Figure, s: FigureSeries, dark: bool) -> None:
    if not s.x:
        return
    st = palette.style(s.style, dark)
    path = QPainterPath()
    for i, (x, y) in enumerate(zip(s.x, s.y, strict=True)):
        pt = QPointF(to_x(plot, fig.x_axis, x), to_y(plot, fig.y_axis, y))
        if i == 0:
            path.moveTo(pt)
        else:
            path.lineTo(pt)
    pen = curve_pen(st, LINE_WIDTH * (1.45 if s.emphasis else 1.0))
    if s.muted:
        colour = QColor(pen.color())
        colour.setAlphaF(0.55)
        pen.setColor(colour)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)
    xa, ya = fig.x_axis, fig.y_axis
    lx = np.log10(np.asarray(s.x)) if xa.log else np.asarray(s.x)
    ly = np.log10(np.asarray(s.y)) if ya.log else np.asarray(s.y)
    lo, hi = axis_value(xa, xa.lo), axis_value(xa, xa.hi)
    n = max(len(fig.series), 1)
    step = (hi - lo) / MARKERS_PER_CURVE
    for k in range(MARKERS_PER_CURVE):
        mx = lo + step * (k + (0.5 + s.style % n) / n)
        if not lx[0] <= mx <= lx[-1]:
            continue
        my = float(np.interp(mx, lx, ly))
        at = QPointF(to_x(plot, xa, axis_inverse(xa, mx)), to_y(plot, ya, axis_inverse(ya, my)))
        symbol(p, st.symbol, at, 6.5, QColor(st.colour))


def _markers(p: QPainter, plot: QRectF, fig: Figure, c: Colours, dark: bool) -> None:
    """The workload's volume: a dashed line, its label, and each option's cost there as a dot."""
    small = font(SMALL_FONT, True)
    fm = QFontMetricsF(small)
    for k, m in enumerate(fig.markers):
        x = to_x(plot, fig.x_axis, m.x)
        pen = QPen(c.text, 1.8)
        pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        for s in fig.series if k == 0 else ():
            if s.at_marker is not None:
                p.setPen(QPen(c.background, 1.5))
                p.setBrush(QColor(palette.style(s.style, dark).colour))
                p.drawEllipse(QPointF(x, to_y(plot, fig.y_axis, s.at_marker)), 5.5, 5.5)
        w = fm.horizontalAdvance(m.label) + 10
        right = x + w + 6 < plot.right()
        box = QRectF(x + 6 if right else x - 6 - w, plot.top() + 6, w, fm.height() + 4)
        bg = QColor(c.background)
        bg.setAlphaF(0.88)
        p.fillRect(box, bg)
        p.setFont(small)
        p.setPen(c.text)
        p.drawText(box, int(Qt.AlignmentFlag.AlignCenter), m.label)


def _points(p: QPainter, plot: QRectF, fig: Figure, c: Colours) -> None:
    """Each crossing: a ring at the exact point and its number in a bubble placed where it
    overlaps no other bubble (with a leader line when moved off the point)."""
    bold = font(SMALL_FONT, True)
    fm = QFontMetricsF(bold)
    placed: list[QRectF] = []
    offsets = [(0, 0)] + [
        (math.cos(math.radians(a)) * d, -math.sin(math.radians(a)) * d)
        for d in (26, 44, 62)
        for a in (60, 120, 300, 240, 0, 180, 90, 270)
    ]
    for pt in fig.points:
        at = QPointF(to_x(plot, fig.x_axis, pt.x), to_y(plot, fig.y_axis, pt.y))
        text = str(pt.number)
        r = max(fm.horizontalAdvance(text), fm.height()) / 2 + 3
        for dx, dy in offsets:
            box = QRectF(at.x() + dx - r, at.y() + dy - r, 2 * r, 2 * r)
            if plot.contains(box) and not any(box.intersects(b) for b in placed):
                break
        placed.append(box)
        centre = box.center()
        if (centre - at).manhattanLength() > 1:
            p.setPen(QPen(c.text, 1.2))
            p.drawLine(at, centre)
            p.setBrush(c.text)
            p.drawEllipse(at, 2.6, 2.6)
        p.setPen(QPen(c.text, 1.8))
        p.setBrush(c.background)
        p.drawEllipse(centre, r, r)
        p.setFont(bold)
        p.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)


def _legend(p: QPainter, lay: _Layout, fig: Figure, c: Colours, dark: bool) -> None:
    text_font = font(TEXT_FONT)
    p.setFont(text_font)
    col_w = (WIDTH - 2 * PAD) / lay.columns
    for i, s in enumerate(fig.series):
        row, col = divmod(i, lay.columns)
        y, h = lay.legend_rows[row]
        x = PAD + col * col_w
        st = palette.style(s.style, dark)
        mid = y + QFontMetricsF(text_font).height() / 2
        p.setPen(curve_pen(st, LINE_WIDTH * (1.45 if s.emphasis else 1.0)))
        p.drawLine(QPointF(x, mid), QPointF(x + 52, mid))
        symbol(p, st.symbol, QPointF(x + 26, mid), 6.5, QColor(st.colour))
        text_font.setBold(s.emphasis)
        p.setFont(text_font)
        p.setPen(c.muted if s.muted else c.text)
        flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft)
        p.drawText(QRectF(x + 64, y, col_w - 70, h + 2), flags, _legend_text(s))
    text_font.setBold(False)


if __name__ == "__main__":
    import sys

    from PySide6.QtGui import QImage, QPixmap
    from PySide6.QtWidgets import QApplication, QLabel

    from infercost.model.catalog.defaults import default_project
    from infercost.model.report.report_build import build_report

    app = QApplication(sys.argv)
    fig = build_report(default_project(), "seed-1-startup").figures()[0]
    w, h = figure_size(fig)
    image = QImage(int(w), int(h), QImage.Format.Format_RGB32)
    painter = QPainter(image)
    paint_figure(painter, QRectF(0, 0, w, h), fig, "--dark" in sys.argv)
    painter.end()
    label = QLabel()
    label.setPixmap(QPixmap.fromImage(image))
    label.show()
    sys.exit(app.exec())
