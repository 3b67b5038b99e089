"""Is a pinned or measured throughput plausible? Compare it with the estimator for the option's
hardware, LLM, format and concurrency: inside the estimate's band, above its physical ceiling,
or on a model that does not fit in memory at that concurrency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from infercost.model.errors import InferCostError
from infercost.model.estimate import EstimateRequest, estimate
from infercost.model.memory import weights_read_gb
from infercost.model.option_throughput import option_hardware
from infercost.model.project import Project
from infercost.model.roofline import blended_tokens_per_s
from infercost.model.scenario import ApiOption, CostOption, ScenarioOption, Workload

Verdict = Literal[
    "inside band", "below band", "above band", "above ceiling", "does not fit", "unchecked"
]


@dataclass(frozen=True, slots=True)
class Plausibility:
    """A pinned or measured tok/s set beside the estimator's figure for the same configuration.

    ``low``/``typical``/``high`` are the estimator's blended tok/s band (with the excess weights
    offloaded to system RAM when the model does not fit); ``ceiling`` is the blended tok/s with
    decode at the full memory bandwidth (nothing lost to efficiency), which no engine beats.
    """

    figure_tokens_per_s: float
    source: str
    verdict: Verdict
    low: float | None = None
    typical: float | None = None
    high: float | None = None
    ceiling: float | None = None
    fits: bool | None = None
    offload_share: float | None = None
    concurrency: int | None = None
    reason: str = ""

    def to_dict(self) -> dict:
        """The CLI's JSON: every field plus the sentence shown in the app."""
        out = {f: getattr(self, f) for f in self.__slots__}
        out["text"] = self.text
        return out

    @property
    def text(self) -> str:
        """'pinned 400 tok/s; estimate 36-53 tok/s (does not fit at concurrency 16: 47% of
        weights offloaded)'."""
        head = f"{_what(self.source)} {self.figure_tokens_per_s:,.0f} tok/s"
        if self.verdict == "unchecked":
            return f"{head}; {self.reason}"
        band = f"estimate {self.low:,.0f}-{self.high:,.0f} tok/s"
        return f"{head}; {band} ({self._why()})"

    @property
    def short(self) -> str:
        """A few words for a legend entry: 'est. 36-53 tok/s, does not fit'."""
        if self.verdict == "unchecked":
            return ""
        tail = "" if self.verdict == "inside band" else f", {self.verdict}"
        band = f"est. {self.low:,.0f}-{self.high:,.0f} tok/s"
        return f"{_what(self.source)} {self.figure_tokens_per_s:,.0f}, {band}{tail}"

    def _why(self) -> str:
        at = f"at concurrency {self.concurrency}"
        if self.verdict == "does not fit":
            text = f"does not fit {at}: {self.offload_share:.0%} of weights offloaded"
            if self.ceiling is not None and self.figure_tokens_per_s > self.ceiling:
                text += f"; above its ceiling of {self.ceiling:,.0f}"
            return text
        if self.verdict == "above ceiling":
            return f"above the physical ceiling of {self.ceiling:,.0f} tok/s {at}"
        return f"{self.verdict} {at}"


def _what(source: str) -> str:
    return "pinned" if source == "pinned" else "measured"


def plausibility(
    project: Project, option: CostOption | ScenarioOption, workload: Workload
) -> Plausibility | None:
    """The check of a self-hosted option whose throughput is pinned or measured.

    None for an API option and for one whose throughput is the estimate itself (nothing to
    compare). An option that names no LLM and format is "unchecked", with the reason.
    """
    from infercost.model.curves import option_throughput

    opt = option.option if isinstance(option, ScenarioOption) else option
    if isinstance(opt, ApiOption):
        return None
    figure, source = option_throughput(project, option, workload)
    assert figure is not None and source is not None
    if source != "pinned" and "measured" not in source:
        return None
    if opt.llm_id is None or opt.quant_id is None:
        return Plausibility(
            figure, source, "unchecked", reason="set the LLM and format served to check it"
        )
    try:
        gpu_id, count, host_bw = option_hardware(project.catalog, opt)
        req = EstimateRequest(
            gpu_id=gpu_id,
            gpu_count=count,
            llm_id=opt.llm_id,
            quant_id=opt.quant_id,
            concurrency=opt.concurrency,
            context_tokens=opt.context_tokens or workload.prompt_tokens,
            input_share=workload.input_share,
            host_bandwidth_gbps=host_bw,
            use_measurements=False,
        )
        est = estimate(project.catalog, req)
    except (InferCostError, ValueError) as exc:
        return Plausibility(figure, source, "unchecked", reason=f"cannot estimate: {exc}")
    cat = project.catalog
    llm, quant, gpu = cat.llm(req.llm_id), cat.quant(req.quant_id), cat.gpu(gpu_id)
    mem = est.memory
    # Decode at the full bandwidth: every step reads the weights (touched experts) and the KV.
    step_gb = weights_read_gb(llm, quant, req.concurrency) + mem.kv_cache_gb
    decode_ceiling = req.concurrency * count * gpu.mem_bandwidth_gbps / step_gb
    share = req.input_share
    if est.offload is not None:
        o = est.offload
        ratio_low = est.low.blended_tokens_per_s / est.typical.blended_tokens_per_s
        ratio_high = est.high.blended_tokens_per_s / est.typical.blended_tokens_per_s
        typical = o.blended_tokens_per_s
        low, high = typical * min(1.0, ratio_low), typical * max(1.0, ratio_high)
        decode_ceiling = min(decode_ceiling, o.ceiling_tokens_per_s)
    else:
        typical = est.typical.blended_tokens_per_s
        low, high = est.low.blended_tokens_per_s, est.high.blended_tokens_per_s
    ceiling = float(blended_tokens_per_s(decode_ceiling, est.high.prefill_tokens_per_s, share))
    ceiling = max(ceiling, high)
    if not mem.fits:
        verdict: Verdict = "does not fit"
    elif figure > ceiling:
        verdict = "above ceiling"
    elif figure > high:
        verdict = "above band"
    elif figure < low:
        verdict = "below band"
    else:
        verdict = "inside band"
    return Plausibility(
        figure_tokens_per_s=figure,
        source=source,
        verdict=verdict,
        low=low,
        typical=typical,
        high=high,
        ceiling=ceiling,
        fits=mem.fits,
        offload_share=est.offload.share if est.offload is not None else None,
        concurrency=req.concurrency,
    )
