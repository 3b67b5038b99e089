"""The one evaluation of a scenario, seen as the arrays the ranges and the timeline read:
each option's monthly cost, its cost-function parameters, the cheapest comparable option and
the crossings between two options."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from infercost.model.comparison import ScenarioComparison, compare
from infercost.model.curves import CostFunction
from infercost.model.project import Project
from infercost.model.scenario import Scenario


@dataclass(frozen=True, slots=True)
class ScenarioEval:
    """A scenario evaluated at its workload's volume (a view of the one evaluation)."""

    comparison: ScenarioComparison

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(r.label for r in self.comparison.rows)

    @property
    def volume_tokens(self) -> float:
        return self.comparison.volume_tokens

    @property
    def costs(self) -> tuple[float | None, ...]:
        """Each option's monthly cost at the volume (None where it cannot be computed)."""
        return tuple(r.usd for r in self.comparison.rows)

    @property
    def functions(self) -> tuple[CostFunction | None, ...]:
        return tuple(None if r.cost is None else r.cost.function for r in self.comparison.rows)

    @property
    def cheapest(self) -> str | None:
        c = self.comparison.cheapest
        return None if c is None else c.label

    @property
    def runner_up(self) -> str | None:
        c = self.comparison.runner_up
        return None if c is None else c.label

    def usd_of(self, label: str) -> float | None:
        return self.comparison.row(label).usd

    def computable_comparable(self) -> list[bool]:
        """Per option: it meets the quality needed and its cost can be computed."""
        return [r.comparable and r.cost is not None for r in self.comparison.rows]

    def comparable_costs(self) -> list[tuple[str, float | None, bool]]:
        """(label, monthly cost, comparable and computable) per option."""
        return [
            (r.label, r.usd, r.comparable and r.cost is not None) for r in self.comparison.rows
        ]

    def params(self) -> np.ndarray:
        """(options, 3): fixed USD per unit a month, USD per token, capacity tokens per unit a
        month (inf without capacity steps); NaN rows for options that cannot be computed."""
        out = np.full((len(self.comparison.rows), 3), np.nan)
        for k, f in enumerate(self.functions):
            if f is not None:
                cap = f.capacity_tokens_per_unit
                out[k] = (f.fixed_usd_per_unit, f.variable_usd_per_token,
                          math.inf if cap is None else cap)  # fmt: skip
        return out

    def crossing(self, a: str | None, b: str | None, near: float | None = None) -> float | None:
        """The volume where options ``a`` and ``b`` cross nearest ``near`` (log distance;
        default the workload's volume); None when they never cross in the chart range."""
        be = self.comparison.break_even
        if be is None or a is None or b is None:
            return None
        found = [c.volume_tokens for c in be.crossings if {c.a, c.b} == {a, b}]
        if not found:
            return None
        target = math.log(near if near and near > 0 else max(self.volume_tokens, 1.0))
        return min(found, key=lambda v: abs(math.log(max(v, 1.0)) - target))


def evaluate_scenario(project: Project, scenario: Scenario) -> ScenarioEval:
    """Evaluate ``scenario`` at its workload's volume."""
    return ScenarioEval(compare(project, scenario))
