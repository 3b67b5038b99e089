"""Blended API price per million tokens for a workload, with the saving of each strategy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.entries import ApiOffer, PlatformMarkup
from infercost.model.catalog.scenario import Workload
from infercost.model.errors import InferCostError

MarkupPoint = Literal["low", "mid", "high"]

STEP_LABELS = {
    "list": "List price (input/output split)",
    "long_context": "Long-context tier",
    "caching": "Prompt caching",
    "batch": "Batch API",
    "markup": "Platform markup",
    "routing": "Model routing",
}


@dataclass(frozen=True, slots=True)
class BlendStep:
    """One strategy applied to the blended price, in the order they are applied.

    ``delta_usd_per_mtok`` is negative for a saving and positive for a surcharge (the
    long-context tier, a platform markup); ``saving_pct`` is the saving relative to the price
    before this step.
    """

    name: str
    label: str
    usd_per_mtok: float
    delta_usd_per_mtok: float
    saving_pct: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class Blend:
    """The price of one million workload-shaped tokens through one offer.

    ``steps`` start with the plain list price (input share x input price + output share x
    output price) and apply, in order: the long-context tier, caching, batch, the platform
    markup and routing; the last step's price is ``usd_per_mtok``.
    """

    offer_id: str
    markup_id: str | None
    markup_pct: float
    routing_offer_id: str | None
    input_usd_per_mtok: float
    cached_input_usd_per_mtok: float
    output_usd_per_mtok: float
    long_context: bool
    list_usd_per_mtok: float
    usd_per_mtok: float
    steps: tuple[BlendStep, ...]

    def step(self, name: str) -> BlendStep:
        """The step called ``name`` (list, long_context, caching, batch, markup, routing)."""
        for s in self.steps:
            if s.name == name:
                return s
        raise KeyError(name)

    @property
    def total_saving_pct(self) -> float:
        """Saving of the final price against the list price (negative when it costs more)."""
        if self.list_usd_per_mtok == 0:
            return 0.0
        return (1.0 - self.usd_per_mtok / self.list_usd_per_mtok) * 100.0


def markup_pct(markup: PlatformMarkup, point: MarkupPoint = "mid") -> float:
    """The markup at the chosen point of its range, in percent."""
    if point == "low":
        return markup.markup_low_pct
    if point == "high":
        return markup.markup_high_pct
    if point == "mid":
        return (markup.markup_low_pct + markup.markup_high_pct) / 2.0
    raise InferCostError(f"markup point must be low, mid or high, not {point!r}")


def blended_usd_per_mtok(
    offer: ApiOffer | str,
    workload: Workload,
    catalog: Catalog,
    markup: PlatformMarkup | str | None = None,
    markup_point: MarkupPoint = "mid",
) -> Blend:
    """Price a million tokens shaped like ``workload`` through ``offer``.

    Parameters
    ----------
    offer
        The API or hosted offer (or its id).
    workload
        Input share, cached share of input, batch share, routing share and offer, prompt size.
    catalog
        Resolves ids (offer, markup, routing offer).
    markup, markup_point
        A platform markup (or its id) applied to this offer's price, at low/mid/high of its range.

    Returns
    -------
    Blend
        Cached tokens are part of the input tokens: they are taken out of the input before it is
        priced, never billed twice. A prompt above the long-context threshold bills the whole
        request at the tier prices. The batch discount applies to the batch share of traffic.
        Routing sends ``routing_share`` of all tokens to the routing offer, priced with the same
        workload shape (its own caching and batch rates, no markup).
    """
    if isinstance(offer, str):
        offer = catalog.offer(offer)
    if isinstance(markup, str):
        markup = catalog.markup(markup)
    pct = markup_pct(markup, markup_point) if markup is not None else 0.0

    steps, p_in, p_cache, p_out, long_ctx = _direct_steps(offer, workload)
    price = steps[-1].usd_per_mtok
    if markup is not None:
        price = _append(
            steps, "markup", price * (1.0 + pct / 100.0), f"{markup.platform} +{pct:g}%"
        )
    routing_id = None
    if workload.routing_offer_id is not None and workload.routing_share > 0:
        routed = catalog.offer(workload.routing_offer_id)
        routing_id = routed.id
        routed_price = _direct_steps(routed, workload)[0][-1].usd_per_mtok
        share = workload.routing_share
        price = _append(
            steps,
            "routing",
            (1.0 - share) * price + share * routed_price,
            f"{share:.0%} of tokens to {routed.id} at ${routed_price:.4g}/Mtok",
        )
    elif workload.routing_share > 0:
        _append(steps, "routing", price, "routing share is set but no routing offer is chosen")

    return Blend(
        offer_id=offer.id,
        markup_id=markup.id if markup is not None else None,
        markup_pct=pct,
        routing_offer_id=routing_id,
        input_usd_per_mtok=p_in,
        cached_input_usd_per_mtok=p_cache,
        output_usd_per_mtok=p_out,
        long_context=long_ctx,
        list_usd_per_mtok=steps[0].usd_per_mtok,
        usd_per_mtok=price,
        steps=tuple(steps),
    )


def _direct_steps(
    offer: ApiOffer, w: Workload
) -> tuple[list[BlendStep], float, float, float, bool]:
    """List price, tier, caching and batch for one offer bought directly."""
    s_in = w.input_share
    s_out = 1.0 - s_in
    base = s_in * offer.input_usd_per_mtok + s_out * offer.output_usd_per_mtok
    steps = [BlendStep("list", STEP_LABELS["list"], base, 0.0, 0.0, f"{s_in:.0%} input")]

    p_in, p_out = offer.input_usd_per_mtok, offer.output_usd_per_mtok
    p_cache = offer.cached_input_usd_per_mtok
    threshold = offer.long_context_threshold_tokens
    long_ctx = threshold is not None and w.prompt_tokens > threshold
    if long_ctx:
        tier_in = offer.long_context_input_usd_per_mtok
        tier_out = offer.long_context_output_usd_per_mtok
        # The catalog carries no long-context cache rate: scale it like the input rate.
        if p_cache is not None and tier_in is not None and p_in > 0:
            p_cache = p_cache * tier_in / p_in
        p_in = tier_in if tier_in is not None else p_in
        p_out = tier_out if tier_out is not None else p_out
        price = s_in * p_in + s_out * p_out
        _append(
            steps, "long_context", price, f"prompts of {w.prompt_tokens:,} tokens > {threshold:,}"
        )
    price = steps[-1].usd_per_mtok

    k = w.cached_input_share
    if p_cache is None:
        p_cache = p_in
        note = "no cache price: cached tokens billed as input" if k > 0 else ""
    else:
        note = f"{k:.0%} of input at ${p_cache:.4g}/Mtok"
    price = s_in * ((1.0 - k) * p_in + k * p_cache) + s_out * p_out
    _append(steps, "caching", price, note)

    b = w.batch_share
    discount = offer.batch_discount_pct / 100.0
    note = f"{b:.0%} of traffic at -{offer.batch_discount_pct:g}%"
    if b > 0 and discount == 0:
        note = "this offer has no batch discount"
    _append(steps, "batch", price * (1.0 - b * discount), note)
    return steps, p_in, p_cache, p_out, long_ctx


def _append(steps: list[BlendStep], name: str, price: float, note: str) -> float:
    before = steps[-1].usd_per_mtok
    delta = price - before
    saving = -delta / before * 100.0 if before > 0 else 0.0
    steps.append(BlendStep(name, STEP_LABELS[name], price, delta, saving, note))
    return price
