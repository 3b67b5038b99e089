"""Import API prices from the files users already have: LiteLLM and OpenRouter price lists."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.entries import ApiOffer
from infercost.model.catalog.fileio import read_json
from infercost.model.errors import FileFormatError, describe_validation_error
from infercost.model.guard import NumberError, cap_text, strict_number

PER_TOKEN_TO_PER_MTOK = 1e6
TEXT_MODES = frozenset({"chat", "completion", "responses"})
# Above this an imported price is kept but flagged in the report: today's dearest API offers
# charge a few hundred dollars per million tokens, so $1,000+ is more likely a unit mix-up
# (a per-Mtok figure in a per-token field) than a real price.
UNUSUAL_USD_PER_MTOK = 1_000.0
MAX_KEY_CHARS = 200
_ABOVE = re.compile(r"input_cost_per_token_above_([0-9]{1,7})k_tokens", re.ASCII)
_SLUG_BAD = re.compile(r"[^a-z0-9._/+-]+")


@dataclass(frozen=True)
class Skipped:
    """An entry of the source file that was not imported, and why."""

    key: str
    reason: str


@dataclass(frozen=True)
class Flagged:
    """An imported offer whose price is far outside the usual range: kept, but reported."""

    id: str
    reason: str


@dataclass(frozen=True)
class ImportResult:
    """Offers read from a price file plus every entry left out, each with its reason."""

    origin: str
    offers: tuple[ApiOffer, ...]
    skipped: tuple[Skipped, ...] = field(default=())
    flagged: tuple[Flagged, ...] = field(default=())


_PRICE_FIELDS = (
    "input_usd_per_mtok",
    "output_usd_per_mtok",
    "cached_input_usd_per_mtok",
    "cache_write_usd_per_mtok",
    "long_context_input_usd_per_mtok",
    "long_context_output_usd_per_mtok",
)


def _flags(offers: list[ApiOffer]) -> tuple[Flagged, ...]:
    out = []
    for o in offers:
        high = [
            (f, getattr(o, f)) for f in _PRICE_FIELDS if (getattr(o, f) or 0) > UNUSUAL_USD_PER_MTOK
        ]
        if high:
            shown = ", ".join(f"{f} ${v:,.0f}/Mtok" for f, v in high)
            out.append(Flagged(o.id, f"unusually high price ({shown}); check the file's units"))
    return tuple(out)


def _key(key: str) -> str:
    """An entry's key as the report shows it: long keys shortened."""
    return key if len(key) <= MAX_KEY_CHARS else key[: MAX_KEY_CHARS - 1] + "…"


def _text(value: Any, limit: int = 200) -> str:
    """A text field of the file: strings only (a list or number there is ignored), capped."""
    return value.strip()[:limit] if isinstance(value, str) else ""


def slugify(text: str) -> str:
    """A catalog id from a provider's model key (``eu.x-v1:0`` -> ``eu.x-v1-0``)."""
    slug = _SLUG_BAD.sub("-", text.strip().lower())[:110].strip("-./+_")
    return slug or "unnamed"


def _per_mtok(value: Any, what: str) -> float | None:
    """USD per token (JSON number or plain decimal string) -> USD per Mtok; None when absent.

    Strict: ``"1_0"``, ``"١٢"``, booleans, lists and integers beyond float range are refused
    (:func:`~infercost.model.guard.strict_number`), never misread.
    """
    if value is None:
        return None
    number = strict_number(value, where=what)
    if number < 0:
        raise NumberError(f"{what} is negative ({number:g})")
    per_mtok = number * PER_TOKEN_TO_PER_MTOK
    if not math.isfinite(per_mtok):
        raise NumberError(f"{what} {cap_text(value)} is too large to be a price")
    # 12 significant digits drop float noise (2.4999999999999996) but keep tiny prices exact.
    return float(f"{per_mtok:.12g}")


def _unique(ident: str, taken: set[str]) -> str:
    candidate, n = ident, 2
    while candidate in taken:
        candidate, n = f"{ident}-{n}", n + 1
    taken.add(candidate)
    return candidate


