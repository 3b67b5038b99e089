"""Plausibility of a pinned or measured figure: band, physical ceiling, memory; the headline."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infercost.model.catalog.fileio import default_catalog
from infercost.model.estimator.estimate import EstimateRequest, estimate
from infercost.model.estimator.plausibility import decode_ceiling, plausibility, prefill_ceiling


@pytest.fixture(scope="module")
def cat():
    return default_catalog()


def r4090(**kw):
    base = dict(gpu_id="rtx-4090", llm_id="llama-3.1-8b", quant_id="q4_k_m", context_tokens=512)
    base.update(kw)
    return EstimateRequest(**base)


def test_ceiling_by_hand(cat):
    # (8.03 - 0.525 embedding) B x 4.89 bits = 4.587 GB of weights + 128 KiB x 512 of KV at
    # 1,008 GB/s: 4.617 ms.
    emb = 128256 * 4096 / 1e9
    step = ((8.03 - emb) * 4.89 / 8 + 128 * 1024 * 512 / 1e9) / 1008
    assert decode_ceiling(cat, r4090()) == pytest.approx(1 / step)
    assert decode_ceiling(cat, r4090()) == pytest.approx(216.6, abs=0.1)
    # Prompt processing on int8 tensor cores: 660.6 TOPS / 15.01 GFLOP per token.
    assert prefill_ceiling(cat, r4090(quant_id="q4_0")) == pytest.approx(
        660.6e12 / (2e9 * (8.03 - emb))
    )


def test_verdicts_for_a_4090(cat):
    measured = plausibility(cat, r4090(), 127.74)  # XiongjieDai's tg 1024
    assert measured.verdict == "within band" and not measured.above_band
    assert measured.band_low < 127.74 < measured.band_high < measured.ceiling
    assert "within the estimate's band" in measured.explanation
    fast = plausibility(cat, r4090(), 190.0)
    assert fast.verdict == "within band" and fast.above_band
    assert plausibility(cat, r4090(), 400.0).verdict == "above ceiling"
    slow = plausibility(cat, r4090(), 60.0)
    assert slow.verdict == "below band" and "below the estimate's band" in slow.explanation
    with pytest.raises(ValueError):
        plausibility(cat, r4090(), 0.0)


def test_a_model_that_does_not_fit_a_tensor_parallel_server(cat):
    req = EstimateRequest(
        gpu_id="h100-sxm", llm_id="llama-3.3-70b", quant_id="bf16", context_tokens=4096
    )
    p = plausibility(cat, req, 20.0)
    assert p.verdict == "does not fit"
    assert p.memory_needed_gb > p.memory_capacity_gb
    assert "cannot be served as stated" in p.explanation
    two = plausibility(cat, req.model_copy(update={"gpu_count": 2}), 20.0)
    assert two.verdict == "within band" or two.verdict == "below band"


def test_seed_claim_for_70b_q4_on_a_5090_is_above_the_offload_ceiling(cat):
    """The seed's 15-30 tok/s: 26% of 42.2 GB read from 89.6 GB/s DDR5 per token."""
    req = EstimateRequest(
        gpu_id="rtx-5090", llm_id="llama-3.3-70b", quant_id="q4_k_m", context_tokens=4096
    )
    est = estimate(cat, req)
    share = est.memory.offload_share
    w = (70.6 - 128256 * 8192 / 1e9) * 4.89 / 8  # the embedding table is looked up
    kv = 2 * 80 * 8 * 128 * 2 * 4096 / 1e9
    step = (w * (1 - share) + kv) / 1792 + w * share / 89.6
    p = plausibility(cat, req, 20.0)
    assert p.ceiling == pytest.approx(1 / step)
    assert p.ceiling < 8 and p.verdict == "above ceiling"
    assert "26% of the weights in system RAM" in p.explanation
    assert plausibility(cat, req, 5.2).verdict == "within band"


