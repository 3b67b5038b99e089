"""Blended API prices: the seed's $0.30/M, caching, batch, markup, routing, long-context cliffs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infercost.model.catalog.fileio import default_catalog
from infercost.model.catalog.scenario import Workload
from infercost.model.costing.pricing import blended_usd_per_mtok, markup_pct
from infercost.model.errors import InferCostError, UnknownIdError

CAT = default_catalog()


def wl(**kw) -> Workload:
    return Workload(id="w", name="W", **kw)


def test_seed_scenario_1_blend_is_60_40_of_deepinfra():
    # The seed's "$0.30/M blended" for DeepInfra Llama 3.3 70B ($0.23 in / $0.40 out).
    blend = blended_usd_per_mtok("deepinfra/llama-3.3-70b", wl(input_share=0.6), CAT)
    assert blend.usd_per_mtok == pytest.approx(0.298)
    assert blend.list_usd_per_mtok == pytest.approx(0.298)
    assert [s.name for s in blend.steps] == ["list", "caching", "batch"]
    assert all(s.delta_usd_per_mtok == 0 for s in blend.steps)


def test_tokens_are_never_billed_at_input_plus_output():
    blend = blended_usd_per_mtok("openai/gpt-4o", wl(input_share=0.75), CAT)
    assert blend.usd_per_mtok == pytest.approx(0.75 * 2.5 + 0.25 * 10)  # 4.375, not 12.50
    assert blend.usd_per_mtok < 2.5 + 10


def test_every_strategy_reports_its_saving_in_order():
    w = wl(
        input_share=0.75,
        cached_input_share=0.5,
        batch_share=0.4,
        routing_share=0.8,
        routing_offer_id="openai/gpt-4.1-nano",
    )
    blend = blended_usd_per_mtok("anthropic/claude-sonnet-4", w, CAT, "aws-bedrock", "mid")
    assert [s.name for s in blend.steps] == ["list", "caching", "batch", "markup", "routing"]
    assert blend.step("list").usd_per_mtok == pytest.approx(0.75 * 3 + 0.25 * 15)  # 6.00
    # Cached tokens are part of the input: half of it at $0.30 instead of $3.00.
    caching = blend.step("caching")
    assert caching.usd_per_mtok == pytest.approx(0.75 * (0.5 * 3 + 0.5 * 0.3) + 0.25 * 15)
    assert caching.delta_usd_per_mtok == pytest.approx(-1.0125)
    assert caching.saving_pct == pytest.approx(16.875)
    batch = blend.step("batch")
    assert batch.usd_per_mtok == pytest.approx(4.9875 * (1 - 0.4 * 0.5))
    assert batch.saving_pct == pytest.approx(20)
    markup = blend.step("markup")
    assert markup.usd_per_mtok == pytest.approx(3.99 * 1.10)  # Bedrock 0-20%, mid 10%
    assert markup.saving_pct == pytest.approx(-10)
    # The routed share is priced with the same shape: nano with its own cache and batch rates.
    nano = (0.75 * (0.5 * 0.1 + 0.5 * 0.025) + 0.25 * 0.4) * 0.8
    assert blend.usd_per_mtok == pytest.approx(0.2 * 4.389 + 0.8 * nano)
    assert blend.routing_offer_id == "openai/gpt-4.1-nano"
    total = blend.list_usd_per_mtok + sum(s.delta_usd_per_mtok for s in blend.steps)
    assert total == pytest.approx(blend.usd_per_mtok)
    assert blend.total_saving_pct == pytest.approx((1 - blend.usd_per_mtok / 6.0) * 100)


def test_offer_without_cache_price_bills_cached_tokens_as_input():
    blend = blended_usd_per_mtok("google/gemini-2.5-flash", wl(cached_input_share=0.9), CAT)
    assert blend.step("caching").delta_usd_per_mtok == 0
    assert "no cache price" in blend.step("caching").note


def test_offer_without_batch_discount_saves_nothing_and_says_so():
    blend = blended_usd_per_mtok("groq/llama-3.3-70b", wl(batch_share=1.0), CAT)
    assert blend.step("batch").delta_usd_per_mtok == 0
    assert "no batch discount" in blend.step("batch").note


def test_long_context_cliff_bills_the_whole_request_at_the_tier():
    base = blended_usd_per_mtok(
        "google/gemini-2.5-pro", wl(input_share=0.9, prompt_tokens=200_000), CAT
    )
    assert not base.long_context
    assert base.usd_per_mtok == pytest.approx(0.9 * 1.25 + 0.1 * 10)
    long = blended_usd_per_mtok(
        "google/gemini-2.5-pro",
        wl(input_share=0.9, prompt_tokens=200_001, cached_input_share=0.5),
        CAT,
    )
    assert long.long_context
    assert long.step("long_context").usd_per_mtok == pytest.approx(0.9 * 2.5 + 0.1 * 15)
    assert long.cached_input_usd_per_mtok == pytest.approx(0.125 * 2)  # scaled like input
    assert long.usd_per_mtok == pytest.approx(0.9 * (0.5 * 2.5 + 0.5 * 0.25) + 0.1 * 15)


def test_routing_share_without_an_offer_changes_nothing_and_says_so():
    blend = blended_usd_per_mtok("openai/gpt-4o", wl(routing_share=0.8), CAT)
    assert blend.step("routing").delta_usd_per_mtok == 0
    assert "no routing offer" in blend.step("routing").note


@pytest.mark.parametrize(("point", "pct"), [("low", 0), ("mid", 7.5), ("high", 15)])
def test_markup_points(point, pct):
    vertex = CAT.markup("google-vertex")
    assert markup_pct(vertex, point) == pct
    blend = blended_usd_per_mtok("google/gemini-2.0-flash", wl(input_share=0.5), CAT, vertex, point)
    assert blend.usd_per_mtok == pytest.approx(0.25 * (1 + pct / 100))


def test_bad_markup_point_and_unknown_ids():
    with pytest.raises(InferCostError, match="low, mid or high"):
        markup_pct(CAT.markup("google-vertex"), "max")  # type: ignore[arg-type]
    with pytest.raises(UnknownIdError, match="openai/gpt-4o"):
        blended_usd_per_mtok("openai/gpt-4oo", wl(), CAT)
    with pytest.raises(UnknownIdError, match="aws-bedrock"):
        blended_usd_per_mtok("openai/gpt-4o", wl(), CAT, "aws-bedrok")


OFFERS = [o.id for o in CAT.api_offers + CAT.hosted_offers]
shares = st.floats(0, 1)


@given(st.sampled_from(OFFERS), shares, shares, shares)
def test_blend_lies_within_the_offer_prices(offer_id, s_in, k, b):
    offer = CAT.offer(offer_id)
    blend = blended_usd_per_mtok(
        offer, wl(input_share=s_in, cached_input_share=k, batch_share=b), CAT
    )
    hi = max(offer.input_usd_per_mtok, offer.output_usd_per_mtok)
    assert 0 <= blend.usd_per_mtok <= hi + 1e-12


@given(st.sampled_from(OFFERS), shares, shares, shares)
def test_more_caching_or_batch_never_costs_more(offer_id, s_in, a, b):
    lo, hi = sorted((a, b))

    def price(**kw):
        return blended_usd_per_mtok(offer_id, wl(input_share=s_in, **kw), CAT).usd_per_mtok

    assert price(cached_input_share=hi) <= price(cached_input_share=lo) + 1e-12
    assert price(batch_share=hi) <= price(batch_share=lo) + 1e-12
