"""The proposal report as a file: the CLI's PDF holds the recommendation, every option's name and
monthly cost and every envelope crossing (read back with pdftotext); the window's Export report
writes the same text; the chart exports as PNG, SVG and PDF through one painter."""

import re
import shutil
import subprocess
import xml.dom.minidom

import pytest
from PySide6.QtGui import QImage

from infercost.cli import main as cli_main
from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.quality import QualityTier
from infercost.model.costing.evaluation import evaluate
from infercost.model.formatting import usd
from infercost.model.interchange.project_io import save_project
from infercost.model.report.report_breakeven import envelope_sentence
from infercost.model.report.report_build import ReportMeta, build_report

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


def pdf_text(path) -> str:
    """The PDF's text with every run of whitespace one space (table cells wrap)."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return re.sub(r"\s+", " ", out.stdout)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def assert_holds_the_evaluation(text: str, project, sid: str) -> None:
    ev = evaluate(project, sid)
    assert ev.cheapest is not None
    assert f"the workload is {ev.cheapest.label}, at {usd(ev.cheapest.usd)}/month" in text
    for o in ev.options:
        assert o.label in text, o.label
        assert usd(o.usd) in text, (o.label, usd(o.usd))
    assert ev.envelope, "the test needs a scenario whose cheapest option changes"
    for e in ev.envelope:
        assert flat(envelope_sentence(e))[1:] in text
    assert_every_section_drawn(text, project, sid)


def assert_every_section_drawn(text: str, project, sid: str) -> None:
    """Every section's title and every list item reach the page (a layout bug once dropped a
    whole section from the PDF while the document held it)."""
    from infercost.model.report.report_doc import BulletList

    bare = re.sub(r"\s+", "", text)  # a line may break after a "/" with no space
    for s in build_report(project, sid).sections:
        assert s.title in text, s.title
        for b in s.blocks:
            if isinstance(b, BulletList):
                for item in b.items:
                    assert re.sub(r"\s+", "", item) in bare, item


@needs_poppler
def test_cli_report_of_seed_1_has_every_section(tmp_path):
    out = tmp_path / "s1.pdf"
    assert cli_main(["report", "seed-1-startup", str(out)]) == 0
    assert_every_section_drawn(pdf_text(out), default_project(), "seed-1-startup")


@needs_poppler
def test_cli_report_of_seed_2_holds_the_answer(tmp_path, capsys):
    out = tmp_path / "out.pdf"
    assert cli_main(["report", "seed-2-enterprise", str(out), "--prepared-for", "Acme"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    assert_holds_the_evaluation(text, default_project(), "seed-2-enterprise")
    assert "Prepared for" in text and " Acme " in text and "Page 1 of" in text
    assert "Appendix: Sources" in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "A4" in info


@needs_poppler
def test_cli_report_with_a_required_quality_tier_on_letter(tmp_path):
    project = default_project()
    s = project.scenario("seed-1-startup")
    s.quality_needed = QualityTier.STRONG_GENERAL
    path = tmp_path / "p.infercost"
    save_project(project, path)
    out = tmp_path / "tier.pdf"
    args = ["report", s.id, str(out), "--project", str(path), "--paper", "letter"]
    assert cli_main(args) == 0
    text = pdf_text(out)
    ev = evaluate(project, s.id)
    assert "meets the quality needed (Strong general)" in text
    for o in ev.options:
        assert o.label in text and usd(o.usd) in text
    for e in ev.envelope:
        assert flat(envelope_sentence(e))[1:] in text
    assert any(not o.comparable for o in ev.options)
    assert "not comparable" in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "612 x 792" in info  # Letter


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_cli_report_html_and_markdown(tmp_path, fmt):
    out = tmp_path / f"r.{fmt}"
    assert cli_main(["report", "seed-3-local", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    ev = evaluate(default_project(), "seed-3-local")
    for o in ev.options:
        assert usd(o.usd) in text
    if fmt == "html":
        assert "<svg" in text and "</html>" in text
    else:
        assert (tmp_path / "r-breakeven.svg").is_file() and "](r-breakeven.svg)" in text


def test_cli_refuses_bad_output_paths_before_work(tmp_path, capsys):
    assert cli_main(["report", "seed-1-startup", str(tmp_path / "r.docx")]) == 2
    assert "ends in .pdf, .html or .md" in capsys.readouterr().err
    assert cli_main(["report", "seed-1-startup", str(tmp_path / "no" / "r.pdf")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert cli_main(["report", "seed-1-startup", str(tmp_path)]) == 2  # a folder: no suffix
    assert cli_main(["report", "nope", str(tmp_path / "r.pdf")]) == 2
    assert not list(tmp_path.iterdir())


@needs_poppler
def test_gui_export_report_writes_the_same_text_as_the_cli(window, tmp_path, monkeypatch):
    from infercost.gui.report import actions

    gui_out, cli_out = tmp_path / "gui.pdf", tmp_path / "cli.pdf"
    monkeypatch.setattr(
        actions, "ask_report_choice",
        lambda *a: actions.ReportChoice("seed-2-enterprise", "Acme", "Jo", "a4"),
    )  # fmt: skip
    monkeypatch.setattr(actions, "report_path", lambda *a: gui_out)
    monkeypatch.setattr(actions, "app_version", lambda: "9.9", raising=False)
    window.export_report_action.trigger()
    assert gui_out.is_file()
    args = ["report", "seed-2-enterprise", str(cli_out), "--prepared-for", "Acme",
            "--prepared-by", "Jo"]  # fmt: skip
    assert cli_main(args) == 0
    gui_text, cli_text = pdf_text(gui_out), pdf_text(cli_out)
    version = re.compile(r"InferCost version \S+")
    assert version.sub("", gui_text) == version.sub("", cli_text)
    assert_holds_the_evaluation(gui_text, window.doc.project, "seed-2-enterprise")


def test_gui_export_report_follows_the_scenario_on_screen(window, tmp_path, monkeypatch):
    from infercost.gui.report import actions

    window.show_breakeven("seed-3-local")
    seen = {}

    def ask(parent, scenarios, current):
        seen["current"] = current
        return None

    monkeypatch.setattr(actions, "ask_report_choice", ask)
    assert window.export_report() is None
    assert seen["current"] == "seed-3-local"


@pytest.mark.parametrize("dark", [False, True])
def test_chart_export_png_svg_pdf(window, tmp_path, dark):
    from infercost.gui import theme

    view = window.show_breakeven("seed-2-enterprise")
    view.chart.dark = dark
    png = view.export_chart(tmp_path / "c.png", 1800)
    img = QImage(str(png))
    assert img.width() == 1800 and img.height() > 1000
    corner = img.pixelColor(5, 5).lightness()
    assert (corner < 60) if dark else (corner > 240)
    # The legend is inside the image: its last row's text is not cut off at the bottom.
    rows = [y for y in range(img.height() - 1, img.height() // 2, -1)
            if any(abs(img.pixelColor(x, y).lightness() - corner) > 80
                   for x in range(0, img.width(), 7))]  # fmt: skip
    assert rows and rows[0] < img.height() - 10
    svg = view.export_chart(tmp_path / "c.svg")
    dom = xml.dom.minidom.parse(str(svg))
    assert len(dom.getElementsByTagName("path")) > len(view.data.series)
    pdf = view.export_chart(tmp_path / "c.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    with pytest.raises(Exception, match="chart width"):
        view.export_chart(tmp_path / "c.png", 20)
    with pytest.raises(Exception, match=r"\.png, \.svg or \.pdf"):
        view.export_chart(tmp_path / "c.jpg")
    del theme


def test_report_builds_without_qt_in_the_model():
    doc = build_report(default_project(), "seed-1-startup", ReportMeta(app_version="x"))
    assert doc.figures()


def test_report_dialog_starts_on_the_scenario_shown_and_letter_in_the_us(qtbot):
    from PySide6.QtCore import QLocale

    from infercost.gui.report.actions import ReportChoice, ReportDialog

    scenarios = [("a", "Scenario A"), ("b", "Scenario B")]
    before = QLocale()
    try:
        for locale, paper in (
            (QLocale.Language.English, "letter"),
            (QLocale.Language.German, "a4"),
        ):
            country = QLocale.Country.UnitedStates if paper == "letter" else QLocale.Country.Germany
            QLocale.setDefault(QLocale(locale, country))
            dialog = ReportDialog(scenarios, "b")
            qtbot.addWidget(dialog)
            dialog.prepared_for.setText("  Acme  ")
            assert dialog.choice() == ReportChoice("b", "Acme", "", paper)
    finally:
        QLocale.setDefault(before)
    unknown = ReportDialog(scenarios, "gone")
    qtbot.addWidget(unknown)
    assert unknown.choice().scenario_id == "a"


def test_report_path_adds_the_chosen_filters_suffix(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from infercost.gui.report.actions import report_path

    answers = iter([(str(tmp_path / "p"), "Markdown (*.md)"), (str(tmp_path / "q.html"), ""),
                    ("", "")])  # fmt: skip
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: next(answers))
    assert report_path(window, "x.pdf") == tmp_path / "p.md"
    assert report_path(window, "x.pdf") == tmp_path / "q.html"
    assert report_path(window, "x.pdf") is None


def test_gui_export_report_to_a_missing_folder_says_why(window, tmp_path, monkeypatch):
    from infercost.gui import dialogs
    from infercost.gui.report.actions import ReportChoice

    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append(text))
    out = window.export_report(tmp_path / "missing" / "r.pdf", ReportChoice("seed-1-startup"))
    assert out is None
    assert errors and "does not exist" in errors[0]
    assert not (tmp_path / "missing").exists()


def test_a_linear_figure_renders_for_other_sections(tmp_path):
    """A timeline (months against cumulative dollars) is a Figure with linear axes: the painter
    draws it with round ticks, as another section's chart would be."""
    from infercost.gui.report.files import save_chart
    from infercost.gui.report.painting import linear_ticks
    from infercost.model.report.report_figure import Figure, FigureAxis, FigureSeries

    assert linear_ticks(0, 36) == [0, 5, 10, 15, 20, 25, 30, 35]
    assert linear_ticks(-1000, 260_000)[:3] == [0, 50_000, 100_000]
    months = tuple(float(m) for m in range(37))
    fig = Figure(
        "timeline", "Cumulative cost", "", FigureAxis("Month", "", 0, 36, log=False,
        ticks="number"), FigureAxis("Cumulative cost", "USD", 0, 300_000, log=False,
        ticks="usd"),
        (FigureSeries("Own", 0, months, tuple(260_000 + 1_000 * m for m in months)),
         FigureSeries("Rent", 1, months, tuple(8_000 * m for m in months))),
    )  # fmt: skip
    img = QImage(str(save_chart(fig, tmp_path / "t.png", 1000)))
    blue = sum(
        img.pixelColor(x, y).name() == "#0072b2"
        for x in range(0, img.width(), 4)
        for y in range(0, img.height(), 4)
    )
    assert blue > 20


def test_a_tornado_figure_draws_bars_either_side_of_its_base(tmp_path):
    from infercost.gui.breakeven import palette
    from infercost.gui.report.files import save_chart
    from infercost.model.report.report_figure import Figure, FigureAxis, FigureBar

    bars = (FigureBar("H100 price", 2_000, 8_000, "$2,000 to $8,000"),
            FigureBar("x" * 300, 5_500, 6_500, "$5,500 to $6,500"))  # fmt: skip
    fig = Figure(
        "tornado", "What moves the margin", "",
        FigureAxis("Margin", "USD/month", 0, 10_000, log=False, ticks="usd"),
        FigureAxis("", "", 0, 1, log=False), (), bars=bars, base=6_000,
    )  # fmt: skip
    img = QImage(str(save_chart(fig, tmp_path / "t.png", 1000)))
    below, above = (palette.style(k).colour.lower() for k in (0, 1))
    colours = {img.pixelColor(x, y).name() for x in range(0, 1000, 3) for y in range(img.height())}
    assert below in colours and above in colours
