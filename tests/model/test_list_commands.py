"""Item edits of nested lists (a build's parts, a scenario's options): apply, revert, refuse."""

import pytest

from infercost.model.catalog.build import BuildLine, CustomLine
from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.scenario import ApiOption, ScenarioOption
from infercost.model.edits.commands import (
    EditRefused,
    insert_item,
    move_item,
    remove_item,
    set_item_field,
)
from infercost.model.edits.document import Document
from infercost.model.errors import UnknownIdError
from infercost.model.interchange.project_io import project_to_text


@pytest.fixture
def doc() -> Document:
    return Document(default_project())


def _build_row(doc: Document, build_id: str) -> int:
    return next(i for i, b in enumerate(doc.project.catalog.builds) if b.id == build_id)


def _round_trip(doc: Document, cmd) -> None:
    before = project_to_text(doc.project)
    doc.apply(cmd)
    after = project_to_text(doc.project)
    assert after != before
    doc.revert(cmd)
    assert project_to_text(doc.project) == before
    doc.apply(cmd)
    assert project_to_text(doc.project) == after


def test_add_move_remove_a_part_line(doc):
    row = _build_row(doc, "rtx-5090-rig")
    lines = doc.project.catalog.builds[row].lines
    n = len(lines)
    add = insert_item(doc, "builds", row, "lines", BuildLine(item_id="rtx-5090", quantity=2), 0)
    assert add.text == "Add part rtx-5090 to rtx-5090-rig"
    _round_trip(doc, add)
    new_lines = doc.project.catalog.builds[row].lines
    assert len(new_lines) == n + 1 and new_lines[0].quantity == 2
    move = move_item(doc, "builds", row, "lines", 0, n)
    _round_trip(doc, move)
    assert doc.project.catalog.builds[row].lines[n].quantity == 2
    rm = remove_item(doc, "builds", row, "lines", n)
    _round_trip(doc, rm)
    assert [x.item_id for x in doc.project.catalog.builds[row].lines] == [x.item_id for x in lines]


def test_a_custom_line_and_its_price(doc):
    row = _build_row(doc, "rtx-5090-rig")
    add = insert_item(
        doc, "builds", row, "custom_lines", CustomLine(name="UPS", price_usd=300, power_w=10)
    )
    doc.apply(add)
    index = len(doc.project.catalog.builds[row].custom_lines) - 1
    edit = set_item_field(doc, "builds", row, "custom_lines", index, "price_usd", 250)
    _round_trip(doc, edit)
    assert doc.project.catalog.builds[row].custom_lines[index].price_usd == 250
    assert edit.text == "Edit price of cost line UPS in rtx-5090-rig"


def test_typing_into_one_item_field_merges_but_list_changes_do_not(doc):
    row = _build_row(doc, "rtx-5090-rig")
    a = set_item_field(doc, "builds", row, "lines", 0, "quantity", 2)
    doc.apply(a)
    b = set_item_field(doc, "builds", row, "lines", 0, "quantity", 3)
    assert a.merge(b)
    add = insert_item(doc, "builds", row, "lines", BuildLine(item_id="rtx-5090"))
    add2 = insert_item(doc, "builds", row, "lines", BuildLine(item_id="rtx-5090"))
    assert not add.merge(add2)


def test_refusals_change_nothing(doc):
    row = _build_row(doc, "rtx-5090-rig")
    before = project_to_text(doc.project)
    with pytest.raises(EditRefused, match="no-such-part"):
        insert_item(doc, "builds", row, "lines", BuildLine(item_id="no-such-part"))
    with pytest.raises(EditRefused, match="has no part 99"):
        remove_item(doc, "builds", row, "lines", 98)
    with pytest.raises(EditRefused, match="quantity"):
        set_item_field(doc, "builds", row, "lines", 0, "quantity", 0)
    with pytest.raises(UnknownIdError):
        insert_item(doc, "builds", row, "notes", "x")
    assert project_to_text(doc.project) == before


def test_scenario_options_add_and_reorder(doc):
    scenario = doc.project.scenarios[0]
    n = len(scenario.options)
    offer = doc.project.catalog.api_offers[0].id
    item = ScenarioOption(label="Extra", option=ApiOption(offer_id=offer))
    add = insert_item(doc, "scenarios", 0, "options", item)
    assert add.text == f"Add option Extra to {scenario.id}"
    _round_trip(doc, add)
    assert len(doc.project.scenarios[0].options) == n + 1
    move = move_item(doc, "scenarios", 0, "options", n, 0)
    _round_trip(doc, move)
    assert doc.project.scenarios[0].options[0].option.offer_id == offer
