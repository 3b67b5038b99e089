"""Twelve curve styles that stay apart in colour, dash and marker, in the light and dark schemes.

Colours are Okabe-Ito's colour-blind-safe eight plus four of Paul Tol's, ordered so that the
first options (the common case of 2-5) differ most; the light scheme darkens the pale ones and
the dark scheme uses lighter tones of the same hues, so that every curve has at least 3:1
contrast against the plot's background (WCAG's threshold for graphics). Every style also has
its own dash pattern and marker, so two curves are told apart without colour (deuteranopia, a
grey-scale print).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

_LIGHT = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#B87700",  # orange (Okabe-Ito #E69F00 darkened to 3.7:1 on white)
    "#2B8CC4",  # sky blue (#56B4E9 darkened to 3.7:1 on white)
    "#332288",  # indigo (Tol)
    "#882255",  # wine (Tol)
    "#117733",  # green (Tol)
    "#898926",  # olive (Tol #999933, darkened)
    "#2F8F80",  # teal (Tol #44AA99, darkened)
    "#000000",  # black
)
_DARK = (
    "#56B4E9",
    "#FF8F4A",
    "#2BC49A",
    "#E89BC8",
    "#F0C040",
    "#A8D8F8",
    "#9C8CFF",
    "#E0608F",
    "#7ACC6C",
    "#D8D870",
    "#66CCBB",
    "#F2F2F2",
)
_DASHES = (
    Qt.PenStyle.SolidLine,
    Qt.PenStyle.DashLine,
    Qt.PenStyle.DotLine,
    Qt.PenStyle.DashDotLine,
    Qt.PenStyle.DashDotDotLine,
    Qt.PenStyle.SolidLine,
    Qt.PenStyle.DashLine,
    Qt.PenStyle.DotLine,
    Qt.PenStyle.DashDotLine,
    Qt.PenStyle.DashDotDotLine,
    Qt.PenStyle.SolidLine,
    Qt.PenStyle.DashLine,
)
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
