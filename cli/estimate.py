"""infercost-cli estimate: memory and speed of an LLM on a GPU type, as text or JSON."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from pydantic import ValidationError

from infercost import cli
from infercost.cli import args as c
from infercost.model.catalog.scenario import OwnedOption, Speculation
from infercost.model.errors import InferCostError, describe_validation_error
from infercost.model.estimator.estimate import (
    MAX_CONCURRENCY,
    MAX_CONTEXT_TOKENS,
    MAX_GPU_COUNT,
    Estimate,
    EstimateRequest,
    estimate,
)
from infercost.model.estimator.option_throughput import option_hardware
from infercost.model.estimator.speculative import SpeculativeEstimate, speculative_estimate


def add_arguments(p: argparse.ArgumentParser) -> None:
    hw = p.add_mutually_exclusive_group(required=True)
    hw.add_argument("--gpu", help="GPU id from the catalog (e.g. h100-sxm)")
    hw.add_argument("--build", help="An owned build: its GPUs and its RAM bandwidth for offload")
    p.add_argument(
        "--gpus", type=c.whole(MAX_GPU_COUNT), default=None, help="How many GPUs (default 1)"
    )
    p.add_argument("--llm", required=True, help="LLM id (e.g. llama-3.3-70b)")
    p.add_argument("--quant", required=True, help="Weight format id (e.g. q4_k_m, fp8)")
    p.add_argument(
        "--context", type=c.whole(MAX_CONTEXT_TOKENS), default=4096, help="Tokens per sequence"
    )
    p.add_argument(
        "--batch", type=c.whole(MAX_CONCURRENCY), default=1, help="Sequences decoded together"
    )
    p.add_argument("--kv-quant", default=None, help="KV-cache format id (default 16-bit)")
    p.add_argument(
        "--engine",
        default=None,
        help="Engine profile: llama.cpp, llama.cpp-2023 (builds of 2023 to mid 2024) or vllm",
    )
    p.add_argument("--input-share", type=c.share, default=0.75, help="Input share of tokens")
    spec = p.add_argument_group("speculative decoding")
    spec.add_argument("--draft-llm", default=None, help="Draft LLM id (e.g. llama-3.2-1b)")
    spec.add_argument("--draft-quant", default=None, help="Draft format (default: --quant)")
    spec.add_argument(
        "--draft-tokens", type=c.whole(32), default=4, help="Tokens proposed per step (k)"
    )
    spec.add_argument(
        "--acceptance", type=c.share, default=0.7, help="Per-token acceptance rate (a)"
    )
    c.add_source_arguments(p)
    p.add_argument("--json", action="store_true", help="Print JSON")


def run(args: argparse.Namespace) -> int:
    cat = c.load_source(args).catalog
    gpu_id, gpu_count, host_bw = args.gpu, args.gpus or 1, None
    if args.build:
        if args.gpus is not None:
            raise InferCostError("--gpus does not go with --build: the build sets the GPU count")
        gpu_id, gpu_count, host_bw = option_hardware(cat, OwnedOption(build_id=args.build))
    try:
        req = EstimateRequest(
            gpu_id=gpu_id,
            gpu_count=gpu_count,
            host_bandwidth_gbps=host_bw,
            llm_id=args.llm,
            quant_id=args.quant,
            kv_quant_id=args.kv_quant,
            context_tokens=args.context,
            concurrency=args.batch,
            engine_id=args.engine,
            input_share=args.input_share,
        )
    except ValidationError as exc:
        problems = "; ".join(describe_validation_error(exc))
        raise InferCostError(f"bad estimate request: {problems}") from None
    est = estimate(cat, req)
    spec = None
    if args.draft_llm:
        settings = Speculation(
            draft_llm_id=args.draft_llm,
            draft_quant_id=args.draft_quant,
            tokens_proposed=args.draft_tokens,
            acceptance_rate=args.acceptance,
        )
        spec = (settings, speculative_estimate(cat, req, settings))
    if args.json:
        d = est.to_dict()
        if spec is not None:
            d["speculative"] = {**spec[0].model_dump(), **asdict(spec[1])}
        cli.print_json(d)
    else:
        print(render_text(est) + ("" if spec is None else "\n" + speculative_text(*spec)))
    return cli.EXIT_OK


def speculative_text(settings: Speculation, s: SpeculativeEstimate) -> str:
    """One line on speculative decoding: tokens per step, speed, speed-up, where it stops."""
    stop = (
        f"stops paying above batch {s.break_even_batch - 1}"
        if s.break_even_batch is not None and s.break_even_batch > 1
        else "does not pay at any batch"
        if s.break_even_batch == 1
        else f"pays at every batch that fits (up to {s.max_batch_fits:,})"
    )
    fit = "" if s.fits else "; target and draft together do NOT fit"
    return (
        f"speculative ({settings.draft_llm_id}, k={settings.tokens_proposed}, "
        f"a={settings.acceptance_rate:g}): {s.tokens_per_step:.2f} tokens per verification step, "
        f"decode {s.decode_tokens_per_s:,.1f} tok/s vs {s.plain_decode_tokens_per_s:,.1f} "
        f"(x{s.speedup:.2f}); draft +{s.draft_memory_gb:.1f} GB; {stop}{fit}"
    )


def _decode_line(e: Estimate) -> str:
    """Decode speed, leading with what the user gets: offloaded when the weights do not fit."""
    t, d = e.typical, e.delivered
    if e.offload is not None and e.request.offload_share is None:
        return (
            f"decode: {d.decode_tokens_per_s:,.1f} tok/s aggregate ({d.decode_low:,.1f}-"
            f"{d.decode_high:,.1f}) with {e.offload.share:.0%} of the weights in system RAM "
            f"[{e.decode_source}]; {t.decode_tokens_per_s:,.1f} if it fitted in VRAM"
        )
    return (
        f"decode: {t.decode_tokens_per_s:,.1f} tok/s aggregate ({e.low.decode_tokens_per_s:,.1f}"
        f"-{e.high.decode_tokens_per_s:,.1f}), {t.decode_tokens_per_s_per_seq:,.1f} per sequence "
        f"[{e.decode_source}]; the roofline says {e.decode_bound}-bound"
    )


def _prefill_line(e: Estimate) -> str:
    t, o = e.typical, e.offload
    if o is not None and e.request.offload_share is None:
        return (
            f"prefill: {o.prefill_tokens_per_s:,.0f} tok/s with the offload; TTFT "
            f"{o.ttft_s:.3f} s, TPOT {o.tpot_s * 1000:.1f} ms"
        )
    return (
        f"prefill: {t.prefill_tokens_per_s:,.0f} tok/s, {e.prefill_bound}-bound; TTFT "
        f"{t.ttft_s:.3f} s, TPOT {t.tpot_s * 1000:.1f} ms"
    )


def render_text(e: Estimate) -> str:
    """A short human-readable summary of an estimate."""
    r, m = e.request, e.memory
    fit = "fits" if m.fits else "does NOT fit"
    usable = "" if m.usable_fraction == 1 else f" x {m.usable_fraction:.0%} usable"
    if m.unified:
        usable += " of one pool shared with the CPU"
    lines = [
        f"{r.llm_id} {r.quant_id} on {r.gpu_count}x {r.gpu_id} ({e.engine_id}), "
        f"context {r.context_tokens:,}, batch {r.concurrency}",
        # GiB throughout: the listed "32 GB" of a card is 32 GiB, so the capacity reads as listed.
        f"memory (GiB): weights {m.gib(m.weights_gb):.1f} + KV cache {m.gib(m.kv_cache_gb):.1f} "
        f"+ runtime {m.gib(m.overhead_gb):.1f} = {m.gib(m.total_gb):.1f} GiB needed; usable "
        f"{m.gib(m.capacity_gb):.1f} GiB ({r.gpu_count}x {m.listed_vram_gb_per_gpu:g} GiB listed"
        f"{usable}): {fit}",
        f"GPUs needed {m.gpus_needed}; max batch at this context {m.max_concurrency}, "
        f"max context at this batch {m.max_context:,}",
        _decode_line(e),
        _prefill_line(e),
        f"blended ({r.input_share:.0%} input): {e.delivered.blended_tokens_per_s:,.1f} tok/s "
        + (
            "with the offload"
            if e.delivered.offloaded and r.offload_share is None
            else f"({e.low.blended_tokens_per_s:,.1f}-{e.high.blended_tokens_per_s:,.1f})"
        )
        + f" [{e.blended_source}]",
    ]
    if e.offload is not None:
        o = e.offload
        lines.append(
            f"offload: {o.share:.0%} of weights ({m.gib(o.gb):.1f} GiB) in system RAM at "
            f"{o.host_bandwidth_gbps:g} GB/s leaves {o.decode_tokens_per_s:,.1f} tok/s decode "
            f"(ceiling {o.ceiling_tokens_per_s:,.1f})"
        )
    if m.kv_copies > 1:
        lines.insert(
            2,
            f"the KV cache is held {m.kv_copies:g} times: tensor parallel copies "
            + (
                "the MLA latent cache to every GPU"
                if m.kv_copies == r.gpu_count
                else "each KV head, there being fewer KV heads than GPUs"
            )
            + " (counted in the KV figure above)",
        )
    lines += [f"warning: {w}" for w in e.warnings]
    return "\n".join(lines)
