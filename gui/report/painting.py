"""Drawing primitives shared by the report's chart painters: colours, fonts in logical units,
axis transforms and ticks, pens and the palette's marker symbols."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from infercost.gui.breakeven import palette
from infercost.model.formatting import format_money_short, format_tokens
from infercost.model.report.report_figure import FigureAxis

LINE_WIDTH = 2.6
TITLE_FONT = 24
TEXT_FONT = 18
SMALL_FONT = 16


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


def font(px: float, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(max(1, round(px)))
    f.setBold(bold)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)  # scales evenly
    return f


def wrapped_height(fm: QFontMetricsF, text: str, width: float) -> float:
    flags = int(Qt.TextFlag.TextWordWrap)
    return fm.boundingRect(QRectF(0, 0, width, 10_000), flags, text).height()


def axis_value(ax: FigureAxis, v: float) -> float:
    """A value in the axis' own scale: log10 on a log axis, itself on a linear one."""
    return math.log10(v) if ax.log else v


def axis_inverse(ax: FigureAxis, t: float) -> float:
    return 10.0**t if ax.log else t


def to_x(plot: QRectF, ax: FigureAxis, v: float) -> float:
    t = (axis_value(ax, v) - axis_value(ax, ax.lo)) / (
        axis_value(ax, ax.hi) - axis_value(ax, ax.lo)
    )
    return plot.left() + t * plot.width()


def to_y(plot: QRectF, ax: FigureAxis, v: float) -> float:
    t = (axis_value(ax, v) - axis_value(ax, ax.lo)) / (
        axis_value(ax, ax.hi) - axis_value(ax, ax.lo)
    )
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


def tick_width(ax: FigureAxis) -> float:
    fm = QFontMetricsF(font(SMALL_FONT))
    return max((fm.horizontalAdvance(tick_label(ax, v)) for v in ticks(ax)), default=30.0)


def curve_pen(style: palette.CurveStyle, width: float = LINE_WIDTH) -> QPen:
    """A pen in logical units (not cosmetic: a cosmetic 2 px line is a hairline in a PDF)."""
    pen = QPen(QColor(style.colour), width)
    pen.setStyle(style.dash)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


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
