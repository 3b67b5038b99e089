"""LiteLLM and OpenRouter price files import in $/Mtok, and every bad row is reported."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infercost.model.catalog.base import SLUG_PATTERN
from infercost.model.catalog.fileio import default_catalog
from infercost.model.errors import FileFormatError
from infercost.model.interchange.importers import (
    merge_offers,
    parse_litellm,
    parse_openrouter,
    read_price_file,
    slugify,
)

DATA = Path(__file__).resolve().parent.parent / "data"


def _by_id(result):
    return {o.id: o for o in result.offers}


def test_litellm_units_cache_batch_and_long_context():
    data = {
        "sample_spec": {"input_cost_per_token": 0.0, "mode": "one of: chat, embedding"},
        "gemini/gemini-2.5-pro": {
            "litellm_provider": "gemini",
            "mode": "chat",
            "input_cost_per_token": 1.25e-06,
            "output_cost_per_token": 1e-05,
            "cache_read_input_token_cost": 1.25e-07,
            "input_cost_per_token_batches": 6.25e-07,
            "input_cost_per_token_above_200k_tokens": 2.5e-06,
            "output_cost_per_token_above_200k_tokens": 1.5e-05,
            "some_future_key": {"nested": True},
        },
        "text-embedding-3-small": {"mode": "embedding", "input_cost_per_token": 2e-08},
        "nulls": {"mode": "chat", "input_cost_per_token": None, "output_cost_per_token": 1e-06},
    }
    result = parse_litellm(data)
    offer = _by_id(result)["gemini/gemini-2.5-pro"]
    assert offer.input_usd_per_mtok == pytest.approx(1.25)
    assert offer.output_usd_per_mtok == pytest.approx(10.0)
    assert offer.cached_input_usd_per_mtok == pytest.approx(0.125)
    assert offer.batch_discount_pct == pytest.approx(50.0)
    assert offer.long_context_threshold_tokens == 200_000
    assert offer.long_context_input_usd_per_mtok == pytest.approx(2.5)
    assert offer.long_context_output_usd_per_mtok == pytest.approx(15.0)
    reasons = {s.key: s.reason for s in result.skipped}
    assert "sample_spec" not in reasons and "sample_spec" not in _by_id(result)
    assert "not text generation" in reasons["text-embedding-3-small"]
    assert "no per-token input and output price" in reasons["nulls"]


def test_litellm_tiered_pricing_becomes_long_context_tier():
    data = {
        "dashscope/qwen-flash": {
            "litellm_provider": "dashscope",
            "mode": "chat",
            "tiered_pricing": [
                {
                    "input_cost_per_token": 5e-08,
                    "output_cost_per_token": 4e-07,
                    "range": [0, 256000.0],
                },
                {
                    "input_cost_per_token": 2.5e-07,
                    "output_cost_per_token": 2e-06,
                    "range": [256000.0, 1e6],
                },
            ],
        }
    }
    offer = parse_litellm(data).offers[0]
    assert (offer.input_usd_per_mtok, offer.output_usd_per_mtok) == pytest.approx((0.05, 0.4))
    assert offer.long_context_threshold_tokens == 256_000
    assert offer.long_context_output_usd_per_mtok == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("value", "needle"),
    [(-1e-6, "negative"), ("abc", "not a number"), (True, "boolean"), ([1], "type list")],
)
def test_litellm_bad_prices_are_reported_not_guessed(value, needle):
    data = {"x/y": {"mode": "chat", "input_cost_per_token": value, "output_cost_per_token": 1e-6}}
    result = parse_litellm(data)
    assert result.offers == ()
    assert needle in result.skipped[0].reason


def test_litellm_real_file_imports_every_text_model(shared_dir):
    path = shared_dir / "data" / "litellm-model-prices-1.110.2.json"
    result = read_price_file(path)
    raw = json.loads(path.read_text())
    assert len(result.offers) + len(result.skipped) == len(raw) - 1  # all but sample_spec
    offers = _by_id(result)
    assert len(offers) == len(result.offers)  # ids unique after slugifying aliases
    gpt4o = offers["openai/gpt-4o"]
    assert (gpt4o.input_usd_per_mtok, gpt4o.output_usd_per_mtok) == (2.5, 10.0)
    assert gpt4o.batch_discount_pct == 50
    assert len(result.offers) > 3000
    for skipped in result.skipped:
        assert skipped.reason


def test_openrouter_sample():
    result = read_price_file(DATA / "openrouter-models-sample.json")
    offers = _by_id(result)
    gpt4o = offers["openrouter/openai/gpt-4o"]
    assert (gpt4o.input_usd_per_mtok, gpt4o.output_usd_per_mtok) == pytest.approx((2.5, 10.0))
    assert gpt4o.cached_input_usd_per_mtok == pytest.approx(1.25)
    free = offers["openrouter/meta-llama/llama-3.3-70b-instruct-free"]
    assert (free.input_usd_per_mtok, free.output_usd_per_mtok) == (0, 0)
    reasons = {s.key: s.reason for s in result.skipped}
    assert "variable pricing" in reasons["openrouter/auto"]
    assert "negative" in reasons["broken/negative"]
    assert "not a number" in reasons["broken/text"]
    assert "no pricing" in reasons["broken/nopricing"]
    assert "openrouter/openrouter/auto" not in offers


@pytest.mark.parametrize(
    ("content", "fmt", "needle"),
    [
        ('{"data": 5}', "openrouter", '"data" list'),
        ("[1, 2]", "litellm", "JSON object"),
        ("{}", "csv", "unknown price file format"),
        ("{not json", "auto", "not valid JSON"),
    ],
)
def test_broken_price_files(tmp_path, content, fmt, needle):
    f = tmp_path / "prices.json"
    f.write_text(content)
    with pytest.raises(FileFormatError, match=needle):
        read_price_file(f, fmt)


def test_merge_adds_and_replaces_without_touching_the_original():
    cat = default_catalog()
    data = {
        "openai/gpt-4o": {
            "litellm_provider": "openai",
            "mode": "chat",
            "input_cost_per_token": 3e-06,
            "output_cost_per_token": 1.2e-05,
        },
        "newco/model-x": {
            "litellm_provider": "newco",
            "mode": "chat",
            "input_cost_per_token": 1e-07,
            "output_cost_per_token": 2e-07,
        },
    }
    result = parse_litellm(data)
    merged = merge_offers(cat, result)
    assert merged.catalog.offer("openai/gpt-4o").input_usd_per_mtok == pytest.approx(3.0)
    assert merged.catalog.offer("newco/model-x").output_usd_per_mtok == pytest.approx(0.2)
    assert (merged.added, merged.replaced) == (("newco/model-x",), ("openai/gpt-4o",))
    assert merged.summary() == "1 added, 1 replaced"
    assert cat.offer("openai/gpt-4o").input_usd_per_mtok == 2.5
    kept = merge_offers(cat, result, replace=False)
    assert kept.catalog.offer("openai/gpt-4o").input_usd_per_mtok == 2.5
    assert kept.kept == ("openai/gpt-4o",)
    assert len(kept.catalog.api_offers) == len(cat.api_offers) + 1


def test_merge_never_shadows_another_section():
    cat = default_catalog()
    result = parse_litellm(
        {
            "deepinfra/llama-3.3-70b": {
                "litellm_provider": "deepinfra",
                "mode": "chat",
                "input_cost_per_token": 1e-07,
                "output_cost_per_token": 1e-07,
            }
        }
    )
    merged = merge_offers(cat, result)
    assert merged.clashing == ("deepinfra/llama-3.3-70b",)
    assert merged.catalog.offer("deepinfra/llama-3.3-70b").input_usd_per_mtok == 0.23
    assert "1 left out" in merged.summary()


@given(st.text(max_size=300))
def test_slugify_always_gives_a_valid_id(text):
    assert len(slugify(text)) <= 110
    assert re.fullmatch(SLUG_PATTERN, slugify(text))


@given(
    st.floats(min_value=0, max_value=1, allow_nan=False),
    st.floats(min_value=0, max_value=1, allow_nan=False),
)
def test_per_token_prices_scale_to_per_mtok(pin, pout):
    result = parse_openrouter(
        {"data": [{"id": "a/b", "pricing": {"prompt": repr(pin), "completion": repr(pout)}}]}
    )
    offer = result.offers[0]
    assert offer.input_usd_per_mtok == pytest.approx(pin * 1e6)
    assert offer.output_usd_per_mtok == pytest.approx(pout * 1e6)
