"""Cumulative cost of each option month by month (net of what owned hardware could be sold
for), with the months where the cheapest-so-far option changes marked."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy

from infercost.gui import theme
from infercost.gui.breakeven import palette
from infercost.gui.breakeven.axes import money
from infercost.gui.breakeven.themed_plot import ThemedPlotWidget
from infercost.model.costing.timeline import Timeline


class LinearMoneyAxis(pg.AxisItem):
    """A linear axis of dollar amounts labelled $0, $50K, $1.2M."""

    def tickStrings(self, values, scale, spacing):
        return ["$0" if v == 0 else ("-" if v < 0 else "") + money(abs(v * scale)) for v in values]


class TimelineChart(ThemedPlotWidget):
    """Draws a :class:`Timeline`; one curve per option, created once and updated by setData."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent, axisItems={"left": LinearMoneyAxis("left")})
        self.setObjectName("timeline_chart")
        self.data: Timeline | None = None
        self.dark = theme.is_dark()
        item = self.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.25)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setLabel("bottom", "month")
        item.setLabel("left", "cost so far")
        item.getAxis("left").enableAutoSIPrefix(False)
        self.legend = pg.LegendItem(verSpacing=-4)
        self.legend.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        item.layout.addItem(self.legend, 2, 3)
        item.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignTop)
        self.curves: list[pg.PlotDataItem] = []
        self.markers: list[pg.InfiniteLine] = []
        self._legend_key: tuple = ()
        self._restyle()

    def set_data(self, data: Timeline) -> None:
        """Show ``data``: each option's net cumulative cost over months 0..H."""
        self.data = data
        item = self.getPlotItem()
        while len(self.curves) < len(data.options):
            curve = pg.PlotDataItem()
            item.addItem(curve)
            self.curves.append(curve)
        months = data.months.astype(float)
        for i, o in enumerate(data.options):
            st = palette.style(i, self.dark)
            self.curves[i].setPen(st.pen(palette.LINE_WIDTH if o.eligible else 1.0))
            self.curves[i].setData(months, np.asarray(o.cumulative_usd, dtype=float))
            self.curves[i].show()
        for i in range(len(data.options), len(self.curves)):
            self.curves[i].setData([], [])
            self.curves[i].hide()
        fg = self._fg()
        while len(self.markers) < len(data.changes):
            line = pg.InfiniteLine(angle=90, movable=False)
            item.addItem(line, ignoreBounds=True)
            self.markers.append(line)
        for line, change in zip(self.markers, data.changes, strict=False):
            line.setPos(change.month)
            line.setPen(pg.mkPen(fg, width=1, style=Qt.PenStyle.DashLine))
            line.label = getattr(line, "label", None) or pg.InfLineLabel(
                line, position=0.92, anchors=[(0, 0), (0, 0)]
            )
            line.label.setText(f"month {change.month}: {change.after}")
            line.label.setColor(fg)
            line.show()
        for line in self.markers[len(data.changes) :]:
            line.hide()
        key = tuple((o.label, o.eligible) for o in data.options)
        if key != self._legend_key:
            self._legend_key = key
            self.legend.clear()
            for i, o in enumerate(data.options):
                note = "" if o.eligible else " (not comparable)"
                self.legend.addItem(self.curves[i], o.label + note)
            self.legend.setLabelTextColor(fg)
        item.setXRange(0, data.horizon_months, padding=0.02)
        tops = [float(o.cumulative_usd[-1]) for o in data.options if o.eligible]
        if tops:
            item.setYRange(0, max(tops), padding=0.05)
