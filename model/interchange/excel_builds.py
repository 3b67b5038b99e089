"""The Builds sheet of an exported workbook: one row per build (purchase, power, energy,
$/hour as formulas) over its bill of materials, whose prices and power come from the GPUs and
Parts sheets and whose quantities from the Build parts sheet."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from infercost.model.interchange import excel_formulas as xf
from infercost.model.interchange.excel_catalog import BUILD_PARTS_SHEET
from infercost.model.interchange.excel_cells import (
    CALC,
    HEADER,
    NOTE,
    TITLE,
    addr,
    put,
    put_text,
    widths,
)
from infercost.model.interchange.excel_sheets import USD, USD_FINE, Layout


def write_builds(ws: Worksheet, lay: Layout, parts_rows: dict[str, list[tuple[int, str]]], w):
    """The Builds sheet: one summary row per build, its bill of materials below.

    ``parts_rows[build_id]`` lists (row on the Build parts sheet, "gpu"/"part"/"custom").
    """
    cat = lay.catalog
    put(ws, 1, 1, "Builds: bill of materials, power and cost per hour (all formulas)", TITLE)
    put(ws, 2, 1, "Prices and settings come from the catalog sheets; edit them there.", NOTE)
    head = 4
    for j, (_key, label, unit) in enumerate(xf.BUILD_COLUMNS, start=1):
        put(ws, head, j, f"{label} ({unit})" if unit else label, HEADER)
        lay.build_col[_key] = j
    block = head + len(cat.builds) + 3
    for i, build in enumerate(cat.builds, start=head + 1):
        lay.build_row[build.id] = i
        put_text(ws, i, 1, build.id)
        put(ws, i, 3, f"=MATCH($A{i},{lay.column('builds', 'id')},0)", CALC)
        settings = lay.index("builds", f"$C{i}")
        put(ws, i, 2, f"={settings('name')}", CALC)
        lines, block = _bom(ws, lay, block, build.id, f"$C{i}", parts_rows.get(build.id, []))
        tariff_row = f"MATCH({settings('tariff_id')},{lay.column('tariffs', 'id')},0)"
        formulas = xf.build_rows(
            lambda k, r=i: f"${get_column_letter(lay.build_col[k])}${r}",
            settings,
            lines,
            w("usd_per_kwh"),
            lay.index("tariffs", tariff_row),
            w("hours"),
        )
        for key, formula in formulas.items():
            unit = xf.BUILD_COLUMNS[lay.build_col[key] - 1][2]
            put(ws, i, lay.build_col[key], formula, CALC, USD_FINE if "$" in unit else "#,##0.0")
    widths(ws, 16, 26, 10, *([14] * (len(xf.BUILD_COLUMNS) - 3)))
    ws.freeze_panes = ws.cell(row=head + 1, column=3)


_BOM_HEAD = (
    "Line",
    "Item ID",
    "Name",
    "Quantity",
    "Unit price ($)",
    "Price ($)",
    "Load power each (W)",
    "Load power (W)",
    "Idle power (W)",
    "Kind",
    "Catalog row",
)


def _bom(ws, lay: Layout, top: int, build_id: str, settings_row: str, rows):
    put_text(ws, top, 1, f"Bill of materials: {build_id}", HEADER)
    for j, text in enumerate(_BOM_HEAD, start=1):
        put(ws, top + 1, j, text, HEADER)
    point = f"INDEX({lay.column('builds', 'price_point')},{settings_row})"
    first = top + 2
    r = first
    for n, (prow, kind) in enumerate(rows, start=1):
        src = lambda c, pr=prow: addr(BUILD_PARTS_SHEET, pr, c)  # noqa: E731
        put(ws, r, 1, n)
        if kind in ("gpu", "part"):
            put(ws, r, 2, f"={src(3)}", CALC)
            section = "gpus" if kind == "gpu" else "parts"
            put(ws, r, 11, f"=MATCH(B{r},{lay.column(section, 'id')},0)", CALC)
            ix = lay.index(section, f"$K{r}")
            put(ws, r, 3, f"={ix('name')}", CALC)
            put(ws, r, 4, f"={src(4)}", CALC)
            put(
                ws,
                r,
                5,
                xf.unit_price_formula(point, ix("price_low_usd"), ix("price_high_usd")),
                CALC,
                USD,
            )
            put(ws, r, 7, f"={ix('power_w')}", CALC, "#,##0.#")
            if section == "gpus":
                put(ws, r, 9, xf.gpu_idle_formula(f"D{r}", ix("idle_power_w"), f"G{r}"), CALC)
                put(ws, r, 10, "GPU")
            else:
                put(ws, r, 9, xf.part_idle_formula(f"D{r}", f"G{r}"), CALC)
                put(ws, r, 10, "part")
        else:
            put(ws, r, 2, "(custom)")
            put(ws, r, 3, f"={src(5)}", CALC)
            put(ws, r, 4, 1)
            put(ws, r, 5, f"={src(6)}", CALC, USD)
            put(ws, r, 7, f"={src(7)}", CALC, "#,##0.#")
            put(ws, r, 9, xf.part_idle_formula(f"D{r}", f"G{r}"), CALC)
            put(ws, r, 10, "custom")
        put(ws, r, 6, f"=D{r}*E{r}", CALC, USD)
        put(ws, r, 8, f"=D{r}*G{r}", CALC, "#,##0.#")
        r += 1
    last = max(r - 1, first)
    lines = {
        k: f"${c}${first}:${c}${last}"
        for k, c in (("price", "F"), ("load", "H"), ("idle", "I"), ("flag", "J"))
    }
    return lines, r + 2
