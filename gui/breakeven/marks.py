"""The break-even chart's marks: a circle and a label where the Evaluation's cheapest option
changes, a dot at every other crossing, each option's cost beside the volume line; circles a
pixel apart are thinned and labels placed by ``model/costing/label_layout.py`` (never overlapping),
and
the crossings under the mouse are found among all of them at once."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF

from infercost.model.costing.chart_readout import label_text, labelled_crossings, value_text
from infercost.model.costing.label_layout import AROUND, Box, thin_markers

MINOR_CROSSINGS = 400
"""Crossings drawn as dots at most (where the cheapest does not change); past that they would
hide the curves, and the table and the hover readout still have every one."""


class CrossingMarks:
    """Mixed into the chart: reads ``data``, ``mode``, ``hidden`` and ``faint`` and fills its
    ``crossing_points``, ``minor_points`` and ``labels`` items."""

    def _update_crossings(self) -> None:
        """Circles where the cheapest option changes, dots at the other crossings in range."""
        assert self.data is not None
        d = self.data
        cr = d.crossings
        per_mtok = self.mode == "per_mtok"
        x = cr.volumes
        y = cr.usd / x * 1e6 if per_mtok and x.size else cr.usd
        k = cr.envelope_count
        first = labelled_crossings(d)
        order = first + [i for i in range(k) if i not in set(first)]
        circles = [order[j] for j in self._apart(x, y, order, 11.0)]
        self.crossing_points.setData(x[circles], y[circles])
        self._circles = set(circles)  # a crossing whose circle does not fit gets no label
        shown = (x[k:] >= d.volume_min_tokens) & (x[k:] <= d.volume_max_tokens) & (y[k:] > 0)
        faint = getattr(self, "faint", frozenset())
        if faint:  # many options: dots only where two of the emphasised curves cross
            dim = np.array([label in faint for label in cr.labels] or [False], dtype=bool)
            shown &= ~dim[cr.a[k:]] & ~dim[cr.b[k:]]
        inside = np.flatnonzero(shown)
        dots = [k + int(inside[j]) for j in self._apart(x, y, list(k + inside), 5.0)]
        dots = dots[:MINOR_CROSSINGS]
        self.minor_points.setData(x[dots], y[dots])
        self._minor_shown = np.array(dots, dtype=int)  # the crossings drawn as dots
        self._update_labels()

    def _on_q_plot_resized(self, *_args) -> None:
        if self.data is not None:
            self._update_crossings()

    def _apart(self, x: np.ndarray, y: np.ndarray, order: list[int], size: float) -> list[int]:
        """Positions in ``order`` of the crossings whose markers of ``size`` pixels do not
        touch one drawn before (all of them before the plot has a size)."""
        vb = self.getPlotItem().getViewBox()
        w, h = vb.width(), vb.height()
        (x0, x1), (y0, y1) = vb.viewRange()
        if not order or w <= 0 or h <= 0 or x1 <= x0 or y1 <= y0:
            return list(range(len(order)))
        idx = np.asarray(order, dtype=int)
        ok = (x[idx] > 0) & (y[idx] > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            px = (np.log10(x[idx]) - x0) / (x1 - x0) * w
            py = (y1 - np.log10(y[idx])) / (y1 - y0) * h
        points = [(float(a), float(b)) if good else (math.nan, math.nan)
                  for a, b, good in zip(px, py, ok, strict=True)]  # fmt: skip
        # A circle may stick out of the plot by half its size (a crossing at the range's end).
        bounds = Box(-size, -size, w + 2 * size, h + 2 * size)
        return thin_markers(points, size, bounds)

    def _update_labels(self) -> None:
        """The crossings' labels, then each option's cost beside the volume line (cheapest
        first), placed together so that none covers another or a marker."""
        assert self.data is not None
        d = self.data
        cr = d.crossings
        per_mtok = self.mode == "per_mtok"
        items: list[tuple[float, float, str, tuple[str, ...]]] = []
        markers = []
        cx, cy = self.crossing_points.getOriginalDataset()
        if cx is not None:
            markers += [(math.log10(a), math.log10(b), 11.0) for a, b in zip(cx, cy, strict=True)]
        for i in labelled_crossings(d):
            if i not in self._circles:
                continue
            y = _y(cr.usd[i], cr.volumes[i], per_mtok)
            if y > 0:
                items.append((math.log10(cr.volumes[i]), math.log10(y), label_text(d, i), AROUND))
        v = d.workload_tokens
        if v > 0:
            shown = [
                (s, (s.at_workload.usd_per_mtok or 0.0) if per_mtok else s.at_workload.usd)
                for s in d.series
                if s.label not in self.hidden
            ]
            # Cheapest first: where labels collide, the cheaper option's cost is the one shown.
            shown.sort(key=lambda sy: sy[1])
            costs = [
                (math.log10(v), math.log10(y), value_text(y, self.mode), ("E",))
                for _, y in shown
                if y > 0
            ]
            markers += [(x, y, 8.0) for x, y, _, _ in costs]
            items = costs[:1] + items + costs[1:]
        self.labels.set_labels(items, markers)

    def crossings_near(self, scene_pos: QPointF, pixels: float = 9.0) -> list[int]:
        """Indices of ``data.crossings`` drawn within ``pixels`` of a scene position, nearest
        first (at most five)."""
        if self.data is None or not len(self.data.crossings):
            return []
        cr = self.data.crossings
        drawn = np.concatenate(
            (np.arange(cr.envelope_count), getattr(self, "_minor_shown", np.empty(0, int)))
        ).astype(int)
        x = cr.volumes[drawn]
        y = cr.usd[drawn] / x * 1e6 if self.mode == "per_mtok" else cr.usd[drawn]
        ok = (x > 0) & (y > 0)
        drawn, x, y = drawn[ok], np.log10(x[ok]), np.log10(y[ok])
        # View -> scene is affine: map every crossing at once.
        t = self.getPlotItem().getViewBox().childGroup.sceneTransform()
        sx = t.m11() * x + t.m21() * y + t.dx()
        sy = t.m12() * x + t.m22() * y + t.dy()
        dist = np.abs(sx - scene_pos.x()) + np.abs(sy - scene_pos.y())
        near = np.flatnonzero(dist <= pixels * 1.4)
        return [int(drawn[k]) for k in near[np.argsort(dist[near], kind="stable")][:5]]


def _y(usd: float, volume: float, per_mtok: bool) -> float:
    return float(usd / volume * 1e6) if per_mtok else float(usd)
