"""What fits on a build's GPUs: each catalog LLM x quantization, its limits, speed and cost."""

from __future__ import annotations

from dataclasses import dataclass, replace

from infercost.model.catalog.build import Build
from infercost.model.catalog.catalog import Catalog
from infercost.model.costing.tco import build_cost, usd_per_mtok
from infercost.model.errors import InferCostError
from infercost.model.estimator.estimate import EstimateRequest, estimate
from infercost.model.estimator.option_throughput import build_hardware

FIT_CONTEXT_TOKENS = 4096
"""The context at which "largest concurrency" is read and the speed is estimated."""


@dataclass(frozen=True, slots=True)
class FitRow:
    """One LLM x quantization on the build.

    ``max_context`` is the longest context one sequence can hold in VRAM, ``max_concurrency``
    how many sequences of ``context_tokens`` fit; ``tokens_per_s`` is one sequence's decode
    speed at that context (with offload when it does not fit), ``usd_per_mtok`` the build's
    hourly cost over it at the build's utilization (None at 0 %).
    """

    llm_id: str
    llm_name: str
    quant_id: str
    quant_name: str
    fits: bool
    offload_share: float
    weights_gb: float
    max_context: int
    max_concurrency: int
    context_tokens: int
    tokens_per_s: float
    source: str
    usd_per_mtok: float | None


@dataclass(frozen=True, slots=True)
class Fits:
    """The what-fits table: rows that fit in VRAM, and rows that run only with offload."""

    build_id: str
    gpu_id: str
    gpu_count: int
    context_tokens: int
    fitting: tuple[FitRow, ...]
    offloaded: tuple[FitRow, ...]


def what_fits(build: Build, catalog: Catalog, context_tokens: int = FIT_CONTEXT_TOKENS) -> Fits:
    """Every LLM x quantization of the catalog on the build's GPUs, priced at its $/hour.

    A combination fits when one sequence of ``context_tokens`` (the LLM's maximum if shorter)
    fits in VRAM; it goes in ``offloaded`` when the rest of its weights fit in the build's
    system RAM (or the RAM is unknown), and is left out when it cannot run at all. Rows are
    sorted by decode speed, fastest first.

    Raises
    ------
    InferCostError
        For a build without exactly one GPU type, or one ``build_cost`` refuses.
    """
    unpriced = fits_on_hardware(catalog, build, context_tokens)
    return priced(unpriced, build_cost(build, catalog).usd_per_hour, build.utilization)


def hardware_key(catalog: Catalog, build: Build, context_tokens: int) -> tuple:
    """What ``fits_on_hardware`` depends on: the build's GPUs and RAM and the catalog entries
    it reads (by identity: an edit replaces an entry by a new object). Equal keys, equal rows.
    """
    hw = build_hardware(catalog, build)
    entries = (*catalog.gpus, *catalog.llms, *catalog.quants, *catalog.measurements)
    return (hw, context_tokens, tuple(map(id, entries)), entries)


def fits_on_hardware(
    catalog: Catalog, build: Build, context_tokens: int = FIT_CONTEXT_TOKENS
) -> Fits:
    """The fit, limits and speeds of ``what_fits`` without costs (``usd_per_mtok`` None):
    they depend on the build's GPUs and RAM only, not on its prices or assumptions."""
    gpu_id, count, host_bw, host_ram = build_hardware(catalog, build)
    fitting, offloaded = [], []
    for llm in catalog.llms:
        ctx = min(context_tokens, llm.max_context)
        for quant in catalog.quants:
            req = EstimateRequest(
                gpu_id=gpu_id,
                gpu_count=count,
                llm_id=llm.id,
                quant_id=quant.id,
                context_tokens=ctx,
                concurrency=1,
                host_bandwidth_gbps=host_bw,
                host_ram_gb=host_ram,
            )
            try:
                est = estimate(catalog, req)
            except InferCostError:
                continue
            mem, off = est.memory, est.offload
            if not mem.fits and (off is None or off.host_ram_enough is False or off.share >= 1):
                continue
            in_vram = mem.fits or est.decode_source == "measured"
            tps = (
                est.typical.decode_tokens_per_s
                if in_vram or off is None
                else off.decode_tokens_per_s
            )
            row = FitRow(
                llm_id=llm.id,
                llm_name=llm.name,
                quant_id=quant.id,
                quant_name=quant.name,
                fits=mem.fits,
                offload_share=0.0 if off is None else off.share,
                weights_gb=mem.weights_gb,
                max_context=mem.max_context,
                max_concurrency=mem.max_concurrency,
                context_tokens=ctx,
                tokens_per_s=tps,
                source=est.decode_source,
                usd_per_mtok=None,
            )
            (fitting if mem.fits else offloaded).append(row)
    order = lambda r: -r.tokens_per_s  # noqa: E731
    return Fits(
        build_id=build.id,
        gpu_id=gpu_id,
        gpu_count=count,
        context_tokens=context_tokens,
        fitting=tuple(sorted(fitting, key=order)),
        offloaded=tuple(sorted(offloaded, key=order)),
    )


def priced(fits: Fits, usd_per_hour: float, utilization: float) -> Fits:
    """Rows with ``usd_per_mtok``: the hourly cost over one sequence's tokens at the utilization
    (None at 0 % or for a row with no speed)."""

    def one(r: FitRow) -> FitRow:
        ok = utilization > 0 and r.tokens_per_s > 0
        cost = usd_per_mtok(usd_per_hour, r.tokens_per_s, utilization) if ok else None
        return replace(r, usd_per_mtok=cost)

    return replace(
        fits,
        fitting=tuple(map(one, fits.fitting)),
        offloaded=tuple(map(one, fits.offloaded)),
    )
