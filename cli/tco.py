"""infercost-cli tco: what an owned build costs per hour, per month and per million tokens."""

from __future__ import annotations

import argparse

from infercost import cli
from infercost.cli import args as c
from infercost.model.catalog.build import Build
from infercost.model.costing.build_readout import gpu_table
from infercost.model.costing.tco import BuildCost, build_cost, usd_per_mtok
from infercost.model.errors import InferCostError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "build", metavar="BUILD", nargs="?", help="Build id (e.g. rtx-5090-rig, 8x-h100-node)"
    )
    p.add_argument(
        "--gpu",
        metavar="ID",
        help="Instead of a build: one GPU's amortization over 2 and 3 years at both ends of "
        "its price range (the seed's section-3 table)",
    )
    p.add_argument(
        "--residual-pct",
        type=c.bounded(0, 100),
        help="Resale value at the end, %% of the purchase (replaces the build's)",
    )
    p.add_argument(
        "--depreciation-rate",
        type=c.bounded(0, 100, high_open=True),
        metavar="PCT",
        help="Value lost each year, in percent (50 means 50 %% a year; the seed: 40-50); "
        "residual = (1 - rate/100)^years",
    )
    p.add_argument("--years", type=c.bounded(0, 100, low_open=True), help="Amortization years")
    p.add_argument("--usd-per-kwh", type=c.bounded(0, 100), help="Electricity price, USD/kWh")
    p.add_argument("--utilization", type=c.share, help="Share of hours at load (energy only; 0-1)")
    p.add_argument("--price-point", choices=("low", "mid", "high"), help="Where in price ranges")
    p.add_argument(
        "--hours-per-month",
        type=c.bounded(0, 744, low_open=True),
        help="Hours in a month (default: the build's, 730 = 8760/12 unless set; the seed uses 720)",
    )
    p.add_argument(
        "--tokens-per-s",
        type=c.bounded(0, 1e9, low_open=True),
        help="Throughput of the build, for the cost per million tokens",
    )
    c.add_source_arguments(p)
    p.add_argument("--json", action="store_true", help="Print JSON")


def run(args: argparse.Namespace) -> int:
    project = c.load_source(args)
    if args.gpu is not None:
        if args.build is not None:
            raise InferCostError("give a BUILD or --gpu ID, not both")
        return _run_gpu(args, project)
    if args.build is None:
        raise InferCostError("name a BUILD (infercost-cli catalog builds lists them) or --gpu ID")
    build = _with_residual(project.catalog.build(args.build), args)
    bc = build_cost(
        build,
        project.catalog,
        years=args.years,
        usd_per_kwh=args.usd_per_kwh,
        utilization=args.utilization,
        price_point=args.price_point,
    )
    per_mtok = usd_per_mtok(bc.usd_per_hour, args.tokens_per_s) if args.tokens_per_s else None
    if args.hours_per_month is None:
        args.hours_per_month = build.hours_per_month
    if args.json:
        out = c.jsonable(bc)
        out["hours_per_month"] = args.hours_per_month
        out["usd_per_month"] = bc.usd_per_month(args.hours_per_month)
        out["tokens_per_s"] = args.tokens_per_s
        out["usd_per_mtok"] = per_mtok
        cli.print_json(out)
    else:
        print(render_text(build.name, bc, args.hours_per_month, args.tokens_per_s, per_mtok))
    return cli.EXIT_OK


def _with_residual(build: Build, args: argparse.Namespace) -> Build:
    update: dict[str, float | None] = {}
    if args.residual_pct is not None:
        update = {"residual_value_pct": args.residual_pct, "depreciation_rate_pct": None}
    if args.depreciation_rate is not None:
        update["depreciation_rate_pct"] = args.depreciation_rate
    return build.model_validate({**build.model_dump(), **update}) if update else build


