"""One option's column of a scenario sheet: its typed values (or references to the Inputs
sheet), its notes and its formulas, for every option kind."""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from infercost.model.catalog.scenario import ApiOption, OwnedOption, RentalOption
from infercost.model.costing.evaluation import OptionEval
from infercost.model.interchange import excel_formulas as xf
from infercost.model.interchange.excel_cells import (
    CALC,
    HEADER,
    INPUT,
    NOTE,
    addr,
    col_range,
    put,
    put_text,
)
from infercost.model.interchange.excel_throughput import sheet_throughput

USD = "$#,##0.00"
USD_FINE = "$#,##0.0000"
TOKENS = "#,##0"


class OptionColumn:
    """One option's column of a scenario sheet: its typed values and its formulas."""

    def __init__(self, ws, lay, project, workload, rows, j, w, inputs, place):
        self.ws, self.lay, self.project, self.workload = ws, lay, project, workload
        self.rows, self.j, self.w, self.inputs, self.place = rows, j, w, inputs, place
        letter = get_column_letter(j)
        self.a = lambda k: f"${letter}${rows[k]}"

    def write(self, so, oe: OptionEval, routing_col: int | None) -> None:
        ws, lay, rows, j, a, w = self.ws, self.lay, self.rows, self.j, self.a, self.w
        opt = so.option
        put_text(ws, rows["label"], j, so.label, HEADER)
        put(ws, rows["kind"], j, opt.kind)
        values: dict[str, object] = {
            "quality": oe.quality.value if oe.quality is not None else "",
            "feasible": 1 if oe.feasible else 0,
        }
        notes = {"comment": _comment(oe)}
        if isinstance(opt, ApiOption):
            section = (
                "hosted_offers"
                if opt.offer_id in {o.id for o in lay.catalog.hosted_offers}
                else "api_offers"
            )
            values.update(
                id=opt.offer_id, markup_id=opt.markup_id or "", markup_point=opt.markup_point
            )
            ix = lay.index(section, a("row"))
            mrow = f"MATCH({a('markup_id')},{lay.column('platform_markups', 'id')},0)"
            routed = f"${get_column_letter(routing_col)}${rows['batch']}" if routing_col else None
            formulas = xf.api_rows(a, w, ix, lay.index("platform_markups", mrow), routed)
            formulas["tps"] = '=""'
        else:
            section = "gpu_rentals" if isinstance(opt, RentalOption) else "builds"
            t = sheet_throughput(self.project, so, self.workload)
            values.update(util=opt.utilization)
            if t.blended:
                values.update(prefill=t.prefill, decode=t.decode)
            else:
                values.update(tps_typed=t.tokens_per_s)
            notes.update(source=t.source, claim=t.claim)
            if isinstance(opt, RentalOption):
                values.update(
                    id=opt.rental_id,
                    price=opt.price,
                    mode=opt.mode,
                    instances=opt.instances,
                    on_hours=opt.on_hours_share,
                )
                formulas = xf.rental_rows(a, w, lay.index(section, a("row")))
            else:
                assert isinstance(opt, OwnedOption)
                values.update(id=opt.build_id, energy_basis=opt.energy_basis)
                brow = f"MATCH({a('id')},Builds!$A:$A,0)"
                formulas = xf.owned_rows(a, w, lambda k, r=brow: builds_index(lay, k, r))
            formulas["tps"] = xf.throughput_formula(a, w)
        if section != "builds":
            formulas["row"] = xf.catalog_row(a, lay.column(section, "id"))
        else:
            formulas["row"] = '=""'
        formulas.update(xf.at_volume_rows(a, w("tokens")))
        self._values(values, xf.INPUT_ROWS[opt.kind] + xf.JUDGED_ROWS)
        self._notes(notes)
        for key, formula in formulas.items():
            put(ws, rows[key], j, formula, CALC, fmt(key))

    def _values(self, values: dict, typed: tuple[str, ...]) -> None:
        for key, value in values.items():
            if value is None:
                continue
            style = INPUT if key in typed else None
            target_ws, r, c = self.ws, self.rows[key], self.j
            if self.inputs is not None:
                (r, c), target_ws = self.place(key), self.inputs.ws
                ref = addr(self.inputs.ws, r, c)
                put(self.ws, self.rows[key], self.j, f'=IF({ref}="","",{ref})', CALC, fmt(key))
            if isinstance(value, str):
                put_text(target_ws, r, c, value, style)
            else:
                put(target_ws, r, c, value, style, fmt(key))

    def _notes(self, notes: dict[str, str]) -> None:
        """Where a figure came from: the Inputs table's note columns, else beside the rows."""
        if self.inputs is not None:
            for key, text in notes.items():
                if text:
                    cell = put_text(self.inputs.ws, *self.place(key), text, NOTE)
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            return
        text = "; ".join(t for t in (notes.get("source"), notes.get("claim")) if t)
        if text:
            below = self.rows["per_mtok"] + len(xf.OPTION_ROWS)  # under the table, by column
            put_text(self.ws, below, self.j, text, NOTE)


def _comment(oe: OptionEval) -> str:
    parts = [f"quality: {oe.quality_source}"]
    if not oe.feasible:
        parts.append(f"not feasible: {oe.infeasible_reason}")
    if not oe.comparable:
        parts.append("below the quality needed")
    if oe.kind == "owned" and not oe.operations_included:
        parts.append("operations not included ($0/month on the build)")
    return "; ".join(parts)


def builds_index(lay, key: str, row: str) -> str:
    """INDEX of the Builds sheet's column ``key`` (``lay`` is the export's Layout) at ``row``."""
    return f"INDEX({col_range('Builds', lay.build_col[key])},{row})"


def routing_column(ws, lay, rows, j, w, workload):
    L = get_column_letter(j)
    a = lambda k: f"${L}${rows[k]}"  # noqa: E731
    put(ws, rows["label"], j, "Routing offer (direct price)", HEADER)
    put(ws, rows["kind"], j, "routing")
    put(ws, rows["id"], j, f"={w('routing_offer')}", CALC)
    rid = workload.routing_offer_id or ""
    hosted = {o.id for o in lay.catalog.hosted_offers}
    section = "hosted_offers" if rid in hosted else "api_offers"
    put(ws, rows["row"], j, xf.routing_row(a, lay.column(section, "id")), CALC)
    for key, formula in xf.api_rows(a, w, lay.index(section, a("row")), None, None).items():
        put(ws, rows[key], j, formula, CALC, fmt(key))


def fmt(key: str) -> str:
    if key in ("volume", "cap"):
        return TOKENS
    if key in ("units", "row", "instances", "comparable", "feasible", "rank", "quality_rank"):
        return "0"
    if key in ("fixed_usd", "var_usd", "cost", "fixed", "eligible", "upfront", "running", "payg"):
        return USD
    if key in ("paid", "markup_pct", "util", "on_hours"):
        return "#,##0.##"
    if key in ("prefill", "decode", "tps_typed", "tps"):
        return "#,##0.0"
    if key == "payback":
        return "0.0"
    return USD_FINE
