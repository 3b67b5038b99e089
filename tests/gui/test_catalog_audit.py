"""Catalog editor defects found by driving the app: units, empty sections, stale refusals."""

import pytest
from PySide6.QtWidgets import QToolButton

from infercost.gui.catalog_editor import CatalogEditor
from infercost.gui.columns import columns_for, display_text
from infercost.gui.undo import DocumentUndoStack
from infercost.model.catalog.fileio import default_catalog
from infercost.model.catalog.project import Project
from infercost.model.edits.document import Document


@pytest.fixture
def editor(qtbot):
    stack = DocumentUndoStack(Document(Project(catalog=default_catalog())))
    ed = CatalogEditor(stack)
    qtbot.addWidget(ed)
    ed.resize(1000, 600)
    ed.show()
    return ed


def _column(section, field):
    return next(c for c in columns_for(section) if c.field == field)


@pytest.mark.parametrize("section", ["tariffs", "builds"])
def test_energy_price_is_money_with_its_unit(section):
    col = _column(section, "usd_per_kwh")
    assert col.header == "Energy price\n$/kWh"
    tariff = default_catalog().tariffs[0]
    assert tariff.usd_per_kwh == 0.12
    assert display_text(tariff, _column("tariffs", "usd_per_kwh")) == "$0.12 / kWh"


def test_token_threshold_header_has_its_unit_once():
    col = _column("api_offers", "long_context_threshold_tokens")
    assert col.header == "Long context threshold\ntokens"
    offer = (
        default_catalog()
        .api_offers[0]
        .model_copy(update={"long_context_threshold_tokens": 200_000})
    )
    assert display_text(offer, col) == "200,000 tokens"


def test_measurement_throughput_columns_say_what_is_low():
    assert _column("measurements", "low_tokens_per_s").header == "Throughput (low)\ntok/s"
    assert _column("measurements", "high_tokens_per_s").header == "Throughput (high)\ntok/s"


def test_typed_energy_price_with_its_unit_is_accepted(editor):
    page = editor.show_section("tariffs")
    model = page.model
    assert model.setData(model.index(0, model.column_of("usd_per_kwh")), "$0.30 / kWh")
    assert editor.doc.project.catalog.tariffs[0].usd_per_kwh == 0.30


def test_emptied_section_says_so_and_add_row_starts_from_the_defaults(editor):
    page = editor.show_section("platform_markups")
    page.view.selectAll()
    editor.delete_rows()
    assert page.model.rowCount() == 0
    assert "Platform markups has no rows" in editor.provenance.text()

    editor.add_row()
    assert page.model.rowCount() == 1
    new = editor.doc.project.catalog.platform_markups[0]
    template = default_catalog().platform_markups[0]
    assert new.id == f"new-{template.id}"
    assert new.markup_high_pct == template.markup_high_pct
    assert new.source == ""  # provenance is the user's to give, not the template's
    assert editor.stack.undoText() == f"Add {new.id}"
    editor.stack.undo()
    assert page.model.rowCount() == 0
    editor.stack.undo()
    assert page.model.rowCount() == 3


def test_refusal_message_goes_away_once_something_else_is_done(editor):
    page = editor.show_section("tariffs")
    page.view.selectRow(0)
    editor.delete_rows()
    assert not editor.message.isHidden()
    model = page.model
    assert model.setData(model.index(0, model.column_of("name")), "US mean")
    assert editor.message.isHidden()
    editor.delete_rows()
    assert not editor.message.isHidden()
    editor.stack.undo()
    assert editor.message.isHidden()


