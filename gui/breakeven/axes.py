"""Log axes that read as tokens (10M, 1B) and dollars ($100, $10K) instead of powers of ten."""

from __future__ import annotations

import math

import pyqtgraph as pg

from infercost.model.formatting import format_money_short as money
from infercost.model.formatting import format_tokens as tokens


def _labelled(values) -> list[bool]:
    """Which log ticks get a label: all of a few; only the powers of ten when two or more
    show (minor ticks 2x..9x crowd the axis); else the 1-2-5 ones."""
    if len(values) <= 6:
        return [True] * len(values)
    decade = [abs(v - round(v)) < 1e-9 for v in values]
    if sum(decade) >= 2:
        return decade
    return [round(10 ** (v - math.floor(v + 1e-9)), 6) in (1.0, 2.0, 5.0) for v in values]


class TokensAxis(pg.AxisItem):
    """A log axis of token volumes labelled 10M, 100M, 1B."""

    def logTickStrings(self, values, scale, spacing):
        keep = _labelled(values)
        return [tokens(10.0**v * scale) if k else "" for v, k in zip(values, keep, strict=True)]


class MoneyAxis(pg.AxisItem):
    """A log axis of dollar amounts labelled $1, $100, $10K."""

    def logTickStrings(self, values, scale, spacing):
        keep = _labelled(values)
        return [money(10.0**v * scale) if k else "" for v, k in zip(values, keep, strict=True)]


class PercentAxis(pg.AxisItem):
    """A linear axis of shares 0..1 labelled 0%, 50%, 100%."""

    def tickStrings(self, values, scale, spacing):
        return [f"{v * scale * 100:.0f}%" for v in values]


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    plot = pg.PlotWidget(axisItems={"bottom": TokensAxis("bottom"), "left": MoneyAxis("left")})
    plot.getPlotItem().setLogMode(x=True, y=True)
    plot.plot([1e6, 1e9, 1e12], [0.3, 300.0, 3e5])
    plot.resize(640, 400)
    plot.show()
    sys.exit(app.exec())
