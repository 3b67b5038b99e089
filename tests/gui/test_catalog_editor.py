"""The catalog editor and summary: filter, sort, row operations, copy, and live derived figures."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit

from infercost.gui.catalog_editor import CatalogEditor
from infercost.gui.summary_panel import SummaryPanel
from infercost.gui.undo import DocumentUndoStack
from infercost.model.catalog.fileio import default_catalog
from infercost.model.catalog.project import Project
from infercost.model.edits.commands import SetField
from infercost.model.edits.document import Document


@pytest.fixture
def editor(qtbot):
    stack = DocumentUndoStack(Document(Project(catalog=default_catalog())))
    ed = CatalogEditor(stack)
    qtbot.addWidget(ed)
    ed.resize(1000, 600)
    ed.show()
    return ed


def _ids(ed):
    p = ed.page
    return [p.proxy.index(r, 0).data() for r in range(p.proxy.rowCount())]


def test_filter_matches_any_column_case_insensitively(editor):
    editor.show_section("api_offers")
    editor.filter.setText("anthropic")
    assert _ids(editor) == [
        "anthropic/claude-sonnet-4",
        "anthropic/claude-haiku-3.5",
        "anthropic/claude-opus-4",
    ]
    editor.filter.setText("no such thing")
    assert _ids(editor) == []
    assert editor.provenance.text() == "No rows match the filter."


def test_sorting_by_a_price_column_is_numeric(editor):
    page = editor.show_section("api_offers")
    col = page.model.column_of("output_usd_per_mtok")
    page.view.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    assert _ids(editor)[:2] == ["anthropic/claude-opus-4", "openai/o1"]  # $75, $60


def test_view_edit_reaches_the_document_and_undo_reaches_the_view(editor, qtbot):
    page = editor.show_section("api_offers")
    col = page.model.column_of("input_usd_per_mtok")
    idx = page.proxy.index(0, col)
    page.view.setCurrentIndex(idx)
    page.view.edit(idx)
    line = page.view.viewport().findChild(QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, "4")
    # What the delegate does on Return (offscreen windows never get keyboard focus).
    page.view.itemDelegate().commitData.emit(line)
    assert editor.doc.project.catalog.offer("openai/gpt-4o").input_usd_per_mtok == 4.0
    assert idx.data() == "$4.00 / Mtok"
    editor.stack.undo()
    assert idx.data() == "$2.50 / Mtok"


def test_add_duplicate_delete_are_single_undo_steps(editor):
    page = editor.show_section("tariffs")
    page.view.selectRow(0)
    editor.add_row()
    tariffs = editor.doc.project.catalog.tariffs
    assert [t.id for t in tariffs] == ["us-average", "new-us-average"]
    assert tariffs[1].source == "" and "copy of us-average" in tariffs[1].notes
    assert editor.stack.undoText() == "Add new-us-average"
    page.view.selectAll()
    editor.duplicate_rows()
    assert [t.id for t in editor.doc.project.catalog.tariffs] == [
        "us-average",
        "new-us-average",
        "us-average-copy",
        "new-us-average-copy",
    ]
    assert editor.stack.undoText() == "Duplicate us-average, new-us-average"
    page.view.clearSelection()
    page.view.selectRow(3)
    page.view.selectRow(2)
    editor.delete_rows()
    assert len(editor.doc.project.catalog.tariffs) == 3
    editor.stack.undo()
    editor.stack.undo()
    editor.stack.undo()
    assert [t.id for t in editor.doc.project.catalog.tariffs] == ["us-average"]
    assert editor.section_list.item(9).text() == "Electricity tariffs (1)"


def test_delete_of_a_referenced_row_is_refused_and_explained(editor):
    page = editor.show_section("tariffs")
    page.view.selectRow(0)
    editor.delete_rows()
    assert len(editor.doc.project.catalog.tariffs) == 1
    assert editor.stack.count() == 0
    assert "Cannot delete us-average: still used by builds 'rtx-5090-rig'" in editor.message.text()
    assert not editor.message.isHidden()


def test_copy_rows_as_tab_separated_text(editor):
    page = editor.show_section("api_offers")
    page.view.selectRow(1)
    editor.copy_rows()
    lines = QGuiApplication.clipboard().text().splitlines()
    header = lines[0].split("\t")
    row = lines[1].split("\t")
    assert header[:2] == ["ID", "Provider"]
    assert row[header.index("Input price ($/Mtok)")] == "0.15"
    assert row[0] == "openai/gpt-4o-mini"
    assert len(lines) == 2


def test_summary_follows_the_selection_and_every_price_edit(editor, qtbot):
    panel = SummaryPanel(editor.doc)
    qtbot.addWidget(panel)
    editor.current_entry_changed.connect(panel.set_entry)
    page = editor.show_section("api_offers")
    page.view.selectRow(1)
    panel.flush()
    assert panel.title.text() == "openai/gpt-4o-mini"
    page.view.selectRow(0)
    # GPT-4o: 0.75 x $2.50 + 0.25 x $10.00 = $4.375 / Mtok, shown to the cent
    panel.flush()
    assert panel.headline.text() == "$4.38 / Mtok"
    editor.stack.push_command(SetField(editor.doc, "api_offers", 0, "output_usd_per_mtok", 14.0))
    panel.flush()
    assert panel.headline.text() == "$5.38 / Mtok"  # 1.875 + 3.5 = 5.375
    editor.stack.undo()
    panel.flush()
    assert panel.headline.text() == "$4.38 / Mtok"


def test_build_cost_follows_a_tariff_edit(editor, qtbot):
    panel = SummaryPanel(editor.doc)
    qtbot.addWidget(panel)
    panel.set_entry("builds", "rtx-5090-rig")
    # Seed §3: $3,350 / (3 x 8760) = $0.12747/hr + 575 W x $0.12/kWh = $0.069/hr = $0.19647/hr
    # (the seed rounds each part first and prints $0.197)
    panel.flush()
    assert panel.headline.text() == "$0.196 / hr"
    editor.stack.push_command(SetField(editor.doc, "tariffs", 0, "usd_per_kwh", 0.30))
    panel.flush()
    assert panel.headline.text() == "$0.30 / hr"  # 0.1275 + 0.575 x 0.30 = 0.29997
    editor.stack.undo()
    panel.flush()
    assert panel.headline.text() == "$0.196 / hr"


def test_summary_prices_offers_for_the_chosen_workload(editor, qtbot):
    from infercost.gui.sample import new_project
    from infercost.model.edits.commands import ReplaceProject

    editor.stack.push_command(ReplaceProject(editor.doc, new_project()))
    panel = SummaryPanel(editor.doc)
    qtbot.addWidget(panel)
    editor.current_entry_changed.connect(panel.set_entry)
    page = editor.show_section("api_offers")
    page.view.selectRow(1)
    page.view.selectRow(0)  # openai/gpt-4o, $2.50 in / $10.00 out
    names = [panel.workload.itemText(i) for i in range(panel.workload.count())]
    assert names == [w.name for w in editor.doc.project.workloads]
    shares = []
    for i in range(panel.workload.count()):
        panel.workload.setCurrentIndex(i)
        w = editor.doc.project.workloads[i]
        shares.append(w.input_share)
        panel.flush()
        assert panel.caption.text() == f"blended price for workload “{w.name}”"
    assert len(set(shares)) > 1  # the choice matters


def test_after_a_reset_a_row_is_current_and_the_summary_shows_it(editor, qtbot):
    from infercost.gui.sample import new_project

    panel = SummaryPanel(editor.doc)
    qtbot.addWidget(panel)
    editor.current_entry_changed.connect(panel.set_entry)
    editor.show_section("api_offers")
    editor.doc.replace(new_project())
    assert editor.current_entry() is not None
    panel.flush()
    assert panel.title.text() == editor.current_entry().id
    panel.flush()
    assert panel.headline.text().endswith("/ Mtok")


def test_an_edited_row_stays_put_until_the_user_sorts_again(editor):
    page = editor.show_section("api_offers")
    col = page.model.column_of("input_usd_per_mtok")
    page.view.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    first = page.proxy.index(0, 0).data()
    assert page.proxy.setData(page.proxy.index(0, col), "99")
    assert page.proxy.index(0, 0).data() == first
    assert page.proxy.index(0, col).data() == "$99.00 / Mtok"
    page.view.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    assert page.proxy.index(page.proxy.rowCount() - 1, 0).data() == first


def test_a_new_page_shows_catalog_order_without_sorting(qtbot, monkeypatch):
    """Enabling sorting must not sort every row by column 0 only to restore the order."""
    from infercost.gui.catalog_editor import SectionPage
    from infercost.gui.catalog_table import SORT_ROLE, QCatalogTableModel

    asked = []
    data = QCatalogTableModel.data

    def counting(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == SORT_ROLE:
            asked.append(index.row())
        return data(self, index, role)

    monkeypatch.setattr(QCatalogTableModel, "data", counting)
    stack = DocumentUndoStack(Document(Project(catalog=default_catalog())))
    page = SectionPage(stack, "api_offers")
    qtbot.addWidget(page)
    assert asked == []
    ids = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert ids == [o.id for o in stack.doc.project.catalog.api_offers]
    page.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # a click still sorts
    assert page.proxy.index(0, 0).data() == max(ids)
