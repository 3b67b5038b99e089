"""Excel formulas that mirror the model's cost formulas cell by cell.

Each function returns formula text for one row of an option's column on a scenario sheet (or a
build's row on the Builds sheet). ``a(key)`` gives the address of another row of the same
column, ``w(key)`` the workload input (a defined name or a cell), ``ix(field)`` an
``INDEX(...)`` of the option's catalog row. Only functions Excel and LibreOffice both evaluate
are used: IF, AND, OR, ISNUMBER, INDEX, MATCH, MAX, MIN, ROUNDUP, SUM, SUMIF, SUMPRODUCT,
COUNT, IFERROR.

Mirrors: model/costing/pricing.py ``blended_usd_per_mtok`` (tier, caching, batch, markup, routing),
model/costing/curves.py ``cost_function`` and ``option_cost_at`` (rental always-on and per-use,
owned with either energy basis, units = MAX(1, ROUNDUP(V / capacity))), model/costing/tco.py
``build_cost`` (amortization over 8,760-hour years, energy at average power, ops).
"""

from __future__ import annotations

from collections.abc import Callable

from infercost.model.costing.curves import SECONDS_PER_HOUR
from infercost.model.costing.tco import GPU_IDLE_FRACTION, HOURS_PER_YEAR, PART_IDLE_FRACTION

# The model's constants, written once on the Inputs sheet under these names (no number typed
# into a formula but the unit conversions 100 %, 12 months, 1,000 W/kW and 10^6 tokens/Mtok).
CONSTANTS: tuple[tuple[str, float, str, str], ...] = (
    ("SecondsPerHour", SECONDS_PER_HOUR, "s/h", "seconds in an hour"),
    ("HoursPerYear", HOURS_PER_YEAR, "h", "hours in a year for amortization (365 x 24)"),
    (
        "GpuIdleShare",
        GPU_IDLE_FRACTION,
        "0-1",
        "a GPU's idle power as a share of its load power, where the catalog gives none",
    ),
    ("PartIdleShare", PART_IDLE_FRACTION, "0-1", "a non-GPU part's idle power, share of load"),
    ("GridSpan", 10.0, "x", "the chart's volume grid spans at least this many times its start"),
)

Addr = Callable[[str], str]

# Option-table rows: key, label, unit. The same rows for every option kind; a row that does
# not apply to an option is left empty in its column.
OPTION_ROWS: tuple[tuple[str, str, str], ...] = (
    ("label", "Option", ""),
    ("kind", "Kind", ""),
    ("id", "Catalog ID", ""),
    ("row", "Catalog row (lookup)", ""),
    ("markup_id", "Platform markup ID", ""),
    ("markup_point", "Markup point (low, mid, high)", ""),
    ("p_in", "Input price for this prompt", "$/Mtok"),
    ("p_out", "Output price for this prompt", "$/Mtok"),
    ("p_cache", "Cached input price", "$/Mtok"),
    ("list", "List price (input/output split)", "$/Mtok"),
    ("caching", "After prompt caching", "$/Mtok"),
    ("batch", "After batch API", "$/Mtok"),
    ("markup_pct", "Platform markup", "%"),
    ("markup", "After platform markup", "$/Mtok"),
    ("routed", "Routing offer price", "$/Mtok"),
    ("final", "Blended API price", "$/Mtok"),
    ("price", "Price (on_demand, discounted)", ""),
    ("mode", "Mode (always_on, per_use)", ""),
    ("instances", "Instances per unit", "count"),
    ("on_hours", "Share of hours on (always-on)", "0-1"),
    ("energy_basis", "Energy basis (build, volume)", ""),
    ("prefill", "Prefill rate of one unit", "tok/s"),
    ("decode", "Decode rate of one unit (all sequences)", "tok/s"),
    ("tps_typed", "Throughput typed (pinned or measured)", "tok/s"),
    ("tps", "Throughput of one unit at InputShare", "tok/s"),
    ("util", "Utilization (usable share)", "0-1"),
    ("unit_hr", "Cost of a unit-hour", "$/hr"),
    ("paid", "Paid hours per unit", "h/month"),
    ("cap", "Capacity of one unit", "tokens/month"),
    ("fixed", "Fixed cost per unit", "$/month"),
    ("var", "Variable cost", "$/Mtok"),
    ("volume", "Volume", "tokens/month"),
    ("units", "Units needed", "count"),
    ("fixed_usd", "Fixed cost", "$/month"),
    ("var_usd", "Variable cost", "$/month"),
    ("cost", "Monthly cost", "$/month"),
    ("per_mtok", "Cost per million tokens", "$/Mtok"),
    ("quality", "Quality tier", ""),
    ("quality_rank", "Quality rank (higher is better)", ""),
    ("comparable", "Meets the quality needed", "1 yes, 0 no"),
    ("feasible", "Feasible (InferCost's check)", "1 yes, 0 no"),
    ("eligible", "Cost if comparable and feasible", "$/month"),
    ("rank", "Rank (comparable, feasible)", "1 = cheapest"),
    ("upfront", "Upfront purchase (owned units)", "$"),
    ("running", "Running cost, no amortization", "$/month"),
    ("payg", "Eligible, paid as you go", "$/month"),
    ("payback", "Payback month (vs pay as you go)", "month"),
)
# Rows that hold a typed input (styled as input cells), per option kind.
INPUT_ROWS = {
    "api": ("id", "markup_id", "markup_point"),
    "routing": (),
    "rental": ("id", "price", "mode", "instances", "on_hours", "prefill", "decode", "tps_typed",
               "util"),
    "owned": ("id", "energy_basis", "prefill", "decode", "tps_typed", "util"),
}  # fmt: skip
# Rows typed for every kind: InferCost's judgement of the option, which a sheet cannot make.
JUDGED_ROWS = ("quality", "feasible")


