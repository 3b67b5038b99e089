"""Workbook import: round trip of our own export, a user's simple sheet, hostile files."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from infercost.model.catalog.catalog import SECTIONS, Catalog
from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.project import Project
from infercost.model.edits.commands import ReplaceCatalog
from infercost.model.edits.document import Document
from infercost.model.errors import FileFormatError
from infercost.model.interchange.excel_export import export_workbook
from infercost.model.interchange.excel_guard import check_zip, defused
from infercost.model.interchange.excel_import import read_workbook
from infercost.model.interchange.import_file import read_import

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co")), max_size=40
).map(str.strip)
PRICE = st.floats(min_value=0, max_value=1e5, allow_nan=False, allow_infinity=False)


def entries_of(catalog: Catalog) -> dict:
    return {(s, e.id): e for s, e in catalog.entries()}


@settings(max_examples=12)
@example(provider="=1+1", notes="#NULL!", price=100000.80859375, cached=None, kv=True, qty=3)
@given(
    provider=TEXT.filter(bool),
    notes=TEXT,
    price=PRICE,
    cached=st.none() | PRICE,
    kv=st.none() | st.booleans(),
    qty=st.integers(1, 1024),  # the GPU line of a build: at most 1,024 GPUs
)
def test_export_then_import_gives_an_identical_catalog(
    tmp_path_factory, provider, notes, price, cached, kv, qty
):
    data = default_project().catalog.model_dump()
    offer = data["api_offers"][0]
    offer.update(provider=provider, notes=notes, input_usd_per_mtok=price)
    offer["cached_input_usd_per_mtok"] = cached
    data["quants"][0]["kv_cache"] = kv
    data["builds"][0]["lines"][0]["quantity"] = qty
    data["builds"][0]["custom_lines"] = [{"name": provider, "price_usd": price, "power_w": 7.5}]
    catalog = Catalog.model_validate(data)
    out = tmp_path_factory.mktemp("rt") / "rt.xlsx"
    export_workbook(Project(catalog=catalog), out)  # no scenario: the whole catalog
    batch = read_workbook(out)
    assert batch.rejected == []
    got = {(c.section, c.entry.id): c.entry for c in batch.candidates}
    assert got == entries_of(catalog)
    pv = read_import(out, catalog)
    assert (pv.added, pv.changed, pv.rejected) == ((), (), ())
    assert len(pv.unchanged) == sum(len(catalog.section(s)) for s in SECTIONS)


def test_round_trip_into_an_empty_catalog_adds_everything(tmp_path):
    project = default_project()
    out = tmp_path / "p.xlsx"
    export_workbook(project, out, all_scenarios=True)  # every scenario and the whole catalog
    pv = read_import(out, Catalog())
    assert pv.rejected == () and pv.changed == ()
    assert pv.catalog == project.catalog


def user_sheet(path: Path, rows: list[list], title="Prices") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_a_users_sheet_with_loose_headers(tmp_path):
    path = user_sheet(
        tmp_path / "u.xlsx",
        [
            ["My price list"],
            [],
            [" Provider ", "Model", "Input $/1M", "output_usd_per_mtok", "Cached input (USD/Mtok)"],
            ["Acme", "Acme Large", 3, "15.5", None],
            ["Acme", "Acme Small", 0.25, 1.25, 0.025],
        ],
        title="API offers",
    )
    pv = read_import(path, default_project().catalog)
    assert [a.id for a in pv.added] == ["acme/acme-large", "acme/acme-small"]
    large = next(o for o in pv.catalog.api_offers if o.id == "acme/acme-large")
    assert (large.input_usd_per_mtok, large.output_usd_per_mtok) == (3.0, 15.5)
    assert pv.added[0].location == "API offers!A4"


def test_a_single_sheet_with_a_section_column(tmp_path):
    path = user_sheet(
        tmp_path / "u.xlsx",
        [
            ["Section", "ID", "Provider", "GPU", "Price (USD/hr)", "LLM name", "Input", "Output"],
            ["GPU rentals", "acme/h100", "Acme Cloud", "h100-sxm", 2.1, None, None, None],
            ["api offers", "acme/big", "Acme", None, None, "Big", 1, 2],
            ["widgets", "x", "y", None, None, None, None, None],
        ],
        title="Sheet1",
    )
    pv = read_import(path, default_project().catalog)
    rental = next(r for r in pv.catalog.gpu_rentals if r.id == "acme/h100")
    assert rental.on_demand_low_usd_per_hour == rental.on_demand_high_usd_per_hour == 2.1
    assert {a.id for a in pv.added} == {"acme/h100", "acme/big"}
    assert [str(r) for r in pv.rejected] == [
        "Sheet1!A4: section 'widgets' is not a catalog section"
    ]


def test_bad_cells_reject_their_row_with_sheet_cell_and_reason(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "API offers"
    ws.append(["ID", "Provider", "LLM name", "Input price ($/Mtok)", "Output price ($/Mtok)"])
    ws.append(["a/date", "A", "x", datetime(2024, 1, 1), 1])
    ws.append(["a/err", "A", "x", "#DIV/0!", 1])
    ws.append(["a/formula", "A", "x", "=1+1", 1])
    ws.append(["a/nan", "A", "x", "nan", 1])
    ws.append(["a/inf", "A", "x", 12345.678, 1])  # becomes 1e400 (inf) in the XML below
    ws.append(["a/neg", "A", "x", -1, 1])
    ws.append(["a/ok", "A B", "x", 1, 2])
    ws.append(["=cmd", "A", "x", 1, 2])
    ws.append(["a/merged", "A", "x", 1, 2])
    ws.merge_cells("B10:C10")  # the LLM name hides under the merged provider cell
    path = tmp_path / "bad0.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = members[sheet].replace(b"<v>12345.678</v>", b"<v>1e400</v>")
    path = _zip(tmp_path / "bad.xlsx", members)
    pv = read_import(path, default_project().catalog)
    got = {r.location: r.reason for r in pv.rejected}
    assert "a date, not a number" in got["API offers!D2"]
    assert "error value #DIV/0!" in got["API offers!D3"]
    assert "formula without a saved value" in got["API offers!D4"]
    assert "not a number" in got["API offers!D5"]
    assert "not finite" in got["API offers!D6"]
    assert "greater than or equal to 0" in got["API offers!D7"]
    assert "API offers!A9" in got  # '=cmd' is not a valid id; it never ran as a formula
    assert "llm_name" in got["API offers!A10"]
    ok = next(o for o in pv.catalog.api_offers if o.id == "a/ok")
    assert ok.provider == "A B"
    assert [a.id for a in pv.added] == ["a/ok"]


def test_openpyxl_parses_with_defusedxml():
    assert defused() and openpyxl.DEFUSEDXML


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_a_zip_bomb_is_refused_from_its_central_directory(tmp_path):
    bomb = _zip(tmp_path / "bomb.xlsx", {"xl/workbook.xml": b"<x/>", "xl/s.xml": b"0" * 50_000_000})
    with pytest.raises(FileFormatError, match="zip bomb"):
        read_workbook(bomb)
    with pytest.raises(FileFormatError, match=r"bomb\.xlsx"):
        read_import(bomb, Catalog())


def test_too_many_members_and_too_much_content_are_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(10_001):
            z.writestr(f"m{i}", b"")
    with pytest.raises(FileFormatError, match="parts"):
        check_zip(buf.getvalue(), "many.xlsx")


def _with_doctype(tmp_path: Path, part: str, doctype: bytes, entity: bytes) -> Path:
    """A valid workbook whose ``part`` gains a DOCTYPE and uses its entity in a text node."""
    src = tmp_path / "src.xlsx"
    user_sheet(src, [["ID", "Provider"], ["a", "b"]])
    with zipfile.ZipFile(src) as z:
        members = {n: z.read(n) for n in z.namelist()}
    xml = members[part]
    if xml.startswith(b"<?xml"):
        decl_end = xml.index(b"?>") + 2
        xml = xml[:decl_end] + doctype + xml[decl_end:]
    else:
        xml = doctype + xml
    members[part] = xml.replace(b"<t>Provider</t>", b"<t>" + entity + b"</t>")
    return _zip(tmp_path / "evil.xlsx", members)


def test_xml_bombs_and_external_entities_are_refused(tmp_path):
    laughs = (
        b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xxe = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file://' + str(secret).encode() + b'">]>'
    for part in ("xl/workbook.xml", "xl/worksheets/sheet1.xml"):
        for doctype, entity in ((laughs, b"&lol3;"), (xxe, b"&e;")):
            path = _with_doctype(tmp_path, part, doctype, entity)
            with pytest.raises(FileFormatError, match=r"evil\.xlsx") as info:
                read_workbook(path)
            assert "TOP SECRET" not in str(info.value)
            assert "XML bomb or an external entity" in str(info.value)


def test_a_huge_sheet_is_read_only_up_to_the_row_limit(tmp_path, monkeypatch):
    from infercost.model.interchange import excel_import

    monkeypatch.setattr(excel_import, "MAX_ROWS", 50)
    rows = [["ID", "Name", "Usd per kwh"]] + [[f"t{i}", f"T {i}", 0.1] for i in range(200)]
    path = user_sheet(tmp_path / "big.xlsx", rows, title="Tariffs")
    batch = read_workbook(path)
    assert len(batch.candidates) == 49
    assert [str(r) for r in batch.rejected] == ["Tariffs!A51: rows past 50 are not read"]


def test_not_a_workbook_names_the_file(tmp_path):
    for name, data in (("x.xlsx", b"hello"), ("y.xlsx", b""), ("z.xlsx", b"PK\x03\x04junk")):
        p = tmp_path / name
        p.write_bytes(data)
        with pytest.raises(FileFormatError, match=name):
            read_import(p, Catalog())


def test_corpus_files_import_or_name_the_file(shared_dir):
    catalog = default_project().catalog
    files = sorted((shared_dir / "corpus" / "xlsx-peer").iterdir())
    assert len(files) >= 85
    for f in files:
        try:
            read_import(f, catalog)
        except FileFormatError as exc:
            assert f.name in str(exc)


def test_applying_is_one_undo_step_and_a_clash_is_rejected(tmp_path):
    path = user_sheet(
        tmp_path / "u.xlsx",
        [
            [
                "ID",
                "Provider",
                "GPU ID",
                "On-demand price (low) ($/hr)",
                "On-demand price (high) ($/hr)",
            ],
            ["runpod/h100-sxm", "RunPod", "h100-sxm", 2.0, 3.0],
            ["new/thing", "New", "no-such-gpu", 1, 1],
            ["h100-sxm", "Clash", "h100-sxm", 1, 1],
        ],
        title="GPU rentals",
    )
    doc = Document(default_project())
    before = doc.project.catalog
    pv = read_import(path, before)
    assert [c.id for c in pv.changed] == ["runpod/h100-sxm"]
    fields = {f.field: (f.old, f.new) for f in pv.changed[0].fields}
    assert fields["on_demand_low_usd_per_hour"][1] == 2.0
    reasons = {r.location: r.reason for r in pv.rejected}
    assert "no-such-gpu" in reasons["GPU rentals!A3"]
    assert "already used by GPUs" in reasons["GPU rentals!A4"]
    cmd = ReplaceCatalog(doc, pv.catalog, "Import u.xlsx")
    doc.apply(cmd)
    assert doc.project.catalog.rental("runpod/h100-sxm").on_demand_low_usd_per_hour == 2.0
    doc.revert(cmd)
    assert doc.project.catalog is before


def test_text_cells_lose_control_characters():
    from infercost.model.catalog.entries import ApiOffer
    from infercost.model.interchange.excel_catalog import columns
    from infercost.model.interchange.excel_import import convert

    col = next(c for c in columns("api_offers") if c.field == "provider")
    assert convert("A\x07B\x1b[31m", None, "General", col, ApiOffer) == "AB[31m"


def test_a_large_non_sheet_part_is_refused_but_a_large_sheet_is_streamed(tmp_path, monkeypatch):
    from infercost.model.interchange import excel_guard

    monkeypatch.setattr(excel_guard, "MAX_PART", 20_000)
    rows = [["ID", "Name", "Usd per kwh"]] + [[f"t{i}", f"T {i}", 0.1] for i in range(300)]
    path = user_sheet(tmp_path / "big.xlsx", rows, title="Tariffs")
    assert len(read_workbook(path).candidates) == 300
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["xl/styles.xml"] = (
        members["xl/styles.xml"] + b"<!--" + bytes(range(65, 91)) * 1000 + b"-->"
    )
    with pytest.raises(FileFormatError, match=r"styles\.xml"):
        read_workbook(_zip(tmp_path / "styled.xlsx", members))


def test_a_big_sheet_imports_in_bounded_memory_and_time(tmp_path):
    """10,000 rows x 12 columns, read twice (values and formulas): memory far below 1.5 GB."""
    import subprocess
    import sys

    cells = "".join(f'<c r="{c}{{r}}"><v>{{r}}.5</v></c>' for c in "CDEFGHIJKL")
    head = '<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c>'
    head += '<c r="B1" t="inlineStr"><is><t>Usd per kwh</t></is></c>'
    head += '<c r="C1" t="inlineStr"><is><t>Name</t></is></c></row>'
    body = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>t{r}</t></is></c>'
        f'<c r="B{r}"><v>0.{r}</v></c>' + cells.format(r=r) + "</row>"
        for r in range(2, 10_002)
    )
    src = tmp_path / "src.xlsx"
    user_sheet(src, [["x"]], title="Tariffs")
    with zipfile.ZipFile(src) as z:
        members = {n: z.read(n) for n in z.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    start, end = sheet.index("<sheetData>"), sheet.index("</sheetData>")
    members["xl/worksheets/sheet1.xml"] = (
        sheet[: start + len("<sheetData>")] + head + body + sheet[end:]
    ).encode()
    path = _zip(tmp_path / "big.xlsx", members)
    code = (
        "import resource, sys, time; from infercost.model.interchange.import_file import "
        "read_batch; "
        "from infercost.model.catalog.catalog import Catalog; t = time.perf_counter(); "
        f"b = read_batch({str(path)!r}, Catalog()); "
        "print(len(b.candidates), len(b.rejected), time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    n, rejected, seconds, peak_kb = out.stdout.split()
    assert (int(n), int(rejected)) == (10_000, 0)
    assert float(seconds) < 60
    assert int(peak_kb) < 1.5 * 1024 * 1024


def test_a_consultants_edit_of_the_export_shows_as_changed(tmp_path):
    project = default_project()
    out = tmp_path / "edited.xlsx"
    export_workbook(project, out, full_catalog=True)
    wb = openpyxl.load_workbook(out)
    ws = wb["API offers"]
    headers = [c.value for c in ws[1]]
    col = headers.index("Input price ($/Mtok)") + 1
    assert ws.cell(2, 1).value == "openai/gpt-4o"
    ws.cell(2, col).value = 2.25
    ws.cell(3, col).value = "=0.15*2"  # a formula Excel would have saved a value for
    wb.save(out)
    pv = read_import(out, project.catalog)
    assert [(c.id, [(f.field, f.old, f.new) for f in c.fields]) for c in pv.changed] == [
        ("openai/gpt-4o", [("input_usd_per_mtok", 2.5, 2.25)])
    ]
    letter = openpyxl.utils.get_column_letter(col)
    assert [r.location for r in pv.rejected] == [f"API offers!{letter}3"]
    assert "formula without a saved value" in pv.rejected[0].reason


def test_a_formula_with_a_saved_value_reads_the_value(tmp_path):
    from excel_helpers import SOFFICE, recalc

    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: it saves the formula's value")
    src = user_sheet(
        tmp_path / "f.xlsx",
        [["ID", "Name", "USD/kWh"], ["home", "Home", "=0.1+0.05"]],
        title="Tariffs",
    )
    saved = recalc(src, tmp_path / "out")
    batch = read_workbook(saved)
    assert [(c.entry.id, c.entry.usd_per_kwh) for c in batch.candidates] == [("home", 0.15)]


def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    import os

    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(FileFormatError, match="pipe"):
        read_import(fifo, Catalog())
