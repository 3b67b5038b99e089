"""The break-even view: model -> view and view -> model for every widget, edits through to the
curve data and back with undo, the volume drag as one undo step, tables, export, lazy build."""

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QApplication

from infercost.gui.breakeven.table import OptionCol
from infercost.gui.sample import sample_document
from infercost.gui.undo import DocumentUndoStack
from infercost.model.costing.chart_data import chart_data
from infercost.model.costing.chart_readout import label_text, labelled_crossings, value_text
from infercost.model.costing.tco import build_cost
from infercost.model.edits.commands import SetField
from infercost.model.formatting import format_tokens


@pytest.fixture
def view(qtbot):
    from infercost.gui.breakeven.view import BreakEvenView

    stack = DocumentUndoStack(sample_document())
    v = BreakEvenView(stack)
    qtbot.addWidget(v)
    v.resize(1200, 860)
    v.show()
    v.set_scenario("seed-3-local")
    v.throttle.flush()
    return v


def _offer_row(doc, offer_id):
    return next(i for i, o in enumerate(doc.project.catalog.api_offers) if o.id == offer_id)


def _settle(view):
    QApplication.processEvents()
    view.throttle.flush()


def test_price_edit_moves_curve_and_crossing_to_the_models_values_and_undo_restores(view):
    doc, stack = view.doc, view.stack
    curve = view.chart.curve("GPT-4o-mini")
    x0, y0 = (a.copy() for a in curve.getOriginalDataset())
    assert np.allclose(y0, x0 * 0.60e-6)
    rig_month = build_cost(doc.project.catalog.build("rtx-5090-rig"), doc.project.catalog)
    rig_month = rig_month.usd_per_hour * 720
    cx, _ = view.chart.crossing_points.getOriginalDataset()
    assert cx[0] == pytest.approx(rig_month / 0.60e-6)

    row = _offer_row(doc, "openai/gpt-4o-mini")
    stack.push_command(SetField(doc, "api_offers", row, "output_usd_per_mtok", 1.20))
    assert view.throttle.pending  # no synchronous recompute: once per frame
    _settle(view)
    x1, y1 = curve.getOriginalDataset()
    assert np.allclose(y1, x1 * 1.20e-6)
    model = chart_data(doc.project, "seed-3-local")
    assert np.array_equal(y1, model.series[0].usd)
    cx, _cy = view.chart.crossing_points.getOriginalDataset()
    assert cx[0] == pytest.approx(rig_month / 1.20e-6)
    assert cx[0] == model.crossings[0].volume_tokens
    assert view.crossings_model.index(0, 5).data() == model.crossings[0].sentence
    assert view.options_model.index(0, 5).data() == f"${500e6 * 1.2e-6:,.2f}"

    stack.undo()
    _settle(view)
    _x2, y2 = curve.getOriginalDataset()
    assert np.array_equal(y2, y0)
    cx, _ = view.chart.crossing_points.getOriginalDataset()
    assert cx[0] == pytest.approx(rig_month / 0.60e-6)
    stack.redo()
    _settle(view)
    assert np.array_equal(curve.getOriginalDataset()[1], y1)
    assert view.chart.crossing_points.getOriginalDataset()[0][0] == pytest.approx(
        rig_month / 1.2e-6
    )


def test_build_part_and_workload_edits_redraw_too(view):
    doc, stack = view.doc, view.stack
    rig_before = view.chart.curve("RTX 5090 local rig (7B-14B)").getOriginalDataset()[1].copy()
    b = next(i for i, x in enumerate(doc.project.catalog.builds) if x.id == "rtx-5090-rig")
    stack.push_command(SetField(doc, "builds", b, "amortization_years", 1))
    _settle(view)
    rig_after = view.chart.curve("RTX 5090 local rig (7B-14B)").getOriginalDataset()[1]
    assert rig_after[0] > rig_before[0]
    w = next(i for i, x in enumerate(doc.project.workloads) if x.id == "seed-local-small")
    stack.push_command(SetField(doc, "workloads", w, "monthly_tokens", 2e9))
    _settle(view)
    assert view.chart.volume_line.value() == pytest.approx(math.log10(2e9))
    xs, ys = view.chart.volume_points.getOriginalDataset()
    assert list(xs) == [2e9, 2e9]
    assert ys[0] == pytest.approx(2e9 * 0.6e-6)


