"""Figures in words for sentences that the CLI, the charts and reports share."""

from __future__ import annotations


def tokens(v: float) -> str:
    """250M, 6.02B, 1.5T (and 1e+18 past a thousand T)."""
    v = float(f"{v:.3g}")  # 999.9M rounds to 1B, not to "1e+03M"
    if abs(v) >= 1e15:
        return f"{v:.3g}"
    for div, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(v) >= div:
            return f"{v / div:.3g}{unit}"
    return f"{v:.3g}"
