"""The workbook prints: every sheet has its print setup (fit to width, repeated headers and ID
column, print area, page numbers), and a one-scenario workbook converted by LibreOffice to PDF
is a few pages, each with text, the Summary first (59 pages before the print setup)."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest
from excel_helpers import convert, needs_soffice

from infercost.model.catalog.defaults import default_project
from infercost.model.interchange.excel_cells import sheet_title
from infercost.model.interchange.excel_cover import catalog_line
from infercost.model.interchange.excel_export import export_workbook

# Measured: 22 pages for seed-1-startup: Summary, Cover, Inputs, Break-even (2 pages: the
# option table, then the break-even volumes and the chart), Checks, Timeline (2, to its
# horizon), Sensitivity, Builds, then one page per catalog table the scenario uses (12).
MAX_PAGES = 24


def test_every_sheet_has_its_print_setup(tmp_path):
    out = tmp_path / "p.xlsx"
    export_workbook(default_project(), out, "seed-2-enterprise")
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert int(setup.fitToWidth) == 1, ws.title
        assert setup.orientation in ("portrait", "landscape"), ws.title
        assert ws.print_area, ws.title
        assert "&P" in ws.oddFooter.right.text and "&N" in ws.oddFooter.right.text, ws.title
    for title in ("Break-even", "API offers", "GPU rentals", "Build parts", "Builds"):
        assert wb[title].print_title_rows, title
        assert wb[title].print_title_cols == "$A:$A", title
    assert wb["Break-even"].page_setup.orientation == "landscape"
    assert wb.sheetnames[0] == "Summary"


def test_sheet_names_are_cut_on_a_word_boundary_and_unique():
    taken: set[str] = set()
    name = "Scenario 1 - small startup, open-weight 70B"
    first, second = sheet_title(name, taken), sheet_title(name, taken)
    assert first == "Scenario 1 - small startup"
    assert second == "Scenario 1 - small startup (2)"
    assert len(sheet_title("x" * 40, taken)) == 31


def test_the_cover_counts_in_words():
    entries = default_project().catalog.tariffs[:1]
    assert catalog_line(entries) == "1 entry from 1 source, dated early 2026"
    assert catalog_line([]) == "no entries"
    api = default_project().catalog.api_offers
    assert " to " not in catalog_line(api)


@needs_soffice
@pytest.mark.skipif(
    shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils (pdfinfo, pdftotext) is not installed: apt-get install poppler-utils",
)
def test_a_one_scenario_workbook_prints_in_a_few_pages_each_with_text(tmp_path):
    src = tmp_path / "one.xlsx"
    export_workbook(default_project(), src, "seed-1-startup")
    pdf = convert(src, tmp_path / "pdf", "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(next(ln.split()[-1] for ln in info.stdout.splitlines() if ln.startswith("Pages")))
    assert 6 <= pages <= MAX_PAGES, pages
    texts = []
    for p in range(1, pages + 1):
        out = subprocess.run(
            ["pdftotext", "-f", str(p), "-l", str(p), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        texts.append(out.stdout)
        assert len(out.stdout.split()) > 5, f"page {p} has no text"
        assert f"Page {p} of {pages}" in out.stdout, p
    assert "Recommendation" in texts[0] and "DeepInfra Llama 3.3 70B" in texts[0]
    assert all("Scenario 2" not in t for t in texts), "only the chosen scenario is exported"
