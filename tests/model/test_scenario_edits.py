"""Scenario edits: add, duplicate, delete, rename, option fields; each applied and reverted."""

import pytest

from infercost.model.catalog.defaults import default_project
from infercost.model.edits.document import Document
from infercost.model.edits.scenario_edits import (
    DeleteScenario,
    add_option,
    duplicate_scenario,
    new_scenario,
    rename_scenario,
    replace_option,
    set_option_field,
)
from infercost.model.errors import EditRefused


@pytest.fixture
def doc():
    return Document(default_project())


def dump(doc):
    return doc.project.model_dump()


def round_trip(doc, cmd):
    before = dump(doc)
    doc.apply(cmd)
    after = dump(doc)
    assert after != before
    doc.revert(cmd)
    assert dump(doc) == before
    doc.apply(cmd)
    assert dump(doc) == after


def test_new_scenario_brings_its_own_workload(doc):
    cmd = new_scenario(doc)
    round_trip(doc, cmd)
    s = doc.project.scenarios[-1]
    assert (s.id, s.name, s.workload_id, s.options) == ("scenario", "Scenario 4", "workload", [])
    assert doc.project.workloads[-1].id == "workload"


def test_duplicate_copies_the_workload_too(doc):
    cmd = duplicate_scenario(doc, 0)
    round_trip(doc, cmd)
    copy = doc.project.scenarios[1]
    assert copy.id == "seed-1-startup-2" and copy.name.endswith("(copy)")
    assert copy.workload_id == "seed-startup-70b-2"
    assert copy.options == doc.project.scenarios[0].options
    assert copy.document_figures == doc.project.scenarios[0].document_figures


def test_delete_removes_a_workload_only_it_used(doc):
    cmd = DeleteScenario(doc, 1)
    round_trip(doc, cmd)
    assert [s.id for s in doc.project.scenarios] == ["seed-1-startup", "seed-3-local"]
    assert "seed-enterprise-frontier" not in [w.id for w in doc.project.workloads]


def test_delete_keeps_a_shared_workload(doc):
    doc.apply(duplicate_scenario(doc, 0))
    doc.project.scenarios[1].workload_id = "seed-startup-70b"
    doc.apply(DeleteScenario(doc, 1))
    assert "seed-startup-70b" in [w.id for w in doc.project.workloads]


def test_rename_changes_the_name_not_the_id(doc):
    round_trip(doc, rename_scenario(doc, 2, "Home lab"))
    assert (doc.project.scenarios[2].id, doc.project.scenarios[2].name) == (
        "seed-3-local",
        "Home lab",
    )
    with pytest.raises(EditRefused):
        rename_scenario(doc, 2, "")


def test_option_field_edits_merge_per_field(doc):
    a = set_option_field(doc, 0, 1, utilization=0.8)
    round_trip(doc, a)
    b = set_option_field(doc, 0, 1, utilization=0.7)
    assert a.merge_key == b.merge_key
    assert set_option_field(doc, 0, 1, instances=2).merge_key != a.merge_key
    assert doc.project.scenarios[0].options[1].option.utilization == 0.8
    with pytest.raises(EditRefused, match="utilization"):
        set_option_field(doc, 0, 1, utilization=1.5)
    with pytest.raises(EditRefused, match="llm_id and quant_id"):
        set_option_field(doc, 0, 1, quant_id=None)


def test_replace_option_swaps_the_kind(doc):
    cmd = replace_option(doc, 2, 1, {"kind": "api", "offer_id": "openai/gpt-4.1-nano"})
    round_trip(doc, cmd)
    so = doc.project.scenarios[2].options[1]
    assert so.label == "RTX 5090 local rig (7B-14B)" and so.option.offer_id == "openai/gpt-4.1-nano"
    with pytest.raises(EditRefused, match="not in the project"):
        replace_option(doc, 2, 1, {"kind": "api", "offer_id": "nope/nothing"})


def test_add_option_of_each_kind(doc):
    for kind, field, first in (("api", "offer_id", "openai/gpt-4o"),
                               ("rental", "rental_id", "runpod/a100-80gb"),
                               ("owned", "build_id", "rtx-5090-rig")):  # fmt: skip
        round_trip(doc, add_option(doc, 2, kind))
        so = doc.project.scenarios[2].options[-1]
        assert getattr(so.option, field) == first
    rental = doc.project.scenarios[2].options[-2].option
    assert (rental.llm_id, rental.quant_id, rental.tokens_per_s) == ("llama-2-7b", "fp8", None)
    with pytest.raises(EditRefused, match="api, rental or owned"):
        add_option(doc, 2, "lease")


def test_a_new_option_is_named_after_what_it_uses_and_says_so_in_undo(doc):
    """Was "Option 3" with the undo text "Add option dict to seed-3-local"."""
    texts = []
    for kind in ("api", "rental", "owned", "api"):
        cmd = add_option(doc, 2, kind)
        texts.append(cmd.text)
        doc.apply(cmd)
    assert [o.label for o in doc.project.scenarios[2].options][2:] == [
        "OpenAI GPT-4o",
        "RunPod NVIDIA A100 80GB PCIe",
        "RTX 5090 local rig",
        "OpenAI GPT-4o (2)",
    ]
    assert texts == [
        "Add option OpenAI GPT-4o",
        "Add option RunPod NVIDIA A100 80GB PCIe",
        "Add option RTX 5090 local rig",
        "Add option OpenAI GPT-4o (2)",
    ]


def test_a_named_after_label_follows_its_offer_and_a_chosen_one_stays(doc):
    doc.apply(add_option(doc, 2, "api"))
    i = len(doc.project.scenarios[2].options) - 1
    cmd = set_option_field(doc, 2, i, offer_id="openai/gpt-4o-mini")
    assert cmd.text == "Edit offer of OpenAI GPT-4o"
    round_trip(doc, cmd)
    assert doc.project.scenarios[2].options[i].label == "OpenAI GPT-4o-mini"
    # Changing the way of serving names it after the new build, too.
    round_trip(doc, replace_option(doc, 2, i, {"kind": "owned", "build_id": "rtx-5090-rig"}))
    assert doc.project.scenarios[2].options[i].label == "RTX 5090 local rig"
    # A label the user (or the seed) chose is theirs: it stays.
    cmd = set_option_field(doc, 2, 0, offer_id="openai/gpt-4o")
    assert cmd.text.startswith("Edit offer of ")
    doc.apply(cmd)
    assert doc.project.scenarios[2].options[0].label != "OpenAI GPT-4o"


def test_undo_texts_read_as_words(doc):
    assert new_scenario(doc).text == "New scenario"
    cmd = set_option_field(doc, 0, 1, utilization=0.5)
    assert cmd.text == "Edit utilization of RunPod H100 24/7"
    cmd = set_option_field(doc, 0, 1, llm_id="llama-3.3-70b", quant_id="fp8")
    assert cmd.text == "Edit LLM, format of RunPod H100 24/7"


def test_renaming_an_option_keeps_the_document_figures_on_it(doc):
    from infercost.model.costing.evaluation import evaluate
    from infercost.model.edits.scenario_edits import RenameOption

    cmd = RenameOption(doc, 2, 0, "Mini")
    round_trip(doc, cmd)
    s = doc.project.scenarios[2]
    assert s.options[0].label == "Mini"
    assert {f.option for f in s.document_figures if f.what.startswith("GPT-4o-mini")} == {"Mini"}
    assert all(f.error is None for f in evaluate(doc.project, s).figures)
    with pytest.raises(EditRefused, match="already called"):
        RenameOption(doc, 2, 0, "RTX 5090 local rig (7B-14B)")
