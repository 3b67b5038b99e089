"""The About box: version, the libraries in use, and where the catalog's figures come from."""

from __future__ import annotations

import platform
from collections import Counter
from html import escape
from importlib import metadata

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from infercost.model.catalog.catalog import Catalog


def app_version() -> str:
    """The installed InferCost version."""
    return _version("infercost")


def _version(dist: str) -> str:
    # Package metadata, not the module: importing pyqtgraph here would slow the app's start.
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "development" if dist == "infercost" else "not installed"


def provenance_lines(catalog: Catalog, limit: int = 6) -> list[str]:
    """The catalog's sources, most-cited first, each with its entry count and dates."""
    sources: Counter[str] = Counter()
    dates: dict[str, set[str]] = {}
    for _, entry in catalog.entries():
        origin = _origin(entry.source)
        sources[origin] += 1
        dates.setdefault(origin, set()).add(entry.as_of or "undated")
    out = []
    for origin, n in sources.most_common(limit):
        when = ", ".join(sorted(dates[origin]))
        out.append(f"{origin}: {n} entries ({when})")
    rest = sum(sources.values()) - sum(n for _, n in sources.most_common(limit))
    if rest:
        out.append(f"other sources: {rest} entries")
    return out


class AboutDialog(QDialog):
    """Version and provenance; every figure in the catalog names its source in the editor."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About InferCost")
        items = "".join(f"<li>{escape(x)}</li>" for x in provenance_lines(catalog))
        text = (
            f"<h2>InferCost {app_version()}</h2>"
            "<p>An offline planner for the economics of AI inference: API prices, GPU rental, "
            "owned hardware and where they break even.</p>"
            f"<p><b>Data provenance</b> ({sum(1 for _ in catalog.entries())} catalog entries):</p>"
            f"<ul>{items}</ul>"
            "<p>Each entry's source and date are shown under the catalog table. Figures are "
            "estimates as of their date: check current prices before you buy.</p>"
            f"<p style='color: gray'>Python {platform.python_version()} · "
            + " · ".join(
                f"{d} {_version(d)}" for d in ("PySide6-Essentials", "pyqtgraph", "pydantic")
            )
            + "</p>"
        )
        label = QLabel(text, self)
        label.setObjectName("about_text")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        label.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(label)
        lay.addWidget(buttons)
        width = self.fontMetrics().horizontalAdvance("M") * 45
        self.setMinimumWidth(width)
        # A wrapped label's height depends on its width: size for the width we set.
        label.setMinimumHeight(label.heightForWidth(width - 2 * lay.contentsMargins().left()))


SEED = "Seed: Economics of AI Inference in 2026 (D. Chheda)"


def _origin(source: str) -> str:
    """The document a source cites first: the seed wherever cited, else the first reference."""
    if not source.strip():
        return "no source recorded"
    if SEED in source:
        return SEED
    first = source.split(";")[0].split(",")[0].strip()
    head, _, rest = first.partition(": ")
    # "Price: vendor list" -> "vendor list": a short label before the colon is not the origin.
    return rest.strip() if rest and len(head) <= 12 else first


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import new_project

    app = QApplication(sys.argv)
    dialog = AboutDialog(new_project().catalog)
    dialog.show()
    sys.exit(app.exec())
