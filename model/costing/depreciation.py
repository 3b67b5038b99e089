"""What owned hardware is worth month by month: from a depreciation rate, or linearly to its
residual value (the one schedule the timeline and the own-or-rent payback both read)."""

from __future__ import annotations

import numpy as np


def resale_value(
    purchase: float,
    residual: float,
    years: float,
    rate_pct: float | None,
    elapsed_years: np.ndarray,
) -> np.ndarray:
    """What owned hardware is worth after each of ``elapsed_years``: ``purchase x (1 - rate)
    ** t`` with a depreciation rate, else linear from the purchase to ``residual`` over
    ``years`` and ``residual`` after."""
    t = np.asarray(elapsed_years, dtype=float)
    if rate_pct is not None:
        return purchase * (1.0 - rate_pct / 100.0) ** t
    return purchase - (purchase - residual) * np.minimum(t / years, 1.0)
