"""The break-even chart's legend: one entry per option in its curve style, the throughput check
(or why the option cannot be named cheapest) on a second line, a click hides or shows the
option; beside the plot, or under it when the window is narrow. With more options than fit, the
options that are ever cheapest come first and the rest are counted."""

from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem, QSizePolicy

from infercost.gui.breakeven import palette
from infercost.model.costing.chart_data import ChartData

MAX_ENTRIES = 14
"""Entries shown at most: more would not fit beside the plot (the Costs table lists them all)."""


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
        self.indices: list[int] = []  # the option (series index) of each entry
        self.below: bool | None = None
        self.single_width = 0.0
        self._key: tuple = ()
        self.sigSampleClicked.connect(self._on_q_sample_clicked)
        self.place(0)

    def set_entries(self, data: ChartData, hidden: set[str], dark: bool) -> None:
        """One entry per option of ``data``, at most MAX_ENTRIES (rebuilt only when labels or
        notes change)."""
        shown = entries(data)
        key = (dark, tuple((i, data.series[i].label, note(data, i)) for i in shown))
        more = len(data.series) - len(shown)
        key += (more,)
        if key == self._key:
            return
        self._key = key
        self.clear()
        self.indices = list(shown)
        while len(self.proxies) < len(shown) + 1:
            self.proxies.append(pg.PlotDataItem())
        for k, (i, label, extra) in enumerate(key[1]):
            proxy = self.proxies[k]
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
        if more:
            proxy = self.proxies[len(shown)]
            proxy.setPen(None)
            proxy.setSymbol(None)
            self.addItem(proxy, f"… and {more} more options (see the Costs table)")
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
        """Show or hide the entry of option ``index`` as a click on it does."""
        if index not in self.indices:
            self.toggled.emit(index, visible)  # an option without an entry: its curve only
            return
        proxy = self.proxies[self.indices.index(index)]
        proxy.setVisible(visible)
        self._on_q_sample_clicked(proxy)
        self.update()

    def _on_q_sample_clicked(self, proxy: pg.PlotDataItem) -> None:
        k = next((k for k, p in enumerate(self.proxies) if p is proxy), None)
        if k is not None and k < len(self.indices):
            self.toggled.emit(self.indices[k], proxy.isVisible())


def entries(data: ChartData, limit: int = MAX_ENTRIES) -> list[int]:
    """The options given a legend entry, in their order: all of them when they fit, else the
    ones that are ever cheapest (the envelope, the cheapest at the volume) and then the first
    others up to ``limit``."""
    n = len(data.series)
    if n <= limit:
        return list(range(n))
    first = {c.before for c in data.envelope} | {c.after for c in data.envelope}
    first.add(data.cheapest_at_workload or "")
    keep = [i for i, s in enumerate(data.series) if s.label in first][: limit - 1]
    taken = set(keep)
    rest = [i for i in range(n) if i not in taken][: max(0, limit - 1 - len(keep))]
    return sorted(keep + rest)


def note(data: ChartData, i: int) -> str:
    """A short second line: why the option cannot be named cheapest, else the throughput
    check of a pinned or measured figure and whether it is used ('' for none): 'costed at
    110 tok/s; not used: pinned 400, est. 80-129 tok/s, above ceiling'."""
    s = data.series[i]
    o = s.option
    if not o.comparable:
        return "not comparable: below the quality needed"
    if not o.feasible:
        return "cannot serve the workload as stated"
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
    if not s.option.comparable:
        lines.append("Not comparable: its quality is below what the scenario needs")
    if not s.option.feasible:
        lines.append(f"Cannot be named cheapest: {s.option.infeasible_reason}")
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
    from infercost.model.costing.chart_data import chart_data

    app = QApplication(sys.argv)
    plot = pg.PlotWidget()
    legend = OptionLegend(plot.getPlotItem())
    legend.set_entries(chart_data(new_project(), "seed-1-startup"), set(), dark=False)
    plot.resize(900, 400)
    plot.show()
    sys.exit(app.exec())
