"""The build configurator: list, bill of materials, assumptions, summary, fits, own or rent.

Each widget is checked both ways (document -> widget, widget -> document) and every edit
is undone again.
"""

import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from infercost.gui.builds.bom_table import Col, QBomModel
from infercost.gui.builds.fits_table import Col as FitCol
from infercost.gui.builds.fits_table import QFitsModel
from infercost.gui.builds.view import BuildsView
from infercost.gui.undo import DocumentUndoStack
from infercost.model.catalog.build import CustomLine
from infercost.model.catalog.defaults import default_project
from infercost.model.costing.fits import what_fits
from infercost.model.edits.commands import SetField, insert_item, move_item, remove_item
from infercost.model.edits.document import Document

EDIT = Qt.ItemDataRole.EditRole


@pytest.fixture
def stack(qapp):
    return DocumentUndoStack(Document(default_project()))


@pytest.fixture
def view(qtbot, stack):
    v = BuildsView(stack)
    qtbot.addWidget(v)
    v.resize(1400, 820)
    v.show()
    v.flush()
    return v


def builds(stack):
    return stack.doc.project.catalog.builds


def rig(stack):
    return stack.doc.project.catalog.build("rtx-5090-rig")


def settle(view):
    view.flush()


def test_models_pass_the_model_tester(qtmodeltester, stack):
    bom = QBomModel(stack)
    bom.set_build("rtx-5090-rig")
    qtmodeltester.check(bom, force_py=True)
    # The tester keeps watching: lines added, moved and removed, then undone.
    line = CustomLine(name="UPS", price_usd=300)
    stack.push_command(insert_item(stack.doc, "builds", 0, "custom_lines", line))
    stack.push_command(move_item(stack.doc, "builds", 0, "lines", 0, 4))
    stack.push_command(remove_item(stack.doc, "builds", 0, "lines", 1))
    assert bom.rowCount() == 5
    for _ in range(3):
        stack.undo()
    assert bom.rowCount() == 5 and bom.index(0, Col.ITEM).data() == "NVIDIA GeForce RTX 5090"
    cat = stack.doc.project.catalog
    for offloaded in (False, True):
        fits = QFitsModel(offloaded)
        rows = what_fits(cat.build("rtx-5090-rig"), cat)
        fits.set_rows(rows.offloaded if offloaded else rows.fitting)
        qtmodeltester.check(fits, force_py=True)


def test_bom_shows_the_build_and_edits_go_through_undo(view, stack):
    model = view.bom.model
    assert model.rowCount() == 5
    assert model.index(0, Col.ITEM).data() == "NVIDIA GeForce RTX 5090"
    assert model.index(0, Col.PRICE).data() == "$2,000"
    assert model.index(0, Col.POWER).data() == "575 W"
    tip = model.index(0, Col.ITEM).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Catalog GPU rtx-5090: Price, VRAM, power: Seed")
    # Document -> view: a quantity set by a command shows.
    stack.push_command(SetField(stack.doc, "builds", 0, "price_point", "low"))
    assert model.index(0, Col.UNIT_PRICE).data() == "$2,000"
    stack.undo()
    # View -> document: typing a quantity.
    assert model.setData(model.index(0, Col.QUANTITY), "2", EDIT)
    assert rig(stack).lines[0].quantity == 2
    assert model.index(0, Col.PRICE).data() == "$4,000"
    settle(view)
    assert view.summary.readout.purchase_usd == 5350
    # Two 5090s draw 1,388 W from the 1,000 W supply: the summary says so.
    assert "1,000 W power supply" in view.summary.warnings.text()
    stack.undo()
    settle(view)
    assert rig(stack).lines[0].quantity == 1 and view.summary.warnings.text() == ""
    # A refused value changes nothing and says why.
    messages = []
    model.refused.connect(messages.append)
    assert not model.setData(model.index(0, Col.QUANTITY), "0", EDIT)
    assert rig(stack).lines[0].quantity == 1 and "quantity" in messages[0].lower()
    # Only the quantity of a catalog line is editable; every field of a custom line is.
    assert not model.flags(model.index(0, Col.UNIT_PRICE)) & Qt.ItemFlag.ItemIsEditable