def catalog_row(a: Addr, ids: str) -> str:
    return f"=MATCH({a('id')},{ids},0)"


def routing_row(a: Addr, ids: str) -> str:
    """The routing offer's catalog row, empty while no routing offer is named."""
    return f'=IF({a("id")}="","",MATCH({a("id")},{ids},0))'


def api_rows(a: Addr, w: Addr, ix: Addr, markup: Addr | None, routed: str | None) -> dict:
    """Formulas of an API option (``markup`` None for the routing offer's own column).

    ``markup(field)`` is an INDEX into the markups sheet at MATCH(markup id); ``routed`` is the
    address of the routing offer's direct price, or None when the workload routes nowhere.
    """
    thr = ix("long_context_threshold_tokens")
    lc_in, lc_out = ix("long_context_input_usd_per_mtok"), ix("long_context_output_usd_per_mtok")
    pin, pout, pc = (
        ix("input_usd_per_mtok"),
        ix("output_usd_per_mtok"),
        ix("cached_input_usd_per_mtok"),
    )
    long = f"ISNUMBER({thr}),{w('prompt')}>{thr}"
    s_in, k, b = w("input_share"), w("cached_input_share"), w("batch_share")
    rows = {
        "p_in": f"=IF(AND({long},ISNUMBER({lc_in})),{lc_in},{pin})",
        "p_out": f"=IF(AND({long},ISNUMBER({lc_out})),{lc_out},{pout})",
        # The catalog carries no long-context cache rate: it scales like the input rate.
        "p_cache": (
            f"=IF(ISNUMBER({pc}),IF(AND({long},ISNUMBER({lc_in}),{pin}>0),{pc}*{lc_in}/{pin},"
            f"{pc}),{a('p_in')})"
        ),
        "list": f"={s_in}*{pin}+(1-{s_in})*{pout}",
        "caching": (f"={s_in}*((1-{k})*{a('p_in')}+{k}*{a('p_cache')})+(1-{s_in})*{a('p_out')}"),
        "batch": f"={a('caching')}*(1-{b}*{ix('batch_discount_pct')}/100)",
    }
    if markup is None:
        return rows
    point = a("markup_point")
    lo, hi = markup("markup_low_pct"), markup("markup_high_pct")
    rows["markup_pct"] = (
        f'=IF({a("markup_id")}="",0,IF({point}="low",{lo},IF({point}="high",{hi},({lo}+{hi})/2)))'
    )
    rows["markup"] = f"={a('batch')}*(1+{a('markup_pct')}/100)"
    share = w("routing_share")
    if routed is None:
        rows["routed"] = '=""'
        rows["final"] = f"={a('markup')}"
    else:
        rows["routed"] = f"={routed}"
        rows["final"] = (
            f'=IF(AND({share}>0,{w("routing_offer")}<>""),(1-{share})*{a("markup")}'
            f"+{share}*{a('routed')},{a('markup')})"
        )
    rows.update({"paid": '=""', "cap": '=""', "fixed": "=0", "var": f"={a('final')}"})
    return rows