def _run_gpu(args: argparse.Namespace, project) -> int:
    cat = project.catalog
    gpu = cat.gpu(args.gpu)
    if args.usd_per_kwh is not None:
        kwh = args.usd_per_kwh
    elif cat.tariffs:
        kwh = cat.tariffs[0].usd_per_kwh
    else:
        raise InferCostError("the catalog has no tariff: give --usd-per-kwh")
    years = (2.0, 3.0) if args.years is None else (args.years,)
    rows = gpu_table(
        gpu,
        cat,
        usd_per_kwh=kwh,
        years=years,
        residual_value_pct=args.residual_pct or 0.0,
        depreciation_rate_pct=args.depreciation_rate,
    )
    energy = gpu.power_w / 1000 * kwh
    if args.json:
        cli.print_json(
            {
                "gpu": gpu.id,
                "power_w": gpu.power_w,
                "usd_per_kwh": kwh,
                "energy_usd_per_hour": energy,
                "residual_value_pct": args.residual_pct or 0.0,
                "depreciation_rate_pct": args.depreciation_rate,
                "rows": [
                    {"price_point": p, "price_usd": price, "years": y, "usd_per_hour": v}
                    for p, price, y, v in rows
                ],
            }
        )
        return cli.EXIT_OK
    by = {(p, y): (price, v) for p, price, y, v in rows}
    points = ["low"] if gpu.price_low_usd == gpu.price_high_usd else ["low", "high"]
    headers = ["price", *(f"amortized $/hr ({y:g} yr)" for y in years)]
    body = [
        [f"${by[p, years[0]][0]:,.0f}", *(c.usd(by[p, y][1], 3) for y in years)] for p in points
    ]
    if args.depreciation_rate is not None:
        resale = f"residual (1 - {args.depreciation_rate:g}%)^years"
    else:
        resale = f"residual {args.residual_pct:g}%" if args.residual_pct else "no residual value"
    print(f"{gpu.name} ({gpu.id}): purchase price / (years x 8,760 h), {resale}")
    print()
    print(c.table(headers, body))
    print()
    print(f"Electricity: {gpu.power_w:g} W x ${kwh:g}/kWh = {c.usd(energy, 3)}/hr")
    return cli.EXIT_OK


def render_text(
    name: str, bc: BuildCost, hours: float, tokens_per_s: float | None, per_mtok: float | None
) -> str:
    """The bill of materials and the hourly, monthly and per-token cost."""
    scope = "GPU board power" if bc.power_scope == "gpu" else "system power at the wall"
    out = [
        f"{name} ({bc.build_id}): {bc.price_point} prices, {bc.years:g} years, "
        f"${bc.usd_per_kwh:g}/kWh, utilization {bc.utilization:.0%}, {scope}",
        "",
    ]
    rows = [
        [f"{ln.quantity} x {ln.name}", c.usd(ln.price_usd), f"{ln.load_power_w:g} W"]
        for ln in bc.lines
    ]
    rows.append(["Purchase", c.usd(bc.purchase_usd), ""])
    rows.append(["Resale value at the end (deducted)", c.usd(bc.residual_usd), ""])
    out.append(c.table(["bill of materials", "price", "load"], rows))
    out += [
        "",
        f"Power: {bc.load_power_w:,.0f} W at load, {bc.idle_power_w:,.0f} W idle, "
        f"{bc.average_power_w:,.0f} W average",
        f"Per hour: amortization {c.usd(bc.amortization_usd_per_hour, 4)} + energy "
        f"{c.usd(bc.energy_usd_per_hour, 4)} + ops {c.usd(bc.fixed_usd_per_hour, 4)} = "
        f"{c.usd(bc.usd_per_hour, 4)}",
        f"Per month ({hours:g} h): {c.usd(bc.usd_per_month(hours))}",
    ]
    if per_mtok is not None and tokens_per_s is not None:
        out.append(f"Per million tokens at {tokens_per_s:,.6g} tok/s: {c.usd(per_mtok, 4)}")
    return "\n".join(out)