def test_delete_key_in_the_section_list_deletes_no_row(window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    ed = window.catalog_editor
    page = ed.show_section("platform_markups")
    window.activateWindow()
    ed.section_list.setFocus()
    QTest.keyClick(ed.section_list, Qt.Key.Key_Delete)
    assert page.model.rowCount() == 3
    assert window.stack.count() == 0

    page.view.setFocus()
    page.view.setCurrentIndex(page.proxy.index(0, 0))
    QTest.keyClick(page.view, Qt.Key.Key_Delete)
    assert page.model.rowCount() == 2
    assert window.stack.undoText() == "Delete aws-bedrock"


def test_duplicate_label_names_the_rows(editor):
    page = editor.show_section("platform_markups")
    page.view.selectAll()
    editor.duplicate_rows()
    assert editor.stack.undoText() == "Duplicate aws-bedrock, azure-openai, google-vertex"
    # Every copy stays selected (not only the first), so a second Duplicate copies all three.
    assert page.selected_rows() == [3, 4, 5]
    editor.duplicate_rows()
    assert editor.stack.undoText() == (
        "Duplicate aws-bedrock-copy, azure-openai-copy, google-vertex-copy"
    )
    assert len(editor.doc.project.catalog.platform_markups) == 9
    page.view.selectAll()
    editor.duplicate_rows()
    assert editor.stack.undoText() == "Duplicate 9 rows of Platform markups"


def test_first_window_fits_the_screen(window):
    # The offscreen screen is small (like a laptop at 200%): the window must fit on it.
    from PySide6.QtGui import QGuiApplication

    room = QGuiApplication.primaryScreen().availableGeometry()
    assert room.width() < 1280 or room.height() < 800
    assert window.width() <= room.width()
    assert window.height() <= room.height()


def test_window_can_shrink_to_a_small_screen_at_200_percent(window):
    # 1400x900 at 200% leaves 700x450 logical pixels; the window must fit into that.
    hint = window.minimumSizeHint()
    assert hint.width() <= 700 and hint.height() <= 450
    ed = window.catalog_editor
    assert ed.duplicate_action.text() == "D&uplicate Rows"  # the Edit menu keeps full text
    ed.duplicate_action.setEnabled(False)
    ed.duplicate_action.setEnabled(True)
    buttons = [b.text() for b in ed.findChildren(QToolButton) if b.defaultAction()]
    assert {"Add", "Duplicate", "Delete", "Copy"} <= set(buttons)


def test_undo_shows_the_section_and_row_it_changed(window):
    ed = window.catalog_editor
    page = ed.show_section("gpus")
    model = page.model
    assert model.setData(model.index(2, model.column_of("name")), "A100 renamed")
    ed.show_section("api_offers")
    window.undo_action.trigger()
    assert window.doc.project.catalog.gpus[2].name != "A100 renamed"
    assert ed.section == "gpus"
    assert page.selected_rows() == [2]
    assert window.statusBar().currentMessage() == "Undone: Edit name of a100-80gb"
    ed.show_section("tariffs")
    window.redo_action.trigger()
    assert ed.section == "gpus"
    assert window.statusBar().currentMessage() == "Redone: Edit name of a100-80gb"


def test_enter_starts_editing_and_enter_commits(window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

    page = window.catalog_editor.show_section("tariffs")
    view, model = page.view, page.model
    window.activateWindow()
    view.setFocus()
    view.setCurrentIndex(page.proxy.index(0, model.column_of("name")))
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert view.state() == QAbstractItemView.State.EditingState
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "US average"
    editor.setText("US mean")
    QTest.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    assert window.doc.project.catalog.tariffs[0].name == "US mean"
    assert window.stack.undoText() == "Edit name of us-average"


def test_recent_files_with_the_same_name_show_their_folders(window, tmp_path):
    from infercost.model.interchange import project_io

    paths = []
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        paths.append(tmp_path / folder / "plan.infercost")
        project_io.save_project(window.doc.project, paths[-1])
        window.settings.add_recent(paths[-1])
    other = tmp_path / "a" / "other.infercost"
    project_io.save_project(window.doc.project, other)
    window.settings.add_recent(other)
    window._fill_recent_menu()
    texts = [a.text() for a in window.recent_menu.actions() if a.text()]
    assert texts[:3] == [
        "other.infercost",
        f"plan.infercost — {tmp_path / 'b'}",
        f"plan.infercost — {tmp_path / 'a'}",
    ]


def test_undo_and_redo_answer_every_platform_binding(window):
    from PySide6.QtGui import QKeySequence

    undo = QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)
    assert len(undo) > 1 and window.undo_action.shortcuts() == undo
    redo = window.redo_action.shortcuts()
    assert set(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)) <= set(redo)
    assert QKeySequence("Ctrl+Y") in redo and QKeySequence("Ctrl+Shift+Z") in redo


def test_summary_explains_why_a_markup_has_no_figure():
    from infercost.model.catalog.defaults import default_project
    from infercost.model.costing.readout import readout

    shown = readout(default_project(), "platform_markups", "aws-bedrock")
    assert shown.title == "aws-bedrock" and shown.headline is None
    assert shown.caption.startswith("The summary prices API offers, hosted offers")


def test_copy_with_nothing_shown_says_so(editor):
    editor.show_section("tariffs")
    editor.filter.setText("no such tariff")
    editor.copy_rows()
    assert editor.message.text() == "Select the rows to copy first"
    assert not editor.message.isHidden()
