"""Numbers as a reader expects them ("$2.50 / Mtok", "$3,350", "575 W"): one formatter for the
catalog cells, the summary, the command line and the reports."""

from __future__ import annotations

from typing import Literal

# Money units shown after the amount: "$2.50 / Mtok", "$3.29 / hr".
MONEY_UNITS = {
    "$/Mtok": " / Mtok",
    "$/hr": " / hr",
    "$/month": " / month",
    "$/kWh": " / kWh",
    "$": "",
}


def format_number(value: float, unit: str, precision: Literal["exact", "reading"] = "exact") -> str:
    """A number with its unit: "$2.50 / Mtok", "$3,350", "575 W", "50%".

    ``exact`` (catalog cells) keeps a stored price's digits ($0.075 stays $0.075).
    ``reading`` (computed figures) rounds money to three significant digits below $1
    ($0.197 / hr, the seed's own rounding) and to cents above.
    """
    if precision == "reading" and unit in MONEY_UNITS:
        value = float(f"{value:.3g}") if 0 < abs(value) < 1 else round(value, 2)
    if unit in MONEY_UNITS:
        return f"{format_money(value, whole=unit == '$')}{MONEY_UNITS[unit]}"
    if unit == "%":
        return f"{value:g}%"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"
    return f"{text} {unit}" if unit else text


def format_money(value: float, whole: bool = False) -> str:
    """Dollars: "$3,350" (``whole`` amounts without cents), "$2.50", sub-cent "$0.075"."""
    sign = "-" if value < 0 else ""
    v = abs(value)
    if whole and float(v).is_integer():
        return f"{sign}${v:,.0f}"
    if round(v, 2) == v or v >= 100:
        return f"{sign}${v:,.2f}"
    # Sub-cent prices ($0.075 / Mtok) keep their digits instead of rounding to $0.08.
    return f"{sign}${v:,.6f}".rstrip("0")


def format_tokens(v: float) -> str:
    """Tokens as a reader says them: 250M, 6.02B, 1.5T (and 1e+18 past a thousand T)."""
    v = float(f"{v:.3g}")  # 999.9M rounds to 1B, not to "1e+03M"
    if abs(v) >= 1e15:
        return f"{v:.3g}"
    for div, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(v) >= div:
            return f"{v / div:.3g}{unit}"
    return f"{v:.3g}"


def usd(v: float | None, digits: int = 2) -> str:
    """Dollars at a fixed number of cents, as tables and the command line print them:
    $1,792.80, -$1,340.00; a dash for no value."""
    if v is None:
        return "-"
    text = f"${abs(v):,.{digits}f}"
    return "-" + text if v < 0 and text.strip("$0.,") else text


def format_money_short(v: float) -> str:
    """$0.01, $1, $100, $10K, $1.5M: short dollar labels for chart ticks and markers."""
    if v >= 1e3:
        return "$" + format_tokens(v)
    if v >= 1:
        return f"${v:.3g}"
    return f"${v:.2g}"
