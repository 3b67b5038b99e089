"""The Time & ranges tab: an edit anywhere redraws the timeline's curves and the tornado; the
time assumptions are edited through the undo stack."""

import numpy as np
import pytest
from pytestqt.modeltest import ModelTester

from infercost.gui.sample import sample_document
from infercost.gui.undo import DocumentUndoStack
from infercost.model.edits.commands import SetField


@pytest.fixture
def view(qtbot):
    from infercost.gui.timeline.view import TimeView

    stack = DocumentUndoStack(sample_document())
    v = TimeView(stack)
    qtbot.addWidget(v)
    v.resize(1200, 800)
    v.show()
    v.set_scenario("seed-2-enterprise")
    v.throttle.flush()
    v.wait_sensitivity()
    return v


def _gpu_row(doc, gpu_id):
    return next(i for i, g in enumerate(doc.project.catalog.gpus) if g.id == gpu_id)


def _owned_curve(view):
    i = [o.label for o in view.timeline.options].index("8x H100 node, owned (405B)")
    return np.asarray(view.chart.curves[i].getOriginalDataset()[1])


def test_a_catalog_edit_redraws_the_timeline_and_the_tornado_and_undo_restores(view, qtbot):
    before = _owned_curve(view)
    bars_before = list(view.tornado.bar_ends)
    row = _gpu_row(view.doc, "h100-sxm")
    view.stack.push_command(SetField(view.doc, "gpus", row, "price_low_usd", 20_000))
    view.throttle.flush()
    after = _owned_curve(view)
    # The node's 8 H100s at $25,000 mid instead of $27,500: $20,000 less, spread over 3 years.
    assert after[36] - before[36] == pytest.approx(-20_000 * 36 * 720 / (3 * 8760), rel=1e-6)
    view.wait_sensitivity()
    h100 = next(i for i in view.sensitivity.inputs if i.address == "gpu:h100-sxm.price_usd")
    assert h100.low == 20_000
    assert view.tornado.bar_ends != bars_before
    view.stack.undo()
    view.throttle.flush()
    assert np.allclose(_owned_curve(view), before)


def test_the_time_assumptions_edit_through_the_undo_stack(view):
    spin = view.spins["api_decline_pct_per_year"]
    gpt = [o.label for o in view.timeline.options].index("GPT-4.1")
    spin.setValue(0.0)
    view.throttle.flush()
    s = view.doc.project.scenario("seed-2-enterprise")
    assert s.time.api_decline_pct_per_year == 0.0
    curve = np.asarray(view.chart.curves[gpt].getOriginalDataset()[1])
    assert curve[36] == pytest.approx(36 * 16_000)
    assert "stays cheapest" in view.timeline_note.text()
    view.stack.undo()
    view.throttle.flush()
    assert spin.value() == pytest.approx(80.4)
    assert "month 13" in view.timeline_note.text()


def test_the_tables_are_sound_item_models(view, qtbot):
    for model in (view.timeline_model, view.cost_model, view.input_model):
        ModelTester(qtbot).check(model)
    assert view.cost_model.rowCount() == 4 and view.input_model.rowCount() >= 4
    assert "Break-even" in view.sens_note.text()


def test_typing_a_low_sets_your_own_range_as_one_undo_step(view):
    row = [w.input.address for w in view.sensitivity.swings].index("gpu:h100-sxm.price_usd")
    from infercost.gui.timeline.view import LOW_COL

    index = view.input_model.index(row, LOW_COL)
    assert view.input_model.flags(index) & view.input_model.flags(index).ItemIsEditable
    assert view.input_model.setData(index, "$20,000")
    s = view.doc.project.scenario("seed-2-enterprise")
    (mine,) = s.input_ranges
    assert (mine.address, mine.low, mine.high) == ("gpu:h100-sxm.price_usd", 20_000, 30_000)
    view.throttle.flush()
    view.wait_sensitivity()
    h100 = next(i for i in view.sensitivity.inputs if i.address == "gpu:h100-sxm.price_usd")
    assert (h100.low, h100.source) == (20_000, "your range")
    messages = []
    view.status_message.connect(messages.append)
    assert not view.input_model.setData(index, "cheap")
    assert "not a number" in messages[-1]
    view.stack.undo()
    assert view.doc.project.scenario("seed-2-enterprise").input_ranges == []


def test_parse_amount_reads_what_people_type():
    from infercost.gui.timeline.view import parse_amount

    assert parse_amount("25,000") == 25_000
    assert parse_amount("1.5B") == 1.5e9
    assert parse_amount("80 tok/s") == 80
    assert parse_amount("12 %") == 12
    with pytest.raises(ValueError):
        parse_amount("1_0")


def test_an_options_own_decline_is_typed_in_the_timeline_table(view):
    from infercost.gui.timeline.view import DECLINE_COL

    labels = [o.label for o in view.timeline.options]
    index = view.timeline_model.index(labels.index("GPT-4.1"), DECLINE_COL)
    assert view.timeline_model.setData(index, "0")
    view.throttle.flush()
    decl = view.doc.project.scenario("seed-2-enterprise").time.declines
    assert [(d.target, d.pct_per_year) for d in decl] == [("offer:openai/gpt-4.1", 0.0)]
    gpt = np.asarray(view.chart.curves[labels.index("GPT-4.1")].getOriginalDataset()[1])
    assert gpt[36] == pytest.approx(36 * 16_000)
    owned = view.timeline_model.index(labels.index("8x H100 node, owned (405B)"), DECLINE_COL)
    messages = []
    view.status_message.connect(messages.append)
    assert not view.timeline_model.setData(owned, "10")
    assert "depreciates" in messages[-1]
    view.stack.undo()
    assert view.doc.project.scenario("seed-2-enterprise").time.declines == []