def test_add_custom_line_edit_reorder_remove_with_undo(view, stack):
    bom = view.bom
    bom.add_custom()
    assert rig(stack).custom_lines[0].name == "Custom line"
    row = bom.model.rowCount() - 1
    m = bom.model
    assert m.setData(m.index(row, Col.ITEM), "UPS", EDIT)
    assert m.setData(m.index(row, Col.UNIT_PRICE), "$300", EDIT)
    assert m.setData(m.index(row, Col.POWER), "40", EDIT)
    assert m.setData(m.index(row, Col.NOTE), "APC quote", EDIT)
    line = rig(stack).custom_lines[0]
    assert (line.name, line.price_usd, line.power_w, line.note) == ("UPS", 300, 40, "APC quote")
    settle(view)
    assert view.summary.readout.purchase_usd == 3650
    # Reorder the catalog parts: the CPU moves above the GPU, then back by undo.
    bom.select(1)
    bom.move(-1)
    assert [ln.item_id for ln in rig(stack).lines][:2] == ["cpu-ryzen9-i9", "rtx-5090"]
    assert bom.selected_row() == 0
    stack.undo()
    assert [ln.item_id for ln in rig(stack).lines][:2] == ["rtx-5090", "cpu-ryzen9-i9"]
    # Remove the custom line, then undo everything back to the preset.
    bom.select(row)
    bom.remove()
    assert rig(stack).custom_lines == []
    while stack.canUndo():
        stack.undo()
    assert rig(stack) == default_project().catalog.build("rtx-5090-rig")


def test_add_part_from_the_searchable_picker(view, stack):
    picker = view.bom.part_picker
    labels = [picker.itemText(i) for i in range(picker.count())]
    assert "GPU · NVIDIA GeForce RTX 4090" in labels
    picker.setCurrentIndex(picker.findText("GPU · NVIDIA GeForce RTX 4090"))
    view.bom.add_part()
    assert rig(stack).lines[-1].item_id == "rtx-4090"
    settle(view)
    # Two GPU types: no LLM can be estimated, and the summary says why instead of failing.
    assert "GPUs of one type" in view.fits.heading.text()
    assert "rtx-4090, rtx-5090" in view.own_or_rent.heading.text()
    stack.undo()
    picker.setEditText("no such part")
    messages = []
    view.bom.refused.connect(messages.append)
    view.bom.add_part()
    assert messages and len(rig(stack).lines) == 5


def test_assumptions_both_ways_and_one_undo_step_per_field(view, stack):
    form = view.assumptions
    years = form.spins["amortization_years"]
    assert years.value() == 3
    # Limits, unit and tooltip from the field rules.
    assert years.suffix() == " years" and years.maximum() == 30 and years.minimum() > 0
    assert "written off" in years.toolTip()
    assert form.spins["utilization"].suffix() == " %"
    # Widget -> document, typed digit by digit: one undo step.
    count = stack.count()
    years.setValue(2)
    years.setValue(2.5)
    assert rig(stack).amortization_years == 2.5
    assert stack.count() == count + 1
    settle(view)
    assert view.summary.readout.cost.years == 2.5
    stack.undo()
    assert rig(stack).amortization_years == 3 and years.value() == 3
    # Document -> widget.
    stack.push_command(SetField(stack.doc, "builds", 0, "utilization", 0.5))
    assert form.spins["utilization"].value() == 50
    stack.undo()
    form.spins["utilization"].setValue(25)
    assert rig(stack).utilization == 0.25
    stack.undo()


def test_residual_as_a_depreciation_rate(view, stack):
    form = view.assumptions
    form.residual_mode.setCurrentIndex(1)
    assert rig(stack).depreciation_rate_pct == 45
    assert form.spins["depreciation_rate_pct"].isEnabled()
    assert not form.spins["residual_value_pct"].isEnabled()
    settle(view)
    # $3,350 x 0.55^3 left after 3 years.
    assert view.summary.readout.cost.residual_usd == pytest.approx(3350 * 0.55**3)
    form.spins["depreciation_rate_pct"].setValue(50)
    assert rig(stack).depreciation_rate_pct == 50
    stack.undo()
    stack.undo()
    assert rig(stack).depreciation_rate_pct is None and form.residual_mode.currentIndex() == 0


