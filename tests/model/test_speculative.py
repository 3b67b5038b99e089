"""Speculative decoding: the closed form, the step by hand, two published speed-ups, options."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infercost.model.catalog.fileio import default_catalog
from infercost.model.estimator.engines import LLAMA_CPP
from infercost.model.estimator.estimate import EstimateRequest
from infercost.model.estimator.roofline import Hardware, step_times
from infercost.model.estimator.speculative import (
    Speculation,
    acceptance_from_tokens_per_step,
    expected_tokens_per_step,
    speculative_estimate,
)


@pytest.fixture(scope="module")
def cat():
    return default_catalog()


def test_expected_tokens_per_verification_step_closed_form():
    # (1 - 0.7^5) / 0.3 = 0.83193 / 0.3
    assert expected_tokens_per_step(0.7, 4) == pytest.approx(2.7731)
    assert expected_tokens_per_step(0.0, 4) == 1.0
    assert expected_tokens_per_step(1.0, 4) == 5.0
    # The sum 1 + a + ... + a^k, term by term.
    assert expected_tokens_per_step(0.8, 3) == pytest.approx(1 + 0.8 + 0.64 + 0.512)
    assert acceptance_from_tokens_per_step(2.7731, 4) == pytest.approx(0.7, abs=1e-4)
    with pytest.raises(ValueError):
        expected_tokens_per_step(1.5, 4)


def rtx3060():
    return EstimateRequest(
        gpu_id="rtx-3060",
        llm_id="llama-3.1-8b",
        quant_id="q8_0",
        context_tokens=450,
        engine_id="llama.cpp",
    )


def test_the_step_by_hand(cat):
    """k draft passes + one target pass over k + 1 tokens + 2k host samplings."""
    spec = Speculation(draft_llm_id="llama-3.2-1b", tokens_proposed=5, acceptance_rate=0.89)
    s = speculative_estimate(cat, rtx3060(), spec)
    hw = Hardware(cat.gpu("rtx-3060"), 1, 89.6)
    q8, kv = cat.quant("q8_0"), cat.quant("bf16")
    b = np.array([1.0])
    plain = step_times(hw, cat.llm("llama-3.1-8b"), q8, kv, LLAMA_CPP, 450, 450, b, 0.0)
    verify = step_times(
        hw, cat.llm("llama-3.1-8b"), q8, kv, LLAMA_CPP, 450, 450, b, 0.0, tokens_per_seq=6
    )
    draft = step_times(hw, cat.llm("llama-3.2-1b"), q8, kv, LLAMA_CPP, 450, 450, b, 0.0)
    step = 5 * draft.decode_s[0] + verify.decode_s[0] + 10 * 0.66e-3
    assert s.step_s == pytest.approx(step)
    assert s.speedup == pytest.approx(expected_tokens_per_step(0.89, 5) * plain.decode_s[0] / step)
    # Memory-bound: verifying 6 tokens costs far less than 6 single-token passes.
    assert s.verify_pass_s < 1.5 * s.plain_tpot_s
    # The draft's memory: 1.24 B x 8.5 bits + 16 x 8 x 64 x 2 x 2 B x 450 tokens of KV.
    assert s.draft_memory_gb == pytest.approx(1.24 * 8.5 / 8 + 16 * 8 * 64 * 4 * 450 / 1e9)


def test_published_llama_cpp_speed_up_on_an_rtx_3060(cat):
    """llama.cpp issue #5877 (https://github.com/ggml-org/llama.cpp/issues/5877), comment of
    2024-11-19: Llama 3.1 8B Q8_0 on an RTX 3060 decodes 32.49 t/s alone and 55.47 t/s with
    Llama 3.2 1B Q8_0 drafting 5 tokens (n_predict 673, n_accept 526: 147 steps of 4.58
    tokens, a = 0.89). Measured speed-up 1.707; the estimate is within 10%. (The plain decode
    estimate is 15% fast on this card, so the speeds themselves are within 25%.)"""
    a = acceptance_from_tokens_per_step(673 / (673 - 526), 5)
    assert a == pytest.approx(0.890, abs=0.001)
    spec = Speculation(draft_llm_id="llama-3.2-1b", tokens_proposed=5, acceptance_rate=a)
    s = speculative_estimate(cat, rtx3060(), spec)
    assert s.speedup == pytest.approx(55.47 / 32.49, rel=0.10)
    assert s.decode_tokens_per_s == pytest.approx(55.47, rel=0.25)


def test_published_vllm_speed_up_on_an_h100(cat):
    """olof.tech, 'Llama 3.3 on vLLM with Speculative Decoding'
    (https://olof.tech/llama-3-3-on-vllm-with-speculative-decoding): Llama 3.3 70B FP8 with
    Llama 3.2 3B FP8 drafting 5 tokens on one H100, ~30 -> ~60 tok/s (x2). The page gives no
    acceptance rate: the measured x2 lies between the estimate at a = 0.6 and a = 0.7."""
    req = EstimateRequest(
        gpu_id="h100-sxm",
        llm_id="llama-3.3-70b",
        quant_id="fp8",
        context_tokens=1024,
        engine_id="vllm",
    )

    def speedup(a):
        spec = Speculation(draft_llm_id="llama-3.2-3b", tokens_proposed=5, acceptance_rate=a)
        return speculative_estimate(cat, req, spec).speedup

    assert speedup(0.6) < 2.0 < speedup(0.7)
    assert speedup(0.0) < 1  # all rejected: pure cost


def test_speculation_stops_paying_at_large_batch(cat):
    req = EstimateRequest(
        gpu_id="h100-sxm",
        llm_id="llama-3.1-8b",
        quant_id="bf16",
        context_tokens=512,
        engine_id="vllm",
    )
    spec = Speculation(draft_llm_id="llama-3.2-1b", tokens_proposed=4, acceptance_rate=0.7)
    s = speculative_estimate(cat, req, spec)
    assert s.pays and s.break_even_batch is not None and 32 < s.break_even_batch < s.max_batch_fits
    above = speculative_estimate(
        cat, req.model_copy(update={"concurrency": s.break_even_batch}), spec
    )
    below = speculative_estimate(
        cat, req.model_copy(update={"concurrency": s.break_even_batch - 1}), spec
    )
    assert above.speedup < 1 <= below.speedup


def test_an_option_with_speculation_estimates_faster(cat):
    from infercost.model.catalog.project import Project
    from infercost.model.catalog.scenario import RentalOption, Workload
    from infercost.model.estimator.option_throughput import estimated_option_throughput

    project = Project(catalog=cat)
    w = Workload(id="w", name="w", input_share=0.0, prompt_tokens=512)
    plain = RentalOption(rental_id="runpod/h100-sxm", llm_id="llama-3.1-8b", quant_id="bf16")
    spec = Speculation(draft_llm_id="llama-3.2-1b")
    fast = plain.model_copy(update={"speculation": spec})
    a = estimated_option_throughput(project, plain, w)
    b = estimated_option_throughput(project, fast, w)
    assert b.tokens_per_s > 1.3 * a.tokens_per_s
    assert "speculative decoding with llama-3.2-1b" in b.note


@settings(max_examples=200, deadline=None)
@given(a=st.floats(0, 1), b=st.floats(0, 1), k=st.integers(1, 32))
def test_tokens_per_step_grow_with_acceptance_between_1_and_k_plus_1(a, b, k):
    lo, hi = sorted((a, b))
    t_lo, t_hi = expected_tokens_per_step(lo, k), expected_tokens_per_step(hi, k)
    assert 1 <= t_lo <= t_hi + 1e-12 <= k + 1 + 1e-9