def parse_litellm(data: Any, origin: str = "LiteLLM price map") -> ImportResult:
    """Offers from a parsed LiteLLM ``model_prices_and_context_window.json``.

    Prices there are USD per single token. ``sample_spec`` documents the format and is
    skipped, as are non-text modes and entries without both an input and an output price.
    Batch rates become a discount percentage; an ``above_Nk_tokens`` price or a two-tier
    ``tiered_pricing`` becomes the long-context tier. Unknown keys are ignored.
    """
    if not isinstance(data, dict):
        raise FileFormatError(origin, "a LiteLLM price map is a JSON object of model entries")
    offers: list[ApiOffer] = []
    skipped: list[Skipped] = []
    taken: set[str] = set()
    for key, entry in data.items():
        if key == "sample_spec":
            continue
        if not isinstance(entry, dict):
            skipped.append(Skipped(_key(key), "entry is not an object"))
            continue
        mode = entry.get("mode")
        if not isinstance(mode, str) or mode not in TEXT_MODES:
            skipped.append(Skipped(_key(key), f"mode {cap_text(mode, 40)} is not text generation"))
            continue
        try:
            offer = _litellm_offer(key, entry, origin, taken)
        except (ValueError, TypeError) as exc:
            skipped.append(Skipped(_key(key), str(exc)))
            continue
        offers.append(offer)
    return ImportResult(origin, tuple(offers), tuple(skipped), _flags(offers))


def _litellm_offer(key: str, e: dict[str, Any], origin: str, taken: set[str]) -> ApiOffer:
    pin = _per_mtok(e.get("input_cost_per_token"), "input_cost_per_token")
    pout = _per_mtok(e.get("output_cost_per_token"), "output_cost_per_token")
    tiers = e.get("tiered_pricing")
    if (pin is None or pout is None) and isinstance(tiers, list) and tiers:
        first = tiers[0] if isinstance(tiers[0], dict) else {}
        pin = _per_mtok(first.get("input_cost_per_token"), "tiered_pricing[0] input")
        pout = _per_mtok(first.get("output_cost_per_token"), "tiered_pricing[0] output")
    if pin is None or pout is None:
        raise ValueError("no per-token input and output price")
    provider = _text(e.get("litellm_provider")) or key.split("/")[0][:200]
    name = key.split("/", 1)[1] if key.startswith(f"{provider}/") else key
    fields: dict[str, Any] = {
        "cached_input_usd_per_mtok": _per_mtok(e.get("cache_read_input_token_cost"), "cache read"),
        "cache_write_usd_per_mtok": _per_mtok(
            e.get("cache_creation_input_token_cost"), "cache write"
        ),
    }
    batch_in = _per_mtok(e.get("input_cost_per_token_batches"), "batch input")
    if batch_in is not None and pin > 0:
        fields["batch_discount_pct"] = round(min(100.0, max(0.0, (1 - batch_in / pin) * 100)), 6)
    fields.update(_long_context(e))
    try:
        return ApiOffer(
            id=_unique(slugify(f"{provider}/{name}"), taken),
            provider=provider,
            llm_name=name[:200],
            tier=_text(e.get("mode"), 100),
            input_usd_per_mtok=pin,
            output_usd_per_mtok=pout,
            source=f"{Path(origin).name} (key '{_key(key)}')",
            as_of=_text(e.get("as_of"), 100) or "imported",
            **fields,
        )
    except ValidationError as exc:
        raise ValueError("; ".join(describe_validation_error(exc))) from None


def _long_context(e: dict[str, Any]) -> dict[str, Any]:
    for k in e:
        m = _ABOVE.fullmatch(k)
        if m:
            n = int(m.group(1))
            return {
                "long_context_threshold_tokens": n * 1000,
                "long_context_input_usd_per_mtok": _per_mtok(e[k], k),
                "long_context_output_usd_per_mtok": _per_mtok(
                    e.get(f"output_cost_per_token_above_{n}k_tokens"), "long-context output"
                ),
            }
    tiers = e.get("tiered_pricing")
    if isinstance(tiers, list) and len(tiers) >= 2 and isinstance(tiers[1], dict):
        rng = tiers[1].get("range")
        start = rng[0] if isinstance(rng, list) and rng else None
        if isinstance(start, int | float) and not isinstance(start, bool) and 0 < start < 1e12:
            return {
                "long_context_threshold_tokens": int(start),
                "long_context_input_usd_per_mtok": _per_mtok(
                    tiers[1].get("input_cost_per_token"), "tiered_pricing[1] input"
                ),
                "long_context_output_usd_per_mtok": _per_mtok(
                    tiers[1].get("output_cost_per_token"), "tiered_pricing[1] output"
                ),
            }
    return {}


