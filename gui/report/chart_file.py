"""Save a report :class:`Figure` alone as PNG (a chosen width in pixels), SVG or PDF (vector),
through the one chart painter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from infercost.gui.report.chart_painter import DARK, LIGHT, figure_size, paint_figure
from infercost.model.errors import InferCostError
from infercost.model.report_figure import Figure

FORMATS = ("png", "svg", "pdf")
MIN_WIDTH, MAX_WIDTH = 300, 10_000
PDF_POINTS_PER_UNIT = 0.6
"""A PDF chart is 600 points (21 cm) wide: it prints on A4 or Letter at its design size."""


def chart_format(path: Path | str) -> str:
    """The format a chart file's suffix names (png, svg or pdf), refused otherwise."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InferCostError(f"{path}: a chart is saved as .png, .svg or .pdf, not '.{suffix}'")
    return suffix


def save_figure(fig: Figure, path: Path | str, width: int = 2000, dark: bool = False) -> Path:
    """Write ``fig`` to ``path`` in the format its suffix names; ``width`` (pixels) sets a
    PNG's size (an SVG or PDF is vector and scales to any size)."""
    path = Path(path)
    fmt = chart_format(path)
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise InferCostError(
            f"chart width must be {MIN_WIDTH:,} to {MAX_WIDTH:,} pixels, not {width:,}"
        )
    if path.parent and not path.parent.is_dir():
        raise InferCostError(f"{path}: the folder {path.parent} does not exist")
    w, h = figure_size(fig)
    if fmt == "png":
        scale = width / w
        image = QImage(width, max(1, round(h * scale)), QImage.Format.Format_ARGB32)
        image.fill((DARK if dark else LIGHT).background)
        image.setDotsPerMeterX(round(width / 0.254 * 1.0))  # as if 25.4 cm wide
        image.setDotsPerMeterY(image.dotsPerMeterX())
        p = QPainter(image)
        paint_figure(p, QRectF(0, 0, width, h * scale), fig, dark)
        p.end()
        if not image.save(str(path), "PNG"):
            raise InferCostError(f"{path}: could not write the PNG")
    elif fmt == "svg":
        from PySide6.QtSvg import QSvgGenerator

        gen = QSvgGenerator()
        gen.setFileName(str(path))
        gen.setSize(QSize(round(w), round(h)))
        gen.setViewBox(QRectF(0, 0, w, h))
        gen.setTitle(fig.title)
        gen.setDescription(fig.caption or fig.title)
        p = QPainter()
        if not p.begin(gen):
            raise InferCostError(f"{path}: could not write the SVG")
        paint_figure(p, QRectF(0, 0, w, h), fig, dark)
        p.end()
    else:
        writer = QPdfWriter(str(path))
        writer.setTitle(fig.title)
        writer.setCreator("InferCost")
        size = QPageSize(QSizeF(w * PDF_POINTS_PER_UNIT, h * PDF_POINTS_PER_UNIT),
                         QPageSize.Unit.Point, "chart")  # fmt: skip
        writer.setPageLayout(
            QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
        )
        p = QPainter()
        if not p.begin(writer):
            raise InferCostError(f"{path}: could not write the PDF")
        r = writer.pageLayout().paintRectPixels(writer.resolution())
        paint_figure(p, QRectF(0, 0, r.width(), r.height()), fig, dark)
        p.end()
    if not path.is_file() or path.stat().st_size == 0:
        raise InferCostError(f"{path}: nothing was written (is the folder writable?)")
    return path
