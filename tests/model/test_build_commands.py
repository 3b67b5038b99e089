"""SetFields, new builds from presets and duplicates: validated first, apply/revert round trips."""

import pytest

from infercost.model.catalog.defaults import default_project
from infercost.model.edits.build_commands import PRESETS, SetFields, duplicate_build, new_build
from infercost.model.edits.document import Document
from infercost.model.errors import EditRefused, UnknownIdError


@pytest.fixture
def doc():
    return Document(default_project())


def test_set_fields_sets_several_fields_as_one_edit(doc):
    before = doc.project.catalog.builds[0]
    cmd = SetFields(doc, "builds", 0, {"usd_per_kwh": 0.3, "tariff_id": None})
    doc.apply(cmd)
    b = doc.project.catalog.builds[0]
    assert (b.usd_per_kwh, b.tariff_id) == (0.3, None)
    doc.revert(cmd)
    assert doc.project.catalog.builds[0] == before


def test_set_fields_refuses_before_changing_anything(doc):
    before = doc.project.catalog.builds[0]
    # Without a tariff and without an own price there is no energy price.
    with pytest.raises(EditRefused, match="tariff"):
        SetFields(doc, "builds", 0, {"usd_per_kwh": None, "tariff_id": None})
    with pytest.raises(EditRefused, match="utilization"):
        SetFields(doc, "builds", 0, {"utilization": 2})
    with pytest.raises(UnknownIdError):
        SetFields(doc, "builds", 0, {"colour": "red"})
    assert doc.project.catalog.builds[0] == before


def test_new_builds_empty_and_from_presets(doc):
    n = len(doc.project.catalog.builds)
    for preset in PRESETS:
        cmd = new_build(doc, preset)
        doc.apply(cmd)
        made = doc.project.catalog.builds[-1]
        original = default_project().catalog.build(preset)
        assert made.id == f"{preset}-2" and made.lines == original.lines
    empty = new_build(doc)
    doc.apply(empty)
    b = doc.project.catalog.builds[-1]
    assert b.id == "build" and b.lines == [] and b.tariff_id == "us-average"
    doc.revert(empty)
    assert len(doc.project.catalog.builds) == n + 2
    with pytest.raises(UnknownIdError):
        new_build(doc, "no-such-preset")


def test_duplicate_goes_right_after_the_original(doc):
    cmd = duplicate_build(doc, 0)
    doc.apply(cmd)
    builds = doc.project.catalog.builds
    assert builds[1].id == "rtx-5090-rig-2" and builds[1].name == "RTX 5090 local rig (copy)"
    assert builds[1].lines == builds[0].lines
    doc.revert(cmd)
    assert [b.id for b in doc.project.catalog.builds] == ["rtx-5090-rig", "8x-h100-node"]
    with pytest.raises(EditRefused):
        duplicate_build(doc, 9)


def test_new_build_fields_survive_a_file_round_trip(doc):
    from pathlib import Path

    from infercost.model.catalog.build import CustomLine
    from infercost.model.interchange import project_io

    b = doc.project.catalog.builds[0]
    doc.project.catalog.builds[0] = b.model_copy(
        update={
            "depreciation_rate_pct": 45.0,
            "hours_per_month": 720.0,
            "circuit_w": 2400.0,
            "custom_lines": [CustomLine(name="UPS", price_usd=300, power_w=40, note="quote")],
        }
    )
    text = project_io.project_to_text(doc.project)
    back = project_io.project_from_text(text, "round trip")
    assert back.catalog.builds[0] == doc.project.catalog.builds[0]
    # A project saved before these fields existed loads with their defaults.
    old = project_io.load_project(Path(__file__).parent.parent / "data" / "project-v1.infercost")
    for build in old.catalog.builds:
        assert build.depreciation_rate_pct is None and build.hours_per_month == 730
        assert all(line.note == "" for line in build.custom_lines)


def test_a_preset_whose_parts_the_catalog_lacks_is_refused():
    from infercost.model.catalog.project import Project

    cat = default_project().catalog
    parts = [p for p in cat.parts if p.id != "host-8gpu-server"]
    doc = Document(
        Project(catalog=cat.model_copy(update={"parts": parts, "builds": cat.builds[:1]}))
    )
    with pytest.raises(EditRefused, match="host-8gpu-server"):
        new_build(doc, "8x-h100-node")
    assert [b.id for b in doc.project.catalog.builds] == ["rtx-5090-rig"]