def rental_rows(a: Addr, w: Addr, ix: Addr) -> dict:
    """Formulas of a rental option: price of a unit-hour, always-on or per-use."""
    lo, hi = ix("on_demand_low_usd_per_hour"), ix("on_demand_high_usd_per_hour")
    per_use = f'{a("mode")}="per_use"'
    tph = f"{a('tps')}*SecondsPerHour"
    return {
        "unit_hr": (
            f'=IF({a("price")}="discounted",{ix("discounted_usd_per_hour")},({lo}+{hi})/2)'
            f'*IF({ix("price_basis")}="gpu-hour",{ix("gpus_per_instance")},1)*{a("instances")}'
        ),
        "paid": f'=IF({per_use},"",{w("hours")}*{a("on_hours")})',
        "cap": f'=IF({per_use},"",{tph}*{a("paid")}*{a("util")})',
        "fixed": f"=IF({per_use},0,{a('unit_hr')}*{a('paid')})",
        "var": f"=IF({per_use},{a('unit_hr')}/({tph}*{a('util')})*1000000,0)",
    }


def owned_rows(a: Addr, w: Addr, build: Addr) -> dict:
    """Formulas of an owned build: ``build(column)`` reads the build's row on the Builds sheet."""
    volume = f'{a("energy_basis")}="volume"'
    idle_hour = f"{build('amort')}+{build('fixed_hr')}+{build('idle_e')}"
    tph = f"{a('tps')}*SecondsPerHour"
    return {
        "unit_hr": f"=IF({volume},{idle_hour},{build('usd_hr')})",
        "paid": f"={w('hours')}",
        "cap": f"={tph}*{w('hours')}*{a('util')}",
        "fixed": f"={a('unit_hr')}*{w('hours')}",
        "var": f"=IF({volume},({build('load_e')}-{build('idle_e')})/({tph})*1000000,0)",
    }


def throughput_formula(a: Addr, w: Addr) -> str:
    """tok/s of one unit: the blend of prefill and decode at InputShare (roofline.py
    blended_tokens_per_s: GPU time per token is shared), else the typed figure."""
    s, p, d = w("input_share"), a("prefill"), a("decode")
    return f"=IF(AND(ISNUMBER({p}),ISNUMBER({d})),1/({s}/{p}+(1-{s})/{d}),{a('tps_typed')})"


def choice_rows(
    a: Addr, needed: str, tiers: str, ranks: str, every: str, upto: str, kind: str
) -> dict:
    """Quality, eligibility and rank rows of one option (evaluation.py: the cheapest is the
    cheapest comparable, feasible, costed option; ties go to the first).

    ``needed`` is the scenario's quality-needed cell, ``tiers``/``ranks`` the tier table's
    columns, ``every`` the eligible row across the scenario's options and ``upto`` that row
    up to this option (ties rank by order), ``kind`` the option's kind (an owned option is
    not paid as it goes: :func:`owned_choice_rows` gives its upfront cash and payback).
    """
    q = a("quality")
    need_rank = f"INDEX({ranks},MATCH({needed},{tiers},0))"
    e = a("eligible")
    rows = {
        "quality_rank": f'=IF({q}="","",INDEX({ranks},MATCH({q},{tiers},0)))',
        "comparable": f'=IF(OR({needed}="",{q}=""),1,IF({a("quality_rank")}>={need_rank},1,0))',
        "eligible": (
            f'=IF(AND({a("comparable")}=1,{a("feasible")}=1,ISNUMBER({a("cost")})),{a("cost")},"")'
        ),
        "rank": (
            f"=IF(ISNUMBER({e}),SUMPRODUCT(ISNUMBER({every})*({every}<{e}))"
            f'+SUMPRODUCT(ISNUMBER({upto})*({upto}={e})),"")'
        ),
        "payg": '=""' if kind == "owned" else f"={e}",
        "upfront": '=""',
        "running": '=""',
        "payback": '=""',
    }
    return rows


