"""The lower envelope of a break-even analysis: the volumes where the cheapest of a set of
options changes as volume grows, with the option on each side."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from infercost.model.costing.breakeven import BreakEven


@dataclass(frozen=True, slots=True)
class EnvelopeChange:
    """A volume where the cheapest comparable feasible option changes as volume grows."""

    volume_tokens: float
    before: str
    after: str
    before_index: int
    after_index: int
    kind: str
    usd_per_month: float


def lower_envelope(
    be: BreakEven, eligible: list[bool], indices: list[int] | None = None
) -> tuple[EnvelopeChange, ...]:
    """The volumes in (0, range end] where the cheapest of the ``eligible`` functions of ``be``
    changes, with the option on each side.

    The order of two options changes only at one of their crossings, so the cheapest is
    constant between consecutive crossing volumes of the eligible options: it is found at each
    interval's middle, and a change between two intervals lies at the crossing that separates
    them. ``indices`` maps the functions to option indices (default: their positions).
    """
    funcs = be.functions
    keep = np.flatnonzero(np.asarray(eligible, dtype=bool))
    if keep.size < 2 or be.found is None:
        return ()
    idx = list(range(len(funcs))) if indices is None else indices
    f = be.found
    ok = np.zeros(len(funcs), dtype=bool)
    ok[keep] = True
    mask = ok[f.a] & ok[f.b]
    vols = np.unique(f.volume[mask])
    vols = vols[(vols > 0) & (vols <= be.volume_max_tokens)]
    if vols.size == 0:
        return ()
    ends = np.concatenate(([0.0], vols, [be.volume_max_tokens]))
    mids = (ends[:-1] + ends[1:]) / 2.0
    costs = np.vstack([funcs[k].usd(mids) for k in keep])
    best = keep[costs.argmin(axis=0)]
    kinds = {
        (int(a), int(b), float(v)): bool(s)
        for a, b, v, s in zip(f.a[mask], f.b[mask], f.volume[mask], f.step[mask], strict=True)
    }
    out = []
    for j in np.flatnonzero(best[1:] != best[:-1]):
        lo, hi = int(best[j]), int(best[j + 1])
        at = float(vols[j])
        step = kinds.get((min(lo, hi), max(lo, hi), at), False)
        out.append(
            EnvelopeChange(
                at, funcs[lo].label, funcs[hi].label, idx[lo], idx[hi],
                "step" if step else "slope", float(funcs[hi].usd(at)),
            )
        )  # fmt: skip
    return tuple(out)
