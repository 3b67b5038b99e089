"""The default catalog loads, holds the seed's figures, and refuses bad entries by name."""

import json

import pytest

from infercost.model.catalog.catalog import SECTIONS, Catalog
from infercost.model.catalog.fileio import (
    catalog_from_dict,
    default_catalog,
    load_catalog,
    parse_json,
)
from infercost.model.errors import CatalogError, FileFormatError, UnknownIdError


@pytest.fixture
def raw() -> dict:
    from infercost import resources

    return json.loads(resources.read_text("default_catalog.json"))


def test_default_catalog_has_every_section_populated():
    cat = default_catalog()
    for name in SECTIONS:
        assert cat.section(name), f"section {name} is empty"
    for name, entry in cat.entries():
        assert entry.source, f"{name} '{entry.id}' has no source"
        assert entry.as_of, f"{name} '{entry.id}' has no as_of"


@pytest.mark.parametrize(
    ("offer_id", "pin", "pout"),
    [
        ("openai/gpt-4o", 2.50, 10.00),
        ("openai/gpt-4o-mini", 0.15, 0.60),
        ("openai/gpt-4.1", 2.00, 8.00),
        ("openai/gpt-4.1-mini", 0.40, 1.60),
        ("openai/gpt-4.1-nano", 0.10, 0.40),
        ("openai/o1", 15.00, 60.00),
        ("openai/o3-mini", 1.10, 4.40),
        ("anthropic/claude-sonnet-4", 3.00, 15.00),
        ("anthropic/claude-haiku-3.5", 0.80, 4.00),
        ("anthropic/claude-opus-4", 15.00, 75.00),
        ("google/gemini-2.0-flash", 0.10, 0.40),
        ("google/gemini-2.5-pro", 1.25, 10.00),
        ("google/gemini-2.5-flash", 0.15, 0.60),
        ("groq/llama-3.3-70b", 0.59, 0.79),
        ("together/llama-3.3-70b", 0.88, 0.88),
        ("fireworks/llama-3.3-70b", 0.90, 0.90),
        ("deepinfra/llama-3.3-70b", 0.23, 0.40),
        ("groq/llama-3.2-3b", 0.06, 0.06),
        ("together/deepseek-v3", 0.30, 0.90),
        ("deepinfra/deepseek-v3", 0.20, 0.60),
    ],
)
def test_seed_api_prices(offer_id, pin, pout):
    offer = default_catalog().offer(offer_id)
    assert offer.input_usd_per_mtok == pin
    assert offer.output_usd_per_mtok == pout


def test_seed_long_context_tier_of_gemini_pro():
    offer = default_catalog().offer("google/gemini-2.5-pro")
    assert (offer.long_context_input_usd_per_mtok, offer.long_context_output_usd_per_mtok) == (
        2.50,
        15.00,
    )


@pytest.mark.parametrize(
    ("rental_id", "on_demand", "discounted", "kind"),
    [
        ("runpod/a100-80gb", 1.64, 1.04, "spot"),
        ("runpod/h100-sxm", 3.29, 2.49, "spot"),
        ("lambda/a100-80gb", 1.29, 1.00, "reserved"),
        ("lambda/h100-sxm", 2.49, 1.99, "reserved"),
        ("coreweave/a100-80gb", 2.06, 1.54, "reserved"),
        ("coreweave/h100-sxm", 4.25, 2.23, "reserved-1yr"),
        ("aws/p5.48xlarge", 32.77, 19.66, "reserved-1yr"),
    ],
)
def test_seed_rental_rates(rental_id, on_demand, discounted, kind):
    r = default_catalog().rental(rental_id)
    assert r.unit_usd_per_hour("on_demand") == pytest.approx(on_demand)
    assert r.unit_usd_per_hour("discounted") == pytest.approx(discounted)
    assert r.discount_kind == kind


def test_vast_range_and_aws_total_vram():
    cat = default_catalog()
    vast = cat.rental("vastai/a100-80gb")
    assert (vast.on_demand_low_usd_per_hour, vast.on_demand_high_usd_per_hour) == (0.80, 1.20)
    assert vast.discounted_usd_per_hour is None
    p5 = cat.rental("aws/p5.48xlarge")
    assert p5.gpus_per_instance * cat.gpu(p5.gpu_id).vram_gb == 640  # the seed's "640GB total"


