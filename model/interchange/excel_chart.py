"""The cost curves of a scenario sheet (a log-spaced volume grid, every option's cost and units
as formulas) and their chart: one colour and dash per option, a marker at the workload's
volume."""

from __future__ import annotations

from openpyxl.chart import Reference, ScatterChart, Series
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from infercost.model.interchange import excel_formulas as xf
from infercost.model.interchange.excel_cells import CALC, HEADER, INPUT, NOTE, put
from infercost.model.interchange.series_style import colour, dash

GRID_POINTS = 61
# A chart series per option is unreadable past a few dozen: a larger scenario gets no chart
# and says so (its curves are still written).
MAX_CHART_SERIES = 40
USD = "$#,##0.00"
TOKENS = "#,##0"
# DrawingML's names for series_style's dash patterns.
_DASH = {
    "solid": "solid",
    "dash": "dash",
    "dot": "sysDot",
    "dashdot": "dashDot",
    "dashdotdot": "sysDashDotDot",
}
LINE_EMU = 28575  # 2.25 pt
MARKER_LABEL = "Workload volume"


def write_curves(
    ws: Worksheet,
    n: int,
    rows: dict[str, int],
    top: int,
    volume: str,
    span: tuple[float, float],
    anchor: str,
) -> int:
    """The grid from row ``top`` and the chart at ``anchor``; returns the last row written.

    ``n`` options in columns C onwards, ``rows`` the option table's rows, ``volume`` the
    workload's MonthlyTokens cell, ``span`` the scenario's chart range (tokens/month).
    """
    put(ws, top, 1, "Chart from (tokens/month)", HEADER)
    put(ws, top, 2, span[0], INPUT, TOKENS)
    put(ws, top + 1, 1, "Chart to (tokens/month)", HEADER)
    put(ws, top + 1, 2, span[1], INPUT, TOKENS)
    put(ws, top + 2, 1, "Grid start (at least 1 token)")
    put(ws, top + 2, 2, f"=MAX($B${top},1)", CALC, TOKENS)
    put(ws, top + 3, 1, "Grid end (at least GridSpan x start)")
    put(ws, top + 3, 2, f"=MAX($B${top + 1},$B${top + 2}*GridSpan)", CALC, TOKENS)
    lo, hi = f"$B${top + 2}", f"$B${top + 3}"
    head = top + 5
    put(ws, head, 1, "Volume (tokens/month)", HEADER)
    put(ws, head, 2, "Point", HEADER)
    for i in range(n):
        col = get_column_letter(3 + i)
        put(ws, head, 3 + i, f"={col}{rows['label']}", HEADER)
        put(ws, head, 3 + n + i, f'={col}{rows["label"]}&" units"', HEADER)
    ws.row_dimensions[head].height = 30
    first, last = head + 1, head + GRID_POINTS
    for k in range(GRID_POINTS):
        r = first + k
        put(ws, r, 2, k, NOTE, "0")  # the point's index: the volume formula is the same
        put(ws, r, 1, xf.grid_volume(lo, hi, f"$B{r}", f"MAX($B${first}:$B${last})"), CALC, TOKENS)
        for i in range(n):
            col = get_column_letter(3 + i)
            cap, fixed, var = (f"${col}${rows[x]}" for x in ("cap", "fixed", "var"))
            put(ws, r, 3 + i, xf.cost_formula(f"$A{r}", cap, fixed, var), CALC, USD)
            put(ws, r, 3 + n + i, f"={xf.units_formula(f'$A{r}', cap)}", CALC, "0")
    if not n or n > MAX_CHART_SERIES:
        if n:
            put(ws, top + 4, 1, f"No chart: {n:,} curves (charted up to {MAX_CHART_SERIES}).", NOTE)
        return last
    # The volume marker: a vertical segment at MonthlyTokens from the lowest positive cost
    # on the grid to the highest.
    costs = f"$C${first}:${get_column_letter(2 + n)}${last}"
    mark = last + 2
    put(ws, mark, 1, MARKER_LABEL, HEADER)
    put(ws, mark, 2, "$/month", HEADER)
    put(ws, mark + 1, 1, f"={volume}", CALC, TOKENS)
    put(ws, mark + 1, 2, f"=SMALL({costs},COUNTIF({costs},0)+1)", CALC, USD)
    put(ws, mark + 2, 1, f"={volume}", CALC, TOKENS)
    put(ws, mark + 2, 2, f"=MAX({costs})", CALC, USD)
    put(ws, mark + 3, 1, "The marker spans the grid's lowest to highest positive cost.", NOTE)
    _chart(ws, n, head, first, last, mark, anchor)
    return mark + 3


def _chart(ws: Worksheet, n: int, head: int, first: int, last: int, mark: int, anchor: str):
    chart = ScatterChart()
    chart.title = "Monthly cost by volume"
    chart.x_axis.title = "Tokens per month (log scale)"
    chart.y_axis.title = "USD per month (log scale)"
    chart.x_axis.scaling.logBase = 10
    chart.y_axis.scaling.logBase = 10
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height, chart.width = 11, 22
    chart.x_axis.number_format = '[>=1000000000]#,##0,,,"B";[>=1000000]#,##0,,"M";#,##0'
    chart.y_axis.number_format = "$#,##0"
    chart.x_axis.majorGridlines = None
    chart.legend.position = "b"
    xs = Reference(ws, min_col=1, min_row=first, max_row=last)
    for i in range(n):
        ys = Reference(ws, min_col=3 + i, min_row=head, max_row=last)
        series = Series(ys, xs, title_from_data=True)
        _style(series, colour(i).lstrip("#"), _DASH[dash(i)])
        chart.series.append(series)
    mx = Reference(ws, min_col=1, min_row=mark + 1, max_row=mark + 2)
    my = Reference(ws, min_col=2, min_row=mark + 1, max_row=mark + 2)
    marker = Series(my, mx, title_from_data=False, title=MARKER_LABEL)
    _style(marker, "7F7F7F", "lgDash")
    chart.series.append(marker)
    ws.add_chart(chart, anchor)


def _style(series: Series, rgb: str, dash_style: str) -> None:
    """An explicit line colour, dash and width: no theme style decides it."""
    series.marker.symbol = "none"
    series.smooth = False
    line = LineProperties(solidFill=rgb, prstDash=dash_style, w=LINE_EMU)
    series.graphicalProperties = GraphicalProperties(ln=line)
