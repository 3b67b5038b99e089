"""The throughput check the chart, its table and the CLI show for an option: its pinned or
measured tok/s beside what the estimator gives for the same hardware, LLM, format and
concurrency (``model/plausibility.py``), in one short sentence."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from infercost.model.errors import InferCostError
from infercost.model.plausibility import Plausibility, option_plausibility
from infercost.model.project import Project
from infercost.model.scenario import ApiOption, CostOption, ScenarioOption, Workload


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
        return f"{head}; estimate {_band(p)} tok/s{at} ({'; '.join(self._notes())})"

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

    def _notes(self) -> list[str]:
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


def throughput_check(
    project: Project, option: CostOption | ScenarioOption, workload: Workload
) -> ThroughputCheck | None:
    """The check of a self-hosted option whose throughput is pinned or a catalog measurement.

    None for an API option and for one whose throughput is the estimate itself (nothing to
    compare).
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
        return ThroughputCheck(figure, source, None, "set the LLM and format served to check it")
    try:
        # The measured figure is checked as if pinned: the same request, the same function.
        p = option_plausibility(project, opt.model_copy(update={"tokens_per_s": figure}), workload)
    except (InferCostError, ValueError) as exc:
        return ThroughputCheck(figure, source, None, f"cannot estimate it: {exc}")
    return ThroughputCheck(figure, source, p, concurrency=opt.concurrency)
