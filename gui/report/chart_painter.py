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
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from infercost.gui.breakeven import palette
from infercost.model.formatting import format_money_short, format_tokens
from infercost.model.report_figure import Figure, FigureAxis, FigureSeries

WIDTH = 1000.0
"""Logical width of every figure; heights follow from the legend's rows."""
PLOT_RATIO = 0.5  # plot area height / width
PAD = 18.0
MARKERS_PER_CURVE = 5
LINE_WIDTH = 2.6


@dataclass(frozen=True, slots=True)
class Colours:
    background: QColor
    text: QColor
    muted: QColor
    grid: QColor
    frame: QColor


LIGHT = Colours(
    QColor("#ffffff"), QColor("#202124"), QColor("#5f6368"), QColor("#e3e5e8"), QColor("#9aa0a6")
)
DARK = Colours(
    QColor("#1e1f22"), QColor("#dfe1e5"), QColor("#a8adb4"), QColor("#3a3c40"), QColor("#6f747a")
)


def _font(px: float, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(max(1, round(px)))
    f.setBold(bold)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)  # scales evenly
    return f


TITLE_FONT = 24
TEXT_FONT = 18
SMALL_FONT = 16


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
    title_fm = QFontMetricsF(_font(TITLE_FONT, True))
    title_h = 0.0
    if fig.title:  # wrapped, never cut: a long scenario name takes two lines
        title_h = _wrapped_height(title_fm, fig.title, WIDTH - 2 * PAD) + title_fm.height() * 0.4
    text_h = QFontMetricsF(_font(TEXT_FONT)).height()
    left = PAD + text_h * 1.6 + _tick_width(fig.y_axis) + 10
    top = PAD + title_h
    # Room on the right for half the last x tick label ("100B" centred on the plot's edge).
    right = QFontMetricsF(_font(SMALL_FONT)).horizontalAdvance("100.0B") / 2
    plot = QRectF(left, top, WIDTH - left - PAD - right, WIDTH * PLOT_RATIO)
    legend_top = plot.bottom() + text_h * 3.2
    columns = 2 if len(fig.series) > 1 else 1
    col_w = (WIDTH - 2 * PAD) / columns
    fms = {b: QFontMetricsF(_font(TEXT_FONT, b)) for b in (False, True)}
    rows: list[tuple[float, float]] = []
    y = legend_top
    for r in range(math.ceil(len(fig.series) / columns)):
        cells = fig.series[r * columns : (r + 1) * columns]
        h = max(_wrapped_height(fms[s.emphasis], _legend_text(s), col_w - 70) for s in cells)
        rows.append((y, h))
        y += h + 6
    return _Layout(
        y + PAD, QRectF(PAD, PAD, WIDTH - 2 * PAD, title_h), plot, legend_top, tuple(rows), columns
    )


def _wrapped_height(fm: QFontMetricsF, text: str, width: float) -> float:
    flags = int(Qt.TextFlag.TextWordWrap)
    return fm.boundingRect(QRectF(0, 0, width, 10_000), flags, text).height()


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
        p.setFont(_font(TITLE_FONT, True))
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
    _markers(p, lay.plot, fig, c, dark)
    _points(p, lay.plot, fig, c)
    p.restore()
    _legend(p, lay, fig, c, dark)
    p.restore()


# --- axes ---------------------------------------------------------------------------------


def _f(ax: FigureAxis, v: float) -> float:
    """A value in the axis' own scale: log10 on a log axis, itself on a linear one."""
    return math.log10(v) if ax.log else v


def _inv(ax: FigureAxis, t: float) -> float:
    return 10.0**t if ax.log else t


def _to_x(plot: QRectF, ax: FigureAxis, v: float) -> float:
    t = (_f(ax, v) - _f(ax, ax.lo)) / (_f(ax, ax.hi) - _f(ax, ax.lo))
    return plot.left() + t * plot.width()


def _to_y(plot: QRectF, ax: FigureAxis, v: float) -> float:
    t = (_f(ax, v) - _f(ax, ax.lo)) / (_f(ax, ax.hi) - _f(ax, ax.lo))
    return plot.bottom() - t * plot.height()


def ticks(ax: FigureAxis) -> list[float]:
    """The axis' tick values: decades on a log axis, 1-2-5 steps on a linear one."""
    return log_ticks(ax.lo, ax.hi) if ax.log else linear_ticks(ax.lo, ax.hi)


