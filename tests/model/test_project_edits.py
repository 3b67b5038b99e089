"""Renaming the project and a workload: undoable, refused when empty, named in words."""

import pytest

from infercost.model.catalog.defaults import default_project
from infercost.model.edits.document import Document
from infercost.model.edits.project_edits import RenameProject, rename_workload
from infercost.model.errors import EditRefused


@pytest.fixture
def doc():
    return Document(default_project())


def test_rename_the_project_and_undo(doc):
    was = doc.project.name
    seen = []
    doc.changed.connect(seen.append)
    cmd = RenameProject(doc, "  Acme inference plan  ")
    assert cmd.text == "Rename project to Acme inference plan"
    doc.apply(cmd)
    assert doc.project.name == "Acme inference plan" and doc.display_name == "Acme inference plan"
    assert seen[-1].touches("project") and not seen[-1].touches("scenarios")
    doc.revert(cmd)
    assert doc.project.name == was
    for bad, why in (("   ", "needs a name"), ("x" * 201, "at most 200")):
        with pytest.raises(EditRefused, match=why):
            RenameProject(doc, bad)


def test_rename_a_workload_keeps_its_id_and_undoes(doc):
    w = doc.project.workloads[0]
    wid, was = w.id, w.name
    cmd = rename_workload(doc, 0, "Support bot")
    assert cmd.text == f"Rename workload {was} to Support bot"
    doc.apply(cmd)
    assert (doc.project.workloads[0].id, doc.project.workloads[0].name) == (wid, "Support bot")
    doc.revert(cmd)
    assert doc.project.workloads[0].name == was
    with pytest.raises(EditRefused, match="needs a name"):
        rename_workload(doc, 0, "")
    with pytest.raises(EditRefused, match="no row 99"):
        rename_workload(doc, 99, "x")
