"""Where a chart's text labels go: each beside its point, never over another label or a marker,
inside the plot; a label that finds no free place is dropped. Pure geometry in pixels, so the
rule is tested without Qt and any renderer (the break-even chart, a static export) can use it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Offsets of a label's box from its point, as (dx, dy) in units of (width, height) plus the gap:
# the first places it up and to the right, the way a reader looks for a point's label.
PLACES: dict[str, tuple[float, float]] = {
    "NE": (0.0, -1.0),
    "NW": (-1.0, -1.0),
    "SE": (0.0, 0.0),
    "SW": (-1.0, 0.0),
    "E": (0.0, -0.5),
    "W": (-1.0, -0.5),
    "N": (-0.5, -1.0),
    "S": (-0.5, 0.0),
    "C": (-0.5, -0.5),  # centred on the point: a marker, kept or dropped like a label
}
AROUND = ("NE", "NW", "SE", "SW", "N", "S", "E", "W")
"""The places tried for a point's label, in order."""


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle in pixels (y grows downwards, as on a screen)."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def overlaps(self, other: Box) -> bool:
        """True when the two share some area (touching edges do not count)."""
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def inside(self, other: Box) -> bool:
        """True when this box lies wholly within ``other``."""
        return (
            self.left >= other.left
            and self.right <= other.right
            and self.top >= other.top
            and self.bottom <= other.bottom
        )


@dataclass(frozen=True, slots=True)
class Label:
    """A text of ``width`` x ``height`` pixels to put beside the point (``x``, ``y``), at the
    first free place of ``places`` (names of :data:`PLACES`)."""

    x: float
    y: float
    width: float
    height: float
    places: tuple[str, ...] = AROUND


@dataclass(frozen=True, slots=True)
class Placed:
    """Label ``index`` of the input, drawn in ``box`` (at its place ``place``)."""

    index: int
    box: Box
    place: str


def box_at(label: Label, place: str, gap: float) -> Box:
    """The box of ``label`` at ``place``, ``gap`` pixels clear of its point."""
    fx, fy = PLACES[place]
    dx = gap if fx == 0.0 else (-gap if fx == -1.0 else 0.0)
    dy = gap if fy == 0.0 else (-gap if fy == -1.0 else 0.0)
    if place in ("E", "W", "C"):
        dy = 0.0
    return Box(
        label.x + fx * label.width + dx,
        label.y + fy * label.height + dy,
        label.width,
        label.height,
    )


def place_labels(
    labels: list[Label] | tuple[Label, ...],
    bounds: Box,
    *,
    obstacles: list[Box] | tuple[Box, ...] = (),
    gap: float = 4.0,
    limit: int | None = None,
) -> list[Placed]:
    """Place ``labels`` in order of importance (the first matters most).

    Each label takes the first of its places whose box lies inside ``bounds`` and overlaps
    neither a label placed before it nor an ``obstacle`` (markers, other text); a label with
    no such place is dropped, as is every label past the ``limit``-th placed. So the kept
    labels never overlap, and a label is only dropped for one that matters more.

    Returns
    -------
    list[Placed]
        The kept labels, in the order they were placed.
    """
    kept: list[Placed] = []
    taken = _Grid()
    for box in obstacles:
        if _finite(box.left, box.top, box.width, box.height):
            taken.add(box)
    for i, label in enumerate(labels):
        if limit is not None and len(kept) >= limit:
            break
        if not _finite(label.x, label.y, label.width, label.height):
            continue  # a point off any axis (a cost of 0 on a log scale) has no place
        for place in label.places:
            box = box_at(label, place, gap)
            if box.inside(bounds) and not taken.hits(box):
                kept.append(Placed(i, box, place))
                taken.add(box)
                break
    return kept


def _finite(*values: float) -> bool:
    return all(math.isfinite(v) for v in values)


class _Grid:
    """Boxes filed by the cells of a square grid they cover, so that a query looks at the
    boxes near it only (hundreds of markers and labels, eight places each, at every paint)."""

    CELL = 48.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[Box]] = {}

    def _keys(self, box: Box):
        c = self.CELL
        for gx in range(int(box.left // c), int(box.right // c) + 1):
            for gy in range(int(box.top // c), int(box.bottom // c) + 1):
                yield gx, gy

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)

    def hits(self, box: Box) -> bool:
        return any(
            box.overlaps(other) for key in self._keys(box) for other in self.cells.get(key, ())
        )


def thin_markers(
    points: list[tuple[float, float]], size: float, bounds: Box, limit: int | None = None
) -> list[int]:
    """Indices of the ``points`` (pixels, in order of importance) whose markers of ``size``
    pixels can be drawn without touching one kept before: a run of crossings a pixel apart
    becomes a row of separate circles instead of a solid bar."""
    labels = [Label(x, y, size, size, ("C",)) for x, y in points]
    return [p.index for p in place_labels(labels, bounds, gap=0.0, limit=limit)]


def marker_box(x: float, y: float, size: float) -> Box:
    """The square a marker of ``size`` pixels covers around its centre."""
    return Box(x - size / 2, y - size / 2, size, size)
