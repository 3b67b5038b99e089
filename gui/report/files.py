"""Write a report to a file as PDF, HTML or Markdown, and a chart alone as PNG, SVG or PDF:
rendered in memory, then written atomically (a failed write leaves the old file as it was)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize

from infercost.gui.report.chart_painter import figure_size, paint_figure
from infercost.model.errors import InferCostError
from infercost.model.project_io import atomic_write_bytes
from infercost.model.report_doc import ReportDocument
from infercost.model.report_figure import Figure
from infercost.model.report_text import to_html, to_markdown

REPORT_FORMATS = ("pdf", "html", "md")
_SUFFIXES = {"pdf": (".pdf",), "html": (".html", ".htm"), "md": (".md", ".markdown")}


def report_format(path: Path | str, fmt: str | None = None) -> str:
    """The format to write: ``fmt`` when given (checked against the suffix), else the one the
    suffix names. A suffix that names another format is refused, not silently ignored."""
    suffix = Path(path).suffix.lower()
    named = next((f for f, s in _SUFFIXES.items() if suffix in s), None)
    if fmt is None:
        if named is None:
            raise InferCostError(
                f"{path}: a report ends in .pdf, .html or .md (or give --format), not "
                f"'{suffix or 'no suffix'}'"
            )
        return named
    if fmt not in REPORT_FORMATS:
        raise InferCostError(f"format must be pdf, html or md, not {fmt!r}")
    if named is not None and named != fmt:
        raise InferCostError(f"{path}: the name ends in {suffix} but the format is {fmt}")
    return fmt


def check_output_path(path: Path | str) -> Path:
    """Refuse an output path that cannot be written before any work is done."""
    path = Path(path)
    if path.is_dir():
        raise InferCostError(f"{path}: is a folder; give a file name")
    if not path.parent.is_dir():
        raise InferCostError(f"{path}: the folder {path.parent} does not exist")
    if path.exists() and not path.is_file():
        raise InferCostError(f"{path}: is not a regular file")
    return path


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
