"""The rows of a bar chart (a tornado): each input's bar from its low to its high result,
coloured on each side of the base value, labelled on the left and noted on the right."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from infercost.gui.breakeven import palette
from infercost.gui.report.painting import SMALL_FONT, TEXT_FONT, Colours, font, to_x
from infercost.model.report.report_figure import Figure

BAR_ROW = 40.0
"""Height of one bar's row in logical units."""
MAX_LABEL_SHARE = 0.38
"""A label longer than this share of the figure's width is elided ("…")."""


def bar_label_width(fig: Figure, width: float = 1000.0) -> float:
    """The width the rows' labels need, at most MAX_LABEL_SHARE of the figure."""
    fm = QFontMetricsF(font(TEXT_FONT))
    widest = max((fm.horizontalAdvance(b.label) for b in fig.bars), default=0.0)
    return min(widest, width * MAX_LABEL_SHARE)


def paint_bars(p: QPainter, plot: QRectF, fig: Figure, c: Colours, dark: bool) -> None:
    """Each bar, split at the base (left part in the first style's colour, right in the
    second's), the base as a line, and each bar's note beside it where it fits."""
    if not fig.bars:
        return
    ax = fig.x_axis
    below = QColor(palette.style(0, dark).colour)
    above = QColor(palette.style(1, dark).colour)
    small = font(SMALL_FONT)
    fm = QFontMetricsF(small)
    p.setFont(small)
    base = fig.base
    for i, bar in enumerate(fig.bars):
        top = plot.top() + BAR_ROW * (i + 0.2) + BAR_ROW * 0.2
        lo, hi = sorted((bar.low, bar.high))
        x0, x1 = to_x(plot, ax, lo), to_x(plot, ax, hi)
        h = BAR_ROW * 0.6
        if base is None or not lo < base < hi:
            colour = below if base is not None and hi <= base else above
            p.fillRect(QRectF(x0, top, max(x1 - x0, 1.5), h), colour)
        else:
            xb = to_x(plot, ax, base)
            p.fillRect(QRectF(x0, top, xb - x0, h), below)
            p.fillRect(QRectF(xb, top, x1 - xb, h), above)
        if bar.note:  # beside the bar, on the side with room, else inside it
            w = fm.horizontalAdvance(bar.note)
            p.setPen(c.text)
            if x1 + 8 + w < plot.right():
                x = x1 + 8
            elif x0 - 8 - w > plot.left():
                x = x0 - 8 - w
            else:
                x = max(plot.left() + 4, (x0 + x1 - w) / 2)
                p.setPen(c.background)
            p.drawText(QPointF(x, top + h / 2 + fm.ascent() / 2 - 1), bar.note)
    if base is not None:
        xb = to_x(plot, ax, base)
        p.setPen(QPen(c.text, 1.8))
        p.drawLine(QPointF(xb, plot.top()), QPointF(xb, plot.bottom()))


def paint_bar_labels(p: QPainter, plot: QRectF, fig: Figure, c: Colours) -> None:
    """Each row's label, right-aligned against the plot, elided when too long."""
    text_font = font(TEXT_FONT)
    fm = QFontMetricsF(text_font)
    p.setFont(text_font)
    p.setPen(c.text)
    room = plot.left() - 14 - 18
    for i, bar in enumerate(fig.bars):
        text = fm.elidedText(bar.label, Qt.TextElideMode.ElideRight, room)
        box = QRectF(plot.left() - 14 - room, plot.top() + BAR_ROW * (i + 0.2), room, BAR_ROW)
        p.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
