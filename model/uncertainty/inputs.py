"""Addressable inputs: every number a scenario's costs read, named by a stable address, with
its low/high range (the catalog's own, the estimator's band, the document's, or yours), and
the modified copy of a project that evaluate() reads for any set of overridden values.

An address is ``kind:id.field``: ``offer:deepinfra/llama-3.3-70b.output_usd_per_mtok``,
``rental:runpod/h100-sxm.usd_per_hour`` (on-demand), ``gpu:h100-sxm.price_usd``,
``build:rtx-5090-rig.residual_value_pct``, ``markup:aws-bedrock.pct``,
``tariff:us-average.usd_per_kwh``, ``workload:seed-startup-70b.monthly_tokens`` and, for the
scenario's own options numbered from 1, ``option:2.tokens_per_s`` or ``option:2.utilization``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from infercost.model.catalog.entries import Gpu
from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import ApiOption, OwnedOption, RentalOption, Scenario
from infercost.model.costing.evaluation import Evaluation, evaluate
from infercost.model.errors import InferCostError
from infercost.model.estimator.option_throughput import estimated_option_throughput

# Catalog sections each address kind reads.
_SECTIONS: dict[str, tuple[str, ...]] = {
    "offer": ("api_offers", "hosted_offers"),
    "rental": ("gpu_rentals",),
    "gpu": ("gpus",),
    "part": ("parts",),
    "build": ("builds",),
    "markup": ("platform_markups",),
    "tariff": ("tariffs",),
}
# Fields that stand for a low/high pair on the entry: overriding sets both ends.
_PAIRS: dict[tuple[str, str], tuple[str, str]] = {
    ("rental", "usd_per_hour"): ("on_demand_low_usd_per_hour", "on_demand_high_usd_per_hour"),
    ("gpu", "price_usd"): ("price_low_usd", "price_high_usd"),
    ("part", "price_usd"): ("price_low_usd", "price_high_usd"),
    ("markup", "pct"): ("markup_low_pct", "markup_high_pct"),
}
_UNITS = (
    ("usd_per_mtok", "$/Mtok"),
    ("usd_per_hour", "$/h"),
    ("usd_per_kwh", "$/kWh"),
    ("price_usd", "$"),
    ("_pct", "%"),
    ("pct", "%"),
    ("tokens_per_s", "tok/s"),
    ("monthly_tokens", "tokens/month"),
    ("usd_per_month", "$/month"),
)
_WORDS = {
    "tokens_per_s": "throughput",
    "residual_value_pct": "resale value",
    "depreciation_rate_pct": "depreciation a year",
    "price_usd": "price",
    "usd_per_hour": "$/hour",
    "pct": "markup",
}
# Takeaway 6 of the source document: hardware loses 40-50 % of its value a year.
DOCUMENT_DEPRECIATION_PCT = (40.0, 50.0)


@dataclass(frozen=True, slots=True)
class RangedInput:
    """One input of a scenario: its address, today's value and its low/high with their source."""

    address: str
    label: str
    unit: str
    base: float
    low: float
    high: float
    source: str

    @property
    def width(self) -> float:
        """high - low."""
        return self.high - self.low


def parse_address(address: str) -> tuple[str, str, str]:
    """Split ``kind:id.field``; raises InferCostError naming what is wrong."""
    kind, sep, rest = address.partition(":")
    ident, dot, field = rest.rpartition(".")
    if not sep or not dot or not ident or not field:
        raise InferCostError(
            f"input address '{address}' is not kind:id.field "
            "(e.g. offer:openai/gpt-4.1.output_usd_per_mtok)"
        )
    if kind not in _SECTIONS and kind not in ("workload", "option"):
        known = ", ".join([*_SECTIONS, "workload", "option"])
        raise InferCostError(f"input address '{address}': unknown kind '{kind}' ({known})")
    return kind, ident, field


def unit_of(field: str) -> str:
    """The unit an input field is in, from its name."""
    for suffix, unit in _UNITS:
        if field.endswith(suffix):
            return unit
    return "share" if field in ("utilization", "on_hours_share") else ""


def _entry(project: Project, scenario: Scenario | None, kind: str, ident: str) -> BaseModel:
    if kind == "workload":
        return project.workload(ident)
    if kind == "option":
        return _option(scenario, ident).option
    return project.catalog.find(ident, *_SECTIONS[kind], what=kind)


def _option(scenario: Scenario | None, ident: str) -> Any:
    if scenario is None:
        raise InferCostError(f"option:{ident} needs a scenario")
    if not ident.isdigit() or not 1 <= int(ident) <= len(scenario.options):
        raise InferCostError(
            f"option:{ident}: scenario '{scenario.id}' has options 1 to {len(scenario.options)}"
        )
    return scenario.options[int(ident) - 1]


