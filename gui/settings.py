"""Persistent preferences (window layout, recent files, theme) read with explicit types."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10


class Settings:
    """Typed access to QSettings: on Linux every value comes back as a string otherwise."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.q = qsettings if qsettings is not None else QSettings()

    def _bytes(self, key: str) -> QByteArray:
        value = self.q.value(key, QByteArray(), type=QByteArray)
        return value if isinstance(value, QByteArray) else QByteArray()

    @property
    def geometry(self) -> QByteArray:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.q.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self.q.setValue("window/state", value)

    @property
    def theme(self) -> str:
        value = str(self.q.value("view/theme", "system", type=str))
        return value if value in ("system", "light", "dark") else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self.q.setValue("view/theme", value)

    @property
    def last_dir(self) -> str:
        return str(self.q.value("files/last_dir", "", type=str))

    @last_dir.setter
    def last_dir(self, value: str) -> None:
        self.q.setValue("files/last_dir", value)

    @property
    def recent_files(self) -> list[str]:
        """Recently opened or saved projects, newest first (only those still on disk)."""
        value = self.q.value("files/recent", [], type=list)
        paths = [str(v) for v in (value or []) if v]
        return [p for p in paths if Path(p).is_file()][:MAX_RECENT]

    def add_recent(self, path: Path | str) -> None:
        """Put a file at the top of the recent list."""
        p = str(Path(path).resolve())
        value = self.q.value("files/recent", [], type=list)
        paths = [str(v) for v in (value or []) if v and str(v) != p]
        self.q.setValue("files/recent", [p, *paths][:MAX_RECENT])

    def clear_recent(self) -> None:
        self.q.setValue("files/recent", [])