def log_ticks(lo: float, hi: float) -> list[float]:
    """Tick values: the powers of ten inside [lo, hi], with 2x and 5x when fewer than four."""
    a, b = math.floor(math.log10(lo) + 1e-9), math.ceil(math.log10(hi) - 1e-9)
    decades = [10.0**k for k in range(a, b + 1)]
    inside = [v for v in decades if lo * (1 - 1e-9) <= v <= hi * (1 + 1e-9)]
    if len(inside) >= 4:
        return inside
    more = sorted(v * m for v in decades for m in (1, 2, 5))
    return [v for v in more if lo * (1 - 1e-9) <= v <= hi * (1 + 1e-9)]


def linear_ticks(lo: float, hi: float, most: int = 8) -> list[float]:
    """Round tick values (steps of 1, 2 or 5 x 10^k) inside [lo, hi], at most ``most``."""
    span = hi - lo
    if span <= 0:
        return [lo]
    raw = span / most
    base = 10.0 ** math.floor(math.log10(raw))
    step = next(m * base for m in (1, 2, 5, 10) if m * base >= raw)
    first = math.ceil(lo / step - 1e-9)
    return [k * step for k in range(first, math.floor(hi / step + 1e-9) + 1)]


def tick_label(ax: FigureAxis, v: float) -> str:
    """10M / 1B for tokens, $100 / $10K for dollars, 12 / 1.5 for plain numbers (months)."""
    if ax.ticks == "tokens":
        return format_tokens(v)
    if ax.ticks == "number":
        return f"{v:,.6g}"
    if v < 0:
        return "-" + format_money_short(-v)
    return format_money_short(v) if v else "$0"


def _tick_width(ax: FigureAxis) -> float:
    fm = QFontMetricsF(_font(SMALL_FONT))
    return max((fm.horizontalAdvance(tick_label(ax, v)) for v in ticks(ax)), default=30.0)


def _axes(p: QPainter, plot: QRectF, fig: Figure, c: Colours) -> None:
    xa, ya = fig.x_axis, fig.y_axis
    small = _font(SMALL_FONT)
    fm = QFontMetricsF(small)
    p.setFont(small)
    grid = QPen(c.grid, 1.0)
    for v in ticks(xa):
        x = _to_x(plot, xa, v)
        p.setPen(grid)
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        p.setPen(c.muted)
        text = tick_label(xa, v)
        w = fm.horizontalAdvance(text)
        p.drawText(QPointF(x - w / 2, plot.bottom() + fm.ascent() + 6), text)
    for v in ticks(ya):
        y = _to_y(plot, ya, v)
        p.setPen(grid)
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.setPen(c.muted)
        text = tick_label(ya, v)
        w = fm.horizontalAdvance(text)
        p.drawText(QPointF(plot.left() - w - 8, y + fm.ascent() / 2 - 1), text)
    p.setPen(QPen(c.frame, 1.2))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(plot)
    text_font = _font(TEXT_FONT)
    tfm = QFontMetricsF(text_font)
    p.setFont(text_font)
    p.setPen(c.text)
    w = tfm.horizontalAdvance(xa.label)
    p.drawText(
        QPointF(plot.center().x() - w / 2, plot.bottom() + fm.height() + tfm.height() + 8), xa.label
    )
    p.save()
    p.translate(PAD + tfm.ascent(), plot.center().y())
    p.rotate(-90)
    w = tfm.horizontalAdvance(ya.label)
    p.drawText(QPointF(-w / 2, 0), ya.label)
    p.restore()


# --- curves, markers, points --------------------------------------------------------------


def _pen(style: palette.CurveStyle, width: float = LINE_WIDTH) -> QPen:
    """A pen in logical units (not cosmetic: a cosmetic 2 px line is a hairline in a PDF)."""
    pen = QPen(QColor(style.colour), width)
    pen.setStyle(style.dash)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _curve(p: QPainter, plot: QRectF, fig: Figure, s: FigureSeries, dark: bool) -> None:
    if not s.x:
        return
    st = palette.style(s.style, dark)
    path = QPainterPath()
    for i, (x, y) in enumerate(zip(s.x, s.y, strict=True)):
        pt = QPointF(_to_x(plot, fig.x_axis, x), _to_y(plot, fig.y_axis, y))
        if i == 0:
            path.moveTo(pt)
        else:
            path.lineTo(pt)
    pen = _pen(st, LINE_WIDTH * (1.45 if s.emphasis else 1.0))
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
    lo, hi = _f(xa, xa.lo), _f(xa, xa.hi)
    n = max(len(fig.series), 1)
    step = (hi - lo) / MARKERS_PER_CURVE
    for k in range(MARKERS_PER_CURVE):
        mx = lo + step * (k + (0.5 + s.style % n) / n)
        if not lx[0] <= mx <= lx[-1]:
            continue
        my = float(np.interp(mx, lx, ly))
        at = QPointF(_to_x(plot, xa, _inv(xa, mx)), _to_y(plot, ya, _inv(ya, my)))
        symbol(p, st.symbol, at, 6.5, QColor(st.colour))


