"""Own or rent: cumulative cost of the build against renting the same GPUs, month by month."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from infercost.gui import theme
from infercost.model.costing.payback import Payback

ALL = "__all__"
_COLOURS = ["#e8710a", "#1a73e8", "#12b5cb", "#9334e6", "#f538a0", "#7cb342", "#a1887f"]


class UsdAxis(pg.AxisItem):
    """Tick labels as money: $250k, $1.2M."""

    def tickStrings(self, values, scale, spacing):
        out = []
        for v in values:
            a = abs(v)
            if a >= 1e6:
                out.append(f"${v / 1e6:,.3g}M")
            elif a >= 1e3:
                out.append(f"${v / 1e3:,.3g}k")
            else:
                out.append(f"${v:,.0f}")
        return out


class OwnOrRentPlot(QWidget):
    """One curve for owning, one for a chosen rental (on-demand and discounted) and payback."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.payback: Payback | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        top.addWidget(self.heading, 1)
        self.compare = QComboBox(self)
        self.compare.setObjectName("compare")
        self.compare.setToolTip("Which rental to draw against owning (all are listed below)")
        self.compare.currentIndexChanged.connect(self._on_q_compare_changed)
        self._chosen: str | None = None  # the user's pick, kept across builds
        top.addWidget(QLabel("Rent from", self))
        top.addWidget(self.compare)
        layout.addLayout(top)
        self.plot = pg.PlotWidget(self, axisItems={"left": UsdAxis("left")})
        self.plot.setObjectName("own_or_rent_plot")
        self.plot.setLabel("bottom", "month")
        self.plot.setLabel("left", "cumulative cost")
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        # Top left: above owning's line, which starts at the purchase price.
        self.plot.addLegend(offset=(10, 10))
        self.plot.setMenuEnabled(False)
        # pyqtgraph makes its context menus without a parent: tie them to the plot so that
        # they go when it goes instead of living on as top-level widgets.
        item = self.plot.getPlotItem()
        for menu in (item.vb.menu, item.ctrlMenu):
            if menu is not None and menu.parent() is None:
                menu.setParent(self.plot, menu.windowFlags())
        theme.style_plot(self.plot)
        self.own_curve = self.plot.plot([], [], pen=pg.mkPen("#34a853", width=3), name="Own")
        # The cash paid out (purchase, then running costs), resale not counted: dashed.
        self.own_cash_curve = self.plot.plot(
            [], [], pen=pg.mkPen("#34a853", width=1.5, style=Qt.PenStyle.DashLine)
        )
        self.rent_curves: list[pg.PlotDataItem] = []
        # Where each drawn rental's cost overtakes owning's, within the horizon.
        self.payback_marks = pg.ScatterPlotItem(
            size=11, symbol="o", pen=pg.mkPen("#34a853", width=2), brush=pg.mkBrush(0, 0, 0, 0)
        )
        self.payback_marks.setZValue(10)
        self.plot.addItem(self.payback_marks)
        layout.addWidget(self.plot, 1)
        self.paybacks = QLabel(self)
        self.paybacks.setObjectName("paybacks")
        self.paybacks.setWordWrap(True)
        self.paybacks.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # One line per rental offer: scroll them rather than squeeze the chart.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.paybacks)
        scroll.setMaximumHeight(110)
        layout.addWidget(scroll)

    def changeEvent(self, event: QEvent) -> None:
        # pyqtgraph does not follow the palette: restyle when the colour scheme changes.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            theme.style_plot(self.plot)
        super().changeEvent(event)

    def _curve(self, i: int) -> pg.PlotDataItem:
        while len(self.rent_curves) <= i:
            colour = _COLOURS[len(self.rent_curves) % len(_COLOURS)]
            dashed = len(self.rent_curves) >= len(_COLOURS)
            pen = pg.mkPen(
                colour, width=2, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
            )
            self.rent_curves.append(self.plot.plot([], [], pen=pen))
        return self.rent_curves[i]

    def _on_q_compare_changed(self, _index: int) -> None:
        self._chosen = self.compare.currentData()
        self._draw()

    def _fill_compare(self, pb: Payback) -> None:
        """One entry per rental offer (its on-demand and discounted prices), cheapest first."""
        current = self._chosen
        offers: dict[str, tuple[float, str]] = {}
        for r in pb.rentals:
            if r.price == "on_demand":
                offers[r.rental_id] = (r.usd_per_month, r.label.removesuffix(" on demand"))
        with QSignalBlocker(self.compare):
            self.compare.clear()
            for rid, (_, name) in sorted(offers.items(), key=lambda kv: kv[1][0]):
                self.compare.addItem(name, rid)
            self.compare.addItem("All rentals", ALL)
            # The cheapest offer first: the comparison that is hardest for owning to win.
            i = -1 if current is None else self.compare.findData(current)
            self.compare.setCurrentIndex(i if i >= 0 else 0)

    def shown_rentals(self):
        """The rental curves drawn: the chosen offer's, or all."""
        if self.payback is None:
            return ()
        choice = self.compare.currentData()
        return tuple(r for r in self.payback.rentals if choice in (ALL, r.rental_id))

    def _draw(self) -> None:
        pb = self.payback
        legend = self.plot.getPlotItem().legend
        if pb is None:
            legend.clear()
            return
        self.own_curve.setData(pb.months, pb.own_cumulative_usd)
        cash = pb.own_cash_usd if pb.own_cash_usd is not None else pb.own_cumulative_usd
        self.own_cash_curve.setData(pb.months, cash)
        shown = self.shown_rentals()
        entries = [
            (self.own_curve, "Own, net of resale value"),
            (self.own_cash_curve, "Own, cash paid (resale not counted)"),
        ]
        for i, r in enumerate(shown):
            c = self._curve(i)
            c.setData(pb.months, r.cumulative_usd)
            c.show()
            entries.append((c, f"{r.label}: owning cheaper from {r.payback_text}"))
        for c in self.rent_curves[len(shown) :]:
            c.setData([], [])
            c.hide()
        # Same curves as last time: new words only (rebuilding the legend costs a frame).
        if [s.item for s, _ in legend.items] == [c for c, _ in entries]:
            for (_, label), (_, text) in zip(legend.items, entries, strict=True):
                if label.text != text:
                    label.setText(text)
        else:
            legend.clear()
            for c, text in entries:
                legend.addItem(c, text)
        marks = [
            (m, r.usd_per_month * m)
            for r in shown
            if (m := r.payback_month) is not None and m <= pb.months[-1]
        ]
        self.payback_marks.setData(x=[m for m, _ in marks], y=[y for _, y in marks])

    def set_payback(self, pb: Payback | None, message: str = "") -> None:
        """Show the curves of a payback result (or clear them and say why)."""
        self.payback = pb
        legend = self.plot.getPlotItem().legend
        # No curves: the message alone, not an empty chart with made-up axes.
        self.plot.setVisible(pb is not None)
        self.compare.setEnabled(pb is not None and bool(pb.rentals))
        if pb is None:
            self.own_curve.setData([], [])
            self.payback_marks.setData(x=[], y=[])
            for c in self.rent_curves:
                c.setData([], [])
                c.hide()
            legend.clear()
            self.heading.setText(message)
            self.paybacks.setText("")
            return
        self._fill_compare(pb)
        self._draw()
        self.heading.setText(
            f"{pb.gpu_count} × {pb.gpu_id} at {pb.utilization:.0%} use, {pb.hours_per_month:g} h a "
            f"month: owning costs ${pb.purchase_usd:,.0f} up front, then "
            f"${pb.own_usd_per_month:,.0f} a month; worth "
            f"${float(pb.resale_usd[-1]) if pb.resale_usd is not None else pb.residual_usd:,.0f} "
            "at the end. Solid: net of resale value; dashed: cash paid. Reserved prices are "
            "paid every hour, others for the hours used."
        )
        if not pb.rentals:
            self.paybacks.setText(f"The catalog has no rental of {pb.gpu_id} to compare with.")
            return
        lines = [
            f"{r.label} ({_units(r.units, r.gpus_per_unit)}), ${r.usd_per_month:,.0f}/month: "
            f"owning cheaper from {r.payback_text} (net of resale), cash back {r.cash_payback_text}"
            for r in pb.rentals
        ]
        self.paybacks.setText("\n".join(lines))


def _units(units: int, per_unit: int) -> str:
    if per_unit == 1:
        return f"{units} GPU{'s' if units != 1 else ''}"
    return f"{units} × {per_unit}-GPU instance{'s' if units != 1 else ''}"


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import sample_document
    from infercost.model.costing.payback import payback

    app = QApplication(sys.argv)
    doc = sample_document()
    plot = OwnOrRentPlot()
    plot.set_payback(payback(doc.project.catalog.build("8x-h100-node"), doc.project.catalog))
    plot.resize(900, 600)
    plot.show()
    sys.exit(app.exec())
