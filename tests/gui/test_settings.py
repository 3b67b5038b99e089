"""Preferences come back with their types; the recent list is de-duplicated and pruned."""

from PySide6.QtCore import QByteArray, QSettings

from infercost.gui.settings import MAX_RECENT, Settings


def test_recent_files_newest_first_without_duplicates_or_missing(settings, tmp_path):
    files = []
    for i in range(MAX_RECENT + 2):
        f = tmp_path / f"p{i}.infercost"
        f.write_text("{}")
        files.append(f)
        settings.add_recent(f)
    settings.add_recent(files[5])
    recent = settings.recent_files
    assert recent[0] == str(files[5].resolve())
    assert len(recent) == MAX_RECENT
    assert len(set(recent)) == len(recent)
    files[5].unlink()
    assert str(files[5].resolve()) not in settings.recent_files
    settings.clear_recent()
    assert settings.recent_files == []


def test_values_survive_a_reload_with_their_types(tmp_path):
    path = str(tmp_path / "s.ini")
    s = Settings(QSettings(path, QSettings.Format.IniFormat))
    s.theme = "dark"
    s.geometry = QByteArray(b"\x01\x02\x03")
    s.last_dir = str(tmp_path)
    s.q.sync()
    again = Settings(QSettings(path, QSettings.Format.IniFormat))
    assert again.theme == "dark"
    assert bytes(again.geometry) == b"\x01\x02\x03"
    assert again.last_dir == str(tmp_path)


def test_unknown_theme_falls_back_to_system(settings):
    settings.q.setValue("view/theme", "neon")
    assert settings.theme == "system"
    assert settings.window_state.isEmpty()
