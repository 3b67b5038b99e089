"""File > Import Prices: merge a LiteLLM or OpenRouter file into the catalog as one undo step."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtWidgets import QMainWindow

from infercost.gui import dialogs
from infercost.gui.background import run_in_background
from infercost.model.edits.commands import ReplaceCatalog
from infercost.model.errors import InferCostError
from infercost.model.guard import Cancelled, printable
from infercost.model.interchange.importers import (
    ImportResult,
    Merged,
    merge_offers,
    read_price_file,
)

# The report's detail list stops here; the CLI's --skipped lists every entry.
MAX_REPORT_LINES = 2_000


def import_prices(window: QMainWindow, path: Path | None = None) -> bool:
    """Ask for a price file (unless given), merge its offers and report every skipped row.

    The window must have ``doc``, ``stack`` and ``settings`` (the main window). Returns True
    when offers were added or replaced; the catalog is untouched otherwise. The file is read
    off the GUI thread (progress, cancel); no exception escapes.
    """
    if path is None:
        path = dialogs.price_file_path(window, window.settings.last_dir)
        if path is None:
            return False
    path = Path(path)
    catalog = window.doc.project.catalog

    def work(progress):
        result = read_price_file(path, progress=progress)
        return result, merge_offers(catalog, result)

    try:
        result, merged = run_in_background(window, f"Importing prices from {path.name}…", work)
    except Cancelled:
        window.statusBar().showMessage(f"Import from {path.name} cancelled", 4000)
        return False
    except InferCostError as exc:
        dialogs.show_error(window, "Cannot import prices", str(exc))
        return False
    except (MemoryError, RecursionError, ValueError, TypeError) as exc:
        # Defence in depth: the importer turns bad entries into skips, but the open
        # document must survive whatever a file does.
        dialogs.show_error(window, "Cannot import prices", f"{path}: {type(exc).__name__} {exc}")
        return False
    changed = bool(merged.added or merged.replaced)
    if changed:
        window.stack.push_command(
            ReplaceCatalog(window.doc, merged.catalog, f"Import prices from {path.name}")
        )
    dialogs.show_report(
        window, "Prices imported" if changed else "Nothing imported", *_report(path, merged, result)
    )
    return changed


def _report(path: Path, merged: Merged, result: ImportResult) -> tuple[str, str]:
    text = (
        f"{printable(path.name)}: {len(result.offers):,} offers read; {merged.summary()}; "
        f"{len(result.skipped):,} entries skipped."
    )
    if result.flagged:
        text += f"\n{len(result.flagged):,} imported with an unusually high price: check them."
    if merged.added or merged.replaced:
        text += "\nEdit ▸ Undo takes the whole import back."
    counts = Counter(s.reason.split(" (")[0] for s in result.skipped)
    lines = [f"{n:,} × {printable(reason)}" for reason, n in counts.most_common()]
    if result.flagged:
        lines += ["", "Unusually high prices (imported):"]
        lines += [f"{f.id}: {f.reason}" for f in result.flagged]
    lines += ["", "Every skipped entry:"]
    lines += [f"{printable(s.key)}: {printable(s.reason)}" for s in result.skipped]
    if merged.clashing:
        lines += ["", "Left out (id used by another section):", *merged.clashing]
    if len(lines) > MAX_REPORT_LINES:
        more = len(lines) - MAX_REPORT_LINES
        lines = [*lines[:MAX_REPORT_LINES], f"… and {more:,} more lines (infercost-cli lists all)"]
    return text, "\n".join(lines)