def test_tariff_or_own_energy_price(view, stack):
    form = view.assumptions
    kwh = form.spins["usd_per_kwh"]
    assert not kwh.isEnabled() and kwh.value() == pytest.approx(0.12)
    form.tariff.setCurrentIndex(form.tariff.findData("__own__"))
    assert rig(stack).usd_per_kwh == pytest.approx(0.12) and kwh.isEnabled()
    kwh.setValue(0.3)
    settle(view)
    assert view.summary.readout.cost.energy_usd_per_hour == pytest.approx(0.575 * 0.3)
    form.tariff.setCurrentIndex(form.tariff.findData("us-average"))
    b = rig(stack)
    assert b.tariff_id == "us-average" and b.usd_per_kwh is None  # one step set both
    stack.undo()
    assert rig(stack).usd_per_kwh == pytest.approx(0.3)


def test_summary_shows_the_seed_figures(view):
    s = view.summary
    assert s.purchase.text().startswith("$3,350")
    assert "575 W at load" in s.gpu_power.text()
    total_3y = s.grid_labels[(5, 2)].text()
    assert "$0.1965" in total_3y and "3 years" in s.grid_labels[(0, 2)].text()
    assert "$0.1275" in s.grid_labels[(1, 2)].text()
    assert "$0.0761" in s.grid_labels[(2, 2)].text()  # the GPU alone: the seed's $0.076


