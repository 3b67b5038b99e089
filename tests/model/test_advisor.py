"""The §6 decision matrix: each row, the precedence between rows, and costs that disagree."""

import pytest

from infercost.model.catalog.defaults import default_project, document_method
from infercost.model.catalog.scenario import RentalOption
from infercost.model.catalog.seed_figures import S1_API, S1_HALF, S1_RIG
from infercost.model.costing.advisor import RULES, advise

DOC = document_method(default_project())  # the document's method: its pinned tok/s as stated

FACTS = ("latency_tolerant", "predictable_load", "privacy_critical", "prototyping",
         "single_developer")  # fmt: skip


def situation(sid: str, volume: float | None = None, keep: list[int] | None = None, **facts):
    """The default project with one seed scenario's facts replaced (all off unless given)."""
    p = DOC.model_copy(deep=True)
    s = p.scenario(sid)
    for f in FACTS:
        setattr(s, f, facts.pop(f, False))
    for k, v in facts.items():
        setattr(s, k, v)
    if keep is not None:
        s.options = [s.options[i] for i in keep]
    if volume is not None:
        p.workload(s.workload_id).monthly_tokens = volume
    return p


def test_the_rules_are_the_seeds_matrix():
    assert [r.situation for r in RULES] == [
        "Privacy-critical, low volume",
        "Single developer, personal use",
        "Prototyping/experimentation",
        ">50B tokens/mo",
        ">10B tokens/mo, predictable load",
        "1–10B tokens/mo, latency-tolerant",
        "<1B tokens/mo, need frontier quality",
        "<1B tokens/mo, open-weight acceptable",
    ]


def test_privacy_critical_low_volume_goes_local():
    a = advise(situation("seed-3-local", privacy_critical=True), "seed-3-local")
    assert a.rule.id == "privacy-low-volume"
    assert a.matrix_pick.label == a.choice.label == "RTX 5090 local rig (7B-14B)"
    assert a.agrees and a.pick_extra_usd == 0
    assert any("No redundancy" in c for c in a.caveats)
    assert any("fits, 9.0 GB of weights in the 34.4 GB" in c for c in a.caveats)  # 14.7B x 4.9 bits


def test_privacy_critical_above_1b_is_not_low_volume():
    a = advise(situation("seed-3-local", 2e9, privacy_critical=True), "seed-3-local")
    assert a.rule is None or a.rule.id != "privacy-low-volume"


def test_single_developer_goes_local_and_outranks_the_volume_band():
    a = advise(situation("seed-3-local", single_developer=True), "seed-3-local")
    assert a.rule.id == "single-developer"
    assert [r.id for r in a.also_applies] == ["under-1b-open-weight"]
    assert a.choice.usd == pytest.approx(141.46, abs=0.01) and a.agrees


def test_prototyping_picks_an_api_and_notes_the_unused_batch_discount():
    a = advise(situation("seed-1-startup", 5e8, prototyping=True), "seed-1-startup")
    assert a.rule.id == "prototyping"
    assert a.matrix_pick.label == S1_API and a.matrix_pick.usd == pytest.approx(149)
    assert any("batch share is 0%" in c for c in a.caveats)


def test_over_50b_builds_a_cluster():
    a = advise(situation("seed-2-enterprise", 60e9), "seed-2-enterprise")
    assert a.rule.id == "over-50b"
    assert a.matrix_pick.label == "8x H100 node, owned (405B)"
    assert a.matrix_pick.cost.units == 2  # 50B a node in a 720-hour month
    assert any("may not match frontier quality" in c for c in a.caveats)


def test_over_10b_predictable_reserves():
    a = advise(situation("seed-1-startup", 20e9, predictable_load=True), "seed-1-startup")
    assert a.rule.id == "over-10b-predictable"
    pick = DOC.scenario("seed-1-startup").options[a.matrix_pick.index].option
    assert isinstance(pick, RentalOption) and pick.price == "discounted"
    assert any("spot" in c for c in a.caveats)  # RunPod's cheaper price is spot


def test_1_to_10b_latency_tolerant_rents_and_the_seed_rig_disagrees():
    a = advise(DOC, "seed-1-startup")  # the seed: 3B, latency-tolerant
    assert a.rule.id == "1-10b-latency-tolerant"
    assert a.matrix_pick.label == S1_HALF and a.matrix_pick.usd == pytest.approx(896.4)
    assert a.choice.label == S1_RIG and not a.agrees
    (text,) = a.disagreements
    assert "$472/month cheaper" in text and "needs 3 units" in text
    assert any("needs 43.2 GB for its weights alone" in c for c in a.caveats)


def test_the_matrix_says_rent_at_5b_but_the_api_is_cheaper_because_two_h100s_are_needed():
    p = situation("seed-1-startup", 5e9, keep=[0, 2], latency_tolerant=True)
    a = advise(p, "seed-1-startup")
    assert a.rule.id == "1-10b-latency-tolerant"
    assert a.matrix_pick.label == S1_HALF and a.choice.label == S1_API
    assert a.pick_extra_usd == pytest.approx(1792.8 - 1490.0)
    (text,) = a.disagreements
    assert "The matrix says 'Dedicated GPU rental (Lambda, RunPod)' at 5B tokens/month" in text
    assert "$303/month cheaper" in text and "because 2 units of RunPod H100 12 h/day" in text
    # The 12 h/day H100 wins from 3.01B to 3.89B, then again from 6.02B, where the API's cost
    # passes two half-day units.
    assert [round(v / 1e9, 2) for v in a.pick_crossings[:3]] == [3.01, 3.89, 6.02]
    assert a.pick_break_even_tokens == pytest.approx(1792.8 / 0.298e-6)


def test_under_1b_frontier_uses_the_frontier_api():
    a = advise(situation("seed-2-enterprise", 5e8), "seed-2-enterprise")
    assert a.rule.id == "under-1b-frontier"
    assert a.matrix_pick.label == a.choice.label == "GPT-4.1" and a.agrees
    assert a.choice.usd == pytest.approx(4000)


def test_under_1b_open_weight_uses_the_cheap_api():
    a = advise(situation("seed-1-startup", 5e8), "seed-1-startup")
    assert a.rule.id == "under-1b-open-weight"
    assert a.matrix_pick.label == S1_API  # a hosted open-weight offer, not Haiku
    assert a.choice.label == S1_RIG  # $141.46 against $149: the rig is $7.54 cheaper
    assert "$8/month cheaper" in a.disagreements[0]


def test_no_row_fits_between_1_and_10b_without_latency_tolerance():
    a = advise(DOC, "seed-2-enterprise")  # the seed: 2B, not latency-tolerant
    assert a.rule is None and not a.agrees
    assert "only latency-tolerant workloads" in a.no_rule_reason
    assert a.choice.label == "8x H100 node, owned (405B)"


def test_a_rule_without_an_option_to_carry_it_out_says_so():
    p = situation("seed-1-startup", keep=[0, 4], latency_tolerant=True)
    a = advise(p, "seed-1-startup")
    assert a.matrix_pick is None
    assert "has no comparable GPU rental to price" in a.disagreements[0]
