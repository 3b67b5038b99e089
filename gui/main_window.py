"""The main window: menus, toolbar, status bar, the views and docks (the project file lifecycle
is in gui/document_actions.py)."""

from __future__ import annotations

import contextlib
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
from infercost.gui.builds import BuildsTab
from infercost.gui.catalog_editor import CatalogEditor
from infercost.gui.document_actions import (
    AUTOSAVE_INTERVAL_MS,
    FIRST_AUTOSAVE_MS,
    DocumentActions,
    dropped_file,
    recent_label,
)
from infercost.gui.events import subscribe
from infercost.gui.excel_actions import export_to_excel, import_file
from infercost.gui.lazy_view import LazyView
from infercost.gui.model_import_action import dropped_model_file, import_model
from infercost.gui.sample import new_project
from infercost.gui.settings import Settings
from infercost.gui.summary_panel import SummaryPanel
from infercost.gui.undo import DocumentUndoStack
from infercost.model.catalog.catalog import SECTIONS
from infercost.model.edits.commands import Change
from infercost.model.edits.document import Document
from infercost.model.edits.project_edits import RenameProject
from infercost.model.errors import InferCostError

# Re-exported for callers and tests written before the lifecycle moved out.
__all__ = ["AUTOSAVE_INTERVAL_MS", "FIRST_AUTOSAVE_MS", "MainWindow", "dialogs", "recent_label"]


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
        self.builds_tab = BuildsTab(self.stack, self)
        self.add_view(self.builds_tab, "Builds")
        # Built when first shown: a start on the catalog does not import pyqtgraph.
        self._shown_scenario: str | None = None
        self.breakeven_tab = LazyView(self._make_breakeven_view, self)
        self.add_view(self.breakeven_tab, "Break-even")
        self.scenarios_view = LazyView(self._make_scenarios_view, self)
        self.add_view(self.scenarios_view, "Scenarios")
        self.time_view = LazyView(self._make_time_view, self)
        self.add_view(self.time_view, "Time && ranges")

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
        self.builds_tab.current_build_changed.connect(lambda i: self.summary.set_entry("builds", i))
        self.builds_tab.status_message.connect(self._on_status_message)
        self._summary_aside = False  # hidden by a view change, not by the user
        self.tabs.currentChanged.connect(self._on_q_view_changed)
        self.summary.set_entry(
            self.catalog_editor.section, _id(self.catalog_editor.current_entry())
        )

        self._make_actions()
        self._make_menus()
        self.statusBar().showMessage("Ready", 3000)
        self.stack.cleanChanged.connect(self._on_q_clean_changed)
        self.stack.pushed.connect(lambda text: self.statusBar().showMessage(text, 4000))
        self.doc.path_changed.connect(lambda _p: self._update_title())
        subscribe(self, self.doc.changed, self._on_doc_changed)
        self._update_title()

        self.files = DocumentActions(self)
        self.autosave_timer = self.files.autosave_timer

        self.resize(_first_size())
        if not self.settings.geometry.isEmpty():
            self.restoreGeometry(self.settings.geometry)
        if not self.settings.window_state.isEmpty():
            self.restoreState(self.settings.window_state)

    def _make_scenarios_view(self) -> QWidget:
        from infercost.gui.scenarios.view import ScenariosView

        view = ScenariosView(self.stack)
        view.status_message.connect(self._on_status_message)
        view.scenario_selected.connect(self._follow_scenario)
        if self._shown_scenario is not None:
            view.select_scenario(self._shown_scenario)
        return view

    def current_scenario_id(self) -> str | None:
        """The scenario on screen (Scenarios list and Break-even chart), None before any."""
        sid = self._shown_scenario
        if sid is not None and any(s.id == sid for s in self.doc.project.scenarios):
            return sid
        return None

    def _make_time_view(self) -> QWidget:
        from infercost.gui.timeline.view import TimeView

        view = TimeView(self.stack, self)
        view.status_message.connect(self._on_status_message)
        view.scenario_changed.connect(self._follow_scenario)
        if self._shown_scenario is not None:
            with contextlib.suppress(InferCostError):
                view.set_scenario(self._shown_scenario)
        return view

    def _follow_scenario(self, scenario_id: str) -> None:
        """The Scenarios list and the Break-even chart show the same scenario: a choice in
        either moves the other (if it is built; a view built later starts on it)."""
        if not scenario_id or scenario_id == self._shown_scenario:
            return
        self._shown_scenario = scenario_id
        chart, scenarios = self.breakeven_tab.view, self.scenarios_view.view
        if chart is not None and chart.scenario_id != scenario_id:
            with contextlib.suppress(InferCostError):
                chart.set_scenario(scenario_id)
        if scenarios is not None and scenarios.scenario_id != scenario_id:
            scenarios.select_scenario(scenario_id)
        times = self.time_view.view
        if times is not None and times.scenario_id != scenario_id:
            with contextlib.suppress(InferCostError):
                times.set_scenario(scenario_id)

    def add_view(self, widget: QWidget, title: str) -> None:
        """Add a view as a tab (the build configurator, charts and scenarios go here)."""
        self.tabs.addTab(widget, title)
        self.tabs.tabBar().setVisible(self.tabs.count() > 1)

    def _make_breakeven_view(self) -> QWidget:
        from infercost.gui.breakeven.view import BreakEvenView

        view = BreakEvenView(self.stack, self)
        view.status_message.connect(self._on_status_message)
        view.scenario_changed.connect(self._follow_scenario)
        if self._shown_scenario is not None:
            with contextlib.suppress(InferCostError):
                view.set_scenario(self._shown_scenario)
        return view

    def show_breakeven(self, scenario_id: str | None = None):
        """Bring the break-even tab to the front, on ``scenario_id`` if given, and return its
        view (built on first use). Other views (the scenarios list) call this to chart one."""
        self.tabs.setCurrentWidget(self.breakeven_tab)
        view = self.breakeven_tab.ensure_built()
        if scenario_id is not None:
            view.set_scenario(scenario_id)
        return view

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
            "&Import…",
            lambda: import_file(self),
            "Ctrl+I",
            None,
            "Import a workbook, a SkyPilot rental CSV or a LiteLLM/OpenRouter price list "
            "(with a preview)",
        )
        self.import_model_action = self._action(
            "Import &Model…",
            lambda: import_model(self),
            "Ctrl+Shift+I",
            None,
            "Add an LLM from a Hugging Face config.json or a GGUF file's header (with a preview); "
            "you can also drop the file on the window",
        )
        self.export_excel_action = self._action(
            "Export to &Excel…",
            lambda: export_to_excel(self),
            "Ctrl+E",
            None,
            "Write a workbook that recalculates on its own in Excel and LibreOffice",
        )
        self.rename_project_action = self._action(
            "Rena&me Project…", self.rename_project, None, None, "Change the project's name"
        )
        self.export_report_action = self._action(
            "Export &Report…",
            lambda: self.export_report(),  # not triggered(checked) as the path
            "Ctrl+Shift+E",
            None,
            "Write a scenario's proposal report to hand over: PDF, HTML or Markdown",
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
        self.guide_action = self._action(
            "&Guide",
            lambda: self.show_guide(),
            sk.HelpContents,
            sp.SP_DialogHelpButton,
            "What each view answers, the formulas worked on the seed, every input and its "
            "unit (F1 on a field opens its entry)",
        )
        self._guide = None

    def export_report(self, path=None, choice=None):
        """File > Export report…: the proposal report of a scenario (see gui/report/actions)."""
        from infercost.gui.report.actions import export_report

        return export_report(self, path, choice)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.new_action, self.open_action])
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file.addSeparator()
        file.addActions([self.save_action, self.save_as_action])
        file.addSeparator()
        file.addAction(self.rename_project_action)
        file.addSeparator()
        file.addActions(
            [
                self.import_prices_action,
                self.import_model_action,
                self.export_excel_action,
                self.export_report_action,
            ]
        )
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
        help_menu.addAction(self.guide_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _fill_recent_menu(self) -> None:
        self.files.fill_recent_menu(self.recent_menu)

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

    def show_guide(self, field_widget: QWidget | None = None):
        """Open the guide (offline, bundled) at the entry of the field ``field_widget`` edits
        (default: the widget with the focus, so F1 explains the field you are in), or at the
        top; it stays open beside the window."""
        from infercost.gui.guide import GuideWindow, anchor_for

        anchor = anchor_for(field_widget or QApplication.focusWidget())
        if self._guide is None:
            self._guide = GuideWindow(self)
        self._guide.show()
        self._guide.raise_()
        self._guide.show_anchor(anchor)
        return self._guide

    def land_on_answer(self) -> None:
        """Open on the break-even chart of the first scenario (a first run's view: an answer,
        not the raw price tables). The chart is built just after the window first paints."""
        self.breakeven_tab.defer_first_build = True
        self.tabs.setCurrentWidget(self.breakeven_tab)

    # --- title and status ----------------------------------------------------------------

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.doc.display_name}[*] — InferCost")
        self.setWindowModified(not self.stack.isClean())

    def _on_q_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _on_q_view_changed(self, _index: int) -> None:
        """The summary dock follows the shown view: the catalog's selection, or the build.
        The Break-even and Scenarios views show their own figures: there the dock steps aside
        (and comes back with the catalog or builds unless the user closed it)."""
        current = self.tabs.currentWidget()
        priced = current in (self.catalog_editor, self.builds_tab)
        if current is self.catalog_editor:
            ed = self.catalog_editor
            self.summary.set_entry(ed.section, _id(ed.current_entry()))
        elif current is self.builds_tab and self.builds_tab.view is not None:
            self.summary.set_entry("builds", self.builds_tab.view.build_id)
        elif not priced:
            self.summary.set_entry("", None)  # opened from the View menu: no stale entry
        if not priced and self.summary_dock.isVisible():
            self._summary_aside = True
            self.summary_dock.hide()
        elif priced and self._summary_aside:
            self._summary_aside = False
            self.summary_dock.show()

    def rename_project(self) -> None:
        """Ask for a new project name and rename it (one undo step)."""
        name = dialogs.ask_text(self, "Rename Project", "Project name:", self.doc.project.name)
        if name is None or name.strip() == self.doc.project.name:
            return
        try:
            self.stack.push_command(RenameProject(self.doc, name))
        except InferCostError as exc:
            self._on_status_message(str(exc))

    def _on_doc_changed(self, change: Change) -> None:
        if change.touches("project"):  # a rename (or a new project): the title names it
            self._update_title()

    def _on_status_message(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text, 8000)
        else:
            self.statusBar().clearMessage()

    # --- file lifecycle: gui/document_actions.py does the work ---------------------------

    def maybe_save(self) -> bool:
        """Before the document goes away: True when it is safe to continue."""
        return self.files.maybe_save()

    def new(self) -> None:
        """Replace the document by a new project on the default catalog."""
        self.files.new()

    def open(self, path: Path | None = None) -> bool:
        """Open a project file (asks for one when ``path`` is None)."""
        return self.files.open(path)

    def read_project(self, path: Path, title: str, label: str = "Opening"):
        """Load a project with progress and cancel; None after telling the user."""
        return self.files.read_project(path, title, label)

    def _load(self, project, path: Path | None) -> None:
        self.files.load(project, path)

    def save(self) -> bool:
        """Save to the document's file (asks for one the first time)."""
        return self.files.save()

    def save_as(self) -> bool:
        """Save under a name the user picks."""
        return self.files.save_as()

    def _save_to(self, path: Path) -> bool:
        return self.files.save_to(path)

    def autosave(self) -> None:
        """Write a crash-recovery copy of a modified document."""
        self.files.autosave()

    def offer_restore(self) -> bool:
        """After a crash: offer the newest orphaned autosave; True when one was restored."""
        return self.files.offer_restore()

    # --- events ------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_file(event) is not None or dropped_model_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_file(event)
        if path is not None:
            event.acceptProposedAction()
            self.files.open_later(path)
            return
        model = dropped_model_file(event)
        if model is not None:
            # A config.json or GGUF dropped anywhere (the LLM table included) imports an LLM,
            # after the drop returns (a modal preview must not run inside the drag).
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: import_model(self, model))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.close():
            event.ignore()
            return
        self.settings.geometry = self.saveGeometry()
        if self._summary_aside:  # stepped aside for a chart, not closed: open next time
            self.summary_dock.show()
        self.settings.window_state = self.saveState()
        event.accept()


def _first_size() -> QSize:
    """1280x800, or less on a screen that cannot show it (a laptop at 200% scaling has
    about 960x540 logical pixels): the status bar and summary must not start off-screen."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1280, 800)
    room = screen.availableGeometry().size()
    return QSize(min(1280, int(room.width() * 0.95)), min(800, int(room.height() * 0.9)))


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