def test_headline_leads_with_the_offloaded_speed(cat):
    req = EstimateRequest(
        gpu_id="rtx-5090", llm_id="llama-3.3-70b", quant_id="q4_k_m", context_tokens=4096
    )
    e = estimate(cat, req)
    assert e.offload is not None
    d = e.delivered
    assert d.offloaded and d.decode_tokens_per_s == e.offload.decode_tokens_per_s
    assert d.decode_tokens_per_s < 6 < 25 < e.typical.decode_tokens_per_s
    assert e.to_dict()["delivered"]["decode_tokens_per_s"] == d.decode_tokens_per_s
    fits = estimate(cat, r4090()).delivered
    assert (
        not fits.offloaded
        and fits.decode_tokens_per_s == estimate(cat, r4090()).typical.decode_tokens_per_s
    )


def test_cli_text_leads_with_the_speed_the_user_gets(capsys):
    from infercost.cli.estimate import render_text

    cat = default_catalog()
    req = EstimateRequest(
        gpu_id="rtx-5090", llm_id="llama-3.3-70b", quant_id="q4_k_m", context_tokens=4096
    )
    e = estimate(cat, req)
    line = next(x for x in render_text(e).splitlines() if x.startswith("decode:"))
    assert line.startswith(f"decode: {e.offload.decode_tokens_per_s:,.1f} tok/s")
    assert "system RAM" in line and f"{e.typical.decode_tokens_per_s:,.1f} if it fitted" in line


def test_a_pinned_option_figure_is_checked_on_its_hardware(cat):
    from infercost.model.catalog.project import Project
    from infercost.model.catalog.scenario import OwnedOption, RentalOption, Workload
    from infercost.model.estimator.plausibility import option_plausibility

    project = Project(catalog=cat)
    w = Workload(id="w", name="w", input_share=0.75, prompt_tokens=2048)
    # The seed's local rig serving a 70B Q4 at a pinned 25 tok/s: it offloads, so no.
    rig = OwnedOption(
        build_id="rtx-5090-rig", llm_id="llama-3.3-70b", quant_id="q4_k_m", tokens_per_s=25.0
    )
    p = option_plausibility(project, rig, w)
    assert p is not None and p.phase == "blended"
    est = plausibility(
        cat,
        EstimateRequest(
            gpu_id="rtx-5090",
            llm_id="llama-3.3-70b",
            quant_id="q4_k_m",
            context_tokens=2048,
            input_share=0.75,
        ),
        25.0,
        "blended",
    )
    assert p.verdict == est.verdict and p.ceiling == pytest.approx(est.ceiling)
    rental = RentalOption(rental_id="runpod/h100-sxm", llm_id="llama-3.1-8b", quant_id="bf16")
    assert option_plausibility(project, rental, w) is None  # nothing pinned


_CAT = default_catalog()


@settings(max_examples=150, deadline=None)
@given(
    gpu=st.sampled_from([g.id for g in _CAT.gpus]),
    n=st.sampled_from([1, 2, 4]),
    llm=st.sampled_from([m.id for m in _CAT.llms]),
    quant=st.sampled_from(["bf16", "fp8", "q4_k_m", "q4_0", "f16"]),
    engine=st.sampled_from(["vllm", "llama.cpp"]),
    context=st.integers(1, 32768),
    batch=st.integers(1, 512),
)
def test_the_physical_ceiling_is_above_every_estimate(gpu, n, llm, quant, engine, context, batch):
    req = EstimateRequest(
        gpu_id=gpu,
        gpu_count=n,
        llm_id=llm,
        quant_id=quant,
        engine_id=engine,
        context_tokens=context,
        concurrency=batch,
        use_measurements=False,
    )
    e = estimate(_CAT, req)
    share = e.memory.offload_share if engine == "llama.cpp" else 0.0
    ceiling = decode_ceiling(_CAT, req, share)
    fast = (
        e.offload.decode_tokens_per_s_high
        if e.offload and engine == "llama.cpp"
        else e.high.decode_tokens_per_s
    )
    assert fast <= ceiling * (1 + 1e-9)
    assert e.high.prefill_tokens_per_s <= prefill_ceiling(_CAT, req) * (1 + 1e-9)
