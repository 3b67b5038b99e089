"""Import model in the window: the menu action and a file dropped on the LLM table, both one
undo step after a preview."""

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from infercost.gui import dialogs

CONFIGS = Path(__file__).parent.parent / "data" / "model_configs"


def test_import_model_action_adds_the_llm_in_one_undo_step(window, monkeypatch):
    previews = []
    monkeypatch.setattr(
        dialogs, "model_file_path", lambda *a: CONFIGS / "qwen3-30b-a3b.config.json"
    )
    monkeypatch.setattr(dialogs, "confirm_import", lambda _w, pv: previews.append(pv) or True)
    before = len(window.doc.project.catalog.llms)
    window.import_model_action.trigger()
    llms = window.doc.project.catalog.llms
    assert len(llms) == before + 1
    assert llms[-1].experts == 128 and llms[-1].experts_per_token == 8
    assert previews[0].summary() == "1 added, 0 changed, 0 unchanged, 0 rejected"
    assert window.stack.undoText() == "Import qwen3-30b-a3b.config.json"
    # The LLM table is shown with the new row selected.
    assert window.tabs.currentWidget() is window.catalog_editor
    assert window.catalog_editor.section == "llms"
    window.undo_action.trigger()
    assert len(window.doc.project.catalog.llms) == before


def test_a_refused_model_file_names_the_key_and_changes_nothing(window, monkeypatch, tmp_path):
    bad = tmp_path / "config.json"
    bad.write_text(
        '{"num_hidden_layers": 4, "hidden_size": 64, "num_attention_heads": 4, '
        '"num_key_value_heads": 8}'
    )
    errors = []
    monkeypatch.setattr(dialogs, "model_file_path", lambda *a: bad)
    monkeypatch.setattr(dialogs, "show_error", lambda *a: errors.append(a[1:]))
    window.import_model_action.trigger()
    assert errors and "key 'num_key_value_heads' (8) exceeds" in errors[0][1]
    assert window.stack.count() == 0


def test_dropping_a_config_on_the_llm_table_imports_it(window, monkeypatch, qtbot):
    monkeypatch.setattr(dialogs, "confirm_import", lambda _w, pv: True)
    page = window.catalog_editor.show_section("llms")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(CONFIGS / "deepseek-v3.config.json"))])
    before = len(window.doc.project.catalog.llms)
    pos = QPointF(page.view.rect().center())
    event = QDropEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: len(window.doc.project.catalog.llms) == before + 1)
    assert window.doc.project.catalog.llms[-1].kv_lora_rank == 512
    assert window.stack.count() == 1


def test_menu_entry_and_shortcut(window):
    file_menu = window.menuBar().actions()[0].menu()
    assert window.import_model_action in file_menu.actions()
    assert window.import_model_action.shortcut().toString() == "Ctrl+Shift+I"
