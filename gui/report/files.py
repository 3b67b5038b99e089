"""Write a report to a file as PDF, HTML or Markdown, and a chart alone as PNG, SVG or PDF:
rendered in memory, then written atomically (a failed write leaves the old file as it was)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize

from infercost.gui.report.chart_painter import figure_size, paint_figure
from infercost.model.errors import InferCostError
from infercost.model.interchange.project_io import atomic_write_bytes
from infercost.model.report.report_doc import ReportDocument
from infercost.model.report.report_figure import Figure
from infercost.model.report.report_paths import check_output_path, report_format
from infercost.model.report.report_text import to_html, to_markdown


def svg_bytes(fig: Figure, dark: bool = False) -> bytes:
    """The figure as an SVG document (vector)."""
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    w, h = figure_size(fig)
    gen = QSvgGenerator()
    gen.setOutputDevice(buffer)
    gen.setSize(QSize(round(w), round(h)))
    gen.setViewBox(QRectF(0, 0, w, h))
    gen.setTitle(fig.title)
    gen.setDescription(fig.caption or fig.title)
    p = QPainter()
    if not p.begin(gen):
        raise InferCostError("could not draw the SVG")
    paint_figure(p, QRectF(0, 0, w, h), fig, dark)
    p.end()
    buffer.close()
    return bytes(data.data())


def write_report(
    doc: ReportDocument, path: Path | str, fmt: str | None = None, paper: str = "a4"
) -> Path:
    """Write ``doc`` to ``path`` as PDF, HTML (figures inline as SVG) or Markdown (each figure
    an SVG file beside it, linked). Returns the path written."""
    path = check_output_path(path)
    fmt = report_format(path, fmt)
    if fmt == "pdf":
        from infercost.gui.report.pdf import pdf_bytes

        atomic_write_bytes(path, pdf_bytes(doc, paper))
    elif fmt == "html":
        html = to_html(doc, lambda f: _inline_svg(svg_bytes(f)))
        atomic_write_bytes(path, html.encode("utf-8"))
    else:

        def figure_md(f: Figure) -> str:
            image = path.with_name(f"{path.stem}-{f.id}.svg")
            atomic_write_bytes(image, svg_bytes(f))
            return f"![{f.title}]({image.name})"

        atomic_write_bytes(path, to_markdown(doc, figure_md).encode("utf-8"))
    return path


def _inline_svg(svg: bytes) -> str:
    text = svg.decode("utf-8")
    return text[text.index("<svg") :]  # the XML declaration is not allowed inside HTML


CHART_FORMATS = ("png", "svg", "pdf")
MIN_WIDTH, MAX_WIDTH = 300, 10_000
PDF_POINTS_PER_UNIT = 0.6
"""A chart PDF is 600 points (21 cm) wide: it prints on A4 or Letter at its design size."""


def chart_format(path: Path | str) -> str:
    """The format a chart file's suffix names (png, svg or pdf), refused otherwise."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in CHART_FORMATS:
        raise InferCostError(f"{path}: a chart is saved as .png, .svg or .pdf, not '.{suffix}'")
    return suffix


def save_chart(fig: Figure, path: Path | str, width: int = 2000, dark: bool = False) -> Path:
    """Write ``fig`` alone to ``path`` as PNG (``width`` pixels wide), SVG or PDF (vector, any
    size), by the suffix. The chart carries its title, axis units and the whole legend."""
    path = check_output_path(path)
    fmt = chart_format(path)
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise InferCostError(
            f"chart width must be {MIN_WIDTH:,} to {MAX_WIDTH:,} pixels, not {width:,}"
        )
    if fmt == "svg":
        data = svg_bytes(fig, dark)
    elif fmt == "png":
        data = _png_bytes(fig, width, dark)
    else:
        data = _pdf_chart_bytes(fig, dark)
    atomic_write_bytes(path, data)
    return path


def _png_bytes(fig: Figure, width: int, dark: bool) -> bytes:
    from PySide6.QtGui import QImage, QPainter

    from infercost.gui.report.chart_painter import DARK, LIGHT

    w, h = figure_size(fig)
    scale = width / w
    image = QImage(width, max(1, round(h * scale)), QImage.Format.Format_RGB32)
    image.fill((DARK if dark else LIGHT).background)
    dpm = round(width / 0.25)  # as if printed 25 cm wide: 200 dpi at 2,000 px
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)
    p = QPainter(image)
    paint_figure(p, QRectF(0, 0, width, h * scale), fig, dark)
    p.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # Quality 80: zlib at a lower level, twice as fast as the default for a 17 % larger file.
    if not image.save(buffer, "PNG", 80):
        raise InferCostError("could not encode the PNG")
    buffer.close()
    return bytes(data.data())


def _pdf_chart_bytes(fig: Figure, dark: bool) -> bytes:
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    w, h = figure_size(fig)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(fig.title)
    writer.setCreator("InferCost")
    size = QPageSize(
        QSizeF(w * PDF_POINTS_PER_UNIT, h * PDF_POINTS_PER_UNIT), QPageSize.Unit.Point, "chart"
    )
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    p = QPainter()
    if not p.begin(writer):
        raise InferCostError("could not draw the PDF")
    r = writer.pageLayout().paintRectPixels(writer.resolution())
    paint_figure(p, QRectF(0, 0, r.width(), r.height()), fig, dark)
    p.end()
    buffer.close()
    return bytes(data.data())


if __name__ == "__main__":
    import sys
    import tempfile

    from PySide6.QtGui import QGuiApplication

    from infercost.model.catalog.defaults import default_project
    from infercost.model.report.report_build import build_report

    app = QGuiApplication(sys.argv)
    folder = Path(tempfile.mkdtemp(prefix="infercost-report-"))
    doc = build_report(default_project(), sys.argv[1] if len(sys.argv) > 1 else "seed-2-enterprise")
    for name in ("report.pdf", "report.html", "report.md"):
        print(write_report(doc, folder / name))
    for name in ("chart.png", "chart.svg", "chart.pdf"):
        print(save_chart(doc.figures()[0], folder / name))
