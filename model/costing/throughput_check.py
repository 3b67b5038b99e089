"""The throughput check the chart, its table and the CLI show for an option: its pinned or
measured tok/s beside what the estimator gives for the same hardware, LLM, format and
concurrency (``model/estimator/plausibility.py``), in one short sentence."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import (
    ApiOption,
    CostOption,
    OwnedOption,
    RentalOption,
    ScenarioOption,
    Workload,
)
from infercost.model.errors import InferCostError
from infercost.model.estimator.estimate import Throughput
from infercost.model.estimator.option_throughput import estimated_option_throughput
from infercost.model.estimator.plausibility import Plausibility, option_plausibility


@dataclass(frozen=True, slots=True)
class ThroughputCheck:
    """An option's figure, where it came from, and the estimator's verdict on it.

    ``plausibility`` is None when the option names no LLM and format to check against (or
    the estimate could not be made); ``reason`` then says why.
    """

    figure_tokens_per_s: float
    source: str
    plausibility: Plausibility | None
    reason: str = ""
    concurrency: int | None = None

    @property
    def verdict(self) -> str:
        return self.plausibility.verdict if self.plausibility is not None else "unchecked"

    @property
    def fits(self) -> bool | None:
        p = self.plausibility
        return None if p is None else p.memory_needed_gb <= p.memory_capacity_gb

    @property
    def text(self) -> str:
        """'pinned 400 tok/s; estimate 66-99 tok/s (does not fit in 32 GB: offloaded; above the
        physical ceiling of 141 tok/s)'."""
        head = f"{_what(self.source)} {self.figure_tokens_per_s:,.0f} tok/s"
        p = self.plausibility
        if p is None:
            return f"{head}; {self.reason}"
        at = f" at concurrency {self.concurrency}" if self.concurrency else ""
        return f"{head}; estimate {_band(p)} tok/s{at} ({'; '.join(self.notes)})"

    @property
    def short(self) -> str:
        """A legend's second line: 'pinned 400, est. 66-99 tok/s, above ceiling'."""
        p = self.plausibility
        if p is None:
            return ""
        tail = {
            "within band": "above band" if p.above_band else "",
            "below band": "below band",
            "above ceiling": "above ceiling",
            "does not fit": "does not fit",
        }[p.verdict]
        if self.fits is False and p.verdict != "does not fit":
            tail = ", ".join(x for x in (tail, "offloaded") if x)
        text = f"{_what(self.source)} {self.figure_tokens_per_s:,.0f}, est. {_band(p)} tok/s"
        return f"{text}, {tail}" if tail else text

    @property
    def notes(self) -> list[str]:
        """What the check found: 'does not fit in 32 GiB usable: ...', 'above the physical
        ceiling of 163 tok/s', 'in the band'."""
        p = self.plausibility
        assert p is not None
        notes = []
        if self.fits is False:
            gb = f"{p.memory_capacity_gb * 1e9 / 2**30:,.0f} GiB usable"
            how = "cannot start" if p.verdict == "does not fit" else "weights offloaded to RAM"
            notes.append(f"does not fit in {gb}: {how}")
        if p.verdict == "above ceiling":
            notes.append(f"above the physical ceiling of {p.ceiling:,.0f} tok/s")
        elif p.verdict == "below band":
            notes.append("below the band")
        elif p.verdict == "within band":
            notes.append("above the band, below the ceiling" if p.above_band else "in the band")
        return notes

    def to_dict(self) -> dict:
        """The CLI's JSON: the figure, its source, the verdict, the sentence and the details."""
        return {
            "figure_tokens_per_s": self.figure_tokens_per_s,
            "source": self.source,
            "verdict": self.verdict,
            "fits": self.fits,
            "text": self.text,
            "reason": self.reason,
            "concurrency": self.concurrency,
            "plausibility": None if self.plausibility is None else asdict(self.plausibility),
        }


def _what(source: str) -> str:
    return "pinned" if source == "pinned" else "measured"


def _band(p: Plausibility) -> str:
    return f"{p.band_low:,.0f}-{p.band_high:,.0f}"


