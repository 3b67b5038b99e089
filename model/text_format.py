"""Token volumes and dollars as the scenarios view, the advisor and their CLI print them."""

from __future__ import annotations


def tokens(v: float) -> str:
    """250M, 6.02B, 1.5T (and 1e+18 past a thousand T)."""
    if abs(v) >= 1e15:
        return f"{v:.3g}"
    for div, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(v) >= div:
            return f"{v / div:.3g}{unit}"
    return f"{v:.3g}"


def usd(v: float | None, digits: int = 2) -> str:
    """$1,792.80; a dash for no value."""
    if v is None:
        return "-"
    text = f"${abs(v):,.{digits}f}"
    return "-" + text if v < 0 and text.strip("$0.,") else text
