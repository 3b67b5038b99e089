"""The main window: title and modified marker, save/open, close, autosave, drops, leaks."""

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QLabel

from infercost.gui import dialogs
from infercost.model.edits.commands import SetField
from infercost.model.interchange import project_io

DATA = Path(__file__).resolve().parent.parent / "data"


def _edit(window, value=3.0):
    window.stack.push_command(SetField(window.doc, "api_offers", 0, "input_usd_per_mtok", value))


def test_title_shows_name_and_modified_marker_from_the_undo_stack(window):
    assert window.windowTitle() == "Economics of AI inference 2026[*] — InferCost"
    assert not window.isWindowModified()
    _edit(window)
    assert window.isWindowModified()
    window.undo_action.trigger()
    assert not window.isWindowModified()
    window.redo_action.trigger()
    assert window.isWindowModified()


def test_menus_and_standard_shortcuts(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Help"]
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert window.save_action.shortcut().toString() == "Ctrl+S"
    assert window.open_action.shortcut().toString() == "Ctrl+O"


def test_save_as_then_open_round_trip(window, monkeypatch, tmp_path):
    path = tmp_path / "mine.infercost"
    monkeypatch.setattr(dialogs, "save_path", lambda parent, start: path)
    _edit(window, 3.25)
    assert window.save()
    assert not window.isWindowModified()
    assert window.windowTitle() == "mine.infercost[*] — InferCost"
    assert window.settings.recent_files == [str(path.resolve())]
    _edit(window, 9.0)
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name: "discard")
    assert window.open(path)
    assert window.doc.project.catalog.api_offers[0].input_usd_per_mtok == 3.25
    assert window.stack.count() == 0
    assert not window.isWindowModified()


def test_open_golden_file_and_refuse_a_newer_one(window, monkeypatch, tmp_path):
    assert window.open(DATA / "project-v1.infercost")
    assert window.doc.project.name == "Golden v1: chat assistant"
    data = json.loads((DATA / "project-v1.infercost").read_text())
    data["schema_version"] = 7
    newer = tmp_path / "newer.infercost"
    newer.write_text(json.dumps(data))
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append(text))
    assert not window.open(newer)
    assert "newer InferCost" in errors[0]
    assert window.doc.project.name == "Golden v1: chat assistant"  # the open document stays


def test_failed_save_keeps_the_old_file_and_the_modified_marker(window, monkeypatch, tmp_path):
    path = tmp_path / "p.infercost"
    monkeypatch.setattr(dialogs, "save_path", lambda parent, start: path)
    assert window.save()
    old = path.read_bytes()
    _edit(window)
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append(text))

    def full_disk(*_a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(project_io.os, "fsync", full_disk)
    assert not window.save()
    assert path.read_bytes() == old
    assert window.isWindowModified()
    assert "No space left on device" in errors[0]


@pytest.mark.parametrize(("answer", "closed"), [("cancel", False), ("discard", True)])
def test_close_asks_save_discard_cancel(window, monkeypatch, answer, closed):
    asked = []
    monkeypatch.setattr(
        dialogs, "ask_save_changes", lambda parent, name: asked.append(name) or answer
    )
    _edit(window)
    assert window.close() is closed
    assert asked == ["Economics of AI inference 2026"]


def test_close_with_save_writes_the_file(window, monkeypatch, tmp_path):
    path = tmp_path / "closing.infercost"
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name: "save")
    monkeypatch.setattr(dialogs, "save_path", lambda parent, start: path)
    _edit(window, 7.0)
    assert window.close()
    assert project_io.load_project(path).catalog.api_offers[0].input_usd_per_mtok == 7.0


def test_autosave_then_restore_after_a_crash(window, qtbot, settings, monkeypatch, tmp_path):
    from infercost.gui.main_window import MainWindow

    window.autosave()
    assert not (tmp_path / "autosave").exists()  # nothing to keep for a clean document
    _edit(window, 5.5)
    window.autosave()
    written = list((tmp_path / "autosave").glob("autosave-*.infercost"))
    assert len(written) == 1
    # Pretend the process died: the copy now belongs to a pid that does not exist.
    data = json.loads(written[0].read_text())
    data["autosave"]["pid"] = 2**22 + 99
    orphan = written[0].with_name("autosave-4194403.infercost")
    orphan.write_text(json.dumps(data))

    second = MainWindow(settings)
    qtbot.addWidget(second)
    monkeypatch.setattr(dialogs, "ask_restore", lambda parent, found: "restore")
    assert second.offer_restore()
    assert second.doc.project.catalog.api_offers[0].input_usd_per_mtok == 5.5
    assert second.isWindowModified()
    assert not orphan.exists()
    second.undo_action.trigger()  # the restore is one undoable step
    assert second.doc.project.catalog.api_offers[0].input_usd_per_mtok == 2.5
    # A clean save removes this window's own autosave.
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name: "discard")
    window.stack.undo()
    assert not written[0].exists()


