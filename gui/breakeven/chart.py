"""The break-even plot: monthly cost (or USD per Mtok) of every option against monthly tokens,
log-log. The crossings where the Evaluation's cheapest option changes are circled and labelled
(placed so that no label covers another); every other crossing is a small dot, named on hover
and in the Crossings table. The workload's volume is a draggable line; a crosshair readout
follows the mouse, edits and the USD/Mtok toggle. Plot items are created once and updated with
``setData``."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Literal

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Signal
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QWidget

from infercost.gui import theme
from infercost.gui.breakeven import palette
from infercost.gui.breakeven.axes import MoneyAxis, TokensAxis
from infercost.gui.breakeven.grid import LogGrid, PlacedLabels
from infercost.gui.breakeven.legend import OptionLegend
from infercost.gui.breakeven.marks import CrossingMarks
from infercost.model.costing.chart_data import ChartData
from infercost.model.costing.chart_readout import (
    option_values,
    readout_lines,
)
from infercost.model.errors import InferCostError
from infercost.model.formatting import format_tokens as tokens

Mode = Literal["usd", "per_mtok"]
MARKERS_PER_CURVE = 6


class BreakEvenChart(CrossingMarks, pg.PlotWidget):
    """Draws a :class:`ChartData`. ``volume_dragged`` says where the user drags the volume line
    (tokens/month) and ``volume_drag_finished`` when the drag ends; the chart itself never
    edits the document."""

    volume_dragged = Signal(float)
    volume_drag_finished = Signal()

    def __init__(self, parent=None) -> None:
        axes = {"bottom": TokensAxis("bottom"), "left": MoneyAxis("left")}
        super().__init__(parent, axisItems=axes)
        self.setObjectName("breakeven_chart")
        # One paint of everything per frame: working out the minimal region of a dozen
        # changed curves costs more than painting the whole plot (measured).
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.data: ChartData | None = None
        self.mode: Mode = "usd"
        self.dark = theme.is_dark()
        item = self.getPlotItem()
        item.setLogMode(x=True, y=True)
        item.disableAutoRange()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setLabel("bottom", "tokens per month")
        for name in ("bottom", "left"):
            item.getAxis(name).enableAutoSIPrefix(False)
        # Beside the plot, not over it: twelve entries would hide a third of the curves.
        self.legend = OptionLegend(item)
        self.legend.toggled.connect(self._on_legend_toggled)
        self.grid = LogGrid()
        item.addItem(self.grid, ignoreBounds=True)
        self._view_range: tuple = ()
        self._y_label = ""
        self._volume_state: tuple = ()
        self._drawn: list[tuple[np.ndarray, np.ndarray]] = []
        # The axes change rarely: repaint them from a pixmap at each frame.
        for cached in (item.getAxis("left"), item.getAxis("bottom")):
            cached.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.curves: list[pg.PlotDataItem] = []
        self._marker_styles: dict = {}
        self.marker_points = pg.PlotDataItem(pen=None, symbolSize=8)
        self.marker_points.setZValue(6)
        item.addItem(self.marker_points)
        self.hidden: set[str] = set()

        # Where the cheapest option changes: circled and labelled.
        self.crossing_points = pg.PlotDataItem(
            pen=None, symbol="o", symbolSize=11, symbolBrush=None, name=None
        )
        self.crossing_points.setZValue(20)
        item.addItem(self.crossing_points)
        # Every other crossing: a small dot, named on hover.
        self.minor_points = pg.PlotDataItem(pen=None, symbol="o", symbolSize=5, name=None)
        self.minor_points.setZValue(19)
        item.addItem(self.minor_points)
        # The labels of both and each option's cost at the volume line, placed together.
        self.labels = PlacedLabels()
        item.addItem(self.labels, ignoreBounds=True)

        self.volume_points = pg.PlotDataItem(pen=None, symbol="o", symbolSize=8)
        self.volume_points.setZValue(21)
        item.addItem(self.volume_points)
        self.volume_line = pg.InfiniteLine(angle=90, movable=True)
        self.volume_line.setZValue(30)
        self.volume_line.setToolTip("The workload's monthly tokens: drag to change it")
        self.volume_label = pg.InfLineLabel(
            self.volume_line, "", position=0.97, anchors=[(0, 0), (0, 0)]
        )
        self.volume_line.sigDragged.connect(self._on_q_volume_dragged)
        self.volume_line.sigPositionChangeFinished.connect(
            lambda *_: self.volume_drag_finished.emit()
        )
        item.addItem(self.volume_line, ignoreBounds=True)

        self.labels.avoid.append(self.volume_label)
        # Which crossing circles fit apart depends on the plot's size in pixels.
        item.getViewBox().sigResized.connect(self._on_q_plot_resized)
        self._cursor: QPointF | None = None  # scene position of the readout, None: hidden
        self.cursor_line = pg.InfiniteLine(angle=90, movable=False)
        self.cursor_line.setZValue(10)
        self.cursor_text = pg.TextItem(anchor=(0, 0))
        self.cursor_text.setZValue(40)
        for it in (self.cursor_line, self.cursor_text):
            it.hide()
            item.addItem(it, ignoreBounds=True)
        self.scene().sigMouseMoved.connect(self._on_q_mouse_moved)
        self._restyle()

    # --- model -> view ---------------------------------------------------------------------

    def set_data(self, data: ChartData) -> None:
        """Show the curves, crossings and volume line of ``data``."""
        self.data = data
        n = len(data.series)
        self._ensure_items(n)
        per_mtok = self.mode == "per_mtok"
        self._set_emphasis(data)
        for i, s in enumerate(data.series):
            y = s.usd_per_mtok if per_mtok else s.usd
            # An edit changes one or two curves and a drag none: leave the others alone
            # (setData re-derives the log view, bounds and path of a curve).
            before = self._drawn[i] if i < len(self._drawn) else None
            if before is None or not (
                np.array_equal(before[0], s.volumes) and np.array_equal(before[1], y)
            ):
                self.curves[i].setData(s.volumes, y, skipFiniteCheck=True)
            self.curves[i].setVisible(s.label not in self.hidden)
        self._drawn = [(s.volumes, s.usd_per_mtok if per_mtok else s.usd) for s in data.series]
        for i in range(n, len(self.curves)):
            self.curves[i].setData([], [])
            self.curves[i].hide()
        # The range first: which crossing circles fit apart depends on it.
        lo, hi = data.volume_min_tokens, data.volume_max_tokens
        x_range = (math.log10(lo), math.log10(hi))
        ys = [s.usd_per_mtok if per_mtok else s.usd for s in data.series]
        ys = [y[y > 0] for y in ys if np.any(y > 0)]
        y_range = (0.0, 1.0)
        if ys:
            # Snapped to quarter decades: a small edit or a drag leaves the axes still, and
            # re-laying out the axes and every label at each frame is what costs.
            y_lo = math.log10(min(float(y.min()) for y in ys))
            y_hi = math.log10(max(float(y.max()) for y in ys))
            y_range = (math.floor(y_lo * 4) / 4, max(math.ceil(y_hi * 4) / 4, y_lo + 1))
        if (x_range, y_range) != self._view_range:
            self._view_range = (x_range, y_range)
            self.volume_line.setBounds(x_range)
            self.getPlotItem().setRange(xRange=x_range, yRange=y_range, padding=0.02)
        self._update_markers()
        self.legend.set_entries(data, self.hidden, self.dark)
        self._update_crossings()
        self._update_volume()
        label = "USD per million tokens" if per_mtok else "USD per month"
        if label != self._y_label:  # a label change re-lays out the axis: only on a toggle
            self._y_label = label
            self.getPlotItem().setLabel("left", label)
        if self._cursor is not None:  # the readout follows the edit (or the toggle)
            self._show_readout(self._cursor)

    def set_mode(self, mode: Mode) -> None:
        """Monthly cost ("usd") or cost per million tokens ("per_mtok") against volume."""
        if mode != self.mode:
            self.mode = mode
            if self.data is not None:
                self.set_data(self.data)

    def curve(self, label: str) -> pg.PlotDataItem:
        """The plot item drawing the option called ``label``."""
        assert self.data is not None
        return self.curves[self.data.labels().index(label)]

    def readout_at(self, volume: float) -> list[tuple[str, float]]:
        """Each shown option's exact value at ``volume`` in the current mode (cheapest first)."""
        if self.data is None:
            return []
        return option_values(self.data, volume, self.mode, self.hidden)

    def hide_readout(self) -> None:
        """Hide the crosshair and its readout (the mouse left the plot)."""
        self._cursor = None
        self.cursor_line.hide()
        self.cursor_text.hide()

    def leaveEvent(self, event: QEvent) -> None:
        self.hide_readout()
        super().leaveEvent(event)

    def export_png(self, path: Path | str, width: int) -> None:
        """Write the chart alone (plot, axes, legend; no crosshair) as a PNG ``width`` px wide.

        The widget is rendered as laid out on screen at a device pixel ratio that makes it
        ``width`` pixels wide: text and lines stay sharp at any width and the legend keeps its
        place (pyqtgraph's ImageExporter re-scales items one by one and cut the legend off).
        """
        if not 100 <= width <= 10_000:
            raise InferCostError(f"PNG width must be 100 to 10,000 pixels, not {width}")
        shown = self.cursor_line.isVisible()
        self.cursor_line.hide()
        self.cursor_text.hide()
        try:
            ratio = width / max(self.width(), 1)
            image = QImage(width, max(1, round(self.height() * ratio)), QImage.Format.Format_RGB32)
            image.setDevicePixelRatio(ratio)
            image.fill(self.backgroundBrush().color())
            QWidget.render(
                self, image
            )  # the widget as laid out (QGraphicsView.render is the scene)
            image.setDevicePixelRatio(1.0)
            if not image.save(str(path), "PNG"):
                raise InferCostError(f"{path}: could not write the PNG")
        finally:
            self.cursor_line.setVisible(shown)
            self.cursor_text.setVisible(shown)

    # --- internals -------------------------------------------------------------------------

    def _ensure_items(self, n: int) -> None:
        item = self.getPlotItem()
        while len(self.curves) < n:
            i = len(self.curves)
            curve = pg.PlotDataItem()
            curve.setZValue(5)
            item.addItem(curve)
            self.curves.append(curve)
            curve.setPen(self._pen(i))

    def _set_emphasis(self, data: ChartData) -> None:
        """With more options than curve styles, the options that are ever cheapest keep their
        style and the others are drawn thin and faint: 300 curves in twelve styles would
        otherwise be one tangle."""
        many = len(data.series) > palette.COUNT
        if many:
            keep = {c.before for c in data.envelope} | {c.after for c in data.envelope}
            keep.add(data.cheapest_at_workload or "")
            faint = frozenset(s.label for s in data.series if s.label not in keep)
        else:
            faint = frozenset()
        labels = data.labels()
        key = (self.dark, labels, faint)
        if key == getattr(self, "_emphasis", None):
            return
        self._emphasis = key
        self.faint = faint
        for i, curve in enumerate(self.curves[: len(labels)]):
            curve.setPen(self._pen(i, labels[i] in faint))

    def _pen(self, i: int, faint: bool = False):
        st = palette.style(i, self.dark)
        if not faint:
            return st.pen()
        pen = st.pen(width=1.0)
        c = pen.color()
        c.setAlpha(90)
        pen.setColor(c)
        return pen

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if hasattr(self, "legend"):
            self.legend.place(self.width())

    def _on_legend_toggled(self, i: int, visible: bool) -> None:
        if self.data is None or i >= len(self.data.series):
            return
        label = self.data.series[i].label
        if visible:
            self.hidden.discard(label)
        else:
            self.hidden.add(label)
        self.curves[i].setVisible(visible)
        self._update_markers()

    def set_option_visible(self, label: str, visible: bool) -> None:
        """Show or hide one option's curve (as a click on its legend entry does)."""
        assert self.data is not None
        self.legend.set_visible(self.data.labels().index(label), visible)

    def _update_markers(self) -> None:
        """Each shown option's markers (its symbol, a few along the curve), in one item."""
        assert self.data is not None
        per_mtok = self.mode == "per_mtok"
        xs, ys, symbols, brushes, pens = [], [], [], [], []
        faint = getattr(self, "faint", frozenset())
        for i, s in enumerate(self.data.series):
            if s.label in self.hidden or s.label in faint:
                continue
            symbol, brush, pen = self._marker_style(i)
            mx = _marker_volumes(self.data, i)
            xs.append(mx)
            ys.append(_y_at(s.function, mx, per_mtok))
            symbols += [symbol] * mx.size
            brushes += [brush] * mx.size
            pens += [pen] * mx.size
        if not xs:
            self.marker_points.setData([], [])
            return
        self.marker_points.setData(
            np.concatenate(xs), np.concatenate(ys), symbol=symbols, symbolBrush=brushes,
            symbolPen=pens,
        )  # fmt: skip

    def _marker_style(self, i: int):
        """The same pen and brush objects each time: the scatter's symbol cache keys on them."""
        key = (i, self.dark)
        if key not in self._marker_styles:
            st = palette.style(i, self.dark)
            self._marker_styles[key] = (st.symbol, pg.mkBrush(st.colour), pg.mkPen(st.colour))
        return self._marker_styles[key]

    def _update_volume(self) -> None:
        assert self.data is not None
        d = self.data
        v = d.workload_tokens
        per_mtok = self.mode == "per_mtok"
        if v > 0:
            if not self.volume_line.moving:
                self.volume_line.blockSignals(True)
                self.volume_line.setValue(math.log10(v))
                self.volume_line.blockSignals(False)
            ys = [
                (s.at_workload.usd_per_mtok or 0.0) if per_mtok else s.at_workload.usd
                for s in d.series
            ]
            keep = list(range(len(ys)))
            if len(ys) > palette.COUNT:  # hundreds of points on one line: those apart only
                order = sorted(keep, key=lambda i: ys[i])
                y = np.array(ys, dtype=float)
                keep = sorted(order[j] for j in self._apart(np.full(y.size, v), y, order, 8.0))
            self.volume_points.setData(
                np.full(len(keep), v),
                np.array([ys[i] for i in keep]),
                symbolBrush=[self._marker_style(i)[1] for i in keep],
            )
        self.volume_line.setVisible(v > 0)
        self.volume_points.setVisible(v > 0)
        cheapest = f"; cheapest: {d.cheapest_at_workload}" if d.cheapest_at_workload else ""
        # The label sits on the side of the line with more room. Text and tooltip are set only
        # when they change: laying out a text item at every frame of a drag costs.
        lo, hi = math.log10(d.volume_min_tokens), math.log10(d.volume_max_tokens)
        right = v <= 0 or math.log10(v) < (lo + hi) / 2
        tip = f"{d.workload_name}: {tokens(v)} tokens/month{cheapest}. Drag to change the volume."
        state = (tokens(v), right, tip)
        if state != self._volume_state:
            self._volume_state = state
            self.volume_label.setFormat(f"{tokens(v)} tokens/month\n(workload)")
            self.volume_line.setToolTip(tip)
            side = -0.05 if right else 1.05
            self.volume_label.anchors = [(side, 0), (side, 0)]
            self.volume_label.updatePosition()

    def _on_q_volume_dragged(self, line: pg.InfiniteLine) -> None:
        self.volume_dragged.emit(10.0 ** float(line.value()))

    def _on_q_mouse_moved(self, pos: QPointF) -> None:
        vb = self.getPlotItem().getViewBox()
        if self.data is None or not vb.sceneBoundingRect().contains(pos):
            self.hide_readout()
            return
        self._show_readout(pos)

    def _show_readout(self, pos: QPointF) -> None:
        """The crosshair at scene position ``pos`` and what the chart says there."""
        assert self.data is not None
        self._cursor = QPointF(pos)
        vb = self.getPlotItem().getViewBox()
        p = vb.mapSceneToView(pos)
        volume = 10.0 ** p.x()
        lines = readout_lines(self.data, volume, self.mode, self.hidden, self.crossings_near(pos))
        self.cursor_line.setValue(p.x())
        self.cursor_text.setText("\n".join(lines), color=self._fg())
        self.cursor_text.fill = pg.mkBrush(self._bg(alpha=215))
        # On the side of the cursor with room for it, so the readout stays inside the plot.
        box, area = self.cursor_text.boundingRect(), vb.sceneBoundingRect()
        left = (
            area.right() - pos.x() < box.width() and pos.x() - area.left() > area.right() - pos.x()
        )
        up = area.bottom() - pos.y() < box.height() and pos.y() - area.top() > box.height()
        self.cursor_text.setAnchor((1.0 if left else 0.0, 1.0 if up else 0.0))
        self.cursor_text.setPos(p.x(), p.y())
        self.cursor_line.show()
        self.cursor_text.show()

    def _fg(self) -> QColor:
        return QColor("#dfe1e5") if self.dark else QColor("#202124")

    def _bg(self, alpha: int = 255) -> QColor:
        c = QColor("#1e1f22") if self.dark else QColor("#ffffff")
        c.setAlpha(alpha)
        return c

    def _restyle(self) -> None:
        self.dark = theme.is_dark()
        theme.style_plot(self, self.dark)
        fg = self._fg()
        self.legend.restyle(fg, self._bg(alpha=200), self.dark)
        self.crossing_points.setSymbolPen(pg.mkPen(fg, width=2))
        muted = QColor(fg)
        muted.setAlpha(150)
        self.minor_points.setSymbolPen(pg.mkPen(muted, width=1))
        self.minor_points.setSymbolBrush(pg.mkBrush(self._bg()))
        self.grid.set_colour(fg)
        self.labels.set_colour(fg, self._bg(alpha=200))
        self.volume_points.setSymbolPen(pg.mkPen(fg, width=1))
        self.volume_line.setPen(pg.mkPen(fg, width=2, style=pg.QtCore.Qt.PenStyle.DashLine))
        self.volume_line.setHoverPen(pg.mkPen("#2f65ca" if not self.dark else "#6ea6ff", width=3))
        self.volume_label.setColor(fg)
        self._volume_state = ()
        self.cursor_line.setPen(pg.mkPen(fg.darker(130) if not self.dark else fg.darker(180)))
        self._emphasis = None
        for i, curve in enumerate(self.curves):
            curve.setPen(self._pen(i))
        if self.data is not None:
            self.set_data(self.data)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "volume_label"):
            self._restyle()
        super().changeEvent(event)


def _marker_volumes(data: ChartData, i: int) -> np.ndarray:
    """A few marker positions along curve ``i``, shifted per option so markers do not stack."""
    lo, hi = math.log10(data.volume_min_tokens), math.log10(data.volume_max_tokens)
    n = max(len(data.series), 1)
    step = (hi - lo) / MARKERS_PER_CURVE
    start = lo + step * (0.5 + i / n) / 1.0
    return 10.0 ** (start + step * np.arange(MARKERS_PER_CURVE) - step / 2)


def _y_at(f, volumes: np.ndarray, per_mtok: bool) -> np.ndarray:
    usd = f.usd(volumes)
    return usd / volumes * 1e6 if per_mtok else usd


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import new_project
    from infercost.model.costing.chart_data import chart_data

    app = QApplication(sys.argv)
    if "--dark" in sys.argv:
        theme.apply_theme(app, "dark")
    chart = BreakEvenChart()
    chart.set_data(chart_data(new_project(), "seed-1-startup"))
    chart.resize(900, 560)
    chart.show()
    sys.exit(app.exec())
