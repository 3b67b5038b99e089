"""The scenarios view: every widget model->view and view->model, undo, live recompute."""

import pytest
from PySide6.QtCore import Qt

from infercost.gui.scenarios.options_table import Col, QOptionsTableModel
from infercost.gui.scenarios.scenario_list import QScenarioListModel
from infercost.gui.scenarios.view import ScenariosView
from infercost.gui.undo import DocumentUndoStack
from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.seed_figures import S1_API, S1_H100, S1_HALF, S1_RIG
from infercost.model.edits.commands import SetField, insert_item
from infercost.model.edits.document import Document

EDIT = Qt.ItemDataRole.EditRole


@pytest.fixture
def stack(qapp):
    return DocumentUndoStack(Document(default_project()))


@pytest.fixture
def view(qtbot, stack):
    v = ScenariosView(stack)
    qtbot.addWidget(v)
    v.resize(1400, 820)
    v.show()
    v.throttle.flush()
    return v


def project(stack):
    return stack.doc.project


def s1(stack):
    return project(stack).scenario("seed-1-startup")


def w1(stack):
    return project(stack).workload("seed-startup-70b")


# --- item models -------------------------------------------------------------------------


def test_options_model_passes_the_model_tester_through_edits(qtmodeltester, stack):
    model = QOptionsTableModel(stack)
    model.set_scenario("seed-1-startup")
    qtmodeltester.check(model)
    assert model.rowCount() == 5
    assert model.index(1, Col.DETAILS).data() == (
        "discounted, always on, 3,000 tok/s pinned, llama-3.3-70b fp8"
    )
    assert model.index(3, Col.QUALITY).data() == "Good general"
    item = {"label": "nano", "option": {"kind": "api", "offer_id": "openai/gpt-4.1-nano"}}
    stack.push_command(insert_item(stack.doc, "scenarios", 0, "options", item))
    assert model.rowCount() == 6 and model.index(5, Col.QUALITY).data() == "Fast/cheap"
    stack.undo()
    assert model.rowCount() == 5


def test_options_model_renames_an_option_and_refuses_a_duplicate_label(qtbot, stack):
    model = QOptionsTableModel(stack)
    model.set_scenario("seed-1-startup")
    assert model.setData(model.index(0, Col.LABEL), "Cheapest API", EDIT)
    assert s1(stack).options[0].label == "Cheapest API"
    with qtbot.waitSignal(model.refused) as sig:
        assert not model.setData(model.index(0, Col.LABEL), S1_H100, EDIT)
    assert "already called" in sig.args[0]
    stack.undo()
    assert model.index(0, Col.LABEL).data() == S1_API


def test_scenario_list_model(qtmodeltester, stack):
    model = QScenarioListModel(stack)
    qtmodeltester.check(model)
    assert [model.index(r).data() for r in range(3)][2] == "Scenario 3: local RTX 5090"
    assert model.setData(model.index(2), "Home lab", EDIT)
    assert project(stack).scenarios[2].name == "Home lab"
    assert not model.setData(model.index(2), "", EDIT)
    stack.undo()
    assert model.index(2).data() == "Scenario 3: local RTX 5090"


# --- the workload form ---------------------------------------------------------------------


def test_workload_form_shows_the_workload(view):
    f = view.workload_form
    assert f.volume_box.text() == "3B tokens/month"
    assert f.boxes["input_share"].value() == pytest.approx(60.0)
    assert f.sliders["input_share"].value() == 60
    assert f.boxes["hours_per_month"].value() == 720
    assert f.boxes["prompt_tokens"].value() == 2000
    assert f.routing_combo.currentData() is None
    # Limits, units and tooltips from the field rules.
    assert f.boxes["hours_per_month"].maximum() == 744
    assert f.boxes["hours_per_month"].suffix() == " h"
    assert f.boxes["hours_per_month"].toolTip().startswith("Hours in a month")
    tip = f.boxes["input_share"].toolTip().splitlines()
    assert tip[0] == "Share of tokens that are input (from 0 to 100 %)"
    assert tip[1] == "field Workload.input_share · F1: guide"


