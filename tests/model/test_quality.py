"""Quality tiers: the seed's §4 bands, their order, defaults from price, the comparable check."""

from pathlib import Path

import pytest

from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.quality import (
    BANDS,
    QualityTier,
    comparable,
    frontier_needed,
    rank,
    tier_for_output_price,
)
from infercost.model.catalog.scenario import ApiOption, OwnedOption, RentalOption, ScenarioOption
from infercost.model.costing.evaluation import option_quality
from infercost.model.interchange.project_io import load_project

DATA = Path(__file__).resolve().parent.parent / "data"

P = default_project()
T = QualityTier


def test_bands_are_the_seeds_table_best_first():
    assert [(b.label, b.low_usd_per_mtok, b.high_usd_per_mtok) for b in BANDS] == [
        ("Frontier reasoning", 8, 75),
        ("Strong general", 1, 15),
        ("Good general", 0.30, 1.00),
        ("Fast/cheap", 0.05, 0.30),
        ("Local/self-hosted", 0.03, 0.15),
    ]
    assert [rank(b.tier) for b in BANDS] == [5, 4, 3, 2, 1]


@pytest.mark.parametrize(
    ("price", "tier"),
    [(75, T.FRONTIER_REASONING), (15.01, T.FRONTIER_REASONING), (15, T.STRONG_GENERAL),
     (1, T.STRONG_GENERAL), (0.99, T.GOOD_GENERAL), (0.30, T.GOOD_GENERAL),
     (0.29, T.FAST_CHEAP), (0.05, T.FAST_CHEAP), (0.04, T.LOCAL), (0, T.LOCAL)],
)  # fmt: skip
def test_tier_for_output_price(price, tier):
    assert tier_for_output_price(price) is tier


def test_comparable_and_frontier_needed():
    assert comparable(T.STRONG_GENERAL, T.STRONG_GENERAL)
    assert comparable(T.FRONTIER_REASONING, T.STRONG_GENERAL)
    assert not comparable(T.GOOD_GENERAL, T.STRONG_GENERAL)
    assert comparable(T.LOCAL, None)  # nothing needed: everything compares
    assert comparable(None, T.FRONTIER_REASONING)  # not rated: shown, not hidden
    assert frontier_needed(T.STRONG_GENERAL) and frontier_needed(T.FRONTIER_REASONING)
    assert not frontier_needed(T.GOOD_GENERAL) and not frontier_needed(None)


@pytest.mark.parametrize(
    ("offer_id", "tier"),
    [
        ("anthropic/claude-opus-4", T.FRONTIER_REASONING),  # band examples
        ("openai/o1", T.FRONTIER_REASONING),
        ("anthropic/claude-sonnet-4", T.STRONG_GENERAL),
        ("openai/gpt-4.1", T.STRONG_GENERAL),
        ("openai/gpt-4o-mini", T.GOOD_GENERAL),
        ("anthropic/claude-haiku-3.5", T.GOOD_GENERAL),  # its $4 is in the strong band
        ("deepinfra/deepseek-v3", T.GOOD_GENERAL),
        ("google/gemini-2.0-flash", T.FAST_CHEAP),
        ("openai/gpt-4.1-nano", T.FAST_CHEAP),
        ("groq/llama-3.2-3b", T.FAST_CHEAP),
    ],
)
def test_default_catalog_offers_carry_the_band_examples(offer_id, tier):
    assert P.catalog.offer(offer_id).quality_tier is tier


def test_an_offer_without_a_tier_takes_its_llms_then_its_price_band():
    tier, source = option_quality(
        P, ScenarioOption(label="x", option=ApiOption(offer_id="deepinfra/llama-3.3-70b"))
    )
    assert (tier, source) == (T.GOOD_GENERAL, "LLM llama-3.3-70b")
    tier, source = option_quality(
        P, ScenarioOption(label="x", option=ApiOption(offer_id="openai/gpt-4o"))
    )
    assert tier is T.STRONG_GENERAL and "price band of $10/M" in source


def test_self_hosted_options_take_the_tier_of_the_llm_they_serve():
    rig = OwnedOption(build_id="rtx-5090-rig", llm_id="llama-3.1-8b", quant_id="q4_k_m")
    assert option_quality(P, ScenarioOption(label="r", option=rig))[0] is T.FAST_CHEAP
    pinned = RentalOption(rental_id="runpod/h100-sxm", tokens_per_s=3000)
    assert option_quality(P, ScenarioOption(label="h", option=pinned)) == (None, "no LLM named")


def test_v1_golden_file_loads_without_the_new_fields():
    project = load_project(DATA / "project-v1.infercost")
    assert all(s.quality_needed is None and s.document_figures == [] for s in project.scenarios)
    assert all(o.quality_tier is None for o in project.catalog.api_offers)
