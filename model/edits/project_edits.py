"""Undoable renames of what has no table row to edit in place: the project itself, and a
workload (shown inside the Scenarios view's form)."""

from __future__ import annotations

from infercost.model.edits.commands import Change, Command, HasProject, SetField
from infercost.model.errors import EditRefused

MAX_NAME = 200  # Project.name and Workload.name allow 200 characters


class RenameProject(Command):
    """Change the project's name (what the window title shows until the file has one)."""

    def __init__(self, doc: HasProject, name: str) -> None:
        name = name.strip()
        if not name:
            raise EditRefused("A project needs a name")
        if len(name) > MAX_NAME:
            raise EditRefused(f"A project name has at most {MAX_NAME} characters")
        self.old, self.new = doc.project.name, name
        self.text = f"Rename project to {name}"

    def apply_change(self) -> Change:
        return Change("set", "project", 0, 1, "name")

    revert_change = apply_change

    def apply(self, doc: HasProject) -> Change:
        doc.project.name = self.new
        return self.apply_change()

    def revert(self, doc: HasProject) -> Change:
        doc.project.name = self.old
        return self.revert_change()


def rename_workload(doc: HasProject, row: int, name: str) -> SetField:
    """Change workload ``row``'s display name (its id, which scenarios refer to, stays)."""
    workloads = doc.project.workloads
    if not 0 <= row < len(workloads):
        raise EditRefused(f"workloads: there is no row {row}")
    name = name.strip()
    if not name:
        raise EditRefused("A workload needs a name")
    was = workloads[row].name
    cmd = SetField(doc, "workloads", row, "name", name)
    cmd.text = f"Rename workload {was} to {name}"
    cmd.merge_key = None  # one undo step per rename, not merged with the last one
    return cmd
