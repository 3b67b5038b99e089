"""Throughput of a rental or owned option from its hardware and the LLM it serves."""

from __future__ import annotations

from dataclasses import replace

from infercost.model.catalog.build import MAX_BUILD_GPUS, Build
from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.entries import Gpu, Part
from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import OwnedOption, RentalOption, Workload
from infercost.model.errors import InferCostError
from infercost.model.estimator.estimate import EstimateRequest, Throughput, throughput_for
from infercost.model.estimator.speculative import speculative_estimate


def option_hardware(cat: Catalog, opt: RentalOption | OwnedOption) -> tuple[str, int, float | None]:
    """(GPU id, GPUs in one unit, host RAM bandwidth or None) of a rental or owned option.

    A rental unit is ``instances`` x the GPUs of one instance; a build is its GPU lines,
    which must all be one GPU type (tensor parallel across different cards is not modelled).

    Raises
    ------
    InferCostError
        For a build with no GPU or with more than one GPU type.
    """
    if isinstance(opt, RentalOption):
        rental = cat.rental(opt.rental_id)
        return rental.gpu_id, rental.gpus_per_instance * opt.instances, None
    try:
        gpu_id, count, host_bw, _ = build_hardware(cat, cat.build(opt.build_id))
    except InferCostError as exc:
        raise InferCostError(f"{exc}; pin tokens_per_s on the option instead") from None
    return gpu_id, count, host_bw


def build_hardware(cat: Catalog, build: Build) -> tuple[str, int, float | None, float | None]:
    """(GPU id, GPU count, host RAM bandwidth, host RAM GB) of a build's catalog lines.

    The GPU lines must all be one GPU type (tensor parallel across different cards is not
    modelled); the host figures are the fastest RAM part's bandwidth and the RAM parts'
    total size (None when no part gives them).

    Raises
    ------
    InferCostError
        For a build with no GPU or with more than one GPU type.
    """
    gpus: dict[str, int] = {}
    host_bw: float | None = None
    host_ram: float | None = None
    for line in build.lines:
        item = cat.item(line.item_id)
        if isinstance(item, Gpu):
            gpus[item.id] = gpus.get(item.id, 0) + line.quantity
        elif isinstance(item, Part):
            if item.ram_bandwidth_gbps:
                host_bw = max(host_bw or 0.0, item.ram_bandwidth_gbps)
            if item.ram_gb:
                host_ram = (host_ram or 0.0) + item.ram_gb * line.quantity
    if len(gpus) != 1:
        found = ", ".join(sorted(gpus)) or "none"
        raise InferCostError(
            f"build '{build.id}': estimating throughput needs exactly one GPU type, found {found}"
        )
    ((gpu_id, count),) = gpus.items()
    if count > MAX_BUILD_GPUS:  # the catalog refuses such a build; a mutated one ends here
        raise InferCostError(
            f"build '{build.id}': {count:,} GPUs; estimates cover at most {MAX_BUILD_GPUS:,}"
        )
    return gpu_id, count, host_bw, host_ram


def option_request(
    opt: RentalOption | OwnedOption,
    workload: Workload,
    hardware: tuple[str, int, float | None],
    use_measurements: bool = True,
) -> EstimateRequest:
    """The estimate request an option's throughput is judged by: its hardware (from
    ``option_hardware``), LLM, format, concurrency and context (the workload's prompt length
    if unset), at the workload's input share."""
    assert opt.llm_id is not None and opt.quant_id is not None
    gpu_id, count, host_bw = hardware
    return EstimateRequest(
        gpu_id=gpu_id,
        gpu_count=count,
        llm_id=opt.llm_id,
        quant_id=opt.quant_id,
        concurrency=opt.concurrency,
        context_tokens=opt.context_tokens or workload.prompt_tokens,
        input_share=workload.input_share,
        host_bandwidth_gbps=host_bw,
        use_measurements=use_measurements,
    )


def estimated_option_throughput(
    project: Project,
    opt: RentalOption | OwnedOption,
    workload: Workload,
    use_measurements: bool = True,
) -> Throughput:
    """A measured catalog figure for the option's combination first (unless
    ``use_measurements`` is False), else the estimate.

    Uses the option's LLM, format and concurrency, its context (the workload's prompt length
    if unset) and the workload's input share.
    """
    if opt.llm_id is None or opt.quant_id is None:
        raise InferCostError("choose llm_id and quant_id on the option to estimate its throughput")
    gpu_id, count, host_bw = option_hardware(project.catalog, opt)
    plain = throughput_for(
        project,
        gpu_id,
        count,
        opt.llm_id,
        opt.quant_id,
        opt.concurrency,
        opt.context_tokens or workload.prompt_tokens,
        workload.input_share,
        host_bandwidth_gbps=host_bw,
        use_measurements=use_measurements,
    )
    if opt.speculation is None:
        return plain
    return _with_speculation(project, opt, workload, plain, gpu_id, count, host_bw)


def _with_speculation(
    project: Project,
    opt: RentalOption | OwnedOption,
    workload: Workload,
    plain: Throughput,
    gpu_id: str,
    count: int,
    host_bw: float | None,
) -> Throughput:
    """The estimate with speculative decoding; a measured or offloaded figure stays as it is."""
    spec = opt.speculation
    assert spec is not None and opt.llm_id is not None and opt.quant_id is not None
    if plain.source == "measured" or plain.note.startswith("does not fit"):
        why = "measured figure" if plain.source == "measured" else "offload"
        return replace(plain, note=f"{plain.note}; speculative decoding not applied ({why})")
    req = option_request(opt, workload, (gpu_id, count, host_bw), use_measurements=False)
    s = speculative_estimate(project.catalog, req, spec)
    ratio = s.blended_tokens_per_s / plain.tokens_per_s
    return Throughput(
        s.blended_tokens_per_s,
        "estimate",
        plain.low * ratio,
        plain.high * ratio,
        f"{plain.note}; speculative decoding with {spec.draft_llm_id} "
        f"(k={spec.tokens_proposed}, a={spec.acceptance_rate:g}): decode x{s.speedup:.2f}"
        + ("" if s.fits else "; target and draft together do not fit"),
    )
