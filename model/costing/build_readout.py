"""The figures the build configurator shows: purchase, power and its limits, $/hour at 2 and 3
years for the build and its GPUs alone, and what one LLM costs and runs at on it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from infercost.model.catalog.build import Build, BuildLine
from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.entries import Gpu, Measurement, Part
from infercost.model.costing.tco import BuildCost, build_cost, usd_per_mtok
from infercost.model.errors import InferCostError
from infercost.model.estimator.estimate import EstimateRequest, estimate, matching_measurements
from infercost.model.estimator.option_throughput import build_hardware

HORIZONS_YEARS = (2.0, 3.0)
"""The seed's section-3 table prices hardware over 2 and 3 years side by side."""


@dataclass(frozen=True, slots=True)
class Horizon:
    """Hourly cost of the build (and of its GPUs alone) written off over ``years``."""

    years: float
    amortization_usd_per_hour: float
    gpu_amortization_usd_per_hour: float
    usd_per_hour: float
    residual_usd: float


@dataclass(frozen=True, slots=True)
class BuildReadout:
    """Everything the configurator's live summary shows about a build, from ``build_cost``.

    Power figures: ``gpu_*`` are GPU boards only; ``wall_*`` the whole system at the wall
    (PSU losses and PUE included) whatever the build's power scope. ``dc_load_w`` is what
    the parts draw from the power supply, ``socket_load_w`` what the machine draws from the
    wall circuit (PSU losses, no PUE).
    """

    build_id: str
    name: str
    cost: BuildCost
    gpu_purchase_usd: float
    gpu_load_w: float
    gpu_idle_w: float
    wall_load_w: float
    wall_idle_w: float
    dc_load_w: float
    socket_load_w: float
    psu_rating_w: float | None
    circuit_w: float | None
    horizons: tuple[Horizon, ...]
    hours_per_month: float
    warnings: tuple[str, ...]

    @property
    def purchase_usd(self) -> float:
        return self.cost.purchase_usd

    @property
    def usd_per_month(self) -> float:
        """Total cost of a month at the build's utilization and hours per month."""
        return self.cost.usd_per_month(self.hours_per_month)


def gpu_only(build: Build, catalog: Catalog) -> Build:
    """The build with only its GPU lines (no other parts, no custom lines)."""
    lines = [ln for ln in build.lines if isinstance(catalog.item(ln.item_id), Gpu)]
    return build.model_copy(update={"lines": lines, "custom_lines": []})


def build_readout(build: Build, catalog: Catalog) -> BuildReadout:
    """Price and power a build for the configurator's summary.

    Raises
    ------
    InferCostError, UnknownIdError
        As ``build_cost`` does (a part without a price, no tariff, an unknown id).
    """
    cost = build_cost(build, catalog)
    gpus = gpu_only(build, catalog)
    gpu_scope = build_cost(build.model_copy(update={"power_scope": "gpu"}), catalog)
    wall = build_cost(build.model_copy(update={"power_scope": "system"}), catalog)
    years = sorted({*HORIZONS_YEARS, build.amortization_years})
    horizons = []
    for y in years:
        at = build_cost(build, catalog, years=y)
        horizons.append(
            Horizon(
                years=y,
                amortization_usd_per_hour=at.amortization_usd_per_hour,
                gpu_amortization_usd_per_hour=build_cost(
                    gpus, catalog, years=y
                ).amortization_usd_per_hour,
                usd_per_hour=at.usd_per_hour,
                residual_usd=at.residual_usd,
            )
        )
    dc_load = sum(line.load_power_w for line in cost.lines)
    socket = dc_load / build.psu_efficiency
    psu = _psu_rating(build, catalog)
    warnings = []
    if psu is not None and dc_load > psu:
        warnings.append(
            f"The parts draw {dc_load:,.0f} W at load, more than the {psu:,.0f} W power supply"
        )
    if build.circuit_w is not None and socket > build.circuit_w:
        warnings.append(
            f"At load the machine draws {socket:,.0f} W from the wall, more than the "
            f"{build.circuit_w:,.0f} W circuit"
        )
    if not gpus.lines:
        warnings.append("No GPU in the bill of materials: add one to run an LLM")
    return BuildReadout(
        build_id=build.id,
        name=build.name,
        cost=cost,
        gpu_purchase_usd=sum(ln.price_usd for ln in cost.lines if ln.is_gpu),
        gpu_load_w=gpu_scope.load_power_w,
        gpu_idle_w=gpu_scope.idle_power_w,
        wall_load_w=wall.load_power_w,
        wall_idle_w=wall.idle_power_w,
        dc_load_w=dc_load,
        socket_load_w=socket,
        psu_rating_w=psu,
        circuit_w=build.circuit_w,
        horizons=tuple(horizons),
        hours_per_month=build.hours_per_month,
        warnings=tuple(warnings),
    )


def _psu_rating(build: Build, catalog: Catalog) -> float | None:
    total = None
    for line in build.lines:
        item = catalog.item(line.item_id)
        if isinstance(item, Part) and item.psu_w is not None:
            total = (total or 0.0) + item.psu_w * line.quantity
    return total


