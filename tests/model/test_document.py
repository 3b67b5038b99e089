"""The document announces every change before and after, with what changed."""

import pytest

from infercost.model.catalog.fileio import default_catalog
from infercost.model.catalog.project import Project
from infercost.model.edits.commands import Change, InsertRows, SetField
from infercost.model.edits.document import Document


@pytest.fixture
def doc() -> Document:
    return Document(Project(catalog=default_catalog()))


def test_events_bracket_each_command(doc):
    seen = []
    doc.about_to_change.connect(
        lambda c: seen.append(("before", c, doc.project.catalog.tariffs[0].usd_per_kwh))
    )
    doc.changed.connect(
        lambda c: seen.append(("after", c, doc.project.catalog.tariffs[0].usd_per_kwh))
    )
    cmd = SetField(doc, "tariffs", 0, "usd_per_kwh", 0.3)
    doc.apply(cmd)
    change = Change("set", "tariffs", 0, 1, "usd_per_kwh")
    assert seen == [("before", change, 0.12), ("after", change, 0.3)]
    seen.clear()
    doc.revert(cmd)
    assert seen == [("before", change, 0.3), ("after", change, 0.12)]


def test_insert_is_announced_before_rows_exist(doc):
    counts = []
    doc.about_to_change.connect(lambda c: counts.append(len(doc.project.catalog.tariffs)))
    doc.changed.connect(
        lambda c: counts.append((c.kind, c.first, c.count, len(doc.project.catalog.tariffs)))
    )
    new = doc.project.catalog.tariffs[0].model_copy(update={"id": "eu"})
    cmd = InsertRows(doc, "tariffs", 1, [new])
    doc.apply(cmd)
    doc.revert(cmd)
    assert counts == [1, ("insert", 1, 1, 2), 2, ("remove", 1, 1, 1)]


def test_replace_resets_and_moves_the_path(doc, tmp_path):
    changes, paths = [], []
    doc.changed.connect(changes.append)
    doc.path_changed.connect(paths.append)
    other = Project(name="Other")
    doc.replace(other, tmp_path / "x.infercost")
    assert doc.project is other
    assert changes == [Change("reset")]
    assert paths == [tmp_path / "x.infercost"]
    assert doc.display_name == "x.infercost"
    doc.path = None
    assert doc.display_name == "Other"


def test_touches():
    assert Change("reset").touches("gpus")
    assert Change("set", "gpus").touches("gpus")
    assert not Change("set", "gpus").touches("parts")
