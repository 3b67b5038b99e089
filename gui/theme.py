"""Light and dark colour schemes for the app, and the matching restyle of pyqtgraph plots."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

ThemeName = Literal["system", "light", "dark"]
THEMES: tuple[ThemeName, ...] = ("system", "light", "dark")

_DARK = {
    QPalette.ColorRole.Window: "#2b2d30",
    QPalette.ColorRole.WindowText: "#dfe1e5",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.AlternateBase: "#26282b",
    QPalette.ColorRole.ToolTipBase: "#3c3f41",
    QPalette.ColorRole.ToolTipText: "#dfe1e5",
    QPalette.ColorRole.PlaceholderText: "#8c8f94",
    QPalette.ColorRole.Text: "#dfe1e5",
    QPalette.ColorRole.Button: "#393b40",
    QPalette.ColorRole.ButtonText: "#dfe1e5",
    QPalette.ColorRole.BrightText: "#ff6b68",
    QPalette.ColorRole.Light: "#4e5157",
    QPalette.ColorRole.Midlight: "#43454a",
    QPalette.ColorRole.Mid: "#35373b",
    QPalette.ColorRole.Dark: "#1b1c1f",
    QPalette.ColorRole.Shadow: "#111214",
    QPalette.ColorRole.Highlight: "#2f65ca",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#6ea6ff",
    QPalette.ColorRole.LinkVisited: "#b58cff",
}


def system_prefers_dark() -> bool:
    """True when the desktop asks for a dark colour scheme (Qt 6.5+ reports it)."""
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    """A dark palette with readable contrast, disabled text dimmed."""
    pal = QPalette()
    for role, colour in _DARK.items():
        pal.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#75777c"))
    return pal


def apply_theme(app: QApplication, name: ThemeName) -> bool:
    """Apply a theme to the whole app; return whether it ended up dark.

    "system" follows the desktop. Fusion is used throughout because native styles on some
    platforms ignore a custom palette, which would leave dark text on a dark background.
    """
    dark = name == "dark" or (name == "system" and system_prefers_dark())
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    app.setProperty("infercost_dark", dark)
    return dark


def is_dark(app: QApplication | None = None) -> bool:
    """Whether the applied palette is dark (windows darker than their text)."""
    app = app or QApplication.instance()
    pal = app.palette()
    return (
        pal.color(QPalette.ColorRole.Window).lightness()
        < pal.color(QPalette.ColorRole.WindowText).lightness()
    )


def style_plot(plot, dark: bool | None = None) -> None:
    """Restyle a pyqtgraph PlotWidget for the palette: pyqtgraph does not follow it itself."""
    dark = is_dark() if dark is None else dark
    fg = QColor("#dfe1e5") if dark else QColor("#202124")
    bg = QColor("#1e1f22") if dark else QColor("#ffffff")
    plot.setBackground(bg)
    item = plot.getPlotItem()
    for name in ("left", "bottom", "right", "top"):
        axis = item.getAxis(name)
        axis.setPen(fg)
        axis.setTextPen(fg)
    item.titleLabel.setAttr("color", fg.name())
    if item.legend is not None:
        item.legend.setLabelTextColor(fg)


if __name__ == "__main__":
    import sys

    import pyqtgraph as pg

    app = QApplication(sys.argv)
    apply_theme(app, "dark")
    plot = pg.PlotWidget(title="Restyled for the dark scheme")
    plot.plot([1e6, 1e8, 1e10], [0.2, 20.0, 2000.0], name="API cost")
    plot.setLabel("bottom", "tokens per month")
    plot.setLabel("left", "USD per month")
    style_plot(plot)
    plot.resize(640, 400)
    plot.show()
    sys.exit(app.exec())
