"""The main window: menus, toolbar, status bar, the views, and the project file lifecycle."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QStyle,
    QTabWidget,
    QUndoView,
    QWidget,
)

from infercost.gui import dialogs, theme
from infercost.gui.about import AboutDialog
from infercost.gui.background import run_with_progress
from infercost.gui.catalog_editor import CatalogEditor
from infercost.gui.lazy_view import LazyView
from infercost.gui.price_import import import_prices
from infercost.gui.sample import new_project
from infercost.gui.settings import Settings
from infercost.gui.summary_panel import SummaryPanel
from infercost.gui.undo import DocumentUndoStack
from infercost.model import autosave as recovery
from infercost.model import project_io
from infercost.model.catalog import SECTIONS
from infercost.model.document import Document
from infercost.model.errors import InferCostError
from infercost.model.guard import Cancelled, cap_message

AUTOSAVE_INTERVAL_MS = 90_000
# The first crash-recovery copy follows the first unsaved edit this soon, then the interval.
FIRST_AUTOSAVE_MS = 5_000


class MainWindow(QMainWindow):
    """One document per window. Views are tabs in the centre; the summary is a dock."""

    def __init__(self, settings: Settings | None = None, doc: Document | None = None) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.settings = settings or Settings()
        self.doc = doc or Document(new_project())
        self.stack = DocumentUndoStack(self.doc, self)
        self.setAcceptDrops(True)
        self.setWindowIcon(_app_icon())

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("views")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.catalog_editor = CatalogEditor(self.stack, self)
        self.add_view(self.catalog_editor, "Catalog")
        self.scenarios_view = LazyView(self._make_scenarios_view, self)
        self.add_view(self.scenarios_view, "Scenarios")

        self.summary = SummaryPanel(self.doc, self)
        self.summary_dock = QDockWidget("Summary", self)
        self.summary_dock.setObjectName("summary_dock")
        self.summary_dock.setWidget(self.summary)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.summary_dock)
        self.history_dock = QDockWidget("Undo History", self)
        self.history_dock.setObjectName("history_dock")
        self.history_dock.setWidget(QUndoView(self.stack, self.history_dock))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.history_dock)
        self.history_dock.hide()  # on request (View menu): most people use Ctrl+Z
        self.catalog_editor.current_entry_changed.connect(self.summary.set_entry)
        self.catalog_editor.status_message.connect(self._on_status_message)
        self.summary.set_entry(
            self.catalog_editor.section, _id(self.catalog_editor.current_entry())
        )

        self._make_actions()
        self._make_menus()
        self.statusBar().showMessage("Ready", 3000)
        self.stack.cleanChanged.connect(self._on_q_clean_changed)
        self.stack.pushed.connect(lambda text: self.statusBar().showMessage(text, 4000))
        self.doc.path_changed.connect(lambda _p: self._update_title())
        self._update_title()

        # Started by the first unsaved edit (see _on_q_clean_changed), not at window start.
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.timeout.connect(self.autosave)

        self.resize(_first_size())
        if not self.settings.geometry.isEmpty():
            self.restoreGeometry(self.settings.geometry)
        if not self.settings.window_state.isEmpty():
            self.restoreState(self.settings.window_state)

    def _make_scenarios_view(self) -> QWidget:
        from infercost.gui.scenarios.view import ScenariosView

        view = ScenariosView(self.stack)
        view.status_message.connect(self._on_status_message)
        return view

    def add_view(self, widget: QWidget, title: str) -> None:
        """Add a view as a tab (the build configurator, charts and scenarios go here)."""
        self.tabs.addTab(widget, title)
        self.tabs.tabBar().setVisible(self.tabs.count() > 1)

    # --- actions and menus ---------------------------------------------------------------

    def _action(
        self, text: str, slot, key=None, icon: QStyle.StandardPixmap | None = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if key is not None:
            action.setShortcut(QKeySequence(key))
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _make_actions(self) -> None:
        sk, sp = QKeySequence.StandardKey, QStyle.StandardPixmap
        self.new_action = self._action(
            "&New", self.new, sk.New, sp.SP_FileIcon, "Start a project from the default catalog"
        )
        self.open_action = self._action(
            "&Open…", self.open, sk.Open, sp.SP_DialogOpenButton, "Open a project file"
        )
        self.save_action = self._action(
            "&Save", self.save, sk.Save, sp.SP_DialogSaveButton, "Save the project"
        )
        self.save_as_action = self._action(
            "Save &As…", self.save_as, sk.SaveAs, None, "Save under a new name"
        )
        self.import_prices_action = self._action(
            "&Import Prices…",
            lambda: import_prices(self),
            "Ctrl+I",
            None,
            "Add API prices from a LiteLLM or OpenRouter JSON file",
        )
        self.quit_action = self._action("&Quit", self.close, sk.Quit)
        self.undo_action = self.stack.createUndoAction(self, "&Undo")
        # Every platform binding, not only the first; and Ctrl+Y redoes everywhere (the X11
        # scheme lists only Ctrl+Shift+Z, yet Ctrl+Y is what Windows and office habits expect).
        self.undo_action.setShortcuts(sk.Undo)
        self.undo_action.setIcon(self.style().standardIcon(sp.SP_ArrowBack))
        self.redo_action = self.stack.createRedoAction(self, "&Redo")
        redo_keys = QKeySequence.keyBindings(sk.Redo)
        if QKeySequence("Ctrl+Y") not in redo_keys:
            redo_keys.append(QKeySequence("Ctrl+Y"))
        self.redo_action.setShortcuts(redo_keys)
        self.redo_action.setIcon(self.style().standardIcon(sp.SP_ArrowForward))
        # Connected after the stack's own slot: the step has been undone/redone by now.
        self.undo_action.triggered.connect(lambda: self._after_undo_redo(undone=True))
        self.redo_action.triggered.connect(lambda: self._after_undo_redo(undone=False))
        self.about_action = self._action("&About InferCost", self.about)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.new_action, self.open_action])
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file.addSeparator()
        file.addActions([self.save_action, self.save_as_action])
        file.addSeparator()
        file.addAction(self.import_prices_action)
        file.addSeparator()
        file.addAction(self.quit_action)

        ed = self.catalog_editor
        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        edit.addActions([ed.add_action, ed.duplicate_action, ed.delete_action, ed.copy_action])
        edit.addSeparator()
        edit.addAction(ed.find_action)

        view = bar.addMenu("&View")
        view.addAction(self.summary_dock.toggleViewAction())
        view.addAction(self.history_dock.toggleViewAction())
        toolbar = self.addToolBar("Main toolbar")
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.new_action, self.open_action, self.save_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        view.addAction(toolbar.toggleViewAction())
        scheme = view.addMenu("&Colour Scheme")
        group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for name in theme.THEMES:
            act = scheme.addAction(name.capitalize())
            act.setCheckable(True)
            act.setChecked(name == self.settings.theme)
            act.triggered.connect(lambda _=False, n=name: self.set_theme(n))
            group.addAction(act)
            self.theme_actions[name] = act

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files
        self.recent_menu.setToolTipsVisible(True)
        for path in recent:
            act = self.recent_menu.addAction(recent_label(path, recent))
            act.setStatusTip(path)
            act.setToolTip(path)
            act.triggered.connect(lambda _=False, p=path: self.open(Path(p)))
        if not recent:
            self.recent_menu.addAction("No recent projects").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear List", self.settings.clear_recent)

    def _after_undo_redo(self, undone: bool) -> None:
        """Say what was undone or redone and show where: an undo of an edit in another
        section would otherwise change nothing the user can see."""
        index = self.stack.index() if undone else self.stack.index() - 1
        step = self.stack.command(index)
        if step is None:
            return
        self.statusBar().showMessage(f"{'Undone' if undone else 'Redone'}: {step.text()}", 4000)
        command = getattr(step, "command", None)
        section = getattr(command, "section", None)
        if section in ("scenarios", "workloads"):
            self._show_scenario_of(section, getattr(command, "row", None))
            return
        if section not in SECTIONS:
            return
        row = getattr(command, "row", None)
        if row is None and getattr(command, "removed", None):
            row = command.removed[0][0]
        page = self.catalog_editor.show_section(section)
        if row is not None and 0 <= row < page.model.rowCount():
            page.select_source_rows(row, 1)

    def _show_scenario_of(self, section: str, row: int | None) -> None:
        """Show the scenario an undone or redone step edited (or one using its workload)."""
        p = self.doc.project
        entries = p.scenarios if section == "scenarios" else p.workloads
        if row is None or not 0 <= row < len(entries):
            return
        ident = entries[row].id
        sid = (
            ident
            if section == "scenarios"
            else next((s.id for s in p.scenarios if s.workload_id == ident), None)
        )
        if sid is not None:
            self.tabs.setCurrentWidget(self.scenarios_view)
            self.scenarios_view.ensure_built().select_scenario(sid)

    def set_theme(self, name: str) -> None:
        """Switch the colour scheme and remember it."""
        self.settings.theme = name
        theme.apply_theme(QApplication.instance(), name)  # type: ignore[arg-type]

    def about(self) -> AboutDialog:
        """Show the About box (non-modal, so nothing blocks)."""
        dialog = AboutDialog(self.doc.project.catalog, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # --- title and status ----------------------------------------------------------------

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.doc.display_name}[*] — InferCost")
        self.setWindowModified(not self.stack.isClean())

    def _on_q_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)
        if clean:
            self.autosave_timer.stop()
            recovery.remove_autosave(recovery.autosave_dir())
        elif not self.autosave_timer.isActive():
            self.autosave_timer.start(FIRST_AUTOSAVE_MS)

    def _on_status_message(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text, 8000)
        else:
            self.statusBar().clearMessage()

    # --- file lifecycle --------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """Before the document goes away: True when it is safe to continue."""
        if self.stack.isClean():
            return True
        answer = dialogs.ask_save_changes(self, self.doc.display_name)
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new(self) -> None:
        """Replace the document by a new project on the default catalog."""
        if self.maybe_save():
            self._load(new_project(), None)

    def open(self, path: Path | None = None) -> bool:
        """Open a project file (asks for one when ``path`` is None)."""
        if not self.maybe_save():
            return False
        if path is None:
            path = dialogs.open_path(self, self.settings.last_dir)
            if path is None:
                return False
        project = self.read_project(Path(path), "Cannot open project")
        if project is None:
            return False
        self._load(project, Path(path))
        self.settings.add_recent(path)
        self.settings.last_dir = str(Path(path).parent)
        self.statusBar().showMessage(f"Opened {path}", 4000)
        return True

    def read_project(self, path: Path, title: str, label: str = "Opening"):
        """Load a project off the GUI thread (progress, cancel); None after telling the user.

        The open document is untouched whatever happens: a refusal, a cancel, even a
        MemoryError only shows a message.
        """
        try:
            return run_with_progress(
                self,
                f"{label} {path.name}…",
                lambda progress: project_io.load_project(path, progress),
            )
        except Cancelled:
            self.statusBar().showMessage(f"{label} {path.name} cancelled", 4000)
        except InferCostError as exc:
            dialogs.show_error(self, title, str(exc))
        except MemoryError:
            dialogs.show_error(self, title, f"{path}: not enough memory to read this file")
        except RecursionError:
            dialogs.show_error(self, title, f"{path}: nested too deeply to read")
        return None

    def _load(self, project, path: Path | None) -> None:
        self.stack.clear()
        self.doc.replace(project, path)
        self.stack.setClean()
        self._update_title()
        recovery.remove_autosave(recovery.autosave_dir())

    def save(self) -> bool:
        """Save to the document's file (asks for one the first time)."""
        if self.doc.path is None:
            return self.save_as()
        return self._save_to(self.doc.path)

    def save_as(self) -> bool:
        """Save under a name the user picks."""
        start = str(
            self.doc.path
            or Path(self.settings.last_dir or Path.home())
            / f"{_file_name(self.doc.project.name)}{project_io.SUFFIX}"
        )
        path = dialogs.save_path(self, start)
        return self._save_to(path) if path is not None else False

    def _save_to(self, path: Path) -> bool:
        try:
            project_io.save_project(self.doc.project, path)
        except InferCostError as exc:
            dialogs.show_error(self, "Project not saved", str(exc))
            return False
        if self.doc.path != path:
            self.doc.path = path
        self.stack.setClean()
        self.settings.add_recent(path)
        self.settings.last_dir = str(path.parent)
        self.statusBar().showMessage(f"Saved {path}", 4000)
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
            self.statusBar().showMessage(cap_message(f"Autosave failed: {exc}", 300), 8000)

    def offer_restore(self) -> bool:
        """After a crash: offer the newest orphaned autosave; True when one was restored
        (see :func:`infercost.gui.restore.offer_restore`)."""
        from infercost.gui.restore import offer_restore

        return offer_restore(self)

    # --- events ------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_file(event)
        if path is not None:
            event.acceptProposedAction()
            # Opening asks questions; let the drag finish first.
            QTimer.singleShot(0, lambda: self.open(path))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.autosave_timer.stop()
        recovery.remove_autosave(recovery.autosave_dir())
        event.accept()


def _dropped_file(event) -> Path | None:
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


def _first_size() -> QSize:
    """1280x800, or less on a screen that cannot show it (a laptop at 200% scaling has
    about 960x540 logical pixels): the status bar and summary must not start off-screen."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1280, 800)
    room = screen.availableGeometry().size()
    return QSize(min(1280, int(room.width() * 0.95)), min(800, int(room.height() * 0.9)))


def _file_name(name: str) -> str:
    """A project name usable as a file name: "A/B test" must not suggest a folder "A"."""
    cleaned = "".join("-" if c in '/\\:*?"<>|' else c for c in name).strip(" .")
    return cleaned or "project"


def _id(entry) -> str | None:
    return entry.id if entry is not None else None


def _app_icon() -> QIcon:
    from infercost import resources

    return QIcon(str(resources.path("infercost.svg")))


if __name__ == "__main__":
    import sys

    app = QApplication(sys.argv)
    window = MainWindow()
    window.show()
    sys.exit(app.exec())
