"""One answer everywhere, the GUI part: the Scenarios comparison's bold row and the Break-even
table's bold row name the evaluation's cheapest, for every default scenario and one where the
overall cheapest option is below the quality needed (tests/model/test_one_answer.py has the
CLI and model surfaces)."""

import pytest
from PySide6.QtCore import Qt

from infercost.gui.breakeven.table import OptionCol
from infercost.gui.breakeven.view import BreakEvenView
from infercost.gui.scenarios.view import ScenariosView
from infercost.gui.undo import DocumentUndoStack
from infercost.model.costing.evaluation import evaluate
from infercost.model.edits.document import Document
from tests.model.test_one_answer import CASES


def bold_rows(model, column: int = 0) -> list[str]:
    out = []
    for r in range(model.rowCount()):
        font = model.index(r, column).data(Qt.ItemDataRole.FontRole)
        if font is not None and font.bold():
            out.append(model.index(r, column).data())
    return out


def scenarios_bold(view: ScenariosView) -> list[str]:
    t = view.comparison_panel.table
    return [t.item(r, 0).text() for r in range(t.rowCount()) if t.item(r, 0).font().bold()]


@pytest.mark.parametrize(("name", "project", "sid"), CASES, ids=[f"{n}-{s}" for n, _, s in CASES])
def test_the_bold_rows_name_the_evaluations_cheapest(qtbot, name, project, sid):
    want = evaluate(project, sid).cheapest.label
    stack = DocumentUndoStack(Document(project.model_copy(deep=True)))
    sv = ScenariosView(stack)
    qtbot.addWidget(sv)
    sv.show()
    sv.select_scenario(sid)
    sv.throttle.flush()
    assert scenarios_bold(sv) == [want]
    assert sv.evaluation.cheapest.label == want
    be = BreakEvenView(stack)
    qtbot.addWidget(be)
    be.show()
    be.set_scenario(sid)
    be.throttle.flush()
    assert bold_rows(be.options_model) == [want]
    # Rows that cannot be chosen say why, as in the Scenarios tab.
    ev = evaluate(project, sid)
    for r in range(be.options_model.rowCount()):
        label = be.options_model.index(r, 0).data()
        status = be.options_model.index(r, OptionCol.STATUS).data()
        if not ev.option(label).comparable:
            assert status.startswith("not comparable")


def test_a_volume_of_zero_updates_every_scenarios_panel(qtbot):
    """Volume 0 raised a TypeError dialog and left the previous figures on screen."""
    from infercost.model.catalog.defaults import default_project

    stack = DocumentUndoStack(Document(default_project()))
    sv = ScenariosView(stack)
    qtbot.addWidget(sv)
    sv.show()
    sv.select_scenario("seed-1-startup")
    sv.throttle.flush()
    sv.workload_form.volume_box.setValue(0)
    sv.throttle.flush()
    assert stack.doc.project.workload("seed-startup-70b").monthly_tokens == 0
    assert sv.evaluation.volume_tokens == 0
    assert sv.comparison_panel.headline.text().startswith("At 0 tokens/month")
    assert (
        "Cheapest comparable: DeepInfra Llama 3.3 70B $0.00/month" in sv.advice_panel.toPlainText()
    )
