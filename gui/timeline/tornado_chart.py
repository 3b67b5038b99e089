"""The tornado: one horizontal bar per input from the decision's margin with that input at its
low end to the margin at its high end, largest swing on top, today's margin as a line."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt

from infercost.gui import theme
from infercost.gui.breakeven import palette
from infercost.gui.timeline.timeline_chart import LinearMoneyAxis
from infercost.model.uncertainty.sensitivity import Sensitivity


class _InputAxis(pg.AxisItem):
    """Left axis naming each bar's input (bar i sits at y = -i)."""

    def __init__(self) -> None:
        super().__init__("left")
        self.names: list[str] = []

    def tickValues(self, minVal, maxVal, size):
        return [(1.0, [-float(i) for i in range(len(self.names))])]

    def tickStrings(self, values, scale, spacing):
        out = []
        for v in values:
            i = -round(v)
            out.append(self.names[i] if 0 <= i < len(self.names) else "")
        return out


class TornadoChart(pg.PlotWidget):
    """Draws the swings of a :class:`Sensitivity`; bars and labels are created once."""

    MAX_BARS = 12

    def __init__(self, parent=None) -> None:
        self.axis = _InputAxis()
        super().__init__(parent, axisItems={"left": self.axis, "bottom": LinearMoneyAxis("bottom")})
        self.setObjectName("tornado_chart")
        self.data: Sensitivity | None = None
        self.dark = theme.is_dark()
        item = self.getPlotItem()
        item.showGrid(x=True, y=False, alpha=0.25)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.getAxis("bottom").enableAutoSIPrefix(False)
        self.low_bars = pg.BarGraphItem(x0=[], y=[], width=[], height=0.6)
        self.high_bars = pg.BarGraphItem(x0=[], y=[], width=[], height=0.6)
        item.addItem(self.low_bars)
        item.addItem(self.high_bars)
        self.base_line = pg.InfiniteLine(angle=90, movable=False)
        self.zero_line = pg.InfiniteLine(angle=90, movable=False)
        item.addItem(self.base_line, ignoreBounds=True)
        item.addItem(self.zero_line, ignoreBounds=True)
        self.bar_ends: list[tuple[float, float]] = []
        self._restyle()

    def set_data(self, data: Sensitivity) -> None:
        """Show the swings of ``data`` (the margin of today's cheapest option)."""
        self.data = data
        item = self.getPlotItem()
        base = data.base_margin if data.base_margin is not None else 0.0
        swings = [s for s in data.swings if s.metric_low is not None or s.metric_high is not None]
        swings = swings[: self.MAX_BARS]
        ends = [
            (base if s.metric_low is None else s.metric_low,
             base if s.metric_high is None else s.metric_high)
            for s in swings
        ]  # fmt: skip
        self.bar_ends = ends
        y = -np.arange(len(ends), dtype=float)
        lo = np.array([e[0] for e in ends], dtype=float)
        hi = np.array([e[1] for e in ends], dtype=float)
        # Each bar in two parts from today's margin: to the low end's figure, to the high end's.
        self.low_bars.setOpts(x0=np.minimum(lo, base), y=y, width=np.abs(lo - base), height=0.6)
        self.high_bars.setOpts(x0=np.minimum(hi, base), y=y, width=np.abs(hi - base), height=0.6)
        self.axis.names = [_short(s.input.label) for s in swings]
        self.base_line.setPos(base)
        self.zero_line.setPos(0.0)
        self.zero_line.setVisible(True)
        fg = self._fg()
        self.base_line.setPen(pg.mkPen(fg, width=1.5))
        self.zero_line.setPen(pg.mkPen(fg, width=1, style=Qt.PenStyle.DashLine))
        who = data.cheapest or "no option"
        item.setTitle(f"Margin of {who} over the next option, USD/month", size="9pt")
        xs = [base, 0.0, *lo, *hi]
        finite = [v for v in xs if math.isfinite(v)]
        if finite:
            item.setXRange(min(finite), max(finite), padding=0.05)
        item.setYRange(-max(len(ends), 1) + 0.5, 0.5, padding=0.02)
        self.axis.picture = None
        self.axis.update()

    def _fg(self):
        return pg.mkColor("#dfe1e5") if self.dark else pg.mkColor("#202124")

    def _restyle(self) -> None:
        self.dark = theme.is_dark()
        theme.style_plot(self, self.dark)
        low, high = palette.style(0, self.dark).colour, palette.style(1, self.dark).colour
        self.low_bars.setOpts(brush=pg.mkBrush(low), pen=pg.mkPen(low))
        self.high_bars.setOpts(brush=pg.mkBrush(high), pen=pg.mkPen(high))
        if self.data is not None:
            self.set_data(self.data)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "low_bars"):
            self._restyle()
        super().changeEvent(event)


def _short(text: str, n: int = 48) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
