"""Shared pieces of the CLI subcommands: value types, project and workload flags, output."""

from __future__ import annotations

import argparse
import dataclasses
import math
import re
import sys
from collections.abc import Callable
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

# Re-exported: the light helpers live in common.py, so `catalog` need not import this module.
from infercost.cli.common import (  # noqa: F401
    add_source_arguments,
    load_catalog_source,
    load_source,
    table,
)
from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import (
    MAX_TOKENS_PER_MONTH,
    ApiOption,
    OwnedOption,
    RentalOption,
    Scenario,
    ScenarioOption,
    Workload,
)
from infercost.model.errors import InferCostError, UnknownIdError
from infercost.model.formatting import format_tokens as tokens  # noqa: F401 (for subcommands)
from infercost.model.formatting import usd  # noqa: F401 (re-exported for the subcommands)

_SUFFIX = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12}
_VOLUME = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*([kmbgt]?)\s*$", re.IGNORECASE)


# --- value types: argparse names the flag in its message when these raise ----------------------


def volume(text: str) -> float:
    """Tokens per month: a number, with an optional K/M/B/T suffix (250M, 6B, 1e9)."""
    m = _VOLUME.match(text)
    if not m:
        raise argparse.ArgumentTypeError(f"expected tokens such as 250M, 6B or 1e9, got {text!r}")
    value = float(m.group(1)) * _SUFFIX[m.group(2).lower()]
    if not math.isfinite(value) or value > MAX_TOKENS_PER_MONTH:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_TOKENS_PER_MONTH:g}, got {text!r}")
    return value


