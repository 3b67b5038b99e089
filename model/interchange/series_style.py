"""The colours and dash patterns that tell a chart's curves apart, shared by every renderer
(the Break-even chart, the workbook's chart, a printed report).

Colours are Okabe-Ito's colour-blind-safe eight plus four of Paul Tol's, ordered so that the
first options (the common case of 2-5) differ most; the light list darkens the pale ones and
the dark list uses lighter tones of the same hues, so that every curve has at least 3:1
contrast against its background (WCAG's threshold for graphics). Each index also has its own
dash pattern, so two curves are told apart without colour (deuteranopia, a grey-scale print).
"""

from __future__ import annotations

LIGHT = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#B87700",  # orange (Okabe-Ito #E69F00 darkened to 3.7:1 on white)
    "#2B8CC4",  # sky blue (#56B4E9 darkened to 3.7:1 on white)
    "#332288",  # indigo (Tol)
    "#882255",  # wine (Tol)
    "#117733",  # green (Tol)
    "#898926",  # olive (Tol #999933, darkened)
    "#2F8F80",  # teal (Tol #44AA99, darkened)
    "#000000",  # black
)
DARK = (
    "#56B4E9",
    "#FF8F4A",
    "#2BC49A",
    "#E89BC8",
    "#F0C040",
    "#A8D8F8",
    "#9C8CFF",
    "#E0608F",
    "#7ACC6C",
    "#D8D870",
    "#66CCBB",
    "#F2F2F2",
)
# One per colour: solid, dash, dot, dash-dot, dash-dot-dot, repeated.
DASHES = ("solid", "dash", "dot", "dashdot", "dashdotdot") * 2 + ("solid", "dash")
COUNT = len(LIGHT)


def colour(index: int, dark: bool = False) -> str:
    """The colour of the curve at ``index`` ("#RRGGBB"; cycles past twelve)."""
    return (DARK if dark else LIGHT)[index % COUNT]


def dash(index: int) -> str:
    """The dash pattern of the curve at ``index``: one of solid, dash, dot, dashdot,
    dashdotdot."""
    return DASHES[index % COUNT]
