"""Cost options take their throughput from a pin, else a measurement, else the estimator."""

import pytest

from infercost.model.catalog.entries import Measurement
from infercost.model.catalog.fileio import default_catalog
from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import OwnedOption, RentalOption, Workload
from infercost.model.costing.curves import cost_function, option_tokens_per_s
from infercost.model.errors import InferCostError
from infercost.model.estimator.estimate import EstimateRequest, estimate, throughput_for
from infercost.model.estimator.option_throughput import option_hardware

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


def _catalog_with(tmp_path, *measurements: Measurement) -> str:
    """A catalog file like the default one plus the given measurements (a user's pinned runs)."""
    import json

    from infercost.model.catalog.fileio import envelope

    cat = default_catalog()
    cat.measurements.extend(measurements)
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(envelope("infercost-catalog", cat)), encoding="utf-8")
    return str(path)


RUN = dict(gpu_id="h100-sxm", gpu_count=1, llm_id="llama-3.1-8b", quant_id="fp8", concurrency=32)
OPT = "runpod/h100-sxm,llm=llama-3.1-8b,quant=fp8,batch=32"


def test_cli_cost_and_breakeven_use_a_pinned_measurement(tmp_path, capsys):
    import json

    from infercost import cli

    slow = lab(id="mine/slow", **RUN, low_tokens_per_s=90, high_tokens_per_s=110)
    mine = _catalog_with(tmp_path, slow)

    def out(*argv):
        assert cli.main([*argv, "--json"]) == 0
        return json.loads(capsys.readouterr().out)

    cost = out("cost", "--catalog", mine, "--option", OPT, "--volume", "1B")
    row = cost["options"][0]
    # The midpoint of 90-110 tok/s at the default 70 % utilization: 100 x 3600 x 730 h x 0.7 =
    # 184M tokens per unit, so 1B needs 6.
    assert row["tokens_per_s"] == 100 and row["throughput_origin"] == "measured"
    assert row["capacity_tokens_per_unit"] == pytest.approx(183.96e6)
    assert row["units"] == 6
    default = out("cost", "--option", OPT, "--volume", "1B")
    d_row = default["options"][0]
    assert d_row["tokens_per_s"] > 1000 and d_row["units"] == 1
    # Break-even against GPT-4o: the measured unit is full at 184M, before the one-unit
    # crossing (2,401.70 / 4.375 $/Mtok = 549M), so the crossings differ from the estimate's.
    pair = ["--option", OPT, "--option", "openai/gpt-4o", "--all-crossings"]
    mine_be = out("breakeven", "--catalog", mine, *pair)
    est_be = out("breakeven", *pair)
    assert est_be["crossings"][0]["volume_tokens"] == pytest.approx(2401.7 / 4.375e-6)
    assert mine_be["crossings"] != est_be["crossings"]


def test_measured_throughput_is_labelled_with_its_measurement():
    p = project(lab(id="mine/run", **RUN, low_tokens_per_s=2400, high_tokens_per_s=2600))
    opt = RentalOption(
        rental_id="runpod/h100-sxm", **{k: RUN[k] for k in ("llm_id", "quant_id", "concurrency")}
    )
    from infercost.model.estimator.option_throughput import estimated_option_throughput

    t = estimated_option_throughput(p, opt, W)
    assert (t.tokens_per_s, t.low, t.high, t.source) == (2500, 2400, 2600, "measured")
    assert t.note == "measured: mine/run"
    t = estimated_option_throughput(project(), opt, W)
    assert t.source == "estimate" and t.note.startswith("estimate (vllm")


def test_a_decode_only_measurement_says_the_prefill_is_estimated():
    p = project(lab(id="mine/decode", **RUN, phase="decode"))
    t = throughput_for(p, "h100-sxm", 1, "llama-3.1-8b", "fp8", 32, 1500, 0.6)
    e = estimate(
        p.catalog,
        EstimateRequest(
            gpu_id="h100-sxm",
            llm_id="llama-3.1-8b",
            quant_id="fp8",
            concurrency=32,
            context_tokens=1500,
            input_share=0.6,
        ),
    )
    # Blend of the measured 6,000 tok/s decode with the estimated prefill.
    want = 1 / (0.6 / e.typical.prefill_tokens_per_s + 0.4 / 6000)
    assert t.tokens_per_s == pytest.approx(want)
    assert (t.source, t.note) == ("measured", "measured decode, estimated prefill: mine/decode")


def test_cost_functions_say_where_their_throughput_came_from():
    from infercost.model.costing.curves import option_throughput

    p = project(lab())
    assert option_throughput(p, RentalOption(**P5, tokens_per_s=1234), W) == (1234, "pinned")
    tps, source = option_throughput(p, RentalOption(**P5), W)
    assert (tps, source) == (6000, "measured: lab/run")
    assert cost_function(p, RentalOption(**P5), W).throughput_source == "measured: lab/run"
    other = RentalOption(**{**P5, "concurrency": 32})
    assert cost_function(p, other, W).throughput_source.startswith("estimate")


def test_an_estimated_throughput_says_it_is_a_blend_of_prefill_and_decode():
    """'3,519 tok/s (memory-bound decode)' read as a decode rate; it is the blended rate."""
    t = throughput_for(project(), "h100-sxm", 1, "llama-3.1-8b", "fp8", 32, 1500, 0.6)
    assert t.source == "estimate"
    assert "blend of prefill and decode at 60% input" in t.note
    assert t.note.startswith("estimate (vllm") and "decode is memory-bound" in t.note
    # Offloaded: the same words, and why it is slow.
    t = throughput_for(project(), "rtx-5090", 1, "llama-3.3-70b", "q4_k_m", 16, 2000, 0.75)
    assert "blend of prefill and decode at 75% input" in t.note and "offloaded" in t.note
