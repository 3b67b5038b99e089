"""The break-even chart's legend: one entry per option in its curve style, the throughput check
on a second line, a click hides or shows the option; beside the plot, or under it when the
window is narrow."""

from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem, QSizePolicy

from infercost.gui.breakeven import palette
from infercost.model.chart_data import ChartData


class OptionLegend(pg.LegendItem):
    """Entries drawn from stand-in items (pen and marker of each option), so the legend shows
    the marker too while the curve itself carries none. ``toggled(index, visible)`` follows a
    click on an entry."""

    toggled = Signal(int, bool)

    def __init__(self, plot_item: pg.PlotItem) -> None:
        super().__init__(verSpacing=-4)
        self.plot_item = plot_item
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        # Changes rarely: repaint it from a pixmap at each frame.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.proxies: list[pg.PlotDataItem] = []
        self.below: bool | None = None
        self.single_width = 0.0
        self._key: tuple = ()
        self.sigSampleClicked.connect(self._on_q_sample_clicked)
        self.place(0)

    def set_entries(self, data: ChartData, hidden: set[str], dark: bool) -> None:
        """One entry per option of ``data`` (rebuilt only when labels or notes change)."""
        key = (dark, tuple((s.label, note(data, i)) for i, s in enumerate(data.series)))
        if key == self._key:
            return
        self._key = key
        self.clear()
        while len(self.proxies) < len(data.series):
            self.proxies.append(pg.PlotDataItem())
        for i, (label, extra) in enumerate(key[1]):
            proxy = self.proxies[i]
            st = palette.style(i, dark)
            proxy.setPen(st.pen())
            proxy.setSymbol(st.symbol)
            proxy.setSymbolBrush(st.colour)
            proxy.setSymbolPen(st.colour)
            proxy.setVisible(label not in hidden)
            text = html.escape(label)
            if extra:  # a second, smaller line: the throughput check
                text += f"<br><span style='font-size:small'>{html.escape(extra)}</span>"
            self.addItem(proxy, text)
            sample, label_item = self.items[-1]
            tip = tooltip(data, i)
            sample.setToolTip(tip + "\nClick to hide or show this option.")
            label_item.setToolTip(tip)
        self.below = None
        self.place(self.plot_item.width())

    def restyle(self, fg: QColor, bg: QColor, dark: bool) -> None:
        self.setLabelTextColor(fg)
        self.setBrush(bg)
        self.setPen(pg.mkPen(fg.lighter(150) if not dark else fg.darker(200)))
        self._key = ()

    def place(self, width: float) -> None:
        """Beside the plot when that leaves the plot most of ``width``, else under it in two
        columns (a narrow window, 200% scaling)."""
        layout = self.plot_item.layout
        if self.below is None:  # entries changed: measure them in one column
            self.setColumnCount(1)
            self.updateSize()
            self.single_width = self.boundingRect().width()
        below = width < 2.0 * self.single_width
        if below == self.below:
            return
        self.below = below
        if any(layout.itemAt(i) is self for i in range(layout.count())):
            layout.removeItem(self)
        if below:
            self.setColumnCount(2 if len(self.items) > 1 else 1)
            layout.addItem(self, 4, 0, 1, 3)
            layout.setAlignment(self, Qt.AlignmentFlag.AlignHCenter)
        else:
            self.setColumnCount(1)
            layout.addItem(self, 2, 3)
            layout.setAlignment(self, Qt.AlignmentFlag.AlignTop)
        self.updateSize()

    def set_visible(self, index: int, visible: bool) -> None:
        """Show or hide entry ``index`` as a click on it does."""
        self.proxies[index].setVisible(visible)
        self._on_q_sample_clicked(self.proxies[index])
        self.update()

    def _on_q_sample_clicked(self, proxy: pg.PlotDataItem) -> None:
        if proxy in self.proxies:
            self.toggled.emit(self.proxies.index(proxy), proxy.isVisible())


def note(data: ChartData, i: int) -> str:
    """A short throughput check for a pinned or measured option ('' for none), saying whether
    the figure is used: 'costed at 110 tok/s: pinned 400, est. 80-129 tok/s, above ceiling'."""
    s = data.series[i]
    c, t = s.check, s.function.throughput
    if c is None:
        return ""
    if t is not None and t.claim_rejected:
        return f"costed at {t.tokens_per_s:,.0f} tok/s; not used: {c.short}"
    if t is not None and t.use_own_figure:
        return f"your figure: {c.short}"
    return c.short


def tooltip(data: ChartData, i: int) -> str:
    """An entry's tooltip: the label, its throughput and where it came from, the check."""
    s = data.series[i]
    f = s.function
    lines = [s.label]
    if f.tokens_per_s is not None:
        lines.append(f"{f.tokens_per_s:,.0f} tok/s per unit ({f.throughput_source})")
    if s.check is not None:
        lines.append(f"Throughput check: {s.check.text}")
        if s.check.plausibility is not None:
            lines.append(s.check.plausibility.explanation)
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import new_project
    from infercost.model.chart_data import chart_data

    app = QApplication(sys.argv)
    plot = pg.PlotWidget()
    legend = OptionLegend(plot.getPlotItem())
    legend.set_entries(chart_data(new_project(), "seed-1-startup"), set(), dark=False)
    plot.resize(900, 400)
    plot.show()
    sys.exit(app.exec())