def test_llm_fit_offload_and_choice_from_the_fits_table(view, qtbot):
    s = view.summary
    s.choose_llm("llama-3.3-70b", "q4_k_m")
    assert s.llm_result is not None and not s.llm_result.fits
    assert "offloaded to system RAM" in s.fit.text()
    assert "the source claims 15-30 tok/s" in s.speed.text()
    s.choose_llm("llama-3.1-8b", "q4_k_m")
    assert s.fit.text() == "Yes, in VRAM" and "tok/s" in s.speed.text()
    # What fits is computed when its tab is shown (not on every edit behind other tabs).
    assert view.fits.fitting_model.rows == ()
    view.lower.setCurrentWidget(view.fits)
    assert len(view.fits.fitting_model.rows) > 10
    # A click on a what-fits row sets the summary's LLM.
    table = view.fits.fitting_view
    proxy = table.model()
    target = next(
        r
        for r in range(proxy.rowCount())
        if proxy.index(r, 0).data() == "Qwen2.5 14B" and proxy.index(r, 1).data() == "Q8_0"
    )
    rect = table.visualRect(proxy.index(target, 0))
    table.scrollTo(proxy.index(target, 0))
    rect = table.visualRect(proxy.index(target, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert (s.llm.currentData(), s.quant.currentData()) == ("qwen2.5-14b", "q8_0")
    # Sorting by decode speed keeps rows whole.
    col = FitCol.TOKENS_PER_S
    table.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    speeds = [proxy.index(r, col).data(Qt.ItemDataRole.UserRole) for r in range(proxy.rowCount())]
    assert speeds == sorted(speeds)


def test_own_or_rent_curves_follow_edits(view, stack):
    view.select_build("8x-h100-node")
    plot = view.own_or_rent
    x, y = plot.own_curve.getOriginalDataset()
    assert x[0] == 0 and x[-1] == 36 and y[0] == 0  # net of resale: nothing spent yet
    assert plot.own_cash_curve.getOriginalDataset()[1][0] == pytest.approx(260_000)
    plot.compare.setCurrentIndex(plot.compare.findData("lambda/h100-sxm"))
    shown = plot.shown_rentals()
    assert {r.price for r in shown} == {"on_demand", "discounted"}
    _, ry = plot.rent_curves[0].getOriginalDataset()
    assert ry[12] == pytest.approx(12 * 8 * 2.49 * 730)
    assert "cash back month 20" in plot.paybacks.text()
    # Counting resale, owning is cheaper than both Lambda prices from the first month: the
    # marks sit on the rental lines at month 1.
    mx, my = plot.payback_marks.getData()
    assert list(mx) == [1.0, 1.0]
    assert sorted(my) == pytest.approx(sorted(8 * p * 730 for p in (2.49, 1.99)))
    # $1,000 a month of operations raise owning's slope; undo restores it.
    row = [b.id for b in builds(stack)].index("8x-h100-node")
    stack.push_command(SetField(stack.doc, "builds", row, "ops_usd_per_month", 1000))
    settle(view)
    _, y2 = plot.own_curve.getOriginalDataset()
    assert y2[12] - y[12] == pytest.approx(12 * 1000)
    stack.undo()
    settle(view)
    assert plot.own_curve.getOriginalDataset()[1][12] == pytest.approx(y[12])


def test_new_duplicate_rename_delete_all_undoable(view, stack):
    n = len(builds(stack))
    view.new("rtx-5090-rig")
    assert len(builds(stack)) == n + 1
    copy = builds(stack)[-1]
    assert copy.id == "rtx-5090-rig-2" and copy.lines == rig(stack).lines
    assert view.build_id == copy.id
    view.new(None)
    empty = builds(stack)[-1]
    assert empty.lines == [] and empty.tariff_id == "us-average"
    settle(view)
    assert "No GPU" in view.summary.warnings.text()
    assert "Add a GPU" in view.own_or_rent.heading.text()
    assert not view.own_or_rent.plot.isVisibleTo(view)
    view.duplicate()
    assert builds(stack)[-1].name == "New build (copy)"
    view.rename("Home lab")
    assert builds(stack)[-1].name == "Home lab"
    assert view.list.currentItem().text() == "Home lab"
    view.delete()
    assert len(builds(stack)) == n + 2
    for _ in range(5):
        stack.undo()
    assert len(builds(stack)) == n


def test_delete_of_a_build_a_scenario_uses_is_refused(view, stack):
    view.select_build("rtx-5090-rig")
    before = list(builds(stack))
    view.delete()
    assert builds(stack) == before
    assert view.message.isVisibleTo(view) and "still used by" in view.message.text()


def test_builds_tab_is_built_only_when_shown(window):
    tab = window.builds_tab
    assert tab.view is None
    window.tabs.setCurrentWidget(tab)
    assert tab.view is not None and tab.view.isVisible()
    # The summary dock follows the shown build, and the catalog again when it is back.
    assert (window.summary.section, window.summary.entry_id) == ("builds", "rtx-5090-rig")
    tab.view.select_build("8x-h100-node")
    assert window.summary.entry_id == "8x-h100-node"
    window.tabs.setCurrentWidget(window.catalog_editor)
    assert window.summary.section == window.catalog_editor.section


def test_start_up_does_not_import_pyqtgraph(tmp_path):
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM']='offscreen';"
        "from PySide6.QtCore import QSettings;"
        "from PySide6.QtWidgets import QApplication; app=QApplication([]);"
        "from infercost.gui.settings import Settings;"
        "from infercost.gui.main_window import MainWindow;"
        f"ini = {str(tmp_path / 's.ini')!r};"
        "w = MainWindow(Settings(QSettings(ini, QSettings.Format.IniFormat)));"
        "w.autosave_timer.stop(); w.show(); app.processEvents();"
        "print('pyqtgraph' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_screenshot_of_the_configurator(tmp_path, qapp):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from infercost import cli
    from infercost.gui import theme

    out = tmp_path / "builds.png"
    try:
        argv = ["screenshot", str(out), "--view", "builds", "--select", "8x-h100-node"]
        assert cli.main([*argv, "--size", "1300x760"]) == 0
    finally:
        theme.apply_theme(qapp, "light")
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1300, 760)


def test_screenshot_of_an_unknown_build_names_the_known_ones(tmp_path):
    argv = ["screenshot", str(tmp_path / "x.png"), "--view", "builds", "--select", "nope"]
    cmd = [sys.executable, "-m", "infercost.cli", *argv]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "Unknown build 'nope'" in out.stderr
    assert "rtx-5090-rig" in out.stderr and "Traceback" not in out.stderr


def test_a_part_without_a_price_is_shown_and_explained(view, stack):
    picker = view.bom.part_picker
    picker.setCurrentIndex(picker.findData("h100-pcie"))  # the catalog gives it no price
    view.bom.add_part()
    settle(view)
    last = view.bom.model.rowCount() - 1
    assert view.bom.model.index(last, Col.PRICE).data() == "no price"
    assert view.summary.readout is None and "no price" in view.summary.warnings.text()
    assert view.summary.purchase.text() == "—"
    stack.undo()
    settle(view)
    assert view.summary.readout.purchase_usd == 3350


def test_theme_change_restyles_the_plot(view, qapp):
    from infercost.gui import theme

    plot = view.own_or_rent.plot
    try:
        theme.apply_theme(qapp, "dark")
        qapp.processEvents()
        assert plot.backgroundBrush().color().name() == "#1e1f22"
    finally:
        theme.apply_theme(qapp, "light")
        qapp.processEvents()
    assert plot.backgroundBrush().color().name() == "#ffffff"


def test_list_renames_in_place_and_deletes_by_key(view, stack, qtbot):
    from PySide6.QtWidgets import QAbstractItemView

    view.new(None)
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_F2)
    assert view.list.state() == QAbstractItemView.State.EditingState
    qtbot.keyClick(view.list, Qt.Key.Key_Escape)
    view.list.currentItem().setText("Garage box")  # what committing the editor does
    qtbot.waitUntil(lambda: builds(stack)[-1].name == "Garage box")
    assert view.list.currentItem().text() == "Garage box"
    # An empty name is refused and the list shows the name kept.
    view.list.currentItem().setText("")
    qtbot.waitUntil(lambda: view.message.isVisibleTo(view))
    assert builds(stack)[-1].name == "Garage box" and view.list.currentItem().text() == "Garage box"
    qtbot.keyClick(view.list, Qt.Key.Key_Delete)
    assert all(b.name != "Garage box" for b in builds(stack))
    stack.undo()
    assert builds(stack)[-1].name == "Garage box"