@pytest.mark.parametrize(
    ("gpu_id", "low", "high", "vram", "watts"),
    [
        ("rtx-5090", 2000, 2000, 32, 575),
        ("rtx-4090", 1600, 1600, 24, 450),
        ("a100-80gb", 8000, 12000, 80, 300),
        ("h100-sxm", 25000, 30000, 80, 700),
    ],
)
def test_seed_hardware(gpu_id, low, high, vram, watts):
    g = default_catalog().gpu(gpu_id)
    assert (g.price_low_usd, g.price_high_usd, g.vram_gb, g.power_w) == (low, high, vram, watts)


def test_seed_rig_parts_add_up_to_3350():
    cat = default_catalog()
    build = cat.build("rtx-5090-rig")
    total = sum(cat.item(line.item_id).price_usd("mid") * line.quantity for line in build.lines)
    assert total == 3350


def test_unknown_id_suggests_closest():
    with pytest.raises(UnknownIdError, match="h100-sxm"):
        default_catalog().gpu("h100-sx")


def _mutate(raw, section, entry_id, **changes):
    for e in raw["catalog"][section]:
        if e["id"] == entry_id:
            e.update(changes)
            return raw
    raise AssertionError(entry_id)


@pytest.mark.parametrize(
    ("section", "entry_id", "change", "needle"),
    [
        ("api_offers", "openai/gpt-4o", {"input_usd_per_mtok": -1}, "input_usd_per_mtok"),
        ("gpus", "rtx-5090", {"power_w": "lots"}, "power_w"),
        ("gpu_rentals", "runpod/h100-sxm", {"gpu_id": "h100-sx"}, "did you mean h100-sxm"),
        ("gpus", "h100-sxm", {"price_low_usd": 40000}, "high (30000) is below low (40000)"),
        ("llms", "llama-3.1-8b", {"kv_heads": 64}, "kv_heads exceeds"),
        ("tariffs", "us-average", {"colour": "green"}, "colour"),
        ("builds", "rtx-5090-rig", {"tariff_id": None}, "needs a tariff_id or a usd_per_kwh"),
    ],
)
def test_bad_entries_are_named(raw, section, entry_id, change, needle):
    _mutate(raw, section, entry_id, **change)
    with pytest.raises(CatalogError) as info:
        catalog_from_dict(raw)
    text = str(info.value)
    assert needle in text
    assert entry_id in text


def test_duplicate_id_is_refused(raw):
    raw["catalog"]["tariffs"].append(dict(raw["catalog"]["tariffs"][0]))
    with pytest.raises(CatalogError, match=r"us-average.*used by 2"):
        catalog_from_dict(raw)


def test_overflowing_and_nan_numbers_are_refused(tmp_path):
    with pytest.raises(FileFormatError, match="too large"):
        parse_json('{"x": 1e400}', "f.json")
    with pytest.raises(FileFormatError, match="NaN"):
        parse_json('{"x": NaN}', "f.json")


def test_inf_assignment_is_refused():
    cat = default_catalog()
    with pytest.raises(ValueError, match="finite"):
        cat.api_offers[0].input_usd_per_mtok = float("inf")


def test_newer_schema_is_refused(raw):
    raw["schema_version"] = 99
    with pytest.raises(FileFormatError, match="newer InferCost"):
        catalog_from_dict(raw, "x.json")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2]", "JSON object"),
        (b'{"format": "something-else", "schema_version": 1}', "not an infercost-catalog"),
        (b'{"format": "infercost-catalog", "schema_version": "1"}', "positive integer"),
        (b'{"format": "infercost-catalog", "schema_version": 1}', "missing the 'catalog'"),
    ],
)
def test_broken_files_give_clear_errors(tmp_path, content, needle):
    f = tmp_path / "broken.json"
    f.write_bytes(content)
    with pytest.raises(FileFormatError, match=needle) as info:
        load_catalog(f)
    assert str(f) in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(FileFormatError, match="no such file"):
        load_catalog(tmp_path / "nope.json")


def test_empty_catalog_is_valid():
    assert Catalog().check() is None


def test_unknown_id_without_a_close_match_lists_known_ids():
    err = UnknownIdError("workload", "nope", ["seed-startup-70b", "seed-local-small"])
    assert str(err) == "Unknown workload 'nope'. Known: seed-local-small, seed-startup-70b."
    many = UnknownIdError("GPU", "zzz", [f"gpu-{i:02d}" for i in range(12)])
    assert str(many).endswith("gpu-09 (and 2 more).")
    assert (
        str(UnknownIdError("scenario", "x", []))
        == "Unknown scenario 'x'. There is no scenario yet."
    )
