"""GUI test set-up: isolated settings and autosaves, dialogs that never block, no escaped errors."""

import sys

import pytest

from infercost.gui import dialogs
from infercost.model.interchange import autosave


@pytest.fixture(autouse=True)
def _no_exception_escapes_to_qt(monkeypatch):
    """An exception raised inside a Qt slot or virtual goes to sys.excepthook: fail the test."""
    escaped = []
    monkeypatch.setattr(sys, "excepthook", lambda *info: escaped.append(info))
    yield
    assert not escaped, f"exception escaped to Qt: {escaped[0][1]!r}"


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch, qapp):
    """Settings and autosaves in the test's own folder; every dialog patched to fail loudly."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    monkeypatch.setattr(autosave, "autosave_dir", lambda: tmp_path / "autosave")

    def unexpected(name):
        def _fail(*args, **kwargs):
            raise AssertionError(f"unexpected dialog: dialogs.{name}{args[1:]}")

        return _fail

    for name in (
        "ask_save_changes",
        "ask_restore",
        "open_path",
        "save_path",
        "show_error",
        "import_file_path",
        "excel_export_path",
        "choose_export",
        "ask_text",
        "confirm_import",
    ):
        monkeypatch.setattr(dialogs, name, unexpected(name))


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    from infercost.gui.settings import Settings

    return Settings(QSettings(str(tmp_path / "infercost.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot, settings):
    from infercost.gui.main_window import MainWindow

    w = MainWindow(settings)
    w.show()
    yield w
    # Closed here, not by qtbot (which closes before fixtures tear down): a test's
    # leftover edits must not ask to save.
    w.stack.setClean()
    w.close()
    w.deleteLater()
