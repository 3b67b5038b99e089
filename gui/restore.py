"""Crash recovery at start-up: offer orphaned autosaves, report and move aside damaged ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from infercost.gui import dialogs
from infercost.gui.sample import new_project
from infercost.model.edits.commands import ReplaceProject
from infercost.model.interchange import autosave as recovery

if TYPE_CHECKING:
    from infercost.gui.main_window import MainWindow


def offer_restore(window: MainWindow) -> bool:
    """After a crash: offer the newest orphaned autosave; True when one was restored.

    Called at every start, with or without a file argument. A copy that cannot be read
    is moved aside and reported; nothing here stops the app from starting.
    """
    found_all = recovery.find_autosaves(recovery.autosave_dir())
    damaged = list(found_all.moved_aside)
    restored = False
    for found in found_all.orphans:
        if not recovery.claim(found):
            continue  # another InferCost started at the same time is offering it
        try:
            answer = dialogs.ask_restore(window, found)
            if answer == "discard":
                recovery.discard_autosave(found)
                continue
            if answer == "later" or not window.maybe_save():
                break
            project = window.read_project(found.path, "Cannot restore", "Restoring")
            if project is None:
                damaged.append((recovery.move_aside(found.path), "could not be restored"))
                continue
            # Restored work is unsaved work: one undoable step on a fresh document.
            window._load(new_project(), None)
            window.stack.push_command(ReplaceProject(window.doc, project, "Restore unsaved work"))
            window.doc.path = found.original
            recovery.discard_autosave(found)
            window.autosave()
            restored = True
            break
        finally:
            recovery.release(found)
    if damaged:
        lines = [f"{p}: {why}" for p, why in damaged]
        dialogs.show_error(
            window,
            "Damaged crash-recovery copy",
            "A crash-recovery copy could not be read and was moved aside "
            "(you can delete it):\n" + "\n".join(lines),
        )
    return restored


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.main_window import MainWindow

    app = QApplication(sys.argv)
    main = MainWindow()
    main.show()
    print("restored" if offer_restore(main) else "nothing restored")
    sys.exit(app.exec())