@dataclass(frozen=True, slots=True)
class ThroughputChoice:
    """The throughput one unit of a self-hosted option is costed at, and why.

    ``origin`` is "pinned" (the option's own tokens_per_s), "measured" (a catalog measurement)
    or "estimate". ``claim`` is the check of a pinned or measured figure (None when there is
    none); ``claim_used`` says whether that figure sets the cost. A claim above the physical
    ceiling, or for an LLM that does not fit, is not used unless the option says
    ``use_own_figure``; the option is then costed at the estimate and ``reason`` says why.
    """

    tokens_per_s: float
    origin: Literal["estimate", "measured", "pinned"]
    source: str
    claim: ThroughputCheck | None = None
    claim_used: bool = False
    use_own_figure: bool = False
    reason: str = ""

    @property
    def claim_rejected(self) -> bool:
        """True when a pinned or measured figure exists but the estimate is used instead."""
        return self.claim is not None and not self.claim_used

    @property
    def text(self) -> str:
        """'80 tok/s (estimate; pinned 400 tok/s not used: above the physical ceiling ...)'."""
        return f"{self.tokens_per_s:,.0f} tok/s ({self.source})"


IMPLAUSIBLE = ("above ceiling", "does not fit")
"""Verdicts under which a pinned or measured figure is not used by default."""


def throughput_choice(
    project: Project, option: CostOption | ScenarioOption, workload: Workload
) -> ThroughputChoice | None:
    """Decide the throughput of one unit of a self-hosted option; None for an API option.

    The option's pinned ``tokens_per_s`` first, then a catalog measurement for its (GPU,
    count, LLM, format, concurrency), then the estimator's blended tok/s for the workload's
    mix. A pinned or measured figure is checked against the estimator (``plausibility``):
    above the physical ceiling, or for an LLM that does not fit, it is not used (the next
    source is), unless the option says ``use_own_figure``.

    Raises
    ------
    InferCostError
        When a rental or owned option has neither ``tokens_per_s`` nor an LLM and format.
    """
    from infercost.model.costing.curves import option_label

    opt = option.option if isinstance(option, ScenarioOption) else option
    if isinstance(opt, ApiOption):
        return None
    own = opt.use_own_figure
    if opt.tokens_per_s is not None:
        check = check_figure(project, opt, workload, opt.tokens_per_s, "pinned")
        if own or check.verdict not in IMPLAUSIBLE:
            return ThroughputChoice(opt.tokens_per_s, "pinned", "pinned", check, True, own)
    elif opt.llm_id is None or opt.quant_id is None:
        raise InferCostError(
            f"option '{option_label(option)}' needs tokens_per_s, or an llm_id and quant_id to "
            "estimate it: the throughput of one unit (blended tok/s) sets both its cost per "
            "token and its capacity"
        )
    else:
        check = None
    found = estimated_option_throughput(project, opt, workload)
    if found.source == "measured":
        measured = check_figure(project, opt, workload, found.tokens_per_s, found.note)
        if (own and check is None) or measured.verdict not in IMPLAUSIBLE:
            if check is None:
                return ThroughputChoice(found.tokens_per_s, "measured", found.note, measured, True)
            return _instead(found, "measured", check, own)
        check = check or measured
        found = estimated_option_throughput(project, opt, workload, use_measurements=False)
    if check is None:
        return ThroughputChoice(found.tokens_per_s, "estimate", found.note or found.source)
    return _instead(found, "estimate", check, own)


def _instead(
    found: Throughput, origin: Literal["measured", "estimate"], claim: ThroughputCheck, own: bool
) -> ThroughputChoice:
    """The choice of ``found`` in place of a claim that is not used, saying why."""
    why = "; ".join(claim.notes) or claim.verdict
    head = f"{_what(claim.source)} {claim.figure_tokens_per_s:,.0f} tok/s not used: {why}"
    note = found.note or origin
    source = note if note.startswith(origin) else f"{origin}, {note}"
    return ThroughputChoice(found.tokens_per_s, origin, f"{source}; {head}", claim, False, own, why)


def check_figure(
    project: Project,
    opt: RentalOption | OwnedOption,
    workload: Workload,
    figure: float,
    source: str,
) -> ThroughputCheck:
    """The estimator's verdict on a pinned or measured ``figure`` for the option's hardware."""
    if opt.llm_id is None or opt.quant_id is None:
        return ThroughputCheck(figure, source, None, "set the LLM and format served to check it")
    try:
        # The measured figure is checked as if pinned: the same request, the same function.
        p = option_plausibility(project, opt.model_copy(update={"tokens_per_s": figure}), workload)
    except (InferCostError, ValueError) as exc:
        return ThroughputCheck(figure, source, None, f"cannot estimate it: {exc}")
    return ThroughputCheck(figure, source, p, concurrency=opt.concurrency)


def throughput_check(
    project: Project, option: CostOption | ScenarioOption, workload: Workload
) -> ThroughputCheck | None:
    """The check of a self-hosted option's pinned or measured throughput (used or not).

    None for an API option and for one whose throughput is the estimate itself (nothing to
    compare).
    """
    choice = throughput_choice(project, option, workload)
    return None if choice is None else choice.claim