def test_dropping_a_project_file_opens_it(window, qtbot):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(DATA / "project-v1.infercost"))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.doc.project.name == "Golden v1: chat assistant")
    assert window.windowTitle() == "project-v1.infercost[*] — InferCost"


def test_geometry_and_state_are_restored(window, qtbot, settings):
    from infercost.gui.main_window import MainWindow

    window.resize(700, 500)  # inside the offscreen screen (800x600), which restore clamps to
    window.summary_dock.hide()
    size = window.size()
    assert window.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.show()
    assert again.size() == size
    assert again.summary_dock.isHidden()


def test_about_box_shows_version_and_provenance(window, qtbot):
    dialog = window.about()
    text = dialog.findChild(QLabel, "about_text").text()
    assert "InferCost" in text and "Data provenance" in text
    assert "Seed: Economics of AI Inference in 2026 (D. Chheda)" in text
    dialog.close()


def test_dark_scheme_applies_and_reverts(qapp, window):
    from infercost.gui import theme

    assert theme.apply_theme(qapp, "dark")
    assert theme.is_dark(qapp)
    window.grab()  # paints in the dark palette without warnings
    assert not theme.apply_theme(qapp, "light")
    assert not theme.is_dark(qapp)


def test_no_top_level_widget_leaks(qtbot, settings):
    from PySide6.QtCore import QEvent

    from infercost.gui.main_window import MainWindow

    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    before = {id(w) for w in QApplication.topLevelWidgets()}
    w = MainWindow(settings)
    w.show()
    w.about().close()
    w.catalog_editor.show_section("builds")
    assert w.close()
    w.deleteLater()
    del w
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    leaked = [type(x).__name__ for x in QApplication.topLevelWidgets() if id(x) not in before]
    assert leaked == []


def test_a_pyqtgraph_plot_paints(qtbot):
    """Guards against PySide6 6.12's crash in QPainter.drawLine that every axis paint hits."""
    import pyqtgraph as pg

    from infercost.gui.theme import style_plot

    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    curve = plot.plot([1, 2, 3], [3.0, 1.0, 2.0])
    style_plot(plot, dark=True)
    plot.resize(300, 200)
    plot.show()
    image = plot.grab().toImage()
    assert image.width() > 0
    _x, y = curve.getOriginalDataset()
    assert list(y) == [3.0, 1.0, 2.0]


def test_undo_history_lists_readable_steps(window):
    from PySide6.QtWidgets import QUndoView

    _edit(window, 4.0)
    view = window.history_dock.widget()
    assert isinstance(view, QUndoView)
    texts = [view.model().index(r, 0).data() for r in range(view.model().rowCount())]
    assert texts == ["<empty>", "Edit input price of openai/gpt-4o"]
    assert window.history_dock.toggleViewAction() in window.menuBar().actions()[2].menu().actions()


def test_import_is_one_undo_step_after_a_preview(window, monkeypatch):
    sample = DATA / "openrouter-models-sample.json"
    previews = []
    monkeypatch.setattr(dialogs, "import_file_path", lambda *a: sample)
    monkeypatch.setattr(dialogs, "confirm_import", lambda _w, pv: previews.append(pv) or True)
    before = len(window.doc.project.catalog.api_offers)
    window.import_prices_action.trigger()
    catalog = window.doc.project.catalog
    assert len(catalog.api_offers) == before + 3
    assert catalog.offer("openrouter/openai/gpt-4o").output_usd_per_mtok == 10.0
    pv = previews[0]
    assert pv.summary() == "3 added, 0 changed, 0 unchanged, 4 rejected"
    assert any(str(r).startswith("key 'openrouter/auto': variable pricing") for r in pv.rejected)
    assert window.stack.undoText() == "Import openrouter-models-sample.json"
    assert window.isWindowModified()
    window.undo_action.trigger()
    assert len(window.doc.project.catalog.api_offers) == before