def owned_choice_rows(a: Addr, purchase: str, amort: str, payg: str) -> dict:
    """Upfront cash, running cost and payback month of an owned option (evaluation.py
    _with_payback, payback.py payback_month): purchase / (cheapest pay-as-you-go - running)."""
    saving = f"MIN({payg})-{a('running')}"
    return {
        "upfront": f"={a('units')}*{purchase}",
        "running": f"={a('cost')}-{a('units')}*{amort}*{a('paid')}",
        "payback": (f'=IF(COUNT({payg})=0,"",IF({saving}>0,{a("upfront")}/({saving}),"never"))'),
    }


def pick_formula(labels: str, ranks: str, k: int) -> str:
    """The label of the option ranked ``k`` (1 = cheapest), "none" when there is none."""
    return f'=IFERROR(INDEX({labels},MATCH({k},{ranks},0)),"none")'


def units_formula(volume: str, cap: str) -> str:
    """Units needed at a volume: 0 without a capacity, else at least one (curves.py units)."""
    return f"IF(ISNUMBER({cap}),MAX(1,ROUNDUP({volume}/{cap},0)),0)"


def cost_formula(volume: str, cap: str, fixed: str, var: str) -> str:
    """Monthly cost at a volume: units x fixed per unit + volume x variable per token."""
    return f"={units_formula(volume, cap)}*{fixed}+{volume}*{var}/1000000"


def at_volume_rows(a: Addr, volume: str) -> dict:
    return {
        "volume": f"={volume}",
        "units": f"={units_formula(a('volume'), a('cap'))}",
        "fixed_usd": f"={a('units')}*{a('fixed')}",
        "var_usd": f"={a('volume')}*{a('var')}/1000000",
        "cost": f"={a('fixed_usd')}+{a('var_usd')}",
        "per_mtok": f'=IF({a("volume")}>0,{a("cost")}/{a("volume")}*1000000,"")',
    }


def breakeven_formula(fa: str, ca: str, capa: str, fb: str, cb: str, capb: str) -> str:
    """V* where one unit of each costs the same (breakeven.py single_unit_breakeven).

    The fixed part counts only for an option with a capacity; "none" when the lines never
    meet at a positive volume.
    """
    one_a = f"IF(ISNUMBER({capa}),{fa},0)"
    one_b = f"IF(ISNUMBER({capb}),{fb},0)"
    v = f"(({one_b})-({one_a}))/(({ca})-({cb}))*1000000"
    return f'=IF(({ca})=({cb}),"none",IF({v}>0,{v},"none"))'


def within_capacity_formula(v: str, capa: str, capb: str) -> str:
    """Whether V* lies within one unit's capacity of both options (no step before it)."""
    within = f"IF(ISNUMBER({capa}),{v}<={capa},TRUE),IF(ISNUMBER({capb}),{v}<={capb},TRUE)"
    return f'=IF(ISNUMBER({v}),IF(AND({within}),"yes","no"),"")'


def grid_volume(lo: str, hi: str, k: str, last: str) -> str:
    """The volume at point ``k`` (a cell) of log-spaced points 0..``last`` from lo to hi
    (curves.py volume_grid): the same formula down the column."""
    return f"={lo}*({hi}/{lo})^({k}/{last})"


# --- builds -------------------------------------------------------------------------------

