"""The break-even view: model -> view and view -> model for every widget, edits through to the
curve data and back with undo, the volume drag as one undo step, tables, export, lazy build."""

import math
import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QApplication

from infercost.gui.sample import sample_document
from infercost.gui.undo import DocumentUndoStack
from infercost.model.chart_data import chart_data
from infercost.model.commands import SetField
from infercost.model.tco import build_cost


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
    assert view.crossings_model.index(0, 4).data() == model.crossings[0].sentence
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
    row = view.options_model.index(3, 8).data()
    assert row == f"not used: {series.check.text}"
    assert row.startswith("not used: pinned 400 tok/s; estimate ")
    assert view.options_model.index(3, 7).data() == "111 (estimate)"
    view.set_scenario("seed-2-enterprise")
    assert view.options_model.index(2, 8).data().startswith("not used: pinned 19,300 tok/s")


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
    from infercost.model.commands import insert_item
    from infercost.model.scenario import OwnedOption, ScenarioOption

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
    from infercost.model.document import Document
    from infercost.model.project import Project

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


def test_each_options_cost_is_written_beside_the_volume_line(view):
    texts = [t for _, _, t in view.chart.volume_costs.items]
    assert texts == ["$141", "$300"]  # the rig's month and 500M tokens at $0.60, cheapest first
    w = next(i for i, x in enumerate(view.doc.project.workloads) if x.id == "seed-local-small")
    view.stack.push_command(SetField(view.doc, "workloads", w, "monthly_tokens", 2e9))
    _settle(view)
    assert [t for _, _, t in view.chart.volume_costs.items] == ["$141", "$1.2K"]
    assert view.chart.volume_costs.items[0][0] == pytest.approx(math.log10(2e9))
