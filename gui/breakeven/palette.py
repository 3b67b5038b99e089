"""Twelve curve styles that stay apart in colour, dash and marker, in the light and dark schemes.

The colours (and the order of the dash patterns) are model/interchange/series_style.py's, which the
workbook's chart shares; every style also has its own marker, so two curves are told apart
without colour (deuteranopia, a grey-scale print).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

from infercost.model.interchange.series_style import DARK, DASHES, LIGHT

_LIGHT, _DARK = LIGHT, DARK
_PEN = {
    "solid": Qt.PenStyle.SolidLine,
    "dash": Qt.PenStyle.DashLine,
    "dot": Qt.PenStyle.DotLine,
    "dashdot": Qt.PenStyle.DashDotLine,
    "dashdotdot": Qt.PenStyle.DashDotDotLine,
}
_DASHES = tuple(_PEN[name] for name in DASHES)
_SYMBOLS = ("o", "s", "t", "d", "+", "x", "star", "t1", "p", "h", "t2", "t3")

COUNT = len(_LIGHT)
LINE_WIDTH = 2.0


@dataclass(frozen=True, slots=True)
class CurveStyle:
    """How one option is drawn: colour, dash pattern and marker symbol."""

    colour: str
    dash: Qt.PenStyle
    symbol: str

    def pen(self, width: float = LINE_WIDTH) -> QPen:
        """A cosmetic pen (same width at any zoom) in this style."""
        pen = QPen(QColor(self.colour))
        pen.setWidthF(width)
        pen.setCosmetic(True)
        pen.setStyle(self.dash)
        return pen


def style(index: int, dark: bool = False) -> CurveStyle:
    """The style of the option at ``index`` (cycles past twelve, with a different marker)."""
    colours = _DARK if dark else _LIGHT
    i = index % COUNT
    symbol = _SYMBOLS[(i + index // COUNT) % COUNT]
    return CurveStyle(colours[i], _DASHES[i], symbol)


def styles(n: int, dark: bool = False) -> list[CurveStyle]:
    """The first ``n`` styles."""
    return [style(i, dark) for i in range(n)]


if __name__ == "__main__":
    import sys

    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    from infercost.gui import theme

    app = QApplication(sys.argv)
    dark = "--dark" in sys.argv
    theme.apply_theme(app, "dark" if dark else "light")
    plot = pg.PlotWidget(title="Twelve curve styles")
    plot.addLegend()
    for i, s in enumerate(styles(COUNT, dark)):
        plot.plot(
            [0, 1, 2, 3], [i, i + 0.3, i, i + 0.3], pen=s.pen(), symbol=s.symbol,
            symbolBrush=s.colour, symbolPen=s.colour, name=f"option {i + 1}",
        )  # fmt: skip
    theme.style_plot(plot)
    plot.resize(640, 480)
    plot.show()
    sys.exit(app.exec())
