"""The one evaluation of a scenario, seen as the arrays the ranges and the timeline read:
each option's monthly cost, its cost-function parameters, the cheapest comparable feasible
option (the Evaluation's own) and the crossing that decides it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import Scenario
from infercost.model.costing.curves import CostFunction
from infercost.model.costing.evaluation import Evaluation, evaluate


@dataclass(frozen=True, slots=True)
class ScenarioEval:
    """A scenario's Evaluation at its workload's volume, as arrays over its options."""

    evaluation: Evaluation

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(o.label for o in self.evaluation.options)

    @property
    def volume_tokens(self) -> float:
        return self.evaluation.volume_tokens

    @property
    def costs(self) -> tuple[float | None, ...]:
        """Each option's monthly cost at the volume (None where it cannot be computed)."""
        return tuple(o.usd for o in self.evaluation.options)

    @property
    def functions(self) -> tuple[CostFunction | None, ...]:
        return tuple(o.function for o in self.evaluation.options)

    @property
    def cheapest(self) -> str | None:
        c = self.evaluation.cheapest
        return None if c is None else c.label

    @property
    def runner_up(self) -> str | None:
        c = self.evaluation.runner_up
        return None if c is None else c.label

    def usd_of(self, label: str) -> float | None:
        return self.evaluation.option(label).usd

    def eligible(self) -> list[bool]:
        """Per option: comparable, feasible and costed (a candidate for the cheapest)."""
        return [o.eligible for o in self.evaluation.options]

    def params(self) -> np.ndarray:
        """(options, 3): fixed USD per unit a month, USD per token, capacity tokens per unit a
        month (inf without capacity steps); NaN rows for options that cannot be computed."""
        out = np.full((len(self.evaluation.options), 3), np.nan)
        for k, f in enumerate(self.functions):
            if f is not None:
                cap = f.capacity_tokens_per_unit
                out[k] = (f.fixed_usd_per_unit, f.variable_usd_per_token,
                          math.inf if cap is None else cap)  # fmt: skip
        return out

    def rival(self) -> str | None:
        """The option the cheapest one took over from (or hands over to) nearest the volume:
        the other side of the envelope change nearest the workload's volume, else the
        runner-up."""
        cheapest = self.cheapest
        changes = [e for e in self.evaluation.envelope if cheapest in (e.before, e.after)]
        if not changes:
            return self.runner_up
        target = math.log(max(self.volume_tokens, 1.0))
        e = min(changes, key=lambda e: abs(math.log(max(e.volume_tokens, 1.0)) - target))
        return e.before if e.after == cheapest else e.after

    def crossing(self, a: str | None, b: str | None, near: float | None = None) -> float | None:
        """The volume where options ``a`` and ``b`` cross nearest ``near`` (log distance;
        default the workload's volume); None when they never cross in the chart range."""
        be = self.evaluation.break_even
        if be is None or a is None or b is None:
            return None
        found = [c.volume_tokens for c in be.crossings if {c.a, c.b} == {a, b}]
        if not found:
            return None
        target = math.log(near if near and near > 0 else max(self.volume_tokens, 1.0))
        return min(found, key=lambda v: abs(math.log(max(v, 1.0)) - target))


def evaluate_scenario(project: Project, scenario: Scenario) -> ScenarioEval:
    """Evaluate ``scenario`` at its workload's volume."""
    return ScenarioEval(evaluate(project, scenario))