def gpu_table(
    gpu: Gpu,
    catalog: Catalog,
    *,
    usd_per_kwh: float,
    years: tuple[float, ...] = HORIZONS_YEARS,
    residual_value_pct: float = 0.0,
    depreciation_rate_pct: float | None = None,
) -> list[tuple[Literal["low", "high"], float, float, float]]:
    """The seed's section-3 row for one GPU: (price point, price, years, amortized $/hr).

    Each figure is ``build_cost`` of a one-GPU build, so it is the same formula the builds
    use (A100 at $8,000 over 3 years: 8000 / 26,280 h = $0.30/hr).
    """
    if gpu.price_low_usd is None:
        raise InferCostError(f"GPU '{gpu.id}' has no price in the catalog")
    one = Build(
        id="gpu-only",
        name=gpu.name,
        lines=[BuildLine(item_id=gpu.id)],
        usd_per_kwh=usd_per_kwh,
        residual_value_pct=residual_value_pct,
        depreciation_rate_pct=depreciation_rate_pct,
    )
    out: list[tuple[Literal["low", "high"], float, float, float]] = []
    for point in ("low", "high"):
        for y in years:
            c = build_cost(one, catalog, years=y, price_point=point)
            out.append((point, c.purchase_usd, y, c.amortization_usd_per_hour))
    return out


@dataclass(frozen=True, slots=True)
class LlmOnBuild:
    """One LLM served on a build: does it fit, how fast, and what a million tokens cost."""

    llm_id: str
    quant_id: str
    context_tokens: int
    concurrency: int
    fits: bool
    offload_share: float
    host_ram_enough: bool | None
    in_memory_tokens_per_s: float
    tokens_per_s: float
    low_tokens_per_s: float
    high_tokens_per_s: float
    source: Literal["measured", "estimate"]
    usd_per_mtok: float | None
    low_usd_per_mtok: float | None
    high_usd_per_mtok: float | None
    warnings: tuple[str, ...]
    claim: Measurement | None = None
    """A rule of thumb in the catalog for exactly this configuration's decode (the seed's
    "15-30 tok/s"), shown beside the physics so a reader can compare."""

    @property
    def offload_speed_share(self) -> float:
        """Decode speed with offload as a share of the speed if everything fit (1 if it fits)."""
        if self.offload_share <= 0 or self.in_memory_tokens_per_s <= 0:
            return 1.0
        return self.tokens_per_s / self.in_memory_tokens_per_s


def llm_on_build(
    build: Build,
    catalog: Catalog,
    llm_id: str,
    quant_id: str,
    *,
    context_tokens: int = 4096,
    concurrency: int = 1,
    usd_per_hour: float | None = None,
) -> LlmOnBuild:
    """Fit, decode tokens/s (aggregate over ``concurrency`` sequences) and $/Mtok generated.

    The speed is a measured catalog figure when one matches, else the estimate's band; when
    the weights do not fit it is the speed with the excess offloaded to the build's RAM.
    USD per Mtok divides the build's hourly cost by the tokens delivered at its utilization
    (None at 0 % utilization).

    Raises
    ------
    InferCostError
        For a build without exactly one GPU type, or a configuration the estimator refuses.
    """
    gpu_id, count, host_bw, host_ram = build_hardware(catalog, build)
    req = EstimateRequest(
        gpu_id=gpu_id,
        gpu_count=count,
        llm_id=llm_id,
        quant_id=quant_id,
        context_tokens=context_tokens,
        concurrency=concurrency,
        host_bandwidth_gbps=host_bw,
        host_ram_gb=host_ram,
    )
    est = estimate(catalog, req)
    in_mem = est.typical.decode_tokens_per_s
    if est.decode_source == "estimate" and est.offload is not None:
        o = est.offload
        tps, low, high = (
            o.decode_tokens_per_s,
            o.decode_tokens_per_s_low,
            o.decode_tokens_per_s_high,
        )
        share, enough = o.share, o.host_ram_enough
    else:
        tps, low, high = in_mem, est.low.decode_tokens_per_s, est.high.decode_tokens_per_s
        share = est.offload.share if est.offload is not None else 0.0
        enough = est.offload.host_ram_enough if est.offload is not None else None
    hourly = build_cost(build, catalog).usd_per_hour if usd_per_hour is None else usd_per_hour
    util = build.utilization
    lo_t, hi_t = min(low, high), max(low, high)

    def per_mtok(t: float) -> float | None:
        # Hardware that never runs delivers no token: no cost per token to show.
        return usd_per_mtok(hourly, t, util) if util > 0 and t > 0 else None

    return LlmOnBuild(
        llm_id=llm_id,
        quant_id=quant_id,
        context_tokens=context_tokens,
        concurrency=concurrency,
        fits=est.memory.fits,
        offload_share=share,
        host_ram_enough=enough,
        in_memory_tokens_per_s=in_mem,
        tokens_per_s=tps,
        low_tokens_per_s=lo_t,
        high_tokens_per_s=hi_t,
        source=est.decode_source,
        usd_per_mtok=per_mtok(tps),
        # The fastest end of the band gives the cheapest token.
        low_usd_per_mtok=per_mtok(hi_t),
        high_usd_per_mtok=per_mtok(lo_t),
        warnings=est.warnings,
        claim=next(
            (m for m in matching_measurements(catalog, req, "claim") if m.phase == "decode"), None
        ),
    )