def positive_volume(text: str) -> float:
    """A volume above zero."""
    value = volume(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be above 0, got {text!r}")
    return value


def share(text: str) -> float:
    """A fraction 0-1 (a trailing % divides by 100)."""
    value = _number(text[:-1]) / 100 if text.strip().endswith("%") else _number(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (or 0-100%), got {text!r}")
    return value


def bounded(
    low: float, high: float, *, low_open: bool = False, high_open: bool = False
) -> Callable[[str], float]:
    """A number type limited to [low, high] (open at an end when ``low_open``/``high_open``)."""

    def parse(text: str) -> float:
        value = _number(text)
        too_low = value <= low if low_open else value < low
        too_high = value >= high if high_open else value > high
        if too_low or too_high:
            side = "above" if low_open else "at least"
            top = "below" if high_open else "at most"
            raise argparse.ArgumentTypeError(
                f"must be {side} {low:g} and {top} {high:g}, got {text!r}"
            )
        return value

    return parse


def whole(high: int) -> Callable[[str], int]:
    """A whole number from 1 to ``high`` (the request model's limits)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if not 1 <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from 1 to {high:,}, got {value:,}")
        return value

    return parse


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


# --- project, workload and options -------------------------------------------------------------


def add_output_arguments(p: argparse.ArgumentParser) -> None:
    """--out / --dry-run, --project / --catalog and --json: every import's flags."""
    p.add_argument(
        "--out",
        metavar="FILE",
        help="Write the merged project here (default: back to --project; with neither, "
        "nothing is written)",
    )
    p.add_argument("--dry-run", action="store_true", help="Only preview; write nothing")
    add_source_arguments(p)
    p.add_argument("--json", action="store_true", help="Print the preview as JSON")


WORKLOAD_FLAGS: dict[str, str] = {
    "input_share": "--input-share",
    "cached_input_share": "--cached-share",
    "batch_share": "--batch-share",
    "routing_share": "--routing-share",
    "routing_offer_id": "--routing-offer",
    "prompt_tokens": "--prompt-tokens",
    "hours_per_month": "--hours-per-month",
}


def add_workload_arguments(p: argparse.ArgumentParser) -> None:
    """The workload and the seed's section-5 strategies as flags."""
    g = p.add_argument_group("workload (overrides the scenario's or --workload's values)")
    g.add_argument("--workload", metavar="ID", help="Workload id in the project")
    g.add_argument("--input-share", type=share, help="Share of tokens that are input (0-1)")
    g.add_argument("--cached-share", type=share, help="Share of input read from the prompt cache")
    g.add_argument("--batch-share", type=share, help="Share of traffic through the batch API")
    g.add_argument("--routing-share", type=share, help="Share of tokens routed to --routing-offer")
    g.add_argument("--routing-offer", metavar="ID", help="Cheaper API offer for routed tokens")
    g.add_argument("--prompt-tokens", type=int, help="Typical prompt length (long-context tiers)")
    g.add_argument(
        "--hours-per-month",
        type=bounded(0, 744, low_open=True),
        help="Hours in a month (default 730; the seed uses 720)",
    )


def resolve_workload(
    project: Project, args: argparse.Namespace, default_id: str | None
) -> Workload:
    """The workload to price (--workload, the scenario's, or a default) with the flags applied."""
    wid = args.workload or default_id
    base = project.workload(wid) if wid else Workload(id="cli", name="Command line")
    updates = {
        field: getattr(args, flag[2:].replace("-", "_"))
        for field, flag in WORKLOAD_FLAGS.items()
        if getattr(args, flag[2:].replace("-", "_")) is not None
    }
    if args.routing_offer is not None:
        project.catalog.offer(args.routing_offer)
    try:
        return Workload.model_validate({**base.model_dump(), **updates})
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        field = str(err["loc"][0]) if err["loc"] else ""
        flag = WORKLOAD_FLAGS.get(field, field)
        raise InferCostError(f"{flag}: {err['msg']}") from None


OPTION_HELP = (
    "An option to compare: ID[,key=value...]; ID is an API offer, GPU rental or build id. "
    "API keys: markup=ID, point=low|mid|high. Rental keys: tps=TOK_S, price=on_demand|"
    "discounted, mode=always_on|per_use, util=0-1, hours=0-1 (share of hours on), instances=N. "
    "Build keys: tps=TOK_S, util=0-1 (default 0.7), energy=build|volume. Rentals and builds "
    "without tps= are estimated from llm=ID, quant=ID, batch=N, context=N; a tps= above the "
    "physical ceiling is not used unless own=yes (use my figure). Any: label=TEXT. Repeat it."
)

# What a self-hosted unit serves: without tps=, its throughput comes from these.
_SERVED = {
    "llm": "llm_id",
    "quant": "quant_id",
    "batch": "concurrency",
    "context": "context_tokens",
    "own": "use_own_figure",
}
_KEYS: dict[type[BaseModel], dict[str, str]] = {
    ApiOption: {"markup": "markup_id", "point": "markup_point"},
    RentalOption: {
        "tps": "tokens_per_s",
        "price": "price",
        "mode": "mode",
        "util": "utilization",
        "hours": "on_hours_share",
        "instances": "instances",
        **_SERVED,
    },
    OwnedOption: {
        "tps": "tokens_per_s",
        "util": "utilization",
        "energy": "energy_basis",
        **_SERVED,
    },
}


_YES_NO = {"yes": True, "true": True, "y": True, "no": False, "false": False, "n": False}


def _is_flag_field(cls: type[BaseModel], name: str) -> bool:
    from infercost.model.catalog.base import is_flag

    info = cls.model_fields.get(name)
    return info is not None and is_flag(info.annotation)


def parse_option(project: Project, spec: str) -> ScenarioOption:
    """Turn ``ID[,key=value...]`` into a labelled option, naming the flag and key on error."""
    head, *pairs = [part.strip() for part in spec.split(",")]
    cat = project.catalog
    offers = {o.id for o in cat.api_offers + cat.hosted_offers}
    rentals = {r.id for r in cat.gpu_rentals}
    builds = {b.id for b in cat.builds}
    if head in offers:
        cls, data = ApiOption, {"offer_id": head}
    elif head in rentals:
        cls, data = RentalOption, {"rental_id": head}
    elif head in builds:
        cls, data = OwnedOption, {"build_id": head}
    else:
        raise UnknownIdError("API offer, GPU rental or build", head, offers | rentals | builds)
    label = head
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip().lower()
        if key == "label" and sep:
            label = value.strip()
            continue
        if not sep or key not in _KEYS[cls]:
            allowed = ", ".join([*_KEYS[cls], "label"])
            raise InferCostError(
                f"--option {spec!r}: unknown key {key!r} for {head} (use {allowed})"
            )
        data[_KEYS[cls][key]] = (
            value.strip().replace("-", "_") if key in ("mode", "price") else value
        )
        if _is_flag_field(cls, _KEYS[cls][key]):  # typed by a person: yes/no read here
            word = value.strip().lower()
            if word not in _YES_NO:
                raise InferCostError(f"--option {spec!r}: {key} is yes or no, not {value!r}")
            data[_KEYS[cls][key]] = _YES_NO[word]
    try:
        opt = cls.model_validate(data)
        option = ScenarioOption(label=label or head, option=opt)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        field = str(err["loc"][-1]) if err["loc"] else ""
        key = next((k for k, f in _KEYS[cls].items() if f == field), field)
        # A model-level rule (llm without quant) has no field: do not print an empty key.
        where = f"{key}: " if key else ""
        msg = str(err["msg"]).removeprefix("Value error, ")
        raise InferCostError(f"--option {spec!r}: {where}{msg}") from None
    if isinstance(opt, ApiOption) and opt.markup_id is not None:
        cat.markup(opt.markup_id)
    return option


def add_costing_arguments(
    p: argparse.ArgumentParser, volume_flag: str, volume_type: Callable[[str], float], help: str
) -> None:
    """The flags ``cost`` and ``breakeven`` share: options, one volume flag, workload, source."""
    add_option_arguments(p)
    p.add_argument(volume_flag, type=volume_type, help=help)
    add_workload_arguments(p)
    add_source_arguments(p)
    p.add_argument("--json", action="store_true", help="Print JSON")


def add_option_arguments(p: argparse.ArgumentParser) -> None:
    """--scenario or repeated --option."""
    p.add_argument("--scenario", metavar="ID", help="Scenario id in the project (its options)")
    p.add_argument("--option", action="append", default=[], metavar="SPEC", help=OPTION_HELP)


def resolve_options(
    project: Project, args: argparse.Namespace, least: int
) -> tuple[list[ScenarioOption], str | None]:
    """The options to price and the workload id they default to."""
    options: list[ScenarioOption] = []
    wid = None
    if args.scenario:
        scenario = project.scenario(args.scenario)
        options.extend(scenario.options)
        wid = scenario.workload_id
    options.extend(parse_option(project, spec) for spec in args.option)
    if len(options) < least:
        known = ", ".join(s.id for s in project.scenarios) or "none in this project"
        raise InferCostError(
            f"give --scenario ID or at least {least} --option (scenarios: {known})"
        )
    labels = [o.label for o in options]
    dupes = sorted({x for x in labels if labels.count(x) > 1})
    if dupes:
        raise InferCostError(
            f"--option: label {dupes[0]!r} is used twice; add label=... to tell them apart"
        )
    return options, wid


def resolve_scenario(
    project: Project, args: argparse.Namespace, least: int, volume_max: float | None = None
) -> tuple[Project, Scenario]:
    """The project and scenario the command evaluates: --scenario (with any --option added)
    or an ad-hoc scenario of the --option list, its workload with the flags applied, so that
    every command reads the same evaluation (quality, feasibility, pinned-figure checks)."""
    options, wid = resolve_options(project, args, least)
    workload = resolve_workload(project, args, wid)
    others = [w for w in project.workloads if w.id != workload.id]
    changed = project.model_copy(update={"workloads": [*others, workload]})
    if args.scenario:
        base = project.scenario(args.scenario)
        update: dict[str, Any] = {"options": options}
        if volume_max is not None:
            update["volume_max_tokens"] = volume_max
        return changed, base.model_copy(update=update)
    scenario = Scenario(
        id="cli",
        name="Command line",
        workload_id=workload.id,
        options=options,
        volume_max_tokens=volume_max if volume_max is not None else 1e12,
    )
    return changed, scenario


# --- output ------------------------------------------------------------------------------------


def jsonable(obj: Any) -> Any:
    """Dataclasses, pydantic models and numpy values as plain JSON (non-finite floats as null)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    if isinstance(obj, Enum):
        return obj.value
    # numpy is imported only by the commands that compute curves: a listing never pays for it.
    np = sys.modules.get("numpy")
    if np is not None and isinstance(obj, np.ndarray):
        return [jsonable(x) for x in obj.tolist()]
    if np is not None and isinstance(obj, np.generic):
        return jsonable(obj.item())
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [jsonable(x) for x in obj]
    return obj