def test_scenario_combo_view_to_model_and_set_scenario(view, qtbot):
    combo = view.scenario
    assert [combo.itemData(i) for i in range(combo.count())] == [
        "seed-1-startup", "seed-2-enterprise", "seed-3-local",
    ]  # fmt: skip
    with qtbot.waitSignal(view.scenario_changed) as sig:
        combo.setCurrentIndex(0)
    assert sig.args == ["seed-1-startup"]
    assert view.data.labels()[0] == "DeepInfra Llama 3.3 70B"
    assert len([c for c in view.chart.curves if c.isVisible()]) == 5
    view.set_scenario("seed-3-local")
    assert combo.currentData() == "seed-3-local"
    assert len([c for c in view.chart.curves if c.isVisible()]) == 2  # items reused, extras hidden
    with pytest.raises(Exception, match="no scenario 'nope'"):
        view.set_scenario("nope")


def test_renaming_a_scenario_refills_the_combo(view):
    doc = view.doc
    view.stack.push_command(SetField(doc, "scenarios", 2, "name", "Local rig"))
    assert view.scenario.currentText() == "Local rig"
    assert view.scenario_id == "seed-3-local"


def test_mode_toggle_shows_usd_per_mtok(view):
    view.per_mtok.setChecked(True)
    _x, y = view.chart.curve("GPT-4o-mini").getOriginalDataset()
    assert np.allclose(y, 0.60)
    _cx, cy = view.chart.crossing_points.getOriginalDataset()
    assert cy[0] == pytest.approx(0.60)  # at the crossing both cost $0.60 per Mtok
    view.per_mtok.setChecked(False)
    assert view.chart.mode == "usd"


