"""Document events reach the item models before the views that read them, and the Summary
recomputes once per edit, whatever path the edit takes (here: the Undo History list)."""

from PySide6.QtCore import QItemSelectionModel, Qt

from infercost.model.edits.commands import RemoveRows, SetField, section_list


def _select(window, section: str, entry_id: str):
    editor = window.catalog_editor
    page = editor.show_section(section)
    ids = [e.id for e in section_list(window.doc.project, section)]
    idx = page.proxy.mapFromSource(page.model.index(ids.index(entry_id), 0))
    page.view.selectionModel().setCurrentIndex(
        idx,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    window.summary.flush()
    return page


def _click_history_row(window, qtbot, row: int) -> None:
    window.history_dock.show()
    view = window.history_dock.widget()
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_undo_history_keeps_the_summary_on_the_selected_row(window, qtbot):
    _select(window, "api_offers", "anthropic/claude-sonnet-4")
    ids = [e.id for e in window.doc.project.catalog.api_offers]
    gone = ids.index("openai/gpt-4.1-mini")
    assert gone < ids.index("anthropic/claude-sonnet-4")  # the delete shifts the selected row
    window.stack.push_command(RemoveRows(window.doc, "api_offers", [gone]))
    window.summary.flush()
    assert window.summary.title.text() == "anthropic/claude-sonnet-4"

    before = window.summary.recomputes
    _click_history_row(window, qtbot, 0)  # "<empty>": before the delete
    assert window.stack.index() == 0
    qtbot.waitUntil(lambda: window.summary.recomputes > before)
    window.summary.flush()
    assert window.summary.recomputes == before + 1
    assert window.summary.title.text() == "anthropic/claude-sonnet-4"
    assert "anthropic/claude-sonnet-4" in window.catalog_editor.provenance.text()
    assert window.catalog_editor.current_entry().id == "anthropic/claude-sonnet-4"

    before = window.summary.recomputes
    _click_history_row(window, qtbot, 1)  # redo the delete from the list
    qtbot.waitUntil(lambda: window.summary.recomputes > before)
    assert window.summary.title.text() == "anthropic/claude-sonnet-4"
    assert "anthropic/claude-sonnet-4" in window.catalog_editor.provenance.text()


def test_one_edit_recomputes_the_summary_once(window, qtbot):
    _select(window, "api_offers", "openai/gpt-4o")
    row = [e.id for e in window.doc.project.catalog.api_offers].index("openai/gpt-4o")
    before = window.summary.recomputes
    window.stack.push_command(SetField(window.doc, "api_offers", row, "output_usd_per_mtok", 14.0))
    qtbot.waitUntil(lambda: window.summary.recomputes > before)
    qtbot.wait(50)  # a second, relayed recompute would land within a frame or two
    assert window.summary.recomputes == before + 1
    # Seed startup workload (60% input): 0.6 x $2.50 + 0.4 x $14 = $7.10.
    assert window.summary.headline.text() == "$7.10 / Mtok"
    before = window.summary.recomputes
    window.stack.undo()
    window.summary.flush()
    assert window.summary.recomputes == before + 1
    assert window.summary.headline.text() == "$5.50 / Mtok"


def test_the_panel_shows_the_models_readout_line_for_line(window):
    from html import escape

    from infercost.cli.summary import render_text
    from infercost.model.costing.readout import readout

    _select(window, "builds", "rtx-5090-rig")
    shown = readout(window.doc.project, "builds", "rtx-5090-rig")
    assert window.summary.headline.text() == shown.headline_text == "$0.196 / hr"
    for label, text in shown.lines:
        assert f"{escape(label)}</td><td>{escape(text)}" in window.summary.details.text()
    assert render_text(shown).splitlines()[0].startswith("rtx-5090-rig: $0.196 / hr")
