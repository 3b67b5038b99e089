"""A main window's project file lifecycle: new, open, save, save as, autosave, recent files and
dropped files. MainWindow keeps thin delegates (``open``, ``save``, ...), so the Excel import
and export flows join these here instead of growing the window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMenu

from infercost.gui import dialogs
from infercost.gui.background import run_in_background
from infercost.gui.sample import new_project
from infercost.model.catalog.project import Project
from infercost.model.errors import InferCostError
from infercost.model.guard import Cancelled, cap_message
from infercost.model.interchange import autosave as recovery
from infercost.model.interchange import project_io

if TYPE_CHECKING:
    from infercost.gui.main_window import MainWindow

AUTOSAVE_INTERVAL_MS = 90_000
# The first crash-recovery copy follows the first unsaved edit this soon, then the interval.
FIRST_AUTOSAVE_MS = 5_000


class DocumentActions(QObject):
    """Everything that replaces, writes or recovers the window's document."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        # Started by the first unsaved edit (see _on_q_clean_changed), not at window start.
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.timeout.connect(self.autosave)
        window.stack.cleanChanged.connect(self._on_q_clean_changed)

    @property
    def doc(self):
        return self.window.doc

    @property
    def stack(self):
        return self.window.stack

    @property
    def settings(self):
        return self.window.settings

    def _status(self, text: str, ms: int = 4000) -> None:
        self.window.statusBar().showMessage(text, ms)

    def _on_q_clean_changed(self, clean: bool) -> None:
        if clean:
            self.autosave_timer.stop()
            recovery.remove_autosave(recovery.autosave_dir())
        elif not self.autosave_timer.isActive():
            self.autosave_timer.start(FIRST_AUTOSAVE_MS)

    # --- replacing the document -------------------------------------------------------------

    def maybe_save(self) -> bool:
        """Before the document goes away: True when it is safe to continue."""
        if self.stack.isClean():
            return True
        answer = dialogs.ask_save_changes(self.window, self.doc.display_name)
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new(self) -> None:
        """Replace the document by a new project on the default catalog."""
        if self.maybe_save():
            self.load(new_project(), None)

    def open(self, path: Path | None = None) -> bool:
        """Open a project file (asks for one when ``path`` is None)."""
        if not self.maybe_save():
            return False
        if path is None:
            path = dialogs.open_path(self.window, self.settings.last_dir)
            if path is None:
                return False
        project = self.read_project(Path(path), "Cannot open project")
        if project is None:
            return False
        self.load(project, Path(path))
        project_io.remove_stale_temps(Path(path).parent)  # what killed saves left there
        self.settings.add_recent(path)
        self.settings.last_dir = str(Path(path).parent)
        self._status(f"Opened {path}")
        return True

    def read_project(self, path: Path, title: str, label: str = "Opening") -> Project | None:
        """Load a project off the GUI thread (progress, cancel); None after telling the user.

        The open document is untouched whatever happens: a refusal, a cancel, even a
        MemoryError only shows a message.
        """
        try:
            return run_in_background(
                self.window,
                f"{label} {path.name}…",
                lambda progress: project_io.load_project(path, progress),
            )
        except Cancelled:
            self._status(f"{label} {path.name} cancelled")
        except InferCostError as exc:
            dialogs.show_error(self.window, title, str(exc))
        except MemoryError:
            dialogs.show_error(self.window, title, f"{path}: not enough memory to read this file")
        except RecursionError:
            dialogs.show_error(self.window, title, f"{path}: nested too deeply to read")
        return None

    def load(self, project: Project, path: Path | None) -> None:
        """Make ``project`` the document, with an empty undo history."""
        self.stack.clear()
        self.doc.replace(project, path)
        self.stack.setClean()
        self.window._update_title()
        recovery.remove_autosave(recovery.autosave_dir())

    # --- writing it ----------------------------------------------------------------------

    def save(self) -> bool:
        """Save to the document's file (asks for one the first time)."""
        if self.doc.path is None:
            return self.save_as()
        return self.save_to(self.doc.path)

    def save_as(self) -> bool:
        """Save under a name the user picks."""
        start = str(
            self.doc.path
            or Path(self.settings.last_dir or Path.home())
            / f"{file_name(self.doc.project.name)}{project_io.SUFFIX}"
        )
        path = dialogs.save_path(self.window, start)
        return self.save_to(path) if path is not None else False

    def save_to(self, path: Path) -> bool:
        """Write the document to ``path``; on success it is the document's file, clean."""
        try:
            project_io.save_project(self.doc.project, path)
        except InferCostError as exc:
            dialogs.show_error(self.window, "Project not saved", str(exc))
            return False
        if self.doc.path != path:
            self.doc.path = path
        self.stack.setClean()
        self.settings.add_recent(path)
        self.settings.last_dir = str(path.parent)
        self._status(f"Saved {path}")
        return True

    def autosave(self) -> None:
        """Write a crash-recovery copy of a modified document; the next one follows the
        interval."""
        if self.stack.isClean():
            return
        self.autosave_timer.start(AUTOSAVE_INTERVAL_MS)
        try:
            recovery.write_autosave(self.doc.project, self.doc.path, recovery.autosave_dir())
        except InferCostError as exc:
            self._status(cap_message(f"Autosave failed: {exc}", 300), 8000)

    def offer_restore(self) -> bool:
        """After a crash: offer the newest orphaned autosave; True when one was restored
        (see :func:`infercost.gui.restore.offer_restore`)."""
        from infercost.gui.restore import offer_restore

        return offer_restore(self.window)

    def close(self) -> bool:
        """When the window closes: False to keep it open; else autosaving stops and the
        crash-recovery copy goes (the work is saved or deliberately discarded)."""
        if not self.maybe_save():
            return False
        self.autosave_timer.stop()
        recovery.remove_autosave(recovery.autosave_dir())
        return True

    # --- recent and dropped files ------------------------------------------------------------

    def fill_recent_menu(self, menu: QMenu) -> None:
        """The File > Open Recent entries, newest first."""
        menu.clear()
        recent = self.settings.recent_files
        menu.setToolTipsVisible(True)
        for path in recent:
            act = menu.addAction(recent_label(path, recent))
            act.setStatusTip(path)
            act.setToolTip(path)
            act.triggered.connect(lambda _=False, p=path: self.window.open(Path(p)))
        if not recent:
            menu.addAction("No recent projects").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("Clear List", self.settings.clear_recent)

    def open_later(self, path: Path) -> None:
        """Open a dropped file once the drag has finished (opening asks questions)."""
        QTimer.singleShot(0, lambda: self.window.open(path))


def dropped_file(event) -> Path | None:
    """The one project file a drag carries, else None."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    files = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
    return files[0] if len(files) == 1 and files[0].suffix == project_io.SUFFIX else None


def recent_label(path: str, recent: list[str]) -> str:
    """A recent file's menu text: its name, with its folder when another has the same name
    (two "plan.infercost" entries must be told apart without hovering)."""
    p = Path(path)
    if sum(Path(r).name == p.name for r in recent) > 1:
        return f"{p.name} — {p.parent}"
    return p.name


def file_name(name: str) -> str:
    """A project name usable as a file name: "A/B test" must not suggest a folder "A"."""
    cleaned = "".join("-" if c in '/\\:*?"<>|' else c for c in name).strip(" .")
    return cleaned or "project"


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.main_window import MainWindow

    app = QApplication(sys.argv)
    window = MainWindow()  # File > New, Open, Save and Open Recent all run through here
    window.show()
    sys.exit(app.exec())
