"""Every generated hostile file (tests/hostile/generator.py) through the GUI: Open for a
project (then every tab shown), Import for a workbook, CSV or price list. Each ends in a clean
result or one error dialog naming the file, the user's unsaved edit intact."""

from __future__ import annotations

import resource
import time

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget

from infercost.gui import dialogs
from infercost.gui.excel_actions import import_file
from infercost.model.edits.commands import SetField
from tests.hostile.generator import CASES, make

HANG_GUARD_S = 60  # a hang detector; the timings themselves are in make bench
MAX_RSS_BYTES = 1.5e9  # the whole test process: Qt and every earlier test included


@pytest.fixture(scope="session")
def hostile_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("hostile-gui")


@pytest.fixture
def shown(monkeypatch):
    seen: dict[str, list] = {"errors": [], "previews": []}
    monkeypatch.setattr(
        dialogs, "show_error", lambda parent, title, text: seen["errors"].append((title, text))
    )
    monkeypatch.setattr(
        dialogs, "confirm_import", lambda parent, pv: seen["previews"].append(pv) and False
    )
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, doc: "discard")
    return seen


def _show_every_tab(window) -> None:
    for tabs in window.findChildren(QTabWidget):
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            QApplication.processEvents()


# Two $0 options: the Break-even chart's log axis meets an all-zero curve (pyqtgraph warns
# "All-NaN slice"); the evaluation and chart work (issues 15 and the chart's) handle it.
KNOWN = {
    "two-free-options": pytest.mark.xfail(
        reason="all-$0 curves on the chart's log axis: fixed by the eval/chart branches",
        strict=False,
    )
}


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=KNOWN.get(c.name, ()), id=c.name) for c in CASES],
)
def test_every_hostile_file_ends_clean_in_the_gui(window, hostile_folder, shown, case):
    if case.posix_only and not hasattr(__import__("os"), "mkfifo"):
        pytest.skip("POSIX special file")
    path = make(hostile_folder, case)
    window.stack.push_command(
        SetField(window.doc, "api_offers", 0, "input_usd_per_mtok", 7.25)
    )  # the user's unsaved work
    start = time.monotonic()
    if case.kind == "project":
        opened = window.open(path)
        if opened:
            _show_every_tab(window)
    else:
        opened = import_file(window, path)
    assert time.monotonic() - start < HANG_GUARD_S
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 < MAX_RSS_BYTES
    errors = shown["errors"]
    if case.refused is not None:
        assert not opened
        [(_title, text)] = errors
        assert case.filename in text and len(text) <= dialogs.MAX_MESSAGE_CHARS
        for word in case.refused:
            assert word in text, (word, text)
    else:
        assert not errors, errors
    if case.kind == "project" and opened:
        assert window.doc.path == path
        return
    # refused, or an import previewed and cancelled: the unsaved edit is still there
    assert window.doc.project.catalog.api_offers[0].input_usd_per_mtok == 7.25
    assert not window.stack.isClean()
    if case.refused is None:
        [preview] = shown["previews"]
        text = " ".join(f"{r.location} {r.reason}" for r in preview.rejected)
        text += " ".join(preview.notes)
        for word in (*case.rejected, *case.notes):
            assert word in text, (word, text[:2000])
