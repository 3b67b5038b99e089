"""The throughput a workbook writes for each self-hosted option: the prefill and decode rates as
inputs and the blend as a formula of InputShare, when that is how the app gets its figure."""

from __future__ import annotations

import math
from dataclasses import dataclass

from infercost.model.curves import option_throughput
from infercost.model.errors import InferCostError
from infercost.model.project import Project
from infercost.model.scenario import ApiOption, ScenarioOption, Workload

# The blend and the app's figure agree to this (they are the same formula; float noise only).
_SAME = 1e-9


@dataclass(frozen=True, slots=True)
class SheetThroughput:
    """What the workbook writes for one option's tok/s.

    ``prefill`` and ``decode`` are set when the app's figure is the blend
    1 / (s / prefill + (1 - s) / decode) of the workload's input share s (an estimate, a
    measured decode speed with an estimated prefill, an offloaded or speculative estimate);
    then the sheet computes tok/s from InputShare. Otherwise (a figure the user pinned and the
    app uses, a measured mixed-traffic figure) ``tokens_per_s`` is typed as it is.
    """

    tokens_per_s: float | None
    prefill: float | None
    decode: float | None
    source: str

    @property
    def blended(self) -> bool:
        return self.prefill is not None and self.decode is not None


def blend(prefill: float, decode: float, input_share: float) -> float:
    """roofline.blended_tokens_per_s for one option: GPU time per token is shared."""
    return 1.0 / (input_share / prefill + (1.0 - input_share) / decode)


def sheet_throughput(project: Project, so: ScenarioOption, workload: Workload) -> SheetThroughput:
    """The figure the app costs ``so`` at, split into prefill and decode rates where it can be.

    The rates are the app's own figure at an input share of 1 (all prefill) and 0 (all
    decode), from the same function that decides the option's throughput everywhere; they
    are kept only when their blend gives back the app's figure at the workload's share and
    both ends come from the same source (a pin checked against the ceiling at one share and
    not at another would mix two sources).
    """
    if isinstance(so.option, ApiOption):
        return SheetThroughput(None, None, None, "")
    try:
        tps, source = option_throughput(project, so, workload)
    except InferCostError:
        return SheetThroughput(None, None, None, "no throughput")
    source = source or ""
    if tps is None or source == "pinned":
        return SheetThroughput(tps, None, None, source)
    try:
        prefill, p_source = option_throughput(project, so, _at_share(workload, 1.0))
        decode, d_source = option_throughput(project, so, _at_share(workload, 0.0))
    except InferCostError:
        return SheetThroughput(tps, None, None, source)
    if prefill is None or decode is None or p_source != d_source:
        return SheetThroughput(tps, None, None, source)
    if prefill <= 0 or decode <= 0 or not (math.isfinite(prefill) and math.isfinite(decode)):
        return SheetThroughput(tps, None, None, source)
    if abs(blend(prefill, decode, workload.input_share) / tps - 1.0) > _SAME:
        return SheetThroughput(tps, None, None, source)
    if prefill == decode:  # a measured mixed figure: the same at every share, typed as it is
        return SheetThroughput(tps, None, None, source)
    return SheetThroughput(tps, prefill, decode, source)


def _at_share(workload: Workload, share: float) -> Workload:
    return workload.model_copy(update={"input_share": share})
