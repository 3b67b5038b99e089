"""infercost-cli tco: what an owned build costs per hour, per month and per million tokens."""

from __future__ import annotations

import argparse

from infercost.gui import cli
from infercost.gui.cli import args as c
from infercost.model.tco import BuildCost, build_cost, usd_per_mtok


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("build", metavar="BUILD", help="Build id (e.g. rtx-5090-rig, 8x-h100-node)")
    p.add_argument("--years", type=c.bounded(0, 100, low_open=True), help="Amortization years")
    p.add_argument("--usd-per-kwh", type=c.bounded(0, 100), help="Electricity price, USD/kWh")
    p.add_argument("--utilization", type=c.share, help="Share of hours at load (energy only; 0-1)")
    p.add_argument("--price-point", choices=("low", "mid", "high"), help="Where in price ranges")
    p.add_argument(
        "--hours-per-month",
        type=c.bounded(0, 744, low_open=True),
        default=730.0,
        help="Hours in a month (default 730 = 8760/12; the seed uses 720)",
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
    build = project.catalog.build(args.build)
    bc = build_cost(
        build,
        project.catalog,
        years=args.years,
        usd_per_kwh=args.usd_per_kwh,
        utilization=args.utilization,
        price_point=args.price_point,
    )
    per_mtok = usd_per_mtok(bc.usd_per_hour, args.tokens_per_s) if args.tokens_per_s else None
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
    rows.append(["Residual value", c.usd(-bc.residual_usd), ""])
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
