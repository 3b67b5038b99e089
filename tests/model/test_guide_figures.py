"""The guide's worked examples are the model's own numbers (computed here from the model
functions, so an edit of the seed catalog or a formula that changes one fails until the guide
says the new figure), and every input has its entry."""

import html
import re

import pytest

from infercost import resources
from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.guide import anchor, guide_classes, guide_html
from infercost.model.costing.breakeven import analyse
from infercost.model.costing.pricing import blended_usd_per_mtok
from infercost.model.costing.tco import build_cost, usd_per_mtok
from infercost.model.estimator.estimate import estimate
from infercost.model.estimator.estimate_types import EstimateRequest
from infercost.model.estimator.memory import kv_bytes_per_token, weights_gb

GUIDE = resources.read_text("guide.html")
TEXT = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", GUIDE))).replace("×", "x")


@pytest.fixture(scope="module")
def project():
    return default_project()


def says(*figures: str) -> None:
    for figure in figures:
        assert figure in TEXT, f"resources/guide.html should say {figure!r} (the model's figure)"


def test_api_blend(project):
    workload = next(w for w in project.workloads if w.id == "seed-startup-70b")
    blend = blended_usd_per_mtok("deepinfra/llama-3.3-70b", workload, project.catalog)
    share = workload.input_share
    says(
        f"{share:.0%}".replace("%", " %") + " input",
        f"${blend.input_usd_per_mtok:.2f} in and ${blend.output_usd_per_mtok:.2f} out",
        f"{share:g} x ${blend.input_usd_per_mtok:.2f} + {1 - share:g} x "
        f"${blend.output_usd_per_mtok:.2f} = ${blend.usd_per_mtok:.3f}/Mtok",
        f"At {workload.monthly_tokens / 1e9:g}B tokens a month that is "
        f"${blend.usd_per_mtok * workload.monthly_tokens / 1e6:,.0f}",
    )


def test_amortized_hourly_cost(project):
    cost = build_cost(project.catalog.build("rtx-5090-rig"), project.catalog, years=3)
    hours = 3 * 8760
    says(
        f"${cost.purchase_usd:,.0f} / {hours:,} h = ${cost.amortization_usd_per_hour:.4f}/hr",
        f"draws {cost.average_power_w:g} W",
        f"${cost.usd_per_kwh:.2f}/kWh that is ${cost.energy_usd_per_hour:.4f}/hr",
        f"Together ${cost.usd_per_hour:.4f}/hr",
        f"${cost.usd_per_month(720):,.2f} for a 720-hour month",
    )
    assert cost.residual_usd == 0  # "with no resale value"


def test_cost_per_mtok_at_a_utilization(project):
    rental = project.catalog.rental("lambda/h100-sxm")
    price = rental.on_demand_high_usd_per_hour
    says(
        f"${price:.2f}/hr serving 3,000 tokens/s costs ${usd_per_mtok(price, 3000):.4f}/Mtok",
        f"${usd_per_mtok(price, 3000, 0.5):.4f}/Mtok at 50 % utilization",
    )


def test_breakeven_volume(project):
    (crossing,) = analyse(project, project.scenario("seed-3-local")).crossings
    offer = project.catalog.offer("openai/gpt-4o-mini")
    says(
        f"GPT-4o-mini at ${offer.output_usd_per_mtok:.2f}/Mtok",
        f"rig at ${crossing.usd_per_month:,.2f} a month",
        f"= {crossing.volume_tokens / 1e6:,.0f}M tokens/month",
    )
    assert crossing.cheaper_after.startswith("RTX 5090")


def test_roofline_decode(project):
    cat = project.catalog
    weights = weights_gb(cat.llm("llama-3.1-8b"), cat.quant("q4_k_m"))
    bandwidth = cat.gpu("rtx-5090").mem_bandwidth_gbps
    est = estimate(
        cat, EstimateRequest(gpu_id="rtx-5090", llm_id="llama-3.1-8b", quant_id="q4_k_m")
    )
    says(
        f"Q4_K_M is {weights:.2f} GB of weights",
        f"RTX 5090 reads {bandwidth:,.0f} GB/s",
        f"the ceiling is {bandwidth / weights:.0f} tokens/s",
        f"says {est.typical.decode_tokens_per_s:.0f} tokens/s "
        f"({est.low.decode_tokens_per_s:.0f}–{est.high.decode_tokens_per_s:.0f})",
    )


def test_kv_cache(project):
    cat = project.catalog
    llm = cat.llm("llama-3.3-70b")
    per_token = kv_bytes_per_token(llm, cat.quant("f16"))
    says(
        f"{llm.layers} layers, {llm.kv_heads} KV heads of dimension {llm.head_dim}",
        f"= {per_token:,.0f} bytes per token",
        f"4,096-token sequence needs {per_token * 4096 / 1e9:.2f} GB",
    )


def test_every_input_has_an_entry_with_its_unit():
    html = guide_html()
    for _title, cls in guide_classes():
        for name in cls.model_fields:
            assert f'<a name="{anchor(cls, name)}">' in html
    assert "<code>mem_bandwidth_gbps</code></td><td>GB/s</td>" in html
    assert "<!-- INPUTS -->" not in html
