"""The throughput a workbook writes for each self-hosted option: the prefill and decode rates as
inputs and the blend as a formula of InputShare, when that is how the app gets its figure."""

from __future__ import annotations

import math
from dataclasses import dataclass

from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import ApiOption, ScenarioOption, Workload
from infercost.model.costing.throughput_check import throughput_choice
from infercost.model.errors import InferCostError
from infercost.model.estimator.option_throughput import estimated_option_throughput

# The blend and the app's figure agree to this (they are the same formula; float noise only).
_SAME = 1e-9


@dataclass(frozen=True, slots=True)
class SheetThroughput:
    """What the workbook writes for one option's tok/s.

    ``prefill`` and ``decode`` are set when the app's figure is the blend
    1 / (s / prefill + (1 - s) / decode) of the workload's input share s (an estimate, a
    measured decode speed with an estimated prefill, an offloaded or speculative estimate);
    then the sheet computes tok/s from InputShare. Otherwise (a figure the user pinned and the
    app uses, a measured mixed-traffic figure) ``tokens_per_s`` is typed as it is. ``claim``
    is the pinned or measured figure the app checked, with what it did with it.
    """

    tokens_per_s: float | None
    prefill: float | None
    decode: float | None
    origin: str
    source: str
    claim: str = ""
    claim_tokens_per_s: float | None = None

    @property
    def blended(self) -> bool:
        return self.prefill is not None and self.decode is not None


def blend(prefill: float, decode: float, input_share: float) -> float:
    """roofline.blended_tokens_per_s for one option: GPU time per token is shared."""
    return 1.0 / (input_share / prefill + (1.0 - input_share) / decode)


def sheet_throughput(project: Project, so: ScenarioOption, workload: Workload) -> SheetThroughput:
    """The figure the app costs ``so`` at (``throughput_choice``, as the Evaluation does),
    split into prefill and decode rates where the app's figure is their blend.

    The rates are the same source's figure at an input share of 1 (all prefill) and 0 (all
    decode); they are kept only when their blend gives back the app's figure at the
    workload's share.
    """
    try:
        choice = throughput_choice(project, so, workload)
    except InferCostError as exc:
        return SheetThroughput(None, None, None, "", f"no throughput: {exc}")
    if choice is None:
        return SheetThroughput(None, None, None, "", "")
    claim, claim_tps = "", None
    if choice.claim is not None:
        claim_tps = choice.claim.figure_tokens_per_s
        if choice.claim_rejected:
            claim = f"{choice.claim.source} {claim_tps:,.0f} tok/s not used: {choice.reason}"
        elif choice.use_own_figure:
            claim = f"{choice.claim.source} {claim_tps:,.0f} tok/s used: 'use my figure' is set"
        else:
            claim = f"{choice.claim.source} {claim_tps:,.0f} tok/s used ({choice.claim.verdict})"
    source = choice.source
    cut = source.find(" tok/s not used: ")
    if choice.claim_rejected and cut > 0 and "; " in source[:cut]:
        source = source[: source[:cut].rindex("; ")]  # the claim has its own row
    typed = SheetThroughput(
        choice.tokens_per_s, None, None, choice.origin, source, claim, claim_tps
    )
    if choice.origin == "pinned":
        return typed
    opt = so.option
    assert not isinstance(opt, ApiOption)
    measured = choice.origin == "measured"
    try:
        prefill = estimated_option_throughput(project, opt, _at_share(workload, 1.0), measured)
        decode = estimated_option_throughput(project, opt, _at_share(workload, 0.0), measured)
    except InferCostError:
        return typed
    p, d = prefill.tokens_per_s, decode.tokens_per_s
    if not (p > 0 and d > 0 and math.isfinite(p) and math.isfinite(d)) or p == d:
        return typed  # p == d: a measured mixed figure, the same at every share
    if abs(blend(p, d, workload.input_share) / choice.tokens_per_s - 1.0) > _SAME:
        return typed
    return SheetThroughput(choice.tokens_per_s, p, d, choice.origin, source, claim, claim_tps)


def _at_share(workload: Workload, share: float) -> Workload:
    return workload.model_copy(update={"input_share": share})
