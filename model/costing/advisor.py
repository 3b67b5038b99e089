"""The source document's decision matrix (§6) applied to a scenario, checked against its costs."""

from __future__ import annotations

from dataclasses import dataclass

from infercost.model.catalog.project import Project
from infercost.model.catalog.quality import frontier_needed
from infercost.model.catalog.scenario import ApiOption, OwnedOption, RentalOption, Scenario
from infercost.model.costing.evaluation import Evaluation, OptionEval, evaluate
from infercost.model.estimator.memory import vram_gb, weights_gb
from infercost.model.formatting import format_tokens as tokens

FRONTIER_PROVIDERS = ("openai", "anthropic", "google")
"""The matrix's "Use API (OpenAI, Anthropic, Google)", matched against offer ids."""


@dataclass(frozen=True, slots=True)
class MatrixRule:
    """One row of the decision matrix: when it applies and what it recommends.

    ``min_tokens``/``max_tokens`` bound the monthly volume (None: open); ``facts`` are scenario
    fields that must be true; ``frontier`` is True/False when the row needs or excludes
    "frontier quality needed" (None: either). ``pick`` names which options carry the
    recommendation out (see :func:`matches`).
    """

    id: str
    situation: str
    recommendation: str
    pick: str
    min_tokens: float | None = None
    max_tokens: float | None = None
    facts: tuple[str, ...] = ()
    frontier: bool | None = None

    def applies(self, scenario: Scenario, volume: float) -> bool:
        """True when the scenario's facts and volume fit this row."""
        if self.min_tokens is not None and volume < self.min_tokens:
            return False
        if self.max_tokens is not None and volume >= self.max_tokens:
            return False
        if not all(getattr(scenario, f) for f in self.facts):
            return False
        return self.frontier is None or frontier_needed(scenario.quality_needed) == self.frontier


RULES: tuple[MatrixRule, ...] = (
    MatrixRule("privacy-low-volume", "Privacy-critical, low volume", "Local deployment (RTX 5090)",
               "owned", max_tokens=1e9, facts=("privacy_critical",)),
    MatrixRule("single-developer", "Single developer, personal use",
               "Local (consumer GPU, quantized models)", "owned", facts=("single_developer",)),
    MatrixRule("prototyping", "Prototyping/experimentation", "API with batch discounts", "api",
               facts=("prototyping",)),
    MatrixRule("over-50b", ">50B tokens/mo", "Build/colocate own cluster", "owned",
               min_tokens=50e9),
    MatrixRule("over-10b-predictable", ">10B tokens/mo, predictable load",
               "Reserved instances (CoreWeave, AWS)", "reserved", min_tokens=10e9,
               facts=("predictable_load",)),
    MatrixRule("1-10b-latency-tolerant", "1–10B tokens/mo, latency-tolerant",
               "Dedicated GPU rental (Lambda, RunPod)", "rental", min_tokens=1e9,
               max_tokens=10e9, facts=("latency_tolerant",)),
    MatrixRule("under-1b-frontier", "<1B tokens/mo, need frontier quality",
               "Use API (OpenAI, Anthropic, Google)", "frontier-api", max_tokens=1e9,
               frontier=True),
    MatrixRule("under-1b-open-weight", "<1B tokens/mo, open-weight acceptable",
               "Use cheap API (DeepInfra, Together)", "open-weight-api", max_tokens=1e9,
               frontier=False),
)  # fmt: skip
"""The seed's §6 decision matrix, most specific situation first: the first row that applies
fires (a privacy-critical single developer is told "local" whatever the volume band says)."""

CAVEATS = {
    "redundancy": "No redundancy/uptime guarantee (seed §6, caveats for local deployment)",
    "maintenance": "Maintenance burden (seed §6)",
    "throughput": "Throughput ceiling for batch workloads (seed §6)",
    "depreciation": (
        "Hardware depreciation is the hidden cost of self-hosting: factor 40–50% a year (seed §7.6)"
    ),
    "quality": (
        "Self-hosting open-weight models may not match frontier quality (seed §6 scenario 2)"
    ),
    "spot": "Spot/preemptible GPUs suit fault-tolerant batch workloads (seed §5C)",
}