def symbol(p: QPainter, name: str, at: QPointF, r: float, colour: QColor) -> None:
    """Draw one of the palette's marker symbols (pyqtgraph's names) centred on ``at``."""
    p.save()
    p.translate(at)
    p.setPen(QPen(colour, 1.6))
    p.setBrush(QBrush(colour))
    path = QPainterPath()
    if name == "o":
        path.addEllipse(QPointF(0, 0), r, r)
    elif name == "s":
        path.addRect(QRectF(-r * 0.85, -r * 0.85, r * 1.7, r * 1.7))
    elif name in ("+", "x"):
        p.setPen(QPen(colour, 2.4))
        if name == "x":
            p.rotate(45)
        p.drawLine(QPointF(-r, 0), QPointF(r, 0))
        p.drawLine(QPointF(0, -r), QPointF(0, r))
        p.restore()
        return
    else:
        corners = {"t": 3, "t1": 3, "t2": 3, "t3": 3, "d": 4, "p": 5, "h": 6, "star": 10}[name]
        turn = {"t": 90, "t1": -90, "t2": 0, "t3": 180, "d": 90, "p": -90, "h": 0, "star": -90}
        for k in range(corners):
            a = math.radians(turn[name] + 360 * k / corners)
            rr = r * (0.45 if name == "star" and k % 2 else 1.1)
            pt = QPointF(rr * math.cos(a), rr * math.sin(a))
            if k == 0:
                path.moveTo(pt)
            else:
                path.lineTo(pt)
        path.closeSubpath()
    p.drawPath(path)
    p.restore()


def _markers(p: QPainter, plot: QRectF, fig: Figure, c: Colours, dark: bool) -> None:
    """The workload's volume: a dashed line, its label, and each option's cost there as a dot."""
    small = _font(SMALL_FONT, True)
    fm = QFontMetricsF(small)
    for k, m in enumerate(fig.markers):
        x = _to_x(plot, fig.x_axis, m.x)
        pen = QPen(c.text, 1.8)
        pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        for s in fig.series if k == 0 else ():
            if s.at_marker is not None:
                p.setPen(QPen(c.background, 1.5))
                p.setBrush(QColor(palette.style(s.style, dark).colour))
                p.drawEllipse(QPointF(x, _to_y(plot, fig.y_axis, s.at_marker)), 5.5, 5.5)
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
    font = _font(SMALL_FONT, True)
    fm = QFontMetricsF(font)
    placed: list[QRectF] = []
    offsets = [(0, 0)] + [
        (math.cos(math.radians(a)) * d, -math.sin(math.radians(a)) * d)
        for d in (26, 44, 62)
        for a in (60, 120, 300, 240, 0, 180, 90, 270)
    ]
    for pt in fig.points:
        at = QPointF(_to_x(plot, fig.x_axis, pt.x), _to_y(plot, fig.y_axis, pt.y))
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
        p.setFont(font)
        p.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)


def _legend(p: QPainter, lay: _Layout, fig: Figure, c: Colours, dark: bool) -> None:
    font = _font(TEXT_FONT)
    p.setFont(font)
    col_w = (WIDTH - 2 * PAD) / lay.columns
    for i, s in enumerate(fig.series):
        row, col = divmod(i, lay.columns)
        y, h = lay.legend_rows[row]
        x = PAD + col * col_w
        st = palette.style(s.style, dark)
        mid = y + QFontMetricsF(font).height() / 2
        p.setPen(_pen(st, LINE_WIDTH * (1.45 if s.emphasis else 1.0)))
        p.drawLine(QPointF(x, mid), QPointF(x + 52, mid))
        symbol(p, st.symbol, QPointF(x + 26, mid), 6.5, QColor(st.colour))
        font.setBold(s.emphasis)
        p.setFont(font)
        p.setPen(c.muted if s.muted else c.text)
        flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft)
        p.drawText(QRectF(x + 64, y, col_w - 70, h + 2), flags, _legend_text(s))
    font.setBold(False)


if __name__ == "__main__":
    import sys

    from PySide6.QtGui import QImage, QPixmap
    from PySide6.QtWidgets import QApplication, QLabel

    from infercost.model.defaults import default_project
    from infercost.model.report_build import build_report

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