def test_fits_table_follows_prices_and_hardware(view, stack):
    view.lower.setCurrentWidget(view.fits)
    row = [b.id for b in builds(stack)].index("rtx-5090-rig")

    def shown():
        return view.fits.fitting_model.rows

    def expected():
        return what_fits(rig(stack), stack.doc.project.catalog).fitting

    assert shown() == expected()
    # A price edit reprices the rows (the estimates are reused) ...
    stack.push_command(SetField(stack.doc, "builds", row, "ops_usd_per_month", 100))
    settle(view)
    assert shown() == expected()
    # ... a second GPU re-estimates them: more fits on two cards.
    n = len(shown())
    assert view.bom.model.setData(view.bom.model.index(0, Col.QUANTITY), "2", EDIT)
    settle(view)
    assert shown() == expected() and len(shown()) > n
    # A catalog edit an estimate reads (the GPU's bandwidth) re-estimates too.
    gpu_row = [g.id for g in stack.doc.project.catalog.gpus].index("rtx-5090")
    stack.push_command(SetField(stack.doc, "gpus", gpu_row, "mem_bandwidth_gbps", 900))
    settle(view)
    assert shown() == expected()


def test_dock_summary_months_use_the_builds_hours(stack):
    from infercost.model.costing.readout import readout

    stack.push_command(SetField(stack.doc, "builds", 0, "hours_per_month", 720))
    lines = dict(readout(stack.doc.project, "builds", "rtx-5090-rig").lines)
    assert lines["Per month"] == "$141.46 / month"  # the seed's month: $0.1965 x 720 h


def test_rename_button_opens_the_name_editor_and_edits_nothing(view, stack, qtbot):
    """The button's clicked(bool) reached rename() as name=False: a refused edit, no editor."""
    from PySide6.QtWidgets import QAbstractItemView

    view.select_build("rtx-5090-rig")
    name, depth = rig(stack).name, stack.count()
    qtbot.mouseClick(view.rename_button, Qt.MouseButton.LeftButton)
    assert view.list.state() == QAbstractItemView.State.EditingState
    assert rig(stack).name == name and stack.count() == depth
    assert not view.message.isVisibleTo(view)
