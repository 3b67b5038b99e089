"""File > Import Prices: merge a LiteLLM or OpenRouter file into the catalog as one undo step."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

from infercost.gui import dialogs
from infercost.model.commands import ReplaceCatalog
from infercost.model.errors import InferCostError
from infercost.model.importers import Merged, merge_offers, read_price_file


def import_prices(window: QMainWindow, path: Path | None = None) -> bool:
    """Ask for a price file (unless given), merge its offers and report every skipped row.

    The window must have ``doc``, ``stack`` and ``settings`` (the main window). Returns True
    when offers were added or replaced; the catalog is untouched otherwise.
    """
    if path is None:
        path = dialogs.price_file_path(window, window.settings.last_dir)
        if path is None:
            return False
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = read_price_file(path)
        merged = merge_offers(window.doc.project.catalog, result)
        changed = bool(merged.added or merged.replaced)
        if changed:
            command = ReplaceCatalog(
                window.doc, merged.catalog, f"Import prices from {Path(path).name}"
            )
    except InferCostError as exc:
        QGuiApplication.restoreOverrideCursor()
        dialogs.show_error(window, "Cannot import prices", str(exc))
        return False
    QGuiApplication.restoreOverrideCursor()
    if changed:
        window.stack.push_command(command)
    dialogs.show_report(
        window, "Prices imported" if changed else "Nothing imported", *_report(path, merged, result)
    )
    return changed


def _report(path: Path, merged: Merged, result) -> tuple[str, str]:
    text = (
        f"{Path(path).name}: {len(result.offers):,} offers read; {merged.summary()}; "
        f"{len(result.skipped):,} entries skipped."
    )
    if merged.added or merged.replaced:
        text += "\nEdit ▸ Undo takes the whole import back."
    counts = Counter(s.reason.split(" (")[0] for s in result.skipped)
    lines = [f"{n:,} × {reason}" for reason, n in counts.most_common()]
    lines += ["", "Every skipped entry:"] + [f"{s.key}: {s.reason}" for s in result.skipped]
    if merged.clashing:
        lines += ["", "Left out (id used by another section):", *merged.clashing]
    return text, "\n".join(lines)