def read_value(project: Project, address: str, scenario: Scenario | None = None) -> float:
    """Today's value of an input (the low end for a pair field: both ends when overridden)."""
    kind, ident, field = parse_address(address)
    entry = _entry(project, scenario, kind, ident)
    pair = _PAIRS.get((kind, field))
    name = pair[0] if pair else field
    value = getattr(entry, name, None) if name in type(entry).model_fields else None
    if pair:
        high = getattr(entry, pair[1])
        value = None if value is None or high is None else (value + high) / 2
    if value is None and kind == "option" and field == "tokens_per_s":
        wl = project.workload(scenario.workload_id)  # type: ignore[union-attr]
        value = estimated_option_throughput(project, entry, wl).tokens_per_s  # type: ignore[arg-type]
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise InferCostError(f"input '{address}' is not a number on {kind} '{ident}'")
    return float(value)


def _replaced(entry: BaseModel, updates: dict[str, float], address: str) -> BaseModel:
    data = entry.model_dump()
    data.update(updates)
    try:
        return type(entry).model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InferCostError(f"input '{address}': {err['msg']}") from None


def with_overrides(
    project: Project, overrides: Mapping[str, float], scenario_id: str | None = None
) -> Project:
    """A copy of ``project`` with each addressed input set to its value (the original is not
    touched). ``option:<n>`` addresses need ``scenario_id``; a value an entry refuses (a
    negative price) raises InferCostError naming the address."""
    if not overrides:
        return project
    catalog_updates: dict[str, list[Any]] = {}
    workloads = list(project.workloads)
    scenarios = list(project.scenarios)
    s_index = None
    if scenario_id is not None:
        s_index = next((i for i, s in enumerate(scenarios) if s.id == scenario_id), None)
        if s_index is None:
            project.scenario(scenario_id)  # raises the unknown-id error
    for address, value in overrides.items():
        kind, ident, field = parse_address(address)
        pair = _PAIRS.get((kind, field))
        updates = {name: value for name in pair} if pair else {field: value}
        if kind == "workload":
            i = next((i for i, w in enumerate(workloads) if w.id == ident), None)
            if i is None:
                project.workload(ident)
            workloads[i] = _check_field(workloads[i], field, address, updates)  # type: ignore[index]
        elif kind == "option":
            scenario = None if s_index is None else scenarios[s_index]
            so = _option(scenario, ident)
            if field == "tokens_per_s":
                # A figure set here is costed as given (the evaluation's ceiling check would
                # otherwise replace one above the physical ceiling by the estimate).
                updates["use_own_figure"] = True  # type: ignore[assignment]
            new_opt = _check_field(so.option, field, address, updates)
            options = list(scenario.options)  # type: ignore[union-attr]
            options[int(ident) - 1] = so.model_copy(update={"option": new_opt})
            scenarios[s_index] = scenario.model_copy(update={"options": options})  # type: ignore[index, union-attr]
        else:
            entry = project.catalog.find(ident, *_SECTIONS[kind], what=kind)
            for section in _SECTIONS[kind]:
                items = catalog_updates.get(section, list(getattr(project.catalog, section)))
                for i, item in enumerate(items):
                    if item.id == entry.id:
                        items[i] = _check_field(
                            item, field if not pair else pair[0], address, updates
                        )
                        catalog_updates[section] = items
    update: dict[str, Any] = {"workloads": workloads, "scenarios": scenarios}
    if catalog_updates:
        update["catalog"] = project.catalog.model_copy(update=catalog_updates)
    return project.model_copy(update=update)


def _check_field(entry: Any, field: str, address: str, updates: dict[str, float]) -> Any:
    if field not in type(entry).model_fields:
        raise InferCostError(f"input '{address}': {type(entry).__name__} has no field '{field}'")
    return _replaced(entry, updates, address)


def scenario_inputs(project: Project, scenario: Scenario) -> list[RangedInput]:
    """Every input of ``scenario`` that has a range, in option order, the user's own ranges
    (``scenario.input_ranges``) replacing derived ones: a rental's on-demand price range, a
    platform markup's range, each priced GPU and part of a build, a build's resale value (the
    document's 40-50 % a year), and the estimator's band of each self-hosted option's tok/s."""
    found: dict[str, RangedInput] = {}

    def add(address: str, low: float, high: float, source: str, base: float | None = None) -> None:
        if address in found:
            return
        b = read_value(project, address, scenario) if base is None else base
        found[address] = RangedInput(
            address, label_of(project, scenario, address), unit_of(address.rpartition(".")[2]),
            b, min(low, b), max(high, b), source,
        )  # fmt: skip

    user = {r.address: r for r in scenario.input_ranges}
    ev = evaluate(project, scenario)
    for n, so in enumerate(scenario.options, start=1):
        opt = so.option
        if isinstance(opt, ApiOption) and opt.markup_id is not None:
            m = project.catalog.markup(opt.markup_id)
            if m.markup_high_pct > m.markup_low_pct:
                point = {"low": m.markup_low_pct, "high": m.markup_high_pct}
                base = point.get(opt.markup_point, (m.markup_low_pct + m.markup_high_pct) / 2)
                add(
                    f"markup:{m.id}.pct", m.markup_low_pct, m.markup_high_pct, "catalog range", base
                )
        if isinstance(opt, RentalOption) and opt.price == "on_demand":
            r = project.catalog.rental(opt.rental_id)
            if r.on_demand_high_usd_per_hour > r.on_demand_low_usd_per_hour:
                add(f"rental:{r.id}.usd_per_hour", r.on_demand_low_usd_per_hour,
                    r.on_demand_high_usd_per_hour, "catalog range")  # fmt: skip
        if isinstance(opt, OwnedOption):
            _build_inputs(project, opt.build_id, add)
        if isinstance(opt, RentalOption | OwnedOption):
            _throughput_input(project, scenario, ev, n, add)
    ordered = list(found.values())
    for address, r in user.items():
        kind, ident, field = parse_address(address)
        used = None
        if kind == "option" and field == "tokens_per_s":
            _option(scenario, ident)
            used = ev.options[int(ident) - 1].tokens_per_s
        base = read_value(project, address, scenario) if used is None else used
        mine = RangedInput(
            address, label_of(project, scenario, address), unit_of(address.rpartition(".")[2]),
            base, min(r.low, base), max(r.high, base), r.note or "your range",
        )  # fmt: skip
        if address in found:
            ordered[ordered.index(found[address])] = mine
        else:
            ordered.append(mine)
    return [i for i in ordered if i.high > i.low]


