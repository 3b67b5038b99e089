"""A pyqtgraph plot with a legend that follows the light or dark scheme, redrawing its data when
the palette changes (pyqtgraph does not follow the palette on its own)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent

from infercost.gui import theme


class ThemedPlotWidget(pg.PlotWidget):
    """Subclasses create ``self.legend`` and keep ``self.data`` (None before the first
    ``set_data(data)``), and key their legend on ``self._legend_key``."""

    dark: bool = False

    def _fg(self):
        return pg.mkColor("#dfe1e5") if self.dark else pg.mkColor("#202124")

    def _restyle(self) -> None:
        self.dark = theme.is_dark()
        theme.style_plot(self, self.dark)
        bg = pg.mkColor("#1e1f22" if self.dark else "#ffffff")
        bg.setAlpha(200)
        self.legend.setBrush(bg)
        self.legend.setLabelTextColor(self._fg())
        self._legend_key = ()
        if self.data is not None:
            self.set_data(self.data)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "legend"):
            self._restyle()
        super().changeEvent(event)