def test_import_of_a_broken_file_changes_nothing(window, monkeypatch, tmp_path):
    bad = tmp_path / "prices.json"
    bad.write_text('{"data": 5}')
    errors = []
    monkeypatch.setattr(dialogs, "import_file_path", lambda *a: bad)
    monkeypatch.setattr(dialogs, "show_error", lambda *a: errors.append(a[1:]))
    before = window.doc.project.model_dump()
    window.import_prices_action.trigger()
    assert errors and errors[0][0] == "Cannot import"
    assert '"data" list' in errors[0][1] and str(bad) in errors[0][1]
    assert window.doc.project.model_dump() == before
    assert window.stack.count() == 0


def test_import_menu_entry_and_shortcut(window):
    file_menu = window.menuBar().actions()[0].menu()
    assert window.import_prices_action in file_menu.actions()
    assert window.import_prices_action.shortcut().toString() == "Ctrl+I"
    assert window.export_excel_action in file_menu.actions()
    assert window.export_excel_action.shortcut().toString() == "Ctrl+E"


def test_summary_headings_follow_a_switch_to_the_dark_scheme(qapp, window):
    """The Summary heading stayed black on dark grey: a style sheet froze its palette."""
    from PySide6.QtGui import QPalette

    from infercost.gui import theme

    window.tabs.setCurrentWidget(window.builds_tab)
    headings = [window.summary.title, window.builds_tab.ensure_view().summary.title]
    try:
        for name in ("dark", "light", "dark"):
            theme.apply_theme(qapp, name)
            qapp.processEvents()
            want = qapp.palette().color(QPalette.ColorRole.WindowText)
            for label in headings:
                label.grab()
                assert label.palette().color(label.foregroundRole()) == want, (name, label)
                assert label.font().bold()
    finally:
        theme.apply_theme(qapp, "light")


def test_the_summary_dock_steps_aside_for_break_even_and_scenarios(window, qtbot, settings):
    """It showed the catalog's selection (openai/gpt-4o) beside a chart of other options."""
    from infercost.gui.main_window import MainWindow

    dock = window.summary_dock
    window.summary.flush()
    assert dock.isVisible() and window.summary.title.text() == "openai/gpt-4o"
    for tab in (window.breakeven_tab, window.scenarios_view):
        window.tabs.setCurrentWidget(tab)
        assert not dock.isVisible(), tab
    # Opened from the View menu there, it says what it is for instead of a stale entry.
    dock.toggleViewAction().trigger()
    window.summary.flush()
    assert dock.isVisible() and window.summary.title.text() == "Nothing selected"
    dock.toggleViewAction().trigger()
    window.tabs.setCurrentWidget(window.catalog_editor)
    window.summary.flush()
    assert dock.isVisible() and window.summary.title.text() == "openai/gpt-4o"
    window.tabs.setCurrentWidget(window.builds_tab)
    assert dock.isVisible()
    # A dock the user closed stays closed across the round trip ...
    dock.toggleViewAction().trigger()
    window.tabs.setCurrentWidget(window.breakeven_tab)
    window.tabs.setCurrentWidget(window.catalog_editor)
    assert not dock.isVisible()
    dock.toggleViewAction().trigger()
    # ... and one stepped aside is open again in the next session.
    window.tabs.setCurrentWidget(window.breakeven_tab)
    assert window.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.show()
    assert again.summary_dock.isVisible()


def test_the_project_is_renamed_from_the_file_menu_and_the_rename_undoes(window, monkeypatch):
    """The project's name could not be changed anywhere in the window."""
    from infercost.gui import dialogs

    asked = []

    def ask(parent, title, label, text):
        asked.append(text)
        return "Acme inference plan"

    monkeypatch.setattr(dialogs, "ask_text", ask)
    was = window.doc.project.name
    window.rename_project_action.trigger()
    assert asked == [was]
    assert window.doc.project.name == "Acme inference plan"
    assert window.windowTitle().startswith("Acme inference plan[*]")
    assert window.stack.undoText() == "Rename project to Acme inference plan"
    window.stack.undo()
    assert window.doc.project.name == was and window.windowTitle().startswith(f"{was}[*]")
    monkeypatch.setattr(dialogs, "ask_text", lambda *a: None)  # cancelled: nothing happens
    window.rename_project_action.trigger()
    assert window.stack.count() == 1 and window.doc.project.name == was