@dataclass(frozen=True, slots=True)
class Advice:
    """What the matrix says for a scenario and what its computed costs say.

    ``rule`` is the row that fired (None: no row fits, ``no_rule_reason`` says why) and
    ``also_applies`` the lower rows that fit too. ``matrix_pick`` is the cheapest comparable
    option carrying out the row's recommendation; ``choice`` the cheapest comparable option
    overall. ``disagreements`` say where the costs contradict the matrix, ``caveats`` which of
    the document's warnings apply to the pick and the choice.
    """

    scenario_id: str
    volume_tokens: float
    rule: MatrixRule | None
    also_applies: tuple[MatrixRule, ...]
    no_rule_reason: str
    matrix_pick: OptionEval | None
    choice: OptionEval | None
    evaluation: Evaluation
    disagreements: tuple[str, ...]
    caveats: tuple[str, ...]

    @property
    def agrees(self) -> bool:
        """True when a row fired and its pick is the cheapest comparable option."""
        return self.rule is not None and not self.disagreements

    @property
    def pick_extra_usd(self) -> float | None:
        """How much more a month the matrix's pick costs than the cheapest comparable option."""
        if self.matrix_pick is None or self.choice is None:
            return None
        return self.matrix_pick.usd - self.choice.usd  # type: ignore[operator]

    @property
    def pick_crossings(self) -> tuple[float, ...]:
        """Every volume where the matrix's pick and the choice swap places (none: they never do)."""
        if self.matrix_pick is None or self.choice is None or self.matrix_pick is self.choice:
            return ()
        be = self.evaluation.break_even
        found = be.between(self.matrix_pick.label, self.choice.label) if be else []
        return tuple(c.volume_tokens for c in found)

    @property
    def pick_break_even_tokens(self) -> float | None:
        """The next volume above the workload's where the pick and the choice swap places."""
        return next((v for v in self.pick_crossings if v > self.volume_tokens), None)


def matches(project: Project, pick: str, row: OptionEval, scenario: Scenario) -> bool:
    """True when the option of ``row`` carries out a recommendation of kind ``pick``."""
    opt = scenario.options[row.index].option
    if pick == "owned":
        return isinstance(opt, OwnedOption)
    if pick == "rental":
        return isinstance(opt, RentalOption)
    if pick == "reserved":
        return isinstance(opt, RentalOption) and opt.price == "discounted"
    if not isinstance(opt, ApiOption):
        return False
    if pick == "frontier-api":
        return opt.offer_id.split("/")[0] in FRONTIER_PROVIDERS
    if pick == "open-weight-api":
        return any(o.id == opt.offer_id for o in project.catalog.hosted_offers)
    return pick == "api"


def advise(project: Project, scenario_id: str, evaluation: Evaluation | None = None) -> Advice:
    """Apply the decision matrix to a scenario and set it against its evaluation.

    ``evaluation`` is the scenario's :func:`evaluate` result when the caller has it already
    (at another volume, say); the cheapest option is the evaluation's, never recomputed.
    """
    scenario = project.scenario(scenario_id)
    comp = evaluate(project, scenario) if evaluation is None else evaluation
    v = comp.volume_tokens
    fitting = [r for r in RULES if r.applies(scenario, v)]
    rule = fitting[0] if fitting else None
    choice = comp.cheapest
    pick = None
    disagree: list[str] = []
    if rule is not None:
        ranked = sorted(
            (r for r in comp.options if r.eligible),
            key=lambda r: r.usd,  # type: ignore[arg-type, return-value]
        )
        pick = next((r for r in ranked if matches(project, rule.pick, r, scenario)), None)
        if pick is None:
            disagree.append(
                f"The matrix says '{rule.recommendation}' at {tokens(v)} tokens/month, but the "
                f"scenario has no comparable {_PICK_WORDS[rule.pick]} to price; add one to check "
                "it."
            )
        elif choice is not None and pick is not choice and pick.usd > choice.usd:  # type: ignore[operator]
            disagree.append(_disagreement(rule, pick, choice, v))
    caveats = _caveats(project, scenario, [r for r in (pick, choice) if r is not None])
    return Advice(
        scenario.id,
        v,
        rule,
        tuple(fitting[1:]),
        "" if rule is not None else _no_rule_reason(scenario, v),
        pick,
        choice,
        comp,
        tuple(disagree),
        tuple(caveats),
    )