BUILD_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("id", "Build ID", ""),
    ("name", "Name", ""),
    ("row", "Settings row (lookup)", ""),
    ("purchase", "Purchase", "$"),
    ("residual", "Residual value", "$"),
    ("gpu_load", "GPU load power", "W"),
    ("other_load", "Other load power", "W"),
    ("gpu_idle", "GPU idle power", "W"),
    ("other_idle", "Other idle power", "W"),
    ("load_w", "Load power (scope)", "W"),
    ("idle_w", "Idle power (scope)", "W"),
    ("avg_w", "Average power", "W"),
    ("kwh", "Electricity price", "$/kWh"),
    ("amort", "Amortization", "$/hr"),
    ("energy", "Energy", "$/hr"),
    ("fixed_hr", "Operations and colocation", "$/hr"),
    ("usd_hr", "Cost of an hour", "$/hr"),
    ("load_e", "Energy of a loaded hour", "$/hr"),
    ("idle_e", "Energy of an idle hour", "$/hr"),
    ("usd_month", "Cost of a month", "$/month"),
)


def build_rows(
    b: Addr, s: Addr, lines: dict[str, str], kwh_override: str, tariff: Addr, hours: str
):
    """Formulas of a build's row: ``s(field)`` reads its Build settings row, ``lines`` holds the
    ranges of its bill of materials (price, load, idle, flag), ``tariff(field)`` an INDEX into
    the tariffs sheet at MATCH(the build's tariff_id)."""
    price, load, idle, flag = lines["price"], lines["load"], lines["idle"], lines["flag"]
    gpu_scope = f'{s("power_scope")}="gpu"'
    wall = f"{s('pue')}/{s('psu_efficiency')}"
    util = s("utilization")
    own = s("usd_per_kwh")
    return {
        "purchase": f"=SUM({price})",
        # tco.py residual_share: (1 - rate)^years with a depreciation rate, else the share.
        "residual": (
            f"={b('purchase')}*IF(ISNUMBER({s('depreciation_rate_pct')}),"
            f"(1-{s('depreciation_rate_pct')}/100)^{s('amortization_years')},"
            f"{s('residual_value_pct')}/100)"
        ),
        "gpu_load": f'=SUMIF({flag},"GPU",{load})',
        "other_load": f"=SUM({load})-{b('gpu_load')}",
        "gpu_idle": f'=SUMIF({flag},"GPU",{idle})',
        "other_idle": f"=SUM({idle})-{b('gpu_idle')}",
        "load_w": f"=IF({gpu_scope},{b('gpu_load')},({b('gpu_load')}+{b('other_load')})*{wall})",
        "idle_w": f"=IF({gpu_scope},{b('gpu_idle')},({b('gpu_idle')}+{b('other_idle')})*{wall})",
        "avg_w": f"={util}*{b('load_w')}+(1-{util})*{b('idle_w')}",
        "kwh": (
            f"=IF(ISNUMBER({kwh_override}),{kwh_override},IF(ISNUMBER({own}),{own},"
            f"{tariff('usd_per_kwh')}))"
        ),
        "amort": (f"=({b('purchase')}-{b('residual')})/({s('amortization_years')}*HoursPerYear)"),
        "energy": f"={b('avg_w')}/1000*{b('kwh')}",
        "fixed_hr": (
            f"=({s('ops_usd_per_month')}+{s('colocation_usd_per_month')})*12/HoursPerYear"
        ),
        "usd_hr": f"={b('amort')}+{b('energy')}+{b('fixed_hr')}",
        "load_e": f"={b('load_w')}/1000*{b('kwh')}",
        "idle_e": f"={b('idle_w')}/1000*{b('kwh')}",
        "usd_month": f"={b('usd_hr')}*{hours}",
    }


def unit_price_formula(point: str, lo: str, hi: str) -> str:
    """A part's price at the build's price point (entries.py PricedItem.price_usd)."""
    return f'=IF({point}="low",{lo},IF({point}="high",{hi},({lo}+{hi})/2))'


def gpu_idle_formula(qty: str, idle: str, load_each: str) -> str:
    """A GPU line's idle draw: the catalog's idle power, else 10% of load (tco.py)."""
    return f"={qty}*IF(ISNUMBER({idle}),{idle},GpuIdleShare*{load_each})"


def part_idle_formula(qty: str, load_each: str) -> str:
    """A non-GPU line's idle draw: 30% of its load (tco.py PART_IDLE_FRACTION)."""
    return f"={qty}*PartIdleShare*{load_each}"
