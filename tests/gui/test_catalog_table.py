"""QCatalogTableModel: a well-behaved Qt model; edits go doc -> model -> view and back with undo."""

import pytest
from PySide6.QtCore import Qt

from infercost.gui.catalog_table import SORT_ROLE, QCatalogTableModel
from infercost.gui.undo import DocumentUndoStack
from infercost.model.catalog.catalog import SECTIONS
from infercost.model.catalog.fileio import default_catalog
from infercost.model.catalog.project import Project
from infercost.model.edits.commands import InsertRows, RemoveRows
from infercost.model.edits.document import Document

EDIT = Qt.ItemDataRole.EditRole


@pytest.fixture
def stack(qapp):
    return DocumentUndoStack(Document(Project(catalog=default_catalog())))


@pytest.mark.parametrize("section", list(SECTIONS))
def test_every_section_model_passes_the_model_tester(qtmodeltester, stack, section):
    model = QCatalogTableModel(stack, section)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == len(stack.doc.project.catalog.section(section))


def test_model_tester_holds_through_inserts_removes_and_undo(qtmodeltester, stack):
    model = QCatalogTableModel(stack, "tariffs")
    qtmodeltester.check(model)  # keeps checking every later signal
    doc = stack.doc
    new = doc.project.catalog.tariffs[0].model_copy(update={"id": "eu"})
    stack.push_command(InsertRows(doc, "tariffs", 1, [new]))
    assert model.rowCount() == 2
    stack.push_command(RemoveRows(doc, "tariffs", [1]))
    stack.undo()
    stack.undo()
    assert model.rowCount() == 1


def test_headers_carry_units_and_money_reads_naturally(stack):
    offers = QCatalogTableModel(stack, "api_offers")
    col = offers.column_of("input_usd_per_mtok")
    assert offers.headerData(col, Qt.Orientation.Horizontal) == "Input price\n$/Mtok"
    assert offers.index(0, col).data() == "$2.50 / Mtok"
    assert offers.index(0, col).data(EDIT) == "2.5"
    cached = offers.column_of("cached_input_usd_per_mtok")
    assert offers.index(1, cached).data() == "$0.075 / Mtok"  # sub-cent digits are kept
    rentals = QCatalogTableModel(stack, "gpu_rentals")
    row = [r.id for r in stack.doc.project.catalog.gpu_rentals].index("runpod/h100-sxm")
    low = rentals.index(row, rentals.column_of("on_demand_low_usd_per_hour")).data()
    assert low.startswith("$") and low.endswith(" / hr")
    gpus = QCatalogTableModel(stack, "gpus")
    assert gpus.headerData(gpus.column_of("vram_gb"), Qt.Orientation.Horizontal) == "VRAM\nGB"
    assert gpus.headerData(gpus.column_of("power_w"), Qt.Orientation.Horizontal) == "Power\nW"
    # Provenance is shown, last.
    assert [c.field for c in offers.columns[-3:]] == ["source", "as_of", "notes"]
    assert offers.index(0, offers.column_of("as_of")).data() == "early 2026"


def test_edit_goes_through_the_stack_and_undoes(stack):
    model = QCatalogTableModel(stack, "api_offers")
    col = model.column_of("input_usd_per_mtok")
    idx = model.index(0, col)
    changed = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    assert model.setData(idx, "$3.00")
    assert stack.doc.project.catalog.offer("openai/gpt-4o").input_usd_per_mtok == 3.0
    assert idx.data() == "$3.00 / Mtok"
    assert stack.undoText() == "Edit input price of openai/gpt-4o"
    assert changed == [(0, 0)]
    stack.undo()
    assert idx.data() == "$2.50 / Mtok"
    stack.redo()
    assert idx.data() == "$3.00 / Mtok"


def test_same_value_makes_no_undo_step(stack):
    model = QCatalogTableModel(stack, "api_offers")
    assert model.setData(model.index(0, model.column_of("input_usd_per_mtok")), "2.50")
    assert stack.count() == 0


def test_retyping_one_cell_merges_into_one_step(stack):
    model = QCatalogTableModel(stack, "tariffs")
    idx = model.index(0, model.column_of("usd_per_kwh"))
    for text in ("0.2", "0.25", "0.3"):
        assert model.setData(idx, text)
    assert stack.count() == 1
    stack.undo()
    assert stack.doc.project.catalog.tariffs[0].usd_per_kwh == 0.12


def test_invalid_value_is_refused_with_the_reason_at_the_cell(stack):
    model = QCatalogTableModel(stack, "api_offers")
    idx = model.index(0, model.column_of("output_usd_per_mtok"))
    reasons = []
    model.edit_refused.connect(reasons.append)
    assert not model.setData(idx, "-4")
    assert stack.count() == 0
    assert stack.doc.project.catalog.offer("openai/gpt-4o").output_usd_per_mtok == 10.0
    assert idx.data() == "$10.00 / Mtok"
    assert "greater than or equal to 0" in reasons[0]
    assert idx.data(Qt.ItemDataRole.ToolTipRole).startswith(
        "Not changed: openai/gpt-4o: output price"
    )
    assert idx.data(Qt.ItemDataRole.BackgroundRole) is not None
    # A sign that stays visible when the row is selected (the background does not).
    assert not idx.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is None
    assert model.setData(idx, "12")  # a good value clears the mark
    assert idx.data(Qt.ItemDataRole.BackgroundRole) is None
    assert idx.data(Qt.ItemDataRole.DecorationRole) is None


def test_nested_build_lines_show_as_a_summary_and_are_read_only(stack):
    model = QCatalogTableModel(stack, "builds")
    idx = model.index(0, model.column_of("lines"))
    assert idx.data().startswith("1 × rtx-5090")
    assert not idx.flags() & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(idx, "2 × rtx-5090")


def test_sort_role_is_numeric_for_numbers(stack):
    model = QCatalogTableModel(stack, "api_offers")
    col = model.column_of("input_usd_per_mtok")
    assert model.index(0, col).data(SORT_ROLE) == 2.5
    cached = model.column_of("long_context_threshold_tokens")
    assert model.index(0, cached).data(SORT_ROLE) == float("-inf")  # empty sorts first
