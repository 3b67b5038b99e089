"""No text from a project reaches the clipboard as a live formula: the Break-even "Copy table"
and the catalog's Copy Rows escape OWASP's formula prefixes (=, +, -, @, tab, CR) and keep
figures (a negative one included) as figures."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QGuiApplication

from infercost.gui.undo import DocumentUndoStack
from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.project import Project
from infercost.model.edits.document import Document

HOSTILE = ('=HYPERLINK("http://evil.example","x")', "+1+1", "@SUM(1)", "-1+1", "\t=2+2", "\r=3+3")
# A figure as a table shows it; anything else starting with - or + is text.
FIGURE = re.compile(r"[-+]?\$?[\d,]*\.?\d+([eE][-+]?\d+)?%?( [A-Za-z/]+)?")


def live_formulas(text: str) -> list[str]:
    """Cells a spreadsheet would run as a formula when ``text`` is pasted into it."""
    bad = []
    for line in text.splitlines():
        for cell in line.split("\t"):
            head = cell[:1]
            figure = FIGURE.fullmatch(cell) or cell == "-"
            if head in ("=", "@") or (head and head in "+-" and not figure):
                bad.append(cell)
    return bad


def hostile_project() -> Project:
    data = default_project().model_dump()
    offer = data["catalog"]["api_offers"][0]
    offer["provider"], offer["notes"], offer["llm_name"] = HOSTILE[0], HOSTILE[2], HOSTILE[4]
    scenario = next(s for s in data["scenarios"] if s["id"] == "seed-3-local")
    for option, text in zip(scenario["options"], HOSTILE[1:], strict=False):
        option["label"] = text.strip()
    scenario["options"][-1]["label"] = HOSTILE[5]
    return Project.model_validate(data)


def test_the_check_itself_sees_a_formula():
    assert live_formulas("ok\t=1+1\n-5\t-$12.50\t+1+1\n") == ["=1+1", "+1+1"]


def test_break_even_copy_table_escapes_every_label(qtbot):
    from infercost.gui.breakeven.view import BreakEvenView

    view = BreakEvenView(DocumentUndoStack(Document(hostile_project())))
    qtbot.addWidget(view)
    view.set_scenario("seed-3-local")
    view.throttle.flush()
    text = view.copy_tsv()
    assert QGuiApplication.clipboard().text() == text
    assert live_formulas(text) == []
    assert "\n'+1+1\tapi\t-\t" in text and "\n'=3+3\towned\t1\t" in text
    assert "'=3+3 is cheaper than +1+1" in text
    # The money columns are still figures.
    assert re.search(r"\t\$[\d,]+\.\d\d\t", text)


@pytest.mark.parametrize("row", [0])
def test_catalog_copy_rows_escapes_catalog_text(qtbot, row):
    from infercost.gui.catalog_editor import CatalogEditor

    project = hostile_project()
    editor = CatalogEditor(DocumentUndoStack(Document(Project(catalog=project.catalog))))
    qtbot.addWidget(editor)
    page = editor.show_section("api_offers")
    page.view.selectRow(row)
    editor.copy_rows()
    text = QGuiApplication.clipboard().text()
    assert live_formulas(text) == []
    assert "'=HYPERLINK" in text and "'@SUM(1)" in text and "'=2+2" in text
    assert isinstance(project.catalog, Catalog)
