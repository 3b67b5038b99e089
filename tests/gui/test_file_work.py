"""Long file work off the GUI thread: result, error, cancel; the autosave schedule."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton

from infercost.gui import background, main_window
from infercost.gui.background import run_in_background
from infercost.model.edits.commands import SetField
from infercost.model.guard import Cancelled
from infercost.model.interchange import project_io


def test_the_result_and_the_error_come_back_to_the_gui_thread(window):
    seen = []
    assert (
        run_in_background(window, "Work…", lambda p: seen.append(threading.current_thread()) or 42)
        == 42
    )
    assert seen[0] is not threading.main_thread()
    with pytest.raises(ValueError, match="bad"):
        run_in_background(window, "Work…", lambda p: (_ for _ in ()).throw(ValueError("bad")))


def _cancel_when_shown(window, clicked: list) -> None:
    def look() -> None:
        dialog = window.findChild(QProgressDialog)
        if dialog is not None and dialog.isVisible():
            clicked.append(dialog.labelText())
            dialog.findChild(QPushButton).click()  # as a person would
        else:
            QTimer.singleShot(50, look)

    QTimer.singleShot(50, look)


def test_a_slow_job_shows_progress_and_cancel_returns_at_once(window):
    stopped = threading.Event()

    def slow(progress):
        try:
            for i in range(1_000):
                progress(i, 1_000)
                time.sleep(0.01)
        finally:
            stopped.set()

    clicked: list[str] = []
    _cancel_when_shown(window, clicked)
    start = time.monotonic()
    with pytest.raises(Cancelled):
        run_in_background(window, "Opening big.infercost…", slow)
    assert clicked == ["Opening big.infercost…"]
    assert time.monotonic() - start < background.SHOW_AFTER_MS / 1000 + 3
    assert stopped.wait(2)  # the worker stops at its next progress call


def test_cancelling_an_open_keeps_the_document(window, monkeypatch, tmp_path):
    window.stack.push_command(SetField(window.doc, "api_offers", 0, "input_usd_per_mtok", 9.5))
    monkeypatch.setattr(main_window.dialogs, "ask_save_changes", lambda parent, name: "discard")

    def slow_load(path, progress=None):
        for i in range(500):
            progress(i, 500)
            time.sleep(0.01)
        raise AssertionError("not cancelled")

    monkeypatch.setattr(project_io, "load_project", slow_load)
    _cancel_when_shown(window, clicked := [])
    assert window.open(tmp_path / "big.infercost") is False
    assert clicked and "cancelled" in window.statusBar().currentMessage()
    assert window.doc.project.catalog.api_offers[0].input_usd_per_mtok == 9.5
    assert not window.stack.isClean()


def test_autosave_follows_the_first_unsaved_edit_then_the_interval(window, qtbot):
    assert not window.autosave_timer.isActive()  # nothing to save at start
    window.stack.push_command(SetField(window.doc, "api_offers", 0, "input_usd_per_mtok", 4.0))
    assert window.autosave_timer.isActive()
    assert window.autosave_timer.interval() == main_window.FIRST_AUTOSAVE_MS
    window.autosave_timer.timeout.emit()  # as if the first delay ran out
    assert window.autosave_timer.interval() == main_window.AUTOSAVE_INTERVAL_MS
    window.stack.undo()  # clean again: the copy and the schedule go
    assert not window.autosave_timer.isActive()
