"""The throughput check shown beside a pinned or measured figure: the estimator's verdict from
model/estimator/plausibility.py, worded once for the chart, its table and the CLI."""

import pytest

from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.scenario import ApiOption, OwnedOption, RentalOption, Workload
from infercost.model.costing.throughput_check import throughput_check
from infercost.model.estimator.estimate import EstimateRequest
from infercost.model.estimator.plausibility import plausibility


@pytest.fixture
def project():
    return default_project()


def _option(project, scenario_id, label):
    sc = project.scenario(scenario_id)
    so = next(o for o in sc.options if o.label == label)
    return so, project.workload(sc.workload_id)


def test_seed_8x_h100_405b_pin_is_the_plausibility_functions_verdict(project):
    so, w = _option(project, "seed-2-enterprise", "8x H100 on Lambda (405B)")
    c = throughput_check(project, so, w)
    req = EstimateRequest(
        gpu_id="h100-sxm", gpu_count=8, llm_id="llama-3.1-405b", quant_id="fp8",
        concurrency=64, context_tokens=w.prompt_tokens, input_share=0.0,
    )  # fmt: skip
    assert c.plausibility == plausibility(project.catalog, req, 19_300, "blended")
    p = c.plausibility
    assert p.verdict == "above ceiling" and 3000 < p.ceiling < 4000
    assert c.fits is True
    assert c.text == (
        f"pinned 19,300 tok/s; estimate {p.band_low:,.0f}-{p.band_high:,.0f} tok/s at "
        f"concurrency 64 (above the physical ceiling of {p.ceiling:,.0f} tok/s)"
    )
    assert c.short.endswith("tok/s, above ceiling")


def test_seed_5090_70b_q4_does_not_fit_and_is_offloaded(project):
    so, w = _option(project, "seed-1-startup", "RTX 5090 local rig (70B Q4)")
    c = throughput_check(project, so, w)
    assert c.fits is False
    assert c.plausibility.band_high < 400  # the offloaded speed, far below the pinned 400
    assert c.text.startswith("pinned 400 tok/s; estimate ")
    assert "does not fit in 32 GiB usable: weights offloaded to RAM" in c.text
    assert c.short.endswith("offloaded")
    assert c.to_dict()["plausibility"]["verdict"] == c.verdict


def test_a_pin_inside_the_band_says_so(project):
    so, w = _option(project, "seed-3-local", "RTX 5090 local rig (7B-14B)")
    p = throughput_check(project, so, w).plausibility
    so.option.tokens_per_s = (p.band_low + p.band_high) / 2
    c = throughput_check(project, so, w)
    assert c.verdict == "within band" and c.text.endswith("(in the band)")
    assert (
        c.short
        == f"pinned {so.option.tokens_per_s:,.0f}, est. {p.band_low:,.0f}-{p.band_high:,.0f} tok/s"
    )
    so.option.tokens_per_s = p.band_low / 2
    assert throughput_check(project, so, w).verdict == "below band"


def test_a_measured_figure_is_checked_like_a_pinned_one(project):
    from infercost.model.costing.curves import option_throughput

    # A 4090 rig (the 5090 rig with the card swapped) meets the catalog's llama.cpp run on one.
    cat = project.catalog
    rig = cat.build("rtx-5090-rig")
    lines = [ln.model_copy(update={"item_id": "rtx-4090"}) if ln.item_id == "rtx-5090" else ln
             for ln in rig.lines]  # fmt: skip
    cat.builds.append(rig.model_copy(update={"id": "rtx-4090-rig", "lines": lines}))
    opt = OwnedOption(build_id="rtx-4090-rig", llm_id="llama-3.1-8b", quant_id="q4_k_m")
    w = Workload(id="w", name="w", prompt_tokens=512)
    figure, source = option_throughput(project, opt, w)
    assert "measured" in source and "xiongjiedai/rtx-4090-llama-3-8b-q4_k_m" in source
    c = throughput_check(project, opt, w)
    assert c.source == source and c.figure_tokens_per_s == figure
    assert c.text.startswith(f"measured {figure:,.0f} tok/s; estimate ")
    assert c.plausibility.figure_tokens_per_s == figure


def test_nothing_to_check_for_an_api_or_an_estimated_throughput(project):
    w = Workload(id="w", name="w")
    assert throughput_check(project, ApiOption(offer_id="openai/gpt-4o-mini"), w) is None
    est = OwnedOption(build_id="rtx-5090-rig", llm_id="llama-3.1-8b", quant_id="q4_k_m")
    assert throughput_check(project, est, w) is None


def test_a_pin_without_llm_is_unchecked_with_the_reason(project):
    opt = RentalOption(rental_id="runpod/h100-sxm", tokens_per_s=3000)
    c = throughput_check(project, opt, Workload(id="w", name="w"))
    assert c.verdict == "unchecked"
    assert c.text == "pinned 3,000 tok/s; set the LLM and format served to check it"
    assert c.short == ""