_PICK_WORDS = {
    "owned": "owned build",
    "rental": "GPU rental",
    "reserved": "rental at its reserved/spot price",
    "api": "API offer",
    "frontier-api": "OpenAI, Anthropic or Google API offer",
    "open-weight-api": "hosted open-weight API offer",
}


def _disagreement(rule: MatrixRule, pick: OptionEval, choice: OptionEval, v: float) -> str:
    diff = pick.usd - choice.usd  # type: ignore[operator]
    text = (
        f"The matrix says '{rule.recommendation}' at {tokens(v)} tokens/month, but at this "
        f"workload {choice.label} is ${diff:,.0f}/month cheaper than {pick.label} "
        f"(${choice.usd:,.0f} against ${pick.usd:,.0f})"
    )
    assert pick.cost is not None and choice.cost is not None
    if pick.cost.units > 1:
        cap = pick.cost.capacity_tokens_per_unit or 0.0
        text += (
            f" because {pick.cost.units} units of {pick.label} are needed (one serves "
            f"{tokens(cap)} tokens/month)"
        )
    elif choice.cost.units > 1:
        text += f", even though {choice.label} needs {choice.cost.units} units"
    return text + "."


def _no_rule_reason(scenario: Scenario, v: float) -> str:
    if 1e9 <= v < 10e9:
        gap = "between 1B and 10B tokens/month the matrix covers only latency-tolerant workloads"
    elif 10e9 <= v < 50e9:
        gap = "between 10B and 50B tokens/month the matrix covers only predictable load"
    else:
        gap = "none of the matrix's situations is set on the scenario"
    return f"No row of the decision matrix fits: {gap}. The cheapest comparable option stands."


def _caveats(project: Project, scenario: Scenario, rows: list[OptionEval]) -> list[str]:
    out: list[str] = []
    cat = project.catalog
    for row in dict.fromkeys(rows):
        opt = scenario.options[row.index].option
        if isinstance(opt, OwnedOption):
            build = cat.build(opt.build_id)
            gpus = [(cat.gpu(line.item_id), line.quantity) for line in build.lines
                    if any(g.id == line.item_id for g in cat.gpus)]  # fmt: skip
            vram = sum(vram_gb(g) * n for g, n in gpus)
            listed = sum(g.vram_gb * n for g, n in gpus)
            consumer = any(g.memory_kind == "gddr" for g, _ in gpus)
            if consumer or sum(n for _, n in gpus) <= 1:
                out += [CAVEATS["redundancy"], CAVEATS["maintenance"]]
                out.append(_vram_caveat(project, opt, build.name, listed, vram))
                out.append(CAVEATS["throughput"])
            out.append(CAVEATS["depreciation"])
        if isinstance(opt, RentalOption) and opt.price == "discounted":
            rental = cat.rental(opt.rental_id)
            if rental.discount_kind == "spot":
                out.append(f"{rental.id}: its discounted price is spot: {CAVEATS['spot']}")
        if isinstance(opt, OwnedOption | RentalOption) and frontier_needed(scenario.quality_needed):
            out.append(CAVEATS["quality"])
        if isinstance(opt, ApiOption) and scenario.prototyping:
            w = project.workload(scenario.workload_id)
            if w.batch_share == 0:
                out.append(
                    "The matrix's batch discount is not used: the workload's batch share is 0% "
                    "(seed §5: batch API 50% discount, higher latency)"
                )
    return list(dict.fromkeys(out))


def _vram_caveat(
    project: Project, opt: OwnedOption, build_name: str, listed: float, vram: float
) -> str:
    text = f"Limited to models that fit in {listed:g} GB VRAM, or with partial offload (seed §6)"
    if opt.llm_id is not None and opt.quant_id is not None:
        llm, quant = project.catalog.llm(opt.llm_id), project.catalog.quant(opt.quant_id)
        need = weights_gb(llm, quant)
        held = f"the {vram:.1f} GB (10^9 bytes) {build_name} holds"
        if need <= vram:
            text += f": {llm.name} at {quant.name} fits, {need:.1f} GB of weights in {held}"
        else:
            text += (
                f": {llm.name} at {quant.name} needs {need:.1f} GB for its weights alone, more "
                f"than {held}; it runs only with partial offload"
            )
    return text
