"""File > Export to Excel and File > Import: the workbook written, the preview shown, undo,
and a cancelled export that writes nothing."""

from __future__ import annotations

import openpyxl

from infercost.gui import dialogs
from infercost.gui.export_dialog import ExportChoice, ExportDialog
from infercost.gui.import_dialog import ImportPreviewDialog
from infercost.model.interchange.import_file import read_import


def test_export_writes_the_chosen_scenario(window, monkeypatch, tmp_path):
    out = tmp_path / "plan"
    monkeypatch.setattr(
        dialogs, "choose_export", lambda _w, choices, _cur: ExportChoice((choices[2][0],))
    )
    monkeypatch.setattr(dialogs, "excel_export_path", lambda *a: out.with_suffix(".xlsx"))
    window.export_excel_action.trigger()
    wb = openpyxl.load_workbook(out.with_suffix(".xlsx"))
    ((sheet, ref),) = list(wb.defined_names["Option1_Label"].destinations)
    assert wb[sheet][ref.replace("$", "")].value == "GPT-4o-mini"  # scenario 3's first option
    assert "Exported plan.xlsx" in window.statusBar().currentMessage()


def test_export_error_is_shown_and_nothing_is_written(window, monkeypatch, tmp_path):
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda *a: errors.append(a[1:]))
    target = tmp_path / "missing" / "x.xlsx"
    monkeypatch.setattr(
        dialogs, "choose_export", lambda _w, choices, _cur: ExportChoice((choices[0][0],))
    )
    monkeypatch.setattr(dialogs, "excel_export_path", lambda *a: target)
    window.export_excel_action.trigger()
    assert errors[0][0] == "Workbook not written" and "folder does not exist" in errors[0][1]
    assert not target.exists()


def test_import_preview_dialog_shows_every_row(qtbot, shared_dir):
    from infercost.gui.sample import new_project

    pv = read_import(
        shared_dir / "data" / "skypilot-catalog-v8-lambda-vms.csv", new_project().catalog
    )
    dialog = ImportPreviewDialog(pv)
    qtbot.addWidget(dialog)
    # Lambda's instance types whose GPU the catalog knows (6 with the seed's GPUs; more as the
    # catalog learns Lambda's other accelerators).
    n = len(pv.added)
    assert n >= 6 and dialog.added.rowCount() == n
    assert dialog.rejected.rowCount() == len(pv.rejected)
    assert dialog.rejected.item(0, 0).text() == pv.rejected[0].location
    assert dialog.tabs.tabText(0) == f"Added ({n})"
    assert dialog.apply_button.isEnabled()


def test_import_cancel_in_the_preview_changes_nothing(window, monkeypatch, shared_dir):
    path = shared_dir / "data" / "skypilot-catalog-v8-runpod-vms.csv"
    monkeypatch.setattr(dialogs, "import_file_path", lambda *a: path)
    monkeypatch.setattr(dialogs, "confirm_import", lambda *_a: False)
    before = window.doc.project.catalog
    window.import_prices_action.trigger()
    assert window.doc.project.catalog is before and window.stack.count() == 0
    previews = []
    monkeypatch.setattr(dialogs, "confirm_import", lambda _w, pv: previews.append(pv) or True)
    window.import_prices_action.trigger()
    added = len(previews[0].added)
    assert added >= 60 and all(a.section == "gpu_rentals" for a in previews[0].added)
    assert len(window.doc.project.catalog.gpu_rentals) == len(before.gpu_rentals) + added
    window.undo_action.trigger()
    assert window.doc.project.catalog is before


def test_a_cancelled_export_writes_nothing(window, monkeypatch, tmp_path):
    from infercost.gui import excel_actions
    from infercost.model.guard import Cancelled

    def cancelled(_parent, _label, work):
        def progress(_done, _total):
            raise Cancelled("cancelled")

        return work(progress)

    monkeypatch.setattr(excel_actions, "run_in_background", cancelled)
    target = tmp_path / "x.xlsx"
    assert excel_actions.export_to_excel(window, target, "seed-1-startup") is None
    assert not target.exists()
    assert "nothing was written" in window.statusBar().currentMessage()


def test_the_dialog_preselects_the_scenario_on_screen(window, monkeypatch, tmp_path, qtbot):
    """Export to Excel offers the scenario the user is looking at, not Scenario 1."""
    seen = []

    def choose(_w, choices, current):
        dialog = ExportDialog(choices, current)
        qtbot.addWidget(dialog)
        seen.append(dialog.checked())
        dialog.everything.setChecked(True)
        assert not dialog.scenarios.isEnabled()
        return dialog.choice()

    monkeypatch.setattr(dialogs, "choose_export", choose)
    monkeypatch.setattr(dialogs, "excel_export_path", lambda *a: tmp_path / "all.xlsx")
    window.show_breakeven("seed-3-local")
    assert window.current_scenario_id() == "seed-3-local"
    window.export_excel_action.trigger()
    assert seen == [("seed-3-local",)]
    wb = openpyxl.load_workbook(tmp_path / "all.xlsx")
    titles = {ws.cell(1, 1).value for ws in wb.worksheets}
    names = {s.name for s in window.doc.project.scenarios}
    assert len(names & {t.removeprefix("Break-even: ") for t in titles if t}) == len(names)


def test_the_dialog_needs_a_scenario(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    dialog = ExportDialog([("a", "A"), ("b", "B")], "b")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.checked() == ("b",) and ok.isEnabled()
    dialog.scenarios.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert not ok.isEnabled()
    dialog.scenarios.item(0).setCheckState(Qt.CheckState.Checked)
    assert dialog.choice().scenario_ids == ("a",)