def _throughput_input(
    project: Project, scenario: Scenario, ev: Evaluation, n: int, add: Any
) -> None:
    """The estimator's band of option n's tok/s, widened to the figure the evaluation costs it
    at and to a pinned or measured claim (used or not: the range shows what it would mean),
    up to the physical ceiling unless the option says to use its own figure."""
    choice = ev.options[n - 1].throughput
    if choice is None:
        return
    claim = choice.claim
    band = None if claim is None else claim.plausibility
    if band is not None:
        lo, hi, src = (
            band.band_low,
            band.band_high,
            f"estimator band {band.band_low:,.0f}-{band.band_high:,.0f}",
        )
    else:
        opt = scenario.options[n - 1].option
        if not (opt.llm_id and opt.quant_id):
            return
        est = estimated_option_throughput(project, opt, project.workload(scenario.workload_id))
        what = "measured range" if est.source == "measured" else "estimator band"
        lo, hi, src = est.low, est.high, f"{what} {est.low:,.0f}-{est.high:,.0f}"
    if claim is not None:
        figure = claim.figure_tokens_per_s
        used = "used" if choice.claim_used else f"not used: {'; '.join(claim.notes)}"
        src += f"; {claim.source} {figure:,.0f} ({used})"
        if band is not None and figure > band.ceiling and not choice.use_own_figure:
            # Physics bounds the range: no draw may cost a unit above its ceiling.
            figure = band.ceiling
            src += f"; the range stops at the ceiling, {figure:,.0f}"
        lo, hi = min(lo, figure), max(hi, figure)
    add(f"option:{n}.tokens_per_s", lo, hi, src, choice.tokens_per_s)


def _build_inputs(project: Project, build_id: str, add: Any) -> None:
    cat = project.catalog
    build = cat.build(build_id)
    for line in build.lines:
        item = cat.find(line.item_id, "gpus", "parts", what="part")
        kind = "gpu" if isinstance(item, Gpu) else "part"
        lo, hi = item.price_low_usd, item.price_high_usd  # type: ignore[attr-defined]
        if lo is not None and hi is not None and hi > lo:
            base = item.price_usd(build.price_point)  # type: ignore[attr-defined]
            add(f"{kind}:{item.id}.price_usd", lo, hi, "catalog range", base)
    low_rate, high_rate = DOCUMENT_DEPRECIATION_PCT
    src = "document takeaway 6: 40-50 % depreciation a year"
    if build.depreciation_rate_pct is not None:
        add(f"build:{build.id}.depreciation_rate_pct", low_rate, high_rate, src)
    else:
        years = build.amortization_years
        # The resale value after the amortization years at 50 % and 40 % a year.
        lo, hi = (100 * (1 - high_rate / 100) ** years, 100 * (1 - low_rate / 100) ** years)
        add(f"build:{build.id}.residual_value_pct", lo, hi, f"{src}, over {years:g} years")


def label_of(project: Project, scenario: Scenario | None, address: str) -> str:
    """A short human label: the option's label or the entry's name, and the field."""
    kind, ident, field = parse_address(address)
    words = _WORDS.get(field) or field.replace("_usd_per_mtok", " price").replace("_pct", "")
    words = words.replace("_", " ")
    if kind == "option" and scenario is not None:
        return f"{_option(scenario, ident).label}: {words}"
    try:
        entry = _entry(project, scenario, kind, ident)
    except InferCostError:
        return address
    name = getattr(entry, "name", None) or getattr(entry, "id", ident)
    if kind == "rental":
        name = f"{entry.provider} {entry.gpu_id}"  # type: ignore[attr-defined]
    if kind == "offer":
        name = f"{entry.provider} {entry.llm_name}"  # type: ignore[attr-defined]
    return f"{name}: {words}"
