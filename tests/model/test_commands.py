"""Edits as commands: apply/revert round trips, refusals that change nothing, readable labels."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infercost.model.catalog.fileio import default_catalog
from infercost.model.catalog.project import Project
from infercost.model.edits.commands import (
    EditRefused,
    InsertRows,
    RemoveRows,
    ReplaceCatalog,
    ReplaceProject,
    SetField,
    unused_id,
)
from infercost.model.edits.document import Document
from infercost.model.interchange.project_io import project_to_text


@pytest.fixture
def doc() -> Document:
    return Document(Project(catalog=default_catalog()))


def _snapshot(doc: Document) -> str:
    return project_to_text(doc.project)


def test_set_field_applies_reverts_and_names_the_edit(doc):
    before = _snapshot(doc)
    cmd = SetField(doc, "api_offers", 0, "input_usd_per_mtok", "3.5")
    assert cmd.text == "Edit input price of openai/gpt-4o"
    assert doc.project.catalog.offer("openai/gpt-4o").input_usd_per_mtok == 2.5  # not yet
    doc.apply(cmd)
    assert doc.project.catalog.offer("openai/gpt-4o").input_usd_per_mtok == 3.5
    doc.revert(cmd)
    assert _snapshot(doc) == before
    doc.apply(cmd)
    assert doc.project.catalog.offer("openai/gpt-4o").input_usd_per_mtok == 3.5


@pytest.mark.parametrize(
    ("section", "row", "field", "value", "reason"),
    [
        ("api_offers", 0, "input_usd_per_mtok", "-1", "greater than or equal to 0"),
        ("api_offers", 0, "input_usd_per_mtok", "abc", "valid number"),
        ("api_offers", 0, "input_usd_per_mtok", "inf", "finite"),
        ("api_offers", 0, "id", "Bad Id", "no spaces"),
        ("gpu_rentals", 0, "on_demand_low_usd_per_hour", "99", "high ("),
        ("gpus", 0, "id", "renamed-gpu", "Cannot rename rtx-5090 to renamed-gpu: still used by"),
        ("api_offers", 1, "id", "openai/gpt-4o", "id is used by 2 entries"),
        ("builds", 0, "tariff_id", "nowhere", "is not in tariffs"),
    ],
)
def test_refused_edits_change_nothing_and_say_why(doc, section, row, field, value, reason):
    before = _snapshot(doc)
    with pytest.raises(EditRefused) as err:
        SetField(doc, section, row, field, value)
    assert reason in str(err.value)
    assert _snapshot(doc) == before


def test_refusal_names_the_entry_and_field(doc):
    with pytest.raises(EditRefused, match=r"openai/gpt-4o: input price: .*got '-1'"):
        SetField(doc, "api_offers", 0, "input_usd_per_mtok", "-1")


def test_merge_keeps_the_first_old_value(doc):
    a = SetField(doc, "tariffs", 0, "usd_per_kwh", 0.2)
    doc.apply(a)
    b = SetField(doc, "tariffs", 0, "usd_per_kwh", 0.3)
    doc.apply(b)
    assert a.merge(b)
    doc.revert(a)
    assert doc.project.catalog.tariffs[0].usd_per_kwh == 0.12
    other = SetField(doc, "tariffs", 0, "region", "EU")
    assert not a.merge(other)


def test_insert_and_remove_round_trip(doc):
    before = _snapshot(doc)
    new = doc.project.catalog.tariffs[0].model_copy(
        update={"id": "eu-average", "usd_per_kwh": 0.25}
    )
    ins = InsertRows(doc, "tariffs", 1, [new])
    assert ins.text == "Add eu-average to Electricity tariffs"
    doc.apply(ins)
    assert [t.id for t in doc.project.catalog.tariffs] == ["us-average", "eu-average"]
    rem = RemoveRows(doc, "tariffs", [1])
    doc.apply(rem)
    doc.revert(rem)
    doc.revert(ins)
    assert _snapshot(doc) == before


def test_remove_rows_with_gaps_restores_order(doc):
    ids = [o.id for o in doc.project.catalog.api_offers]
    cmd = RemoveRows(doc, "api_offers", [5, 1, 3])
    assert cmd.apply_change().kind == "reset"
    doc.apply(cmd)
    assert [o.id for o in doc.project.catalog.api_offers] == [
        i for k, i in enumerate(ids) if k not in (1, 3, 5)
    ]
    doc.revert(cmd)
    assert [o.id for o in doc.project.catalog.api_offers] == ids


def test_contiguous_remove_announces_the_rows(doc):
    cmd = RemoveRows(doc, "api_offers", [2, 3])
    change = cmd.apply_change()
    assert (change.kind, change.first, change.count) == ("remove", 2, 2)


def test_insert_refuses_duplicate_ids_and_wrong_types(doc):
    before = _snapshot(doc)
    dup = doc.project.catalog.tariffs[0]
    with pytest.raises(EditRefused, match="id is used by 2 entries"):
        InsertRows(doc, "tariffs", 0, [dup])
    with pytest.raises(EditRefused, match="holds Tariff entries, not ApiOffer"):
        InsertRows(doc, "tariffs", 0, [doc.project.catalog.api_offers[0]])
    with pytest.raises(EditRefused, match="cannot insert at row 99"):
        InsertRows(doc, "tariffs", 99, [dup.model_copy(update={"id": "x"})])
    assert _snapshot(doc) == before


def test_remove_refuses_what_is_still_referenced(doc):
    before = _snapshot(doc)
    with pytest.raises(EditRefused) as err:
        RemoveRows(doc, "tariffs", [0])
    assert str(err.value) == (
        "Cannot delete us-average: still used by builds 'rtx-5090-rig' (tariff_id), "
        "builds '8x-h100-node' (tariff_id); change or delete those first"
    )
    assert _snapshot(doc) == before


def test_rename_of_a_referenced_id_names_its_users_not_a_did_you_mean():
    from infercost.model.catalog.defaults import default_project

    doc = Document(default_project())
    row = [o.id for o in doc.project.catalog.api_offers].index("openai/gpt-4o-mini")
    with pytest.raises(EditRefused) as err:
        SetField(doc, "api_offers", row, "id", "openai/gpt-4o-mini-x")
    message = str(err.value)
    assert message.startswith("Cannot rename openai/gpt-4o-mini to openai/gpt-4o-mini-x: ")
    assert "still used by scenarios 'seed-3-local' > options[0] 'GPT-4o-mini' (offer)" in message
    assert "did you mean" not in message


def test_rename_to_a_taken_id_keeps_the_duplicate_reason(doc):
    with pytest.raises(EditRefused, match="id is used by 2 entries"):
        SetField(doc, "gpus", 0, "id", doc.project.catalog.gpus[1].id)


def test_unreferenced_rename_is_allowed(doc):
    SetField(doc, "platform_markups", 0, "id", "renamed").apply(doc)
    assert doc.project.catalog.platform_markups[0].id == "renamed"


def test_replace_catalog_and_project_are_one_step(doc):
    before = _snapshot(doc)
    small = default_catalog().model_copy(update={"api_offers": []})
    cmd = ReplaceCatalog(doc, small, "Import prices")
    doc.apply(cmd)
    assert doc.project.catalog.api_offers == []
    doc.revert(cmd)
    assert _snapshot(doc) == before
    other = Project(name="Other", catalog=default_catalog())
    rp = ReplaceProject(doc, other)
    doc.apply(rp)
    assert doc.project is other
    doc.revert(rp)
    assert _snapshot(doc) == before


def test_unused_id(doc):
    assert unused_id(doc.project, "brand-new") == "brand-new"
    assert unused_id(doc.project, "us-average") == "us-average-2"


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=8))
def test_any_sequence_of_price_edits_undoes_to_the_start(prices):
    doc = Document(Project(catalog=default_catalog()))
    before = _snapshot(doc)
    done = []
    for p in prices:
        cmd = SetField(doc, "api_offers", 0, "output_usd_per_mtok", p)
        doc.apply(cmd)
        done.append(cmd)
    assert doc.project.catalog.api_offers[0].output_usd_per_mtok == prices[-1]
    for cmd in reversed(done):
        doc.revert(cmd)
    assert _snapshot(doc) == before


def test_bad_id_says_the_rule_not_the_regex(doc):
    with pytest.raises(EditRefused) as err:
        SetField(doc, "api_offers", 0, "id", "Bad Id")
    assert "use lower-case letters, digits and . _ / + - only (no spaces)" in str(err.value)
    assert "[a-z0-9]" not in str(err.value)


def test_long_rejected_text_is_shortened_in_the_reason(doc):
    with pytest.raises(EditRefused) as err:
        SetField(doc, "api_offers", 0, "as_of", "x" * 300)
    assert "at most 100 characters" in str(err.value)
    assert len(str(err.value)) < 150
