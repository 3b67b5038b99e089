"""The open project as a Qt-free document: commands run here and every change is announced."""

from __future__ import annotations

from pathlib import Path

from psygnal import Signal

from infercost.model.catalog.project import Project
from infercost.model.edits.commands import Change, Command


class Document:
    """The project on screen, its file, and the events views subscribe to.

    Only commands mutate ``project`` once a document is shown. ``about_to_change`` fires
    before a command touches the data (Qt item models announce inserts and removals then);
    ``changed`` fires after, with the same Change. Undo history lives with the caller (the
    GUI's QUndoStack); ``apply`` and ``revert`` are what it runs.
    """

    about_to_change = Signal(Change)
    changed = Signal(Change)
    path_changed = Signal(object)

    def __init__(self, project: Project | None = None, path: Path | None = None) -> None:
        self.project = project if project is not None else Project()
        self._path = path

    @property
    def path(self) -> Path | None:
        """The file the project was last opened from or saved to (None for a new project)."""
        return self._path

    @path.setter
    def path(self, value: Path | None) -> None:
        self._path = value
        self.path_changed.emit(value)

    @property
    def display_name(self) -> str:
        """What a window title calls the document: the file's name, else the project's."""
        return self._path.name if self._path is not None else self.project.name

    def apply(self, command: Command) -> Change:
        """Run a command forward and announce it."""
        change = command.apply_change()
        self.about_to_change.emit(change)
        command.apply(self)
        self.changed.emit(change)
        return change

    def revert(self, command: Command) -> Change:
        """Run a command backward and announce it."""
        change = command.revert_change()
        self.about_to_change.emit(change)
        command.revert(self)
        self.changed.emit(change)
        return change

    def replace(self, project: Project, path: Path | None = None) -> None:
        """Load another project outside the undo history (File > New/Open)."""
        change = Change("reset")
        self.about_to_change.emit(change)
        self.project = project
        self.changed.emit(change)
        self.path = path
