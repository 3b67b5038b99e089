"""Cost options take their throughput from a pin, else a measurement, else the estimator."""

import pytest

from infercost.model.curves import cost_function, option_tokens_per_s
from infercost.model.entries import Measurement
from infercost.model.errors import InferCostError
from infercost.model.estimate import EstimateRequest, estimate
from infercost.model.fileio import default_catalog
from infercost.model.option_throughput import option_hardware
from infercost.model.project import Project
from infercost.model.scenario import OwnedOption, RentalOption, Workload

W = Workload(id="w", name="w", input_share=0.6, prompt_tokens=1500)


def project(*measurements: Measurement) -> Project:
    cat = default_catalog()
    cat.measurements.extend(measurements)
    return Project(catalog=cat, workloads=[W])


def lab(**kw) -> Measurement:
    base = dict(
        id="lab/run",
        gpu_id="h100-sxm",
        gpu_count=8,
        llm_id="llama-3.1-405b",
        quant_id="fp8",
        concurrency=64,
        phase="mixed",
        kind="measured",
        low_tokens_per_s=5000,
        high_tokens_per_s=7000,
        source="our lab",
        as_of="2026",
    )
    base.update(kw)
    return Measurement(**base)


P5 = dict(rental_id="aws/p5.48xlarge", llm_id="llama-3.1-405b", quant_id="fp8", concurrency=64)


def test_pinned_number_wins_over_measurement_and_estimate():
    p = project(lab())
    assert option_tokens_per_s(p, RentalOption(**P5, tokens_per_s=1234), W) == 1234


def test_measurement_wins_over_the_estimate():
    p = project(lab())
    assert option_tokens_per_s(p, RentalOption(**P5), W) == 6000
    # A measurement for another concurrency does not apply.
    other = RentalOption(**{**P5, "concurrency": 32})
    assert option_tokens_per_s(p, other, W) != 6000


def test_estimate_is_used_otherwise():
    p = project()
    got = option_tokens_per_s(p, RentalOption(**P5), W)
    e = estimate(
        p.catalog,
        EstimateRequest(
            gpu_id="h100-sxm",
            gpu_count=8,
            llm_id="llama-3.1-405b",
            quant_id="fp8",
            concurrency=64,
            context_tokens=1500,
            input_share=0.6,
        ),
    )
    assert e.memory.fits
    assert got == pytest.approx(e.typical.blended_tokens_per_s)
    # The cost function prices with the same throughput.
    f = cost_function(p, RentalOption(**P5), W)
    assert f.tokens_per_s == pytest.approx(got)


def test_owned_build_uses_its_gpus_and_host_ram():
    p = project()
    opt = OwnedOption(build_id="rtx-5090-rig", llm_id="llama-3.3-70b", quant_id="q4_k_m")
    assert option_hardware(p.catalog, opt) == ("rtx-5090", 1, 89.6)
    got = option_tokens_per_s(p, opt, W)
    e = estimate(
        p.catalog,
        EstimateRequest(
            gpu_id="rtx-5090",
            llm_id="llama-3.3-70b",
            quant_id="q4_k_m",
            context_tokens=1500,
            input_share=0.6,
            host_bandwidth_gbps=89.6,
        ),
    )
    # 70B Q4 does not fit 32 GB: the option runs at the offloaded speed.
    assert got == pytest.approx(e.offload.blended_tokens_per_s)
    assert option_hardware(p.catalog, RentalOption(**P5, instances=2))[:2] == ("h100-sxm", 16)


def test_unpinned_option_without_llm_is_refused_clearly():
    with pytest.raises(InferCostError, match="needs tokens_per_s, or an llm_id and quant_id"):
        option_tokens_per_s(project(), RentalOption(rental_id="runpod/h100-sxm"), W)
    with pytest.raises(ValueError, match="both llm_id and quant_id"):
        RentalOption(rental_id="runpod/h100-sxm", llm_id="llama-3.1-8b")
