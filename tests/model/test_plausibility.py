"""A pinned or measured throughput beside the estimator: band, physical ceiling, memory fit."""

import pytest

from infercost.model.defaults import default_project
from infercost.model.estimate import EstimateRequest, estimate
from infercost.model.memory import weights_read_gb
from infercost.model.plausibility import plausibility
from infercost.model.scenario import ApiOption, OwnedOption, RentalOption, Workload


@pytest.fixture
def project():
    return default_project()


def _option(project, scenario_id, label):
    sc = project.scenario(scenario_id)
    so = next(o for o in sc.options if o.label == label)
    return so, project.workload(sc.workload_id)


def test_seed_8x_h100_405b_pin_is_above_the_bandwidth_ceiling(project):
    so, w = _option(project, "seed-2-enterprise", "8x H100 on Lambda (405B)")
    p = plausibility(project, so, w)
    assert p.figure_tokens_per_s == 19_300 and p.source == "pinned"
    cat = project.catalog
    llm, quant, gpu = cat.llm("llama-3.1-405b"), cat.quant("fp8"), cat.gpu("h100-sxm")
    req = EstimateRequest(
        gpu_id="h100-sxm", gpu_count=8, llm_id=llm.id, quant_id="fp8", concurrency=64,
        context_tokens=w.prompt_tokens, input_share=0.0, use_measurements=False,
    )  # fmt: skip
    est = estimate(cat, req)
    # Every decode step of 64 sequences reads the weights and the KV cache once, at 8 x the
    # card's bandwidth; the workload is all output (input share 0), so blended = decode.
    step_gb = weights_read_gb(llm, quant, 64) + est.memory.kv_cache_gb
    assert p.ceiling == pytest.approx(64 * 8 * gpu.mem_bandwidth_gbps / step_gb)
    assert 3000 < p.ceiling < 4000
    assert (p.low, p.typical, p.high) == (
        est.low.blended_tokens_per_s,
        est.typical.blended_tokens_per_s,
        est.high.blended_tokens_per_s,
    )
    assert p.verdict == "above ceiling" and p.fits
    assert p.text == (
        f"pinned 19,300 tok/s; estimate {p.low:,.0f}-{p.high:,.0f} tok/s "
        f"(above the physical ceiling of {p.ceiling:,.0f} tok/s at concurrency 64)"
    )


def test_seed_5090_70b_q4_does_not_fit_and_is_offloaded(project):
    so, w = _option(project, "seed-1-startup", "RTX 5090 local rig (70B Q4)")
    p = plausibility(project, so, w)
    assert p.verdict == "does not fit" and p.fits is False
    assert p.offload_share == pytest.approx(0.47, abs=0.01)
    assert p.high < 400  # offloaded to system RAM, far below the pinned 400 tok/s
    assert p.text.startswith("pinned 400 tok/s; estimate ")
    assert "does not fit at concurrency 16: 47% of weights offloaded" in p.text
    assert "does not fit" in p.short


def test_a_pin_inside_the_band_says_so(project):
    so, w = _option(project, "seed-3-local", "RTX 5090 local rig (7B-14B)")
    first = plausibility(project, so, w)
    inside = (first.low + first.high) / 2
    so.option.tokens_per_s = inside
    p = plausibility(project, so, w)
    assert p.verdict == "inside band"
    assert p.text.endswith("(inside band at concurrency 16)")
    so.option.tokens_per_s = first.low / 2
    assert plausibility(project, so, w).verdict == "below band"
    so.option.tokens_per_s = (first.high + first.ceiling) / 2
    assert plausibility(project, so, w).verdict == "above band"


def test_nothing_to_check_for_an_api_or_an_estimated_throughput(project):
    w = Workload(id="w", name="w")
    assert plausibility(project, ApiOption(offer_id="openai/gpt-4o-mini"), w) is None
    est = OwnedOption(build_id="rtx-5090-rig", llm_id="llama-3.1-8b", quant_id="q4_k_m")
    assert plausibility(project, est, w) is None


def test_a_pin_without_llm_is_unchecked_with_the_reason(project):
    p = plausibility(
        project,
        RentalOption(rental_id="runpod/h100-sxm", tokens_per_s=3000),
        Workload(id="w", name="w"),
    )
    assert p.verdict == "unchecked"
    assert p.text == "pinned 3,000 tok/s; set the LLM and format served to check it"
    assert p.short == ""
