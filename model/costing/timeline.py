"""Each option's cost as a monthly schedule over a scenario's horizon: API and rental spend
with prices that fall, owned builds' purchase, running costs and resale value month by month,
cumulative cost, net present value, and the month the cheapest-so-far option changes.

Month ``m`` (1..H) lasts the workload's hours; ``t_m = m x hours / 8760`` years have passed at
its end. A price falling ``d`` a year is ``p0 x (1 - d) ** t_{m-1}`` in month m (month 1 is
today's price). An owned build bought at month 0 for P is worth ``P x (1 - r) ** t_m`` with a
depreciation rate r, else ``P - (P - R) x min(t_m / years, 1)`` with its residual R; its
monthly cost without decline, averaged over its amortization years, is the steady-state
figure the Evaluation shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from infercost.model.catalog.assumptions import TimeAssumptions
from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import ApiOption, OwnedOption, RentalOption, Scenario
from infercost.model.costing.depreciation import resale_value
from infercost.model.costing.evaluation import Evaluation, OptionEval, evaluate
from infercost.model.costing.tco import HOURS_PER_YEAR


@dataclass(frozen=True, slots=True)
class OptionSchedule:
    """One option month by month; arrays run over months 0..H (index = month).

    ``spend_usd[m]`` is month m's running spend (API tokens, rented hours, an owned build's
    energy and operations; 0 at month 0). ``value_usd[m]`` what owned hardware is worth at the
    end of month m. ``cash_cumulative_usd`` counts the purchase at month 0 and the resale at
    month H; ``cumulative_usd`` is the cost so far net of what the hardware could be sold for
    then (the figure break-even months compare).
    """

    label: str
    kind: str
    eligible: bool
    decline_pct_per_year: float
    units: int | None
    purchase_usd: float
    spend_usd: np.ndarray
    value_usd: np.ndarray
    cash_cumulative_usd: np.ndarray
    cumulative_usd: np.ndarray
    npv_usd: float
    steady_usd_per_month: float
    residual_usd: float = 0.0
    write_off_years: float | None = None
    depreciation_rate_pct: float | None = None

    @property
    def average_usd_per_month(self) -> float:
        """Net cost over the horizon divided by its months."""
        return float(self.cumulative_usd[-1]) / (len(self.cumulative_usd) - 1)


@dataclass(frozen=True, slots=True)
class LeadChange:
    """A month where the option cheapest so far (net cumulative cost) changes."""

    month: int
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Timeline:
    """A scenario's schedules and what they decide.

    ``leader`` is the eligible option with the lowest net cumulative cost at the horizon;
    ``break_even_month`` the first month the cheapest-so-far option differs from month 1's
    (None when month 1's option stays cheapest), ``changes`` every such change.
    """

    scenario_id: str
    horizon_months: int
    hours_per_month: float
    volume_tokens: float
    discount_rate_pct_per_year: float
    options: tuple[OptionSchedule, ...]
    leader: str | None
    changes: tuple[LeadChange, ...]

    @property
    def months(self) -> np.ndarray:
        return np.arange(self.horizon_months + 1)

    @property
    def break_even_month(self) -> int | None:
        return self.changes[0].month if self.changes else None

    def option(self, label: str) -> OptionSchedule:
        for o in self.options:
            if o.label == label:
                return o
        raise KeyError(label)


def decline_for(project: Project, scenario: Scenario, index: int, ev: OptionEval) -> float:
    """Annual price decline (%) of option ``index``: its offer's or rental's own, else its
    quality tier's (API), else the scenario's API or rental default; 0 for owned builds."""
    time = scenario.time
    own = {d.target: d.pct_per_year for d in time.declines}
    opt = scenario.options[index].option
    if isinstance(opt, ApiOption):
        for key in (f"offer:{opt.offer_id}", f"tier:{ev.quality}" if ev.quality else ""):
            if key in own:
                return own[key]
        return time.api_decline_pct_per_year
    if isinstance(opt, RentalOption):
        return own.get(f"rental:{opt.rental_id}", time.rental_decline_pct_per_year)
    return 0.0


def _factors(decline_pct: float, t_start: np.ndarray) -> np.ndarray:
    return (1.0 - decline_pct / 100.0) ** t_start


def schedule(
    project: Project,
    scenario: Scenario,
    index: int,
    ev: OptionEval,
    time: TimeAssumptions,
    hours: float,
    volume: float,
) -> OptionSchedule | None:
    """Option ``index`` month by month; None when its cost cannot be computed."""
    f = ev.function
    if f is None or ev.cost is None:
        return None
    n = time.horizon_months
    m = np.arange(n + 1, dtype=float)
    years = m * hours / HOURS_PER_YEAR  # elapsed at the end of each month
    start = np.concatenate(([0.0], years[:-1]))  # elapsed at the start of month m (m >= 1)
    decline = decline_for(project, scenario, index, ev)
    price = _factors(decline, start)
    spend = np.zeros(n + 1)
    value = np.zeros(n + 1)
    purchase = residual = 0.0
    write_off = rate = None
    units = ev.units
    opt = scenario.options[index].option
    if isinstance(opt, OwnedOption) and f.build_cost is not None:
        bc = f.build_cost
        u = units or 1
        amort = bc.amortization_usd_per_hour * (f.paid_hours_per_unit or hours)
        spend[1:] = u * (f.fixed_usd_per_unit - amort) + volume * f.variable_usd_per_token
        purchase = u * bc.purchase_usd
        build = project.catalog.build(opt.build_id)
        residual, write_off, rate = u * bc.residual_usd, bc.years, build.depreciation_rate_pct
        value = resale_value(purchase, residual, write_off, rate, years)
    else:
        spend[1:] = ev.cost.usd * price[1:]
    cash = purchase + np.cumsum(spend)
    cash_with_resale = cash.copy()
    cash_with_resale[-1] -= value[-1]
    interest = time.discount_rate_pct_per_year / 100.0
    discount = (1.0 + interest) ** -years
    npv = purchase + float(np.sum(spend[1:] * discount[1:])) - float(value[-1] * discount[-1])
    return OptionSchedule(
        label=ev.label,
        kind=ev.kind,
        eligible=ev.eligible,
        decline_pct_per_year=decline,
        units=units,
        purchase_usd=purchase,
        spend_usd=spend,
        value_usd=value,
        cash_cumulative_usd=cash_with_resale,
        cumulative_usd=cash - value,
        npv_usd=npv,
        steady_usd_per_month=ev.cost.usd,
        residual_usd=residual,
        write_off_years=write_off,
        depreciation_rate_pct=rate,
    )


def timeline(
    project: Project, scenario: Scenario, evaluation: Evaluation | None = None
) -> Timeline:
    """Every option of ``scenario`` month by month at its workload's volume."""
    ev = evaluate(project, scenario) if evaluation is None else evaluation
    time = scenario.time
    hours = ev.workload.hours_per_month
    rows = [
        schedule(project, scenario, i, o, time, hours, ev.volume_tokens)
        for i, o in enumerate(ev.options)
    ]
    options = tuple(r for r in rows if r is not None)
    eligible = [o for o in options if o.eligible]
    changes: list[LeadChange] = []
    leader = None
    if eligible:
        cum = np.array([o.cumulative_usd for o in eligible])
        lead = cum[:, 1:].argmin(axis=0)  # month 1..H
        for m in range(1, len(lead)):
            if lead[m] != lead[m - 1]:
                changes.append(
                    LeadChange(m + 1, eligible[lead[m - 1]].label, eligible[lead[m]].label)
                )
        leader = eligible[int(lead[-1])].label
    return Timeline(
        scenario.id,
        time.horizon_months,
        hours,
        ev.volume_tokens,
        time.discount_rate_pct_per_year,
        options,
        leader,
        tuple(changes),
    )
