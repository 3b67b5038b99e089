"""Help > Guide: the bundled guide opens offline, F1 on a field opens that field's entry,
tooltips name the unit, the field and the source, and a first run opens on an answer."""

from PySide6.QtCore import Qt

from infercost.gui.guide import anchor_for
from infercost.gui.main_window import MainWindow


def _scrolled(guide) -> int:
    return guide.browser.verticalScrollBar().value()


def test_help_guide_opens_at_the_top_with_every_view(window):
    assert window.guide_action.shortcut().toString() == "F1"
    window.catalog_editor.section_list.setFocus()
    guide = window.show_guide()
    text = guide.browser.toPlainText()
    for heading in ("The views", "Break-even", "Roofline decode speed", "KV cache"):
        assert heading in text
    assert "Every input and its unit" in text and "<!-- INPUTS -->" not in text
    assert _scrolled(guide) == 0
    end = text.index("The formulas, worked on the seed")
    views = text[text.rindex("The views", 0, end) : end]
    for index in range(window.tabs.count()):  # a view added later needs its line here
        title = window.tabs.tabText(index).replace("&&", "&")
        assert title in views, f"the guide does not say what the {title} view answers"
    guide.close()


def test_f1_on_a_build_assumption_opens_its_entry(window):
    window.tabs.setCurrentWidget(window.builds_tab)
    spin = window.builds_tab.ensure_view().assumptions.spins["usd_per_kwh"]
    assert anchor_for(spin) == "field-Build-usd_per_kwh"
    assert "Unit: $/kWh" in spin.toolTip() and "field Build.usd_per_kwh" in spin.toolTip()
    guide = window.show_guide(spin)  # what F1 does with the focus in the spin box
    assert _scrolled(guide) > 0  # moved down to the Builds table's row
    guide.close()


def test_f1_on_a_catalog_cell_opens_its_column_entry(window):
    page = window.catalog_editor.show_section("gpus")
    column = next(i for i, c in enumerate(page.model.columns) if c.field == "mem_bandwidth_gbps")
    page.view.setCurrentIndex(page.proxy.index(0, column))
    assert anchor_for(page.view) == "field-Gpu-mem_bandwidth_gbps"
    header_tip = page.proxy.headerData(
        column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert "Unit: GB/s" in header_tip
    cell_tip = page.proxy.index(0, column).data(Qt.ItemDataRole.ToolTipRole)
    assert "in GB/s" in cell_tip and "Source: " in cell_tip
    guide = window.show_guide(page.view)
    assert _scrolled(guide) > 0
    guide.close()


def test_a_first_run_paints_then_draws_the_break_even_chart(qtbot, settings):
    window = MainWindow(settings)
    window.land_on_answer()
    window.show()
    try:
        assert window.tabs.currentWidget() is window.breakeven_tab
        assert window.breakeven_tab.view is None  # the window paints before the chart exists
        qtbot.waitUntil(lambda: window.breakeven_tab.view is not None)
        view = window.breakeven_tab.view
        view.throttle.flush()
        assert view.scenario_id == window.doc.project.scenarios[0].id
        assert view.data is not None and view.chart.curves
    finally:
        window.stack.setClean()
        window.close()
        window.deleteLater()