def _send(widget, kind, pos, buttons):
    ev = QMouseEvent(
        kind, QPointF(pos), QPointF(widget.mapToGlobal(pos)), Qt.MouseButton.LeftButton,
        buttons, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(widget, ev)


def _line_pixel(chart, volume, y_frac=0.5):
    vb = chart.getPlotItem().getViewBox()
    (y0, y1) = vb.viewRange()[1]
    scene = vb.mapViewToScene(QPointF(math.log10(volume), y0 + (y1 - y0) * y_frac))
    return chart.mapFromScene(scene)


def test_dragging_the_volume_line_edits_monthly_tokens_in_one_undo_step(view):
    chart, stack, doc = view.chart, view.stack, view.doc
    start = stack.count()
    vp = chart.viewport()
    p = _line_pixel(chart, 5e8)
    _send(vp, QMouseEvent.Type.MouseButtonPress, p, Qt.MouseButton.LeftButton)
    for dx in range(5, 125, 5):
        _send(vp, QMouseEvent.Type.MouseMove, p + QPoint(dx, 0), Qt.MouseButton.LeftButton)
    _send(vp, QMouseEvent.Type.MouseButtonRelease, p + QPoint(120, 0), Qt.MouseButton.NoButton)
    _settle(view)
    w = doc.project.workload("seed-local-small")
    assert w.monthly_tokens > 5e8
    assert w.monthly_tokens == float(f"{w.monthly_tokens:.3g}")  # rounded to 3 digits
    assert stack.count() == start + 1  # the whole drag is one step
    assert chart.volume_line.value() == pytest.approx(math.log10(w.monthly_tokens), abs=0.01)
    xs, ys = chart.volume_points.getOriginalDataset()
    assert xs[0] == w.monthly_tokens and ys[0] == pytest.approx(w.monthly_tokens * 0.6e-6)
    # A second drag is a second step; undo restores each.
    p = _line_pixel(chart, w.monthly_tokens)
    _send(vp, QMouseEvent.Type.MouseButtonPress, p, Qt.MouseButton.LeftButton)
    for dx in range(5, 60, 5):
        _send(vp, QMouseEvent.Type.MouseMove, p - QPoint(dx, 0), Qt.MouseButton.LeftButton)
    _send(vp, QMouseEvent.Type.MouseButtonRelease, p - QPoint(55, 0), Qt.MouseButton.NoButton)
    _settle(view)
    assert stack.count() == start + 2
    stack.undo()
    stack.undo()
    _settle(view)
    assert doc.project.workload("seed-local-small").monthly_tokens == 5e8
    assert chart.volume_line.value() == pytest.approx(math.log10(5e8))


def test_crosshair_reads_every_curve_exactly(view):
    rows = dict(view.chart.readout_at(1e9))
    assert rows["GPT-4o-mini"] == pytest.approx(600.0)
    f = view.data.series[1].function
    assert rows["RTX 5090 local rig (7B-14B)"] == pytest.approx(f.fixed_usd_per_unit)
    vb = view.chart.getPlotItem().getViewBox()
    scene = vb.mapViewToScene(QPointF(9.0, sum(vb.viewRange()[1]) / 2))
    view.chart._on_q_mouse_moved(scene)
    assert view.chart.cursor_text.isVisible()
    text = view.chart.cursor_text.textItem.toPlainText()
    assert text.splitlines()[0] == "1B tokens/month"
    assert "$600  GPT-4o-mini" in text


def test_legend_click_hides_a_curve_and_the_readout(view):
    chart = view.chart
    chart.set_option_visible("GPT-4o-mini", False)
    assert not chart.curve("GPT-4o-mini").isVisible()
    assert [r[0] for r in chart.readout_at(1e9)] == ["RTX 5090 local rig (7B-14B)"]
    view.stack.push_command(SetField(view.doc, "api_offers", 0, "input_usd_per_mtok", 9.0))
    _settle(view)
    assert not chart.curve("GPT-4o-mini").isVisible()  # stays hidden across a recompute
    chart.set_option_visible("GPT-4o-mini", True)
    assert chart.curve("GPT-4o-mini").isVisible()


def test_legend_and_table_show_the_throughput_check(view):
    view.set_scenario("seed-1-startup")
    labels = [t.text for _, t in view.chart.legend.items]
    rig = next(t for t in labels if t.startswith("RTX 5090 local rig (70B Q4)"))
    assert "pinned 400, est." in rig and "offloaded" in rig
    assert "costed at 111 tok/s; not used" in rig  # above the ceiling: the estimate is used
    series = view.data.series[3]
    row = view.options_model.index(3, OptionCol.PLAUSIBILITY).data()
    assert row == f"not used: {series.check.text}"
    assert row.startswith("not used: pinned 400 tok/s; estimate ")
    assert view.options_model.index(3, OptionCol.THROUGHPUT).data() == "111 (estimate)"
    view.set_scenario("seed-2-enterprise")
    row = view.options_model.index(2, OptionCol.PLAUSIBILITY).data()
    assert row.startswith("not used: pinned 19,300 tok/s")


def test_item_models_pass_the_model_tester(view, qtmodeltester):
    qtmodeltester.check(view.options_model)
    qtmodeltester.check(view.crossings_model)
    view.set_scenario("seed-1-startup")
    qtmodeltester.check(view.options_model)
    qtmodeltester.check(view.crossings_model)


def test_copy_as_tsv(view):
    text = view.copy_tsv()
    assert QGuiApplication.clipboard().text() == text
    lines = text.splitlines()
    assert lines[0].split("\t")[:3] == ["Option", "Kind", "Units"]
    assert lines[1].split("\t")[:2] == ["GPT-4o-mini", "api"]
    assert lines[1].split("\t")[5] == "$300.00"  # 500M tokens at $0.60 per million
    assert "RTX 5090 local rig (7B-14B) is cheaper than GPT-4o-mini above 236M" in text


def test_export_png_at_a_chosen_width(view, tmp_path):
    from PySide6.QtGui import QImage

    out = tmp_path / "chart.png"
    view.export_png(out, 1600)
    img = QImage(str(out))
    assert img.width() == 1600 and img.height() > 400
    # The legend sits under the plot, inside the image: dark text in its bottom rows.
    h = img.height()
    dark = sum(
        img.pixelColor(x, y).lightness() < 100
        for x in range(0, 1600, 3)
        for y in range(int(h * 0.88), h - 2, 2)
    )
    assert dark > 50
    assert all(img.pixelColor(x, h - 1).lightness() > 200 for x in range(0, 1600, 5))
    with pytest.raises(Exception, match="chart width"):
        view.export_png(out, 20)


def test_an_option_without_throughput_is_named_not_drawn(view):
    from infercost.model.catalog.scenario import OwnedOption, ScenarioOption
    from infercost.model.edits.commands import insert_item

    so = ScenarioOption(label="bare rig", option=OwnedOption(build_id="rtx-5090-rig"))
    view.stack.push_command(insert_item(view.doc, "scenarios", 2, "options", so))
    _settle(view)
    assert view.message.isVisible()
    assert "bare rig" in view.message.text() and "tokens_per_s" in view.message.text()
    assert view.data.labels() == ("GPT-4o-mini", "RTX 5090 local rig (7B-14B)")


def test_dark_scheme_restyles_the_plots(view):
    from infercost.gui import theme

    app = QApplication.instance()
    theme.apply_theme(app, "dark")
    try:
        QApplication.processEvents()
        assert view.chart.dark and view.utilization.dark
        assert view.chart.backgroundBrush().color().name() == "#1e1f22"
        assert view.chart.curves[0].opts["pen"].color().name().lower() == "#56b4e9"
    finally:
        theme.apply_theme(app, "light")
        QApplication.processEvents()
    assert view.chart.curves[0].opts["pen"].color().name().lower() == "#0072b2"


def test_utilization_chart_marks_the_workload_utilization(view):
    assert view.utilization.data is None  # not drawn while its tab is hidden
    view.charts.setCurrentWidget(view.utilization_tab)
    u = view.data.utilization[1]
    mark = view.utilization.marks[1]
    assert mark.getOriginalDataset()[0][0] == pytest.approx(u.workload_utilization)
    assert mark.getOriginalDataset()[1][0] == pytest.approx(
        view.data.series[1].at_workload.usd_per_mtok
    )
    assert np.array_equal(view.utilization.curves[1].getOriginalDataset()[1], u.usd_per_mtok)


def test_main_window_builds_the_tab_when_first_shown(window):
    assert window.breakeven_tab.view is None
    view = window.show_breakeven()
    assert window.breakeven_tab.view is view
    assert window.tabs.currentWidget() is window.breakeven_tab
    assert view.data is not None
    window.tabs.setCurrentIndex(0)
    assert window.show_breakeven("seed-2-enterprise") is view  # built once
    assert view.data.scenario_id == "seed-2-enterprise"


def test_start_on_the_catalog_does_not_import_pyqtgraph(tmp_path):
    code = (
        "import sys, tempfile\n"
        "from PySide6.QtCore import QSettings\n"
        "from infercost.gui.app import make_app\n"
        "app = make_app([])\n"
        "from infercost.gui.main_window import MainWindow\n"
        "from infercost.gui.settings import Settings\n"
        f"s = Settings(QSettings({str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat))\n"
        "w = MainWindow(s); w.show(); app.processEvents()\n"
        "print('pyqtgraph' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_hidden_utilization_chart_catches_up_when_shown(view):
    view.charts.setCurrentWidget(view.utilization_tab)
    view.charts.setCurrentWidget(view.chart)
    row = next(i for i, b in enumerate(view.doc.project.catalog.builds) if b.id == "rtx-5090-rig")
    view.stack.push_command(SetField(view.doc, "builds", row, "amortization_years", 1))
    _settle(view)
    stale = view.utilization.curves[1].getOriginalDataset()[1].copy()
    view.charts.setCurrentWidget(view.utilization_tab)
    fresh = view.utilization.curves[1].getOriginalDataset()[1]
    assert np.array_equal(fresh, view.data.utilization[1].usd_per_mtok)
    assert fresh[-1] > stale[-1]  # one year of amortization costs more per token


def test_legend_sits_beside_a_wide_plot_and_under_a_narrow_one(view):
    layout = view.chart.getPlotItem().layout

    def cell():
        for i in range(layout.count()):
            if layout.itemAt(i) is view.chart.legend:
                return i
        return None

    view.resize(1400, 860)
    QApplication.processEvents()
    assert view.chart.legend.below is False and cell() is not None
    view.chart.resize(int(view.chart.legend.single_width * 1.5), 500)
    QApplication.processEvents()
    assert view.chart.legend.below is True and cell() is not None
    assert view.chart.legend.columnCount == 2
    view.resize(1300, 860)
    QApplication.processEvents()
    assert view.chart.legend.below is False
    assert view.chart.legend.columnCount == 1  # one entry per line again, beside the plot


def test_ctrl_c_in_the_breakeven_tab_copies_its_tables(window, qtbot):
    from PySide6.QtTest import QTest

    view = window.show_breakeven()
    view.tables.setCurrentIndex(0)
    view.options_table.setFocus()
    QApplication.processEvents()
    QGuiApplication.clipboard().setText("")
    QTest.keyClick(view.options_table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QGuiApplication.clipboard().text()
    assert text.startswith("Option\tKind\tUnits")
    assert "DeepInfra Llama 3.3 70B" in text


def test_ctrl_c_in_the_catalog_still_copies_rows_once_the_chart_exists(window):
    from PySide6.QtTest import QTest

    window.show_breakeven()
    window.tabs.setCurrentIndex(0)
    page = window.catalog_editor.show_section("gpus")
    page.view.selectRow(0)
    page.view.setFocus()
    QApplication.processEvents()
    QGuiApplication.clipboard().setText("")
    QTest.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert "rtx-5090" in QGuiApplication.clipboard().text()


def test_export_button_asks_width_and_file_then_writes_the_chart(view, tmp_path, monkeypatch):
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    out = tmp_path / "scenario.png"
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (1200, True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PNG"))
    messages = []
    view.status_message.connect(messages.append)
    view.export_button.click()
    assert QImage(str(out)).width() == 1200
    assert messages == [f"Saved {out}"]


def test_copy_button_puts_the_tables_on_the_clipboard(view):
    QGuiApplication.clipboard().setText("")
    view.copy_button.click()
    assert "GPT-4o-mini\tapi" in QGuiApplication.clipboard().text()


def test_a_click_on_a_legend_sample_toggles_its_curve(view):
    class Click:
        def button(self):
            return Qt.MouseButton.LeftButton

        def accept(self):
            pass

    sample, _label = view.chart.legend.items[0]
    sample.mouseClickEvent(Click())
    assert not view.chart.curve("GPT-4o-mini").isVisible()
    assert "GPT-4o-mini" in view.chart.hidden
    xs, _ = view.chart.marker_points.getOriginalDataset()
    assert len(xs) == 6  # only the rig's markers remain
    sample.mouseClickEvent(Click())
    assert view.chart.curve("GPT-4o-mini").isVisible()


def test_a_project_without_scenarios_says_what_to_do(qtbot):
    from infercost.gui.breakeven.view import BreakEvenView
    from infercost.model.catalog.project import Project
    from infercost.model.edits.document import Document

    v = BreakEvenView(DocumentUndoStack(Document(Project())))
    qtbot.addWidget(v)
    v.show()
    assert v.scenario.count() == 0
    assert v.message.isVisible()
    assert "no scenario yet" in v.message.text()
    assert v.data is None


def test_a_scenario_without_options_says_so(view):
    sc = view.doc.project.scenario("seed-3-local")
    row = view.doc.project.scenarios.index(sc)
    view.stack.push_command(SetField(view.doc, "scenarios", row, "options", []))
    _settle(view)
    assert "no options to compare yet" in view.message.text()
    assert not any(c.isVisible() for c in view.chart.curves)
    view.stack.undo()
    _settle(view)
    assert not view.message.isVisible()
    assert view.data.labels() == ("GPT-4o-mini", "RTX 5090 local rig (7B-14B)")


def test_a_hidden_view_recomputes_when_shown_not_at_every_edit(window):
    view = window.show_breakeven()
    view.set_scenario("seed-3-local")
    window.tabs.setCurrentIndex(0)  # back to the catalog
    assert not view.isVisible()
    calls = view.throttle.calls
    row = _offer_row(window.doc, "openai/gpt-4o-mini")
    window.stack.push_command(SetField(window.doc, "api_offers", row, "output_usd_per_mtok", 1.2))
    QApplication.processEvents()
    view.throttle.flush()
    assert view.throttle.calls == calls and not view.throttle.pending
    window.tabs.setCurrentWidget(window.breakeven_tab)
    x, y = view.chart.curve("GPT-4o-mini").getOriginalDataset()
    assert np.allclose(y, x * 1.2e-6)


def test_a_volume_change_redraws_no_curve_and_a_price_edit_only_its_own(view, monkeypatch):
    calls = []
    for i, c in enumerate(view.chart.curves[:2]):
        orig = c.setData
        monkeypatch.setattr(
            c, "setData", lambda *a, _o=orig, _i=i, **k: (calls.append(_i), _o(*a, **k))
        )
    w = next(i for i, x in enumerate(view.doc.project.workloads) if x.id == "seed-local-small")
    view.stack.push_command(SetField(view.doc, "workloads", w, "monthly_tokens", 7e8))
    _settle(view)
    assert calls == []
    row = _offer_row(view.doc, "openai/gpt-4o-mini")
    view.stack.push_command(SetField(view.doc, "api_offers", row, "output_usd_per_mtok", 0.9))
    _settle(view)
    assert calls == [0]


def test_hovering_a_crossing_says_it_in_words(view):
    vb = view.chart.getPlotItem().getViewBox()
    mark = view.data.crossings[0]
    at = vb.mapViewToScene(QPointF(math.log10(mark.volume_tokens), math.log10(mark.usd_per_month)))
    view.chart._on_q_mouse_moved(at)
    text = view.chart.cursor_text.textItem.toPlainText()
    assert " ".join(text.split("\n\n")[0].splitlines()) == f"1. {mark.sentence}"
    away = vb.mapViewToScene(QPointF(math.log10(mark.volume_tokens) + 0.5, math.log10(10.0)))
    view.chart._on_q_mouse_moved(away)
    assert "is cheaper than" not in view.chart.cursor_text.textItem.toPlainText()


def _volume_costs(chart):
    return [(x, t) for x, _, t, places in chart.labels.items if places == ("E",)]


def test_each_options_cost_is_written_beside_the_volume_line(view):
    rig = view.data.series[1].at_workload.usd
    texts = [t for _, t in _volume_costs(view.chart)]
    # The rig's month and 500M tokens at $0.60, cheapest first.
    assert texts == [value_text(rig, "usd"), "$300"]
    w = next(i for i, x in enumerate(view.doc.project.workloads) if x.id == "seed-local-small")
    view.stack.push_command(SetField(view.doc, "workloads", w, "monthly_tokens", 2e9))
    _settle(view)
    rig = view.data.series[1].at_workload.usd
    assert [t for _, t in _volume_costs(view.chart)] == [value_text(rig, "usd"), "$1.2K"]
    assert _volume_costs(view.chart)[0][0] == pytest.approx(math.log10(2e9))


def _hosted_row(doc, offer_id):
    return next(i for i, o in enumerate(doc.project.catalog.hosted_offers) if o.id == offer_id)


def _xs(item):
    x, _ = item.getOriginalDataset()
    return np.empty(0) if x is None else x


def _drawn_boxes(chart):
    chart.grab()  # paint: the labels are placed for the pixels they get
    return [(text, rect) for text, rect in chart.labels.drawn]


def test_a_price_edit_labels_only_where_the_cheapest_changes_and_no_label_overlaps(view):
    """One price edit gave 68 crossings printed over each other as a black mass. The chart now
    circles and labels the changes of cheapest option (the Evaluation's envelope) only."""
    view.set_scenario("seed-1-startup")
    doc, stack, chart = view.doc, view.stack, view.chart
    assert view.data.evaluation.envelope == ()  # DeepInfra is cheapest over the whole range
    assert _xs(chart.crossing_points).size == 0
    assert not [t for t, _ in _drawn_boxes(chart) if "→" in t]
    # DeepInfra at $0.50/M in and out: it and the RTX rig take turns at every added rig.
    row = _hosted_row(doc, "deepinfra/llama-3.3-70b")
    for field in ("input_usd_per_mtok", "output_usd_per_mtok"):
        stack.push_command(SetField(doc, "hosted_offers", row, field, 0.5))
    _settle(view)
    d = view.data
    env = d.evaluation.envelope
    assert len(env) > 100 and len(d.crossings) > len(env)
    # The curve is the model's, and every crossing is the Evaluation's.
    x, y = chart.curve("DeepInfra Llama 3.3 70B").getOriginalDataset()
    assert np.allclose(y, x * 0.5e-6)
    assert np.array_equal(y, chart_data(doc.project, "seed-1-startup").series[0].usd)
    assert d.crossings.envelope_count == len(env)
    assert [m.envelope for m in d.crossings.on_envelope()] == list(env)
    # Circles: envelope crossings only, as many as fit apart; the labelled ones among them.
    cx = _xs(chart.crossing_points)
    assert 0 < cx.size < len(env)
    assert set(cx) <= {c.volume_tokens for c in env}
    labelled = labelled_crossings(d)
    assert 0 < len(labelled) <= 12
    texts = [t for _, _, t, places in chart.labels.items if places != ("E",)]
    # Nearest the workload first; a crossing whose circle does not fit apart is not labelled.
    circled = [i for i in labelled if d.crossings.volumes[i] in set(cx)]
    assert circled[0] == labelled[0]
    assert texts == [label_text(d, i) for i in circled]
    # What is painted: labels that never overlap, inside the plot.
    drawn = _drawn_boxes(chart)
    assert any("→" in t for t, _ in drawn)
    for i, (_, a) in enumerate(drawn):
        for _, b in drawn[i + 1 :]:
            assert not a.intersects(b)
    # The rest are in the Crossings tab (envelope first, in bold) and named on hover.
    assert view.crossings_model.rowCount() == len(d.crossings)
    bold = view.crossings_model.index(0, 0).data(Qt.ItemDataRole.FontRole)
    assert bold is not None and bold.bold()
    last = view.crossings_model.index(len(d.crossings) - 1, 0).data(Qt.ItemDataRole.FontRole)
    assert last is None
    stack.undo()
    stack.undo()
    _settle(view)
    assert _xs(chart.crossing_points).size == 0


def test_the_readout_hides_when_the_mouse_leaves_the_plot(view):
    from PySide6.QtCore import QEvent

    chart = view.chart
    vb = chart.getPlotItem().getViewBox()
    chart._on_q_mouse_moved(vb.mapViewToScene(QPointF(9.0, sum(vb.viewRange()[1]) / 2)))
    assert chart.cursor_text.isVisible() and chart.cursor_line.isVisible()
    QApplication.sendEvent(chart, QEvent(QEvent.Type.Leave))
    assert not chart.cursor_text.isVisible() and not chart.cursor_line.isVisible()
    # An edit while the mouse is away does not bring it back.
    view.stack.push_command(SetField(view.doc, "api_offers", 0, "input_usd_per_mtok", 9.0))
    _settle(view)
    assert not chart.cursor_text.isVisible()


def _readout(chart):
    return chart.cursor_text.textItem.toPlainText().splitlines()


def test_the_readout_follows_the_usd_per_mtok_toggle_and_edits(view):
    chart = view.chart
    vb = chart.getPlotItem().getViewBox()
    chart._on_q_mouse_moved(vb.mapViewToScene(QPointF(9.0, sum(vb.viewRange()[1]) / 2)))
    assert "$600  GPT-4o-mini" in _readout(chart)
    view.per_mtok.click()

    def under_cursor():  # the toggle re-lays out the y axis: the mouse stays, the volume moves
        return 10.0 ** vb.mapSceneToView(chart._cursor).x()

    lines = _readout(chart)
    assert lines[0] == f"{format_tokens(under_cursor())} tokens/month"
    assert "$0.6/Mtok  GPT-4o-mini" in lines  # an API's cost per Mtok at any volume
    for label, value in chart.readout_at(under_cursor()):
        assert any(line.endswith(label) and line.startswith(value_text(value, "per_mtok"))
                   for line in lines)  # fmt: skip
    # A price edit while it is shown: the readout says the new price, still per Mtok.
    row = _offer_row(view.doc, "openai/gpt-4o-mini")
    view.stack.push_command(SetField(view.doc, "api_offers", row, "output_usd_per_mtok", 1.2))
    _settle(view)
    assert "$1.2/Mtok  GPT-4o-mini" in _readout(chart)
    view.per_mtok.click()
    want = value_text(1.2e-6 * under_cursor(), "usd")
    assert f"{want}  GPT-4o-mini" in _readout(chart)
    assert chart.cursor_text.isVisible()


def test_the_readout_names_the_evaluations_cheapest_at_the_cursor(view):
    chart, d = view.chart, view.data
    (change,) = d.evaluation.envelope
    vb = chart.getPlotItem().getViewBox()
    mid = sum(vb.viewRange()[1]) / 2
    for volume, cheapest in ((change.volume_tokens / 2, change.before),
                             (change.volume_tokens * 2, change.after)):  # fmt: skip
        chart._on_q_mouse_moved(vb.mapViewToScene(QPointF(math.log10(volume), mid)))
        assert f"cheapest: {cheapest}" in _readout(chart)


def test_three_hundred_options_stay_readable(qtbot):
    """Curves that are never cheapest are faint, the legend and labels are capped, the table
    has every crossing and builds only the rows it shows."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    from bench_breakeven import many_option_project

    from infercost.gui.breakeven.legend import MAX_ENTRIES
    from infercost.gui.breakeven.view import BreakEvenView
    from infercost.model.edits.document import Document

    view = BreakEvenView(DocumentUndoStack(Document(many_option_project(300))))
    qtbot.addWidget(view)
    view.resize(1300, 860)
    view.show()
    view.set_scenario("bench-many")
    view.throttle.flush()
    d, chart = view.data, view.chart
    assert len(d.series) == 300 and len(d.crossings) > 10_000
    kept = {c.before for c in d.envelope} | {c.after for c in d.envelope}
    assert chart.faint == {s.label for s in d.series} - kept - {d.cheapest_at_workload}
    assert len(chart.legend.items) <= MAX_ENTRIES
    assert chart.legend.items[-1][1].text.startswith("… and ")
    assert _xs(chart.minor_points).size <= 400
    drawn = _drawn_boxes(chart)
    for i, (_, a) in enumerate(drawn):
        for _, b in drawn[i + 1 :]:
            assert not a.intersects(b)
    assert view.crossings_model.rowCount() == len(d.crossings)
    assert len(view.crossings_model._rows) < 2000  # written as shown, not 10,000 sentences
    vb = chart.getPlotItem().getViewBox()
    chart._on_q_mouse_moved(vb.mapViewToScene(QPointF(9.5, sum(vb.viewRange()[1]) / 2)))
    assert _readout(chart)[-1].startswith("… and 288 more")
