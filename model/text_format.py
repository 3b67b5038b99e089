"""Dollars as the command line, the scenarios view and the advisor print them: "$1,792.80"."""

from __future__ import annotations


def usd(v: float | None, digits: int = 2) -> str:
    """$1,792.80, -$1,340.00; a dash for no value."""
    if v is None:
        return "-"
    text = f"${abs(v):,.{digits}f}"
    return "-" + text if v < 0 and text.strip("$0.,") else text