def parse_openrouter(data: Any, origin: str = "OpenRouter model list") -> ImportResult:
    """Offers from a saved OpenRouter ``/api/v1/models`` response (``{"data": [...]}``).

    ``pricing`` values are decimal strings in USD per token. ``"-1"`` means variable pricing
    (the model routes elsewhere) and is skipped, never read as -$1; ``:free`` variants are 0.
    """
    rows = data.get("data") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise FileFormatError(origin, 'an OpenRouter model list is an object with a "data" list')
    offers: list[ApiOffer] = []
    skipped: list[Skipped] = []
    taken: set[str] = set()
    for i, row in enumerate(rows):
        ident = row.get("id") if isinstance(row, dict) else None
        key = _key(ident) if isinstance(ident, str) and ident else f"data[{i}]"
        pricing = row.get("pricing") if isinstance(row, dict) else None
        if not isinstance(pricing, dict):
            skipped.append(Skipped(key, "no pricing object"))
            continue
        if any(pricing.get(k) in ("-1", -1) for k in ("prompt", "completion")):
            skipped.append(Skipped(key, "variable pricing ('-1'): no fixed price to import"))
            continue
        try:
            pin = _per_mtok(pricing.get("prompt"), "pricing.prompt")
            pout = _per_mtok(pricing.get("completion"), "pricing.completion")
            if pin is None or pout is None:
                raise ValueError("no prompt and completion price")
            provider, _, name = key.partition("/")
            offers.append(
                ApiOffer(
                    id=_unique(slugify(f"openrouter/{key}"), taken),
                    provider=f"OpenRouter ({provider})" if name else "OpenRouter",
                    llm_name=_text(row.get("name")) or key[:200],
                    tier="openrouter",
                    input_usd_per_mtok=pin,
                    output_usd_per_mtok=pout,
                    cached_input_usd_per_mtok=_per_mtok(
                        pricing.get("input_cache_read"), "pricing.input_cache_read"
                    ),
                    cache_write_usd_per_mtok=_per_mtok(
                        pricing.get("input_cache_write"), "pricing.input_cache_write"
                    ),
                    source=f"{Path(origin).name} (id '{key}')",
                    as_of="imported",
                )
            )
        except ValidationError as exc:
            skipped.append(Skipped(key, "; ".join(describe_validation_error(exc))))
        except (ValueError, TypeError) as exc:
            skipped.append(Skipped(key, str(exc)))
    return ImportResult(origin, tuple(offers), tuple(skipped), _flags(offers))


def read_price_file(
    path: str | Path, fmt: str = "auto", progress: Callable[[int, int], None] | None = None
) -> ImportResult:
    """Read a LiteLLM or OpenRouter price file; ``fmt`` is litellm, openrouter or auto.

    The file goes through the guard (regular file, bounded size and parse); ``progress`` is
    called while reading.
    """
    origin = str(path)
    data = read_json(path, "price file", progress)
    if fmt == "auto":
        # OpenRouter wraps its list in {"data": [...]}; LiteLLM has no model named "data".
        fmt = "openrouter" if isinstance(data, dict) and "data" in data else "litellm"
    if fmt == "litellm":
        return parse_litellm(data, origin)
    if fmt == "openrouter":
        return parse_openrouter(data, origin)
    shown = cap_text(fmt, 40)
    raise FileFormatError(origin, f"unknown price file format {shown} (litellm, openrouter)")


@dataclass(frozen=True)
class Merged:
    """A catalog with imported offers merged in, and what happened to each imported id."""

    catalog: Catalog
    added: tuple[str, ...]
    replaced: tuple[str, ...]
    kept: tuple[str, ...]
    clashing: tuple[str, ...]

    def summary(self) -> str:
        """One line for a status bar or a terminal."""
        parts = [f"{len(self.added)} added", f"{len(self.replaced)} replaced"]
        if self.kept:
            parts.append(f"{len(self.kept)} already present, kept")
        if self.clashing:
            parts.append(f"{len(self.clashing)} left out: id used by another section")
        return ", ".join(parts)


def merge_offers(catalog: Catalog, result: ImportResult, *, replace: bool = True) -> Merged:
    """Merge imported offers into ``api_offers`` of a copy of the catalog.

    An imported id that the catalog already has replaces that offer when ``replace`` is true
    and is kept as it was otherwise. An id used by another section (a hosted offer, a GPU) is
    left out rather than shadowing it. The input catalog is not changed.
    """
    data = catalog.model_dump()
    existing = {o["id"]: i for i, o in enumerate(data["api_offers"])}
    others = {e.id for name, e in catalog.entries() if name != "api_offers"}
    added: list[str] = []
    replaced: list[str] = []
    kept: list[str] = []
    clashing: list[str] = []
    for offer in result.offers:
        if offer.id in others:
            clashing.append(offer.id)
        elif offer.id in existing:
            if replace:
                data["api_offers"][existing[offer.id]] = offer.model_dump()
                replaced.append(offer.id)
            else:
                kept.append(offer.id)
        else:
            existing[offer.id] = len(data["api_offers"])
            data["api_offers"].append(offer.model_dump())
            added.append(offer.id)
    return Merged(
        Catalog.model_validate(data), tuple(added), tuple(replaced), tuple(kept), tuple(clashing)
    )
