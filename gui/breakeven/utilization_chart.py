"""USD per million tokens against utilization (1-100 %) for the rented and owned options, with
each option's utilization at the workload's volume marked; API prices as flat references."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy

from infercost.gui import theme
from infercost.gui.breakeven import palette
from infercost.gui.breakeven.axes import MoneyAxis, PercentAxis
from infercost.gui.breakeven.themed_plot import ThemedPlotWidget
from infercost.model.costing.chart_data import ChartData
from infercost.model.formatting import format_tokens as tokens


class UtilizationChart(ThemedPlotWidget):
    """Draws the ``utilization`` series of a :class:`ChartData`; items are created once."""

    def __init__(self, parent=None) -> None:
        super().__init__(
            parent, axisItems={"bottom": PercentAxis("bottom"), "left": MoneyAxis("left")}
        )
        self.setObjectName("utilization_chart")
        self.data: ChartData | None = None
        self.dark = theme.is_dark()
        item = self.getPlotItem()
        item.setLogMode(x=False, y=True)
        item.showGrid(x=True, y=True, alpha=0.25)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setLabel("bottom", "utilization (share of capacity busy)")
        item.setLabel("left", "USD per million tokens")
        item.getAxis("left").enableAutoSIPrefix(False)
        item.setXRange(0, 1, padding=0.02)
        self.legend = pg.LegendItem(verSpacing=-4)
        self.legend.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        item.layout.addItem(self.legend, 2, 3)
        item.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignTop)
        self.curves: list[pg.PlotDataItem] = []
        self.marks: list[pg.PlotDataItem] = []
        self.mark_labels: list[pg.TextItem] = []
        self._legend_key: tuple = ()
        self._restyle()

    def set_data(self, data: ChartData) -> None:
        """Show the utilization curves of ``data``."""
        self.data = data
        item = self.getPlotItem()
        series = data.utilization
        while len(self.curves) < len(series):
            curve, mark = pg.PlotDataItem(), pg.PlotDataItem(pen=None, symbolSize=12)
            label = pg.TextItem(anchor=(-0.15, 0.5))
            mark.setZValue(10)
            item.addItem(curve)
            item.addItem(mark)
            item.addItem(label, ignoreBounds=True)
            self.curves.append(curve)
            self.marks.append(mark)
            self.mark_labels.append(label)
        fg = self._fg()
        for i, u in enumerate(series):
            st = palette.style(u.index, self.dark)
            pen = st.pen(1.5 if u.flat else palette.LINE_WIDTH)
            self.curves[i].setPen(pen)
            self.curves[i].setData(u.utilization, u.usd_per_mtok)
            self.curves[i].show()
            w = u.workload_utilization
            if w is not None and u.workload_usd_per_mtok is not None and 0 < w <= 1:
                self.marks[i].setData([w], [u.workload_usd_per_mtok])
                self.marks[i].setSymbol(st.symbol)
                self.marks[i].setSymbolBrush(st.colour)
                self.marks[i].setSymbolPen(pg.mkPen(fg, width=1))
                self.marks[i].show()
                self.mark_labels[i].setText(f"{w:.0%}", color=fg)
                self.mark_labels[i].setPos(w, math.log10(u.workload_usd_per_mtok))
                self.mark_labels[i].show()
            else:
                self.marks[i].setData([], [])
                self.marks[i].hide()
                self.mark_labels[i].hide()
        for i in range(len(series), len(self.curves)):
            self.curves[i].setData([], [])
            self.marks[i].setData([], [])
            for it in (self.curves[i], self.marks[i], self.mark_labels[i]):
                it.hide()
        key = tuple((u.label, u.flat) for u in series)
        if key != self._legend_key:
            self._legend_key = key
            self.legend.clear()
            for i, u in enumerate(series):
                self.legend.addItem(
                    self.curves[i], u.label + (" (API, any utilization)" if u.flat else "")
                )
            self.legend.setLabelTextColor(fg)
        self.getPlotItem().setTitle(
            f"Marked: the share of each option's capacity that {tokens(data.workload_tokens)} "
            "tokens/month keep busy",
            size="9pt",
        )
        ys = np.concatenate([u.usd_per_mtok for u in series]) if series else np.array([1.0])
        # 1% utilization costs 100x full use: start the view at 5% so the useful range shows.
        shown = (
            np.concatenate([u.usd_per_mtok[u.utilization >= 0.05] for u in series])
            if series
            else ys
        )
        lo, hi = float(np.min(shown)), float(np.max(shown))
        item.setYRange(math.log10(lo), math.log10(hi), padding=0.08)
        item.setXRange(0, 1, padding=0.02)


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import new_project
    from infercost.model.costing.chart_data import chart_data

    app = QApplication(sys.argv)
    chart = UtilizationChart()
    chart.set_data(chart_data(new_project(), "seed-1-startup"))
    chart.resize(800, 500)
    chart.show()
    sys.exit(app.exec())