def test_typing_a_volume_is_one_undo_step_and_updates_the_comparison(view, stack, qtbot):
    box = view.workload_form.volume_box
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "5B")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert w1(stack).monthly_tokens == 5e9
    assert stack.count() == 1
    assert view.workload_form.volume_slider.volume() == pytest.approx(5e9, rel=0.02)
    view.throttle.flush()
    assert view.evaluation.volume_tokens == 5e9
    assert view.evaluation.option(S1_API).usd == pytest.approx(1490)
    stack.undo()
    assert w1(stack).monthly_tokens == 3e9 and box.text() == "3B tokens/month"
    view.throttle.flush()
    assert view.evaluation.option(S1_API).usd == pytest.approx(894)


def test_the_log_slider_sets_the_volume(view, stack):
    slider = view.workload_form.volume_slider
    slider.setValue(slider.TICKS * 4 // 7)  # 10^(6 + 4) = 10B
    assert w1(stack).monthly_tokens == pytest.approx(1e10)
    assert view.workload_form.volume_box.text() == "10B tokens/month"


def test_share_box_and_slider_edit_the_share(view, stack):
    view.workload_form.boxes["batch_share"].setValue(50)
    assert w1(stack).batch_share == 0.5
    assert view.workload_form.sliders["batch_share"].value() == 50
    view.workload_form.sliders["input_share"].setValue(75)
    assert w1(stack).input_share == 0.75
    stack.undo()
    assert view.workload_form.boxes["input_share"].value() == pytest.approx(60)


def test_routing_combo(view, stack):
    combo = view.workload_form.routing_combo
    combo.setCurrentIndex(combo.findData("groq/llama-3.2-3b"))
    assert w1(stack).routing_offer_id == "groq/llama-3.2-3b"
    stack.undo()
    assert combo.currentData() is None


# --- facts ---------------------------------------------------------------------------------


def test_facts_form_edits_the_matrix_facts_and_the_advice_follows(view, stack):
    facts = view.facts_form
    assert facts.boxes["latency_tolerant"].isChecked()
    assert facts.quality.currentData() == "good-general"
    assert view.advice.rule.id == "1-10b-latency-tolerant"
    facts.boxes["prototyping"].setChecked(True)
    assert s1(stack).prototyping
    view.throttle.flush()
    assert view.advice.rule.id == "prototyping"
    assert "Prototyping/experimentation" in view.advice_panel.toPlainText()
    facts.quality.setCurrentIndex(facts.quality.findData("strong-general"))
    view.throttle.flush()
    assert view.evaluation.cheapest is None  # nothing in scenario 1 is strong general
    assert "not comparable: Good general is below Strong general" in [
        view.comparison_panel.table.item(r, 5).text() for r in range(5)
    ]
    stack.undo()
    stack.undo()
    view.throttle.flush()
    assert not facts.boxes["prototyping"].isChecked()
    assert view.advice.rule.id == "1-10b-latency-tolerant"


# --- the option editor ---------------------------------------------------------------------


def test_option_editor_shows_the_rental_fields(view):
    view.options.selectRow(2)
    e = view.option_editor
    assert e.kind.currentData() == "rental"
    assert e.w["rental_id"].currentData() == "runpod/h100-sxm"
    assert e.w["price"].currentData() == "discounted"
    assert e.w["on_hours_share"].value() == pytest.approx(50)
    assert e.w["pinned"].isChecked() and e.w["tokens_per_s"].value() == 3000
    assert e.w["llm_id"].currentData() == "llama-3.3-70b"
    assert not e.form.isRowVisible(e.w["offer_id"])
    # 3,000 tok/s is above the H100's physical ceiling for 70B FP8 at 6 sequences: not used.
    assert "542 tok/s per unit" in e.w["throughput"].text()
    assert "pinned 3,000 tok/s not used" in e.w["throughput"].text()
    assert not e.w["use_own_figure"].isChecked()
    e.w["use_own_figure"].setChecked(True)  # "use my figure": the pin sets the cost again
    view.throttle.flush()
    assert "3,000 tok/s per unit (pinned)" in e.w["throughput"].text()
    assert view.evaluation.option(S1_HALF).usd == pytest.approx(2.49 * 720 * 0.5)


def test_option_editor_edits_and_undo(view, stack):
    view.options.selectRow(2)
    e = view.option_editor
    e.w["use_own_figure"].setChecked(True)  # the document's 3,000 tok/s, as it states it
    e.w["on_hours_share"].setValue(25)
    assert s1(stack).options[2].option.on_hours_share == 0.25
    e.w["instances"].setValue(2)
    assert s1(stack).options[2].option.instances == 2
    view.throttle.flush()
    assert view.evaluation.option(S1_HALF).usd == pytest.approx(2 * 2.49 * 720 * 0.25 * 2)
    stack.undo()
    stack.undo()
    assert s1(stack).options[2].option.on_hours_share == 0.5
    assert e.w["on_hours_share"].value() == pytest.approx(50)


def test_unpinning_estimates_the_throughput(view, stack):
    view.options.selectRow(1)
    e = view.option_editor
    e.w["pinned"].setChecked(False)
    assert s1(stack).options[1].option.tokens_per_s is None
    view.throttle.flush()
    f = view.evaluation.option(S1_H100).cost.function
    assert f.throughput_source != "pinned" and f.tokens_per_s > 0
    assert "tok/s per unit" in e.w["throughput"].text()


def test_choosing_no_llm_clears_the_format_too(view, stack):
    view.options.selectRow(3)
    e = view.option_editor
    e.w["llm_id"].setCurrentIndex(0)
    opt = s1(stack).options[3].option
    assert (opt.llm_id, opt.quant_id) == (None, None)
    view.throttle.flush()
    assert view.evaluation.option(S1_RIG).quality is None  # not rated, still compared
    e.w["llm_id"].setCurrentIndex(e.w["llm_id"].findData("llama-3.1-8b"))
    opt = s1(stack).options[3].option
    assert (opt.llm_id, opt.quant_id) == ("llama-3.1-8b", "fp8")


def test_switching_the_kind_replaces_the_option(view, stack):
    view.options.selectRow(3)
    e = view.option_editor
    e.kind.setCurrentIndex(e.kind.findData("api"))
    so = s1(stack).options[3]
    assert so.label == S1_RIG and so.option.kind == "api"
    assert e.form.isRowVisible(e.w["offer_id"]) and not e.form.isRowVisible(e.w["build_id"])
    stack.undo()
    assert s1(stack).options[3].option.kind == "owned"


# --- scenarios and options: add, duplicate, delete, move ---------------------------------------


def test_new_duplicate_delete_scenarios_with_undo(view, stack):
    view.new_action.trigger()
    assert len(project(stack).scenarios) == 4 and view.scenario_id == "scenario"
    view.throttle.flush()
    assert "no comparable option" in view.comparison_panel.headline.text()
    stack.undo()
    assert len(project(stack).scenarios) == 3
    assert view.scenario_id in {s.id for s in project(stack).scenarios}
    view.select_scenario("seed-3-local")
    view.duplicate_action.trigger()
    assert view.scenario_id == "seed-3-local-2"
    view.delete_action.trigger()
    assert [s.id for s in project(stack).scenarios][-1] == "seed-3-local"
    stack.undo()
    stack.undo()
    assert len(project(stack).scenarios) == 3


def test_add_remove_move_options(view, stack):
    view.add_option("rental")
    assert len(s1(stack).options) == 6 and view.current_option() == 5
    new = "RunPod NVIDIA A100 80GB PCIe"  # named after the catalog's first rental
    assert s1(stack).options[5].label == new
    assert stack.undoText() == f"Add option {new}"
    view.move_option(-1)
    assert s1(stack).options[4].label == new and view.current_option() == 4
    view.remove_option_action.trigger()
    assert [o.label for o in s1(stack).options][-1] == "Claude Haiku 3.5"
    for _ in range(3):
        stack.undo()
    assert len(s1(stack).options) == 5


# --- live: any edit anywhere -------------------------------------------------------------------


def test_a_catalog_price_edit_updates_comparison_and_advice_once_per_frame(view, stack):
    cat = project(stack).catalog
    row = next(i for i, o in enumerate(cat.hosted_offers) if o.id == "deepinfra/llama-3.3-70b")
    calls = view.throttle.calls
    for price in (0.5, 0.6, 0.1):
        stack.push_command(SetField(stack.doc, "hosted_offers", row, "output_usd_per_mtok", price))
    assert view.throttle.pending
    view.throttle.flush()
    assert view.throttle.calls == calls + 1
    # 0.6 x $0.23 + 0.4 x $0.10 = $0.178/M: at 3B tokens $534.
    assert view.evaluation.option(S1_API).usd == pytest.approx(534)
    stack.undo()
    view.throttle.flush()
    assert view.evaluation.option(S1_API).usd == pytest.approx(894)


def test_figures_and_all_scenarios_tables(view):
    t = view.figures.table
    rows = {t.item(r, 0).text(): r for r in range(t.rowCount())}
    r = rows["Break-even, H100 vs Claude Haiku"]
    assert t.item(r, 1).text() == "~500M tokens/month"
    assert t.item(r, 2).text() == "862M tokens/month"
    assert t.item(r, 3).text() == "862M tokens/month"  # at the document's tok/s: the same
    assert "$4/M output price" in t.item(r, 5).text()
    r = rows["RunPod H100 cost per token (at full use)"]
    assert t.item(r, 3).text() == "$0.231/M"  # the document's $0.23 at its 3,000 tok/s
    assert "3,000 tok/s is not used" in t.item(r, 5).text()
    every = view.every.table
    assert every.rowCount() == 3
    assert every.item(0, 2).text() == "DeepInfra Llama 3.3 70B"
    assert every.item(2, 2).text() == "RTX 5090 local rig (7B-14B)"
    assert every.item(0, 6).text().startswith("disagrees: Dedicated GPU rental")


def test_scenario_selected_signal(view, qtbot):
    with qtbot.waitSignal(view.scenario_selected) as sig:
        view.select_scenario("seed-2-enterprise")
    assert sig.args == ["seed-2-enterprise"]
    assert view.workload_form.volume_box.text() == "2B tokens/month"
    assert view.options_model.rowCount() == 4


def test_the_main_window_builds_the_view_when_first_shown(window):
    assert window.scenarios_view.view is None
    window.tabs.setCurrentWidget(window.scenarios_view)
    assert window.scenarios_view.view is not None
    window.scenarios_view.view.status_message.emit("refused: why")
    assert window.statusBar().currentMessage() == "refused: why"


def test_undo_of_a_deleted_scenario_restores_its_workload(view, stack):
    view.select_scenario("seed-2-enterprise")
    view.delete_action.trigger()
    assert "seed-enterprise-frontier" not in [w.id for w in project(stack).workloads]
    stack.undo()
    view.select_scenario("seed-2-enterprise")
    assert view.workload_form.volume_box.text() == "2B tokens/month"


def test_a_build_part_edit_updates_the_comparison_and_undo_restores_it(view, stack):
    from infercost.model.edits.commands import set_item_field

    builds = project(stack).catalog.builds
    row = next(i for i, b in enumerate(builds) if b.id == "rtx-5090-rig")
    from infercost.model.edits.scenario_edits import set_option_field

    # The document's 400 tok/s, used as it states it (else 11 rigs at the estimate).
    stack.push_command(set_option_field(stack.doc, 0, 3, use_own_figure=True))
    view.throttle.flush()
    before = view.evaluation.option(S1_RIG).usd
    cmd = set_item_field(stack.doc, "builds", row, "lines", 0, "quantity", 2)  # two RTX 5090s
    stack.push_command(cmd)
    view.throttle.flush()
    after = view.evaluation.option(S1_RIG).usd
    # 3 rigs x (one more $2,000 GPU over 26,280 h + 575 W x $0.12/kWh) x 720 h.
    assert after - before == pytest.approx(3 * (2000 / 26280 + 0.575 * 0.12) * 720)
    stack.undo()
    view.throttle.flush()
    assert view.evaluation.option(S1_RIG).usd == pytest.approx(before)


def test_pinning_starts_from_the_throughput_used(view, stack):
    view.options.selectRow(1)
    e = view.option_editor
    e.w["pinned"].setChecked(False)
    view.throttle.flush()
    used = view.evaluation.option(S1_H100).cost.function.tokens_per_s
    e.w["pinned"].setChecked(True)
    assert s1(stack).options[1].option.tokens_per_s == pytest.approx(used, abs=0.05)


def test_the_header_says_when_a_workload_is_shared(view, stack):
    assert "Scenario 1: small startup" in view.header.text()
    assert "Break-even ~6B" in view.header.text()
    view.duplicate_action.trigger()
    stack.push_command(SetField(stack.doc, "scenarios", 1, "workload_id", "seed-startup-70b"))
    assert "is shared with Scenario 1: small startup" in view.header.text()


def test_a_hidden_view_recomputes_when_shown_again(view, stack):
    view.hide()
    stack.push_command(SetField(stack.doc, "workloads", 0, "monthly_tokens", 5e9))
    view.throttle.flush()
    assert view.evaluation.volume_tokens == 3e9  # not recomputed while hidden
    view.show()
    view.throttle.flush()
    assert view.evaluation.volume_tokens == 5e9


def test_start_up_does_not_import_the_scenarios_view(tmp_path):
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from PySide6.QtCore import QSettings\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from infercost.gui.main_window import MainWindow\n"
        "from infercost.gui.settings import Settings\n"
        f"s = Settings(QSettings({str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat))\n"
        "w = MainWindow(s)\n"
        "w.show(); app.processEvents()\n"
        "print('infercost.gui.scenarios.view' in sys.modules, 'pyqtgraph' in sys.modules)\n"
        "w.stack.setClean(); w.close()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stdout.split() == ["False", "False"], out.stderr


def test_offer_lists_follow_a_rename_but_not_a_price_edit(view, stack):
    combo = view.workload_form.routing_combo
    items = view.workload_form._offers
    stack.push_command(SetField(stack.doc, "api_offers", 0, "output_usd_per_mtok", 11.0))
    assert view.workload_form._offers is items  # a price: the 21 items were not rebuilt
    stack.push_command(SetField(stack.doc, "api_offers", 0, "llm_name", "GPT-4o (2024)"))
    assert combo.itemText(1) == "openai/gpt-4o (GPT-4o (2024))"
    view.options.selectRow(0)
    offer = view.option_editor.w["offer_id"]
    assert offer.itemText(0) == "openai/gpt-4o  (OpenAI GPT-4o (2024))"


def test_undo_from_another_tab_shows_the_scenario_it_changed(window):
    from infercost.model.edits.commands import SetField as Set

    window.tabs.setCurrentWidget(window.scenarios_view)
    view = window.scenarios_view.view
    view.select_scenario("seed-3-local")
    window.stack.push_command(Set(window.doc, "workloads", 0, "monthly_tokens", 4e9))
    window.tabs.setCurrentWidget(window.catalog_editor)
    window.undo_action.trigger()
    assert window.tabs.currentWidget() is window.scenarios_view
    assert view.scenario_id == "seed-1-startup"
    assert window.doc.project.workloads[0].monthly_tokens == 3e9


def test_prompt_length_and_hours_boxes(view, stack):
    view.workload_form.boxes["prompt_tokens"].setValue(250_000)
    view.workload_form.boxes["hours_per_month"].setValue(730)
    assert (w1(stack).prompt_tokens, w1(stack).hours_per_month) == (250_000, 730)
    view.throttle.flush()
    h100 = view.evaluation.option(S1_H100)
    assert h100.usd == pytest.approx(h100.units * 2.49 * 730)
    stack.undo()
    assert view.workload_form.boxes["hours_per_month"].value() == 720


def test_api_option_markup_and_point(view, stack):
    view.options.selectRow(0)
    e = view.option_editor
    e.w["markup_id"].setCurrentIndex(e.w["markup_id"].findData("aws-bedrock"))
    e.w["markup_point"].setCurrentIndex(e.w["markup_point"].findData("high"))
    opt = s1(stack).options[0].option
    assert (opt.markup_id, opt.markup_point) == ("aws-bedrock", "high")
    view.throttle.flush()
    assert view.evaluation.option(S1_API).usd == pytest.approx(894 * 1.20)  # Bedrock +0-20%
    assert "via aws-bedrock" in view.options_model.index(0, 2).data()


def test_the_workload_is_renamed_in_its_form_and_the_rename_undoes(view, stack, qtbot):
    """Workloads had no name field anywhere in the window."""
    box = view.workload_form.name_box
    assert box.text() == w1(stack).name
    wid = w1(stack).id
    box.selectAll()
    qtbot.keyClicks(box, "Startup chat")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert (w1(stack).id, w1(stack).name) == (wid, "Startup chat")
    assert stack.undoText().startswith("Rename workload ") and stack.count() == 1
    box.setFocus()  # Ctrl+Z with the cursor still in the box
    stack.undo()
    assert box.text() == w1(stack).name != "Startup chat"
    # An empty name is refused with a message; the box shows the name kept.
    messages = []
    view.status_message.connect(messages.append)
    box.setText("")
    box.editingFinished.emit()
    assert messages and "needs a name" in messages[-1]
    assert box.text() == w1(stack).name and stack.count() == 1
