"""Buy owned hardware now, or bridge N months on the cheapest other option and buy the next
generation's price/performance then; and the document's cost floor beside any $/Mtok below it.

Hardware gets cheaper per unit of throughput: the document's section 4 says each generation
(H100 -> H200 -> B200) gives ~2x inference throughput per dollar. Waiting N months buys the
same capacity for ``purchase x gain ** (-N / generation_months)``; its running costs are kept
as they are (a stated simplification: newer GPUs also draw less per token). The resale value
follows the same depreciation from the later purchase.
"""

from __future__ import annotations

from dataclasses import dataclass

from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import ApiOption, Scenario
from infercost.model.costing.evaluation import Evaluation
from infercost.model.costing.timeline import Timeline

WAITS = (0, 3, 6, 12, 18, 24)

# Takeaway 7 of the source document: energy, amortization and operations set a floor.
FLOOR_SMALL_USD_PER_MTOK = (0.01, 0.05)
FLOOR_LARGE_USD_PER_MTOK = (0.10, 0.30)
LARGE_FROM_PARAMS_B = 30.0
"""An LLM with at least this many parameters (billions) is 'large' for the floor: the
document's small models are 7B-14B, its large ones 70B and up."""


@dataclass(frozen=True, slots=True)
class WaitCase:
    """Bridge ``months`` on ``bridge``, then buy: the net cost over the horizon."""

    months: int
    purchase_usd: float
    bridge_usd: float
    total_usd: float


@dataclass(frozen=True, slots=True)
class BuyOrWait:
    """Every wait for one owned option; ``best`` is the cheapest case."""

    label: str
    bridge: str
    cases: tuple[WaitCase, ...]

    @property
    def best(self) -> WaitCase:
        return min(self.cases, key=lambda c: (c.total_usd, c.months))


def buy_or_wait(
    t: Timeline, scenario: Scenario, waits: tuple[int, ...] = WAITS
) -> tuple[BuyOrWait, ...]:
    """For each eligible owned option of the timeline: buy now, or wait each of ``waits``."""
    time = scenario.time
    h = t.horizon_months
    others = [o for o in t.options if o.eligible and o.purchase_usd == 0]
    if not others:
        return ()
    bridge = min(others, key=lambda o: float(o.cumulative_usd[h]))
    out = []
    for o in t.options:
        if not (o.eligible and o.purchase_usd > 0):
            continue
        cases = []
        for n in waits:
            if n >= h:
                continue
            scale = time.generation_gain ** (-n / time.generation_months)
            purchase = o.purchase_usd * scale
            kept = h - n
            bridge_usd = float(bridge.spend_usd[1 : n + 1].sum())
            running = float(o.spend_usd[1 : kept + 1].sum())
            resale = float(o.value_usd[kept]) * scale
            cases.append(
                WaitCase(n, purchase, bridge_usd, bridge_usd + purchase + running - resale)
            )
        out.append(BuyOrWait(o.label, bridge.label, tuple(cases)))
    return tuple(out)


def floor_notes(project: Project, scenario: Scenario, ev: Evaluation) -> dict[str, str]:
    """Per option label: a note when its computed $/Mtok is below the document's cost floor
    for the size of LLM it serves (none for an option whose LLM size is unknown)."""
    notes = {}
    cat = project.catalog
    for so, o in zip(scenario.options, ev.options, strict=True):
        per = o.usd_per_mtok
        opt = so.option
        llm_id = cat.offer(opt.offer_id).llm_id if isinstance(opt, ApiOption) else opt.llm_id
        llm = next((m for m in cat.llms if m.id == llm_id), None)
        if per is None or llm is None:
            continue
        large = llm.total_params_b >= LARGE_FROM_PARAMS_B
        low, high = FLOOR_LARGE_USD_PER_MTOK if large else FLOOR_SMALL_USD_PER_MTOK
        if per < low:
            size = "large" if large else "small"
            notes[o.label] = (
                f"${per:.3f}/Mtok is below the document's cost floor of ${low:.2f}-{high:.2f}/Mtok "
                f"for {size} models ({llm.total_params_b:g}B): energy, amortization and "
                "operations set it, and going below needs algorithmic breakthroughs "
                "(takeaway 7). Check the throughput, utilization and prices behind it."
            )
    return notes
