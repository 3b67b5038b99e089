"""The proposal report's document, built from the one Evaluation (no Qt): its recommendation,
comparison, crossings and sources say what the Evaluation says, and project text stays inert."""

import pytest

from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.quality import QualityTier
from infercost.model.costing.evaluation import evaluate
from infercost.model.formatting import usd
from infercost.model.report.report_breakeven import envelope_sentence
from infercost.model.report.report_build import ReportMeta, build_report
from infercost.model.report.report_doc import BulletList, Paragraph, Section, Table
from infercost.model.report.report_figure import Figure
from infercost.model.report.report_paths import check_output_path, report_format
from infercost.model.report.report_sections import recommendation_text
from infercost.model.report.report_sources import used_entries
from infercost.model.report.report_text import md_esc, to_html, to_markdown


@pytest.fixture
def project():
    return default_project()


@pytest.mark.parametrize("sid", ["seed-1-startup", "seed-2-enterprise", "seed-3-local"])
def test_the_report_says_what_the_evaluation_says(project, sid):
    ev = evaluate(project, sid)
    doc = build_report(project, sid, ReportMeta("Acme", "Jo", "2026-01-31", "1.2.3"))
    text = doc.plain_text()
    best = ev.cheapest
    assert best is not None
    lead = doc.section("recommendation").blocks[0]
    assert isinstance(lead, Paragraph) and lead.lead
    assert best.label in lead.text and usd(best.usd) in lead.text
    if ev.runner_up is not None:
        assert ev.runner_up.label in lead.text and usd(ev.margin_usd) in lead.text
    table = doc.section("comparison").blocks[0]
    assert isinstance(table, Table)
    assert [r[0] for r in table.rows] == [o.label for o in ev.options]
    assert [r[3] for r in table.rows] == [usd(o.usd) for o in ev.options]
    assert table.strong_rows == (ev.options.index(best),)
    for e in ev.envelope:
        assert envelope_sentence(e)[1:] in text
    for k, v in (("Prepared for", "Acme"), ("Prepared by", "Jo"), ("Date", "2026-01-31"),
                 ("InferCost version", "1.2.3")):  # fmt: skip
        assert (k, v) in doc.title.facts
    assert doc.sections[-1].id == "sources" and doc.sections[-1].appendix


def test_the_chart_numbers_the_envelope_as_the_crossings_section_lists_it(project):
    ev = evaluate(project, "seed-2-enterprise")
    doc = build_report(project, "seed-2-enterprise")
    (fig,) = doc.figures()
    assert len(ev.envelope) >= 1
    assert [p.x for p in fig.points] == [e.volume_tokens for e in ev.envelope]
    numbered = next(b for b in doc.section("crossings").blocks if isinstance(b, BulletList))
    assert numbered.numbered and len(numbered.items) == len(fig.points)
    assert fig.x_axis.unit == "tokens/month" and fig.y_axis.unit == "USD/month"
    assert fig.markers[0].x == ev.volume_tokens
    assert {s.label for s in fig.series} == {o.label for o in ev.options if o.cost is not None}


def test_a_required_quality_tier_marks_options_below_it(project):
    s = project.scenario("seed-1-startup")
    s.quality_needed = QualityTier.STRONG_GENERAL
    ev = evaluate(project, s)
    doc = build_report(project, s.id)
    below = [o for o in ev.options if not o.comparable]
    assert below, "the test needs an option below the tier"
    table = doc.section("comparison").blocks[0]
    for o in below:
        row = next(r for r in table.rows if r[0] == o.label)
        assert row[-1].startswith("not comparable")
    assert "Strong general" in doc.section("recommendation").blocks[0].text
    if ev.cheapest is not None:
        assert ev.cheapest.comparable


def test_sources_list_every_entry_an_option_reads(project):
    s = project.scenario("seed-2-enterprise")
    ids = {e.id for _, e in used_entries(project, s)}
    assert {"openai/gpt-4.1", "lambda/h100-sxm", "8x-h100-node", "h100-sxm",
            "llama-3.1-405b", "us-average"} <= ids  # fmt: skip
    table = build_report(project, s.id).section("sources").blocks[0]
    assert len(table.rows) == len(ids)
    gpt = next(r for r in table.rows if "openai/gpt-4.1" in r[0])
    assert "input price $2.00 / Mtok" in gpt[1] and "Seed" in gpt[2] and gpt[3] == "early 2026"


def test_no_options_gives_a_report_that_says_so(project):
    s = project.scenario("seed-3-local")
    s.options.clear()
    doc = build_report(project, s.id)
    assert "no option" in doc.section("recommendation").blocks[0].text
    with pytest.raises(KeyError):
        doc.section("breakeven")


def test_recommendation_with_no_upfront_cash_says_so(project):
    ev = evaluate(project, "seed-3-local", volume=1e6)  # 1M tokens: an API wins
    assert ev.cheapest is not None and not ev.cheapest.upfront_usd
    assert "no upfront cash" in recommendation_text(ev)


def test_extra_sections_plug_in_before_the_appendix(project):
    def timeline(ctx):
        return Section("timeline", "Timeline", (Paragraph(f"{len(ctx.evaluation.options)}"),))

    doc = build_report(project, "seed-1-startup", extra=[timeline, lambda ctx: None])
    ids = [s.id for s in doc.sections]
    assert ids[-2:] == ["timeline", "sources"]


HOSTILE = '<script>alert(1)</script> | =HYPERLINK("x") *bold* [a](b)'


def test_project_text_is_escaped_in_html_and_markdown(project):
    s = project.scenario("seed-1-startup")
    s.options[0].label = HOSTILE
    doc = build_report(project, s.id, ReportMeta(prepared_for="# Heading\n- item"))
    html = to_html(doc, lambda f: "<svg/>")
    assert "<script>" not in html and "&lt;script&gt;" in html
    md = to_markdown(doc, lambda f: "![chart](c.svg)")
    assert "<script>" not in md and "\\*bold\\*" in md and "\\[a\\]\\(b\\)" in md
    for line in md.splitlines():
        if line.startswith("|") and "HYPERLINK" in line:
            assert line.count(" | ") == line.count("|") - 2 - line.count("\\|")
    assert md_esc("- x").startswith("\\-") and md_esc("1. x").startswith("1\\.")


def test_figure_data_is_not_pixels(project):
    (fig,) = build_report(project, "seed-1-startup").figures()
    assert isinstance(fig, Figure)
    for s in fig.series:
        assert len(s.x) == len(s.y) and all(y > 0 for y in s.y)
        assert list(s.x) == sorted(s.x)


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [("a.pdf", None, "pdf"), ("a.HTML", None, "html"), ("a.md", None, "md"), ("a", "md", "md")],
)
def test_report_format_from_suffix_or_flag(name, fmt, expected):
    assert report_format(name, fmt) == expected


def test_bad_report_paths_are_refused_with_the_reason(tmp_path):
    from infercost.model.errors import FileFormatError, InferCostError

    with pytest.raises(InferCostError, match=r"ends in \.pdf, \.html or \.md"):
        report_format(tmp_path / "a.docx")
    with pytest.raises(InferCostError, match=r"ends in \.pdf but the format is md"):
        report_format(tmp_path / "a.pdf", "md")
    with pytest.raises(FileFormatError, match="is a folder"):
        check_output_path(tmp_path)
    with pytest.raises(FileFormatError, match="does not exist"):
        check_output_path(tmp_path / "nope" / "a.pdf")


def test_the_per_mtok_figure_says_so(project):
    from infercost.model.report.report_breakeven import evaluation_figure

    s = project.scenario("seed-2-enterprise")
    ev = evaluate(project, s)
    fig = evaluation_figure(s, ev, "per_mtok")
    assert "cost per million tokens against volume" in fig.title
    assert fig.y_axis.unit == "USD/Mtok"
    gpt = next(x for x in fig.series if x.label == "GPT-4.1")
    assert gpt.at_marker == pytest.approx(ev.option("GPT-4.1").usd_per_mtok)
    assert fig.points[0].y == pytest.approx(ev.envelope[0].usd_per_month / fig.points[0].x * 1e6)


def test_a_zero_volume_says_to_set_one(project):
    project.workload(project.scenario("seed-1-startup").workload_id).monthly_tokens = 0
    doc = build_report(project, "seed-1-startup")
    assert "0 tokens/month" in doc.section("recommendation").blocks[0].text
    assert "set its monthly tokens" in doc.section("recommendation").blocks[0].text


def test_the_report_carries_the_timeline_and_the_tornado_of_the_same_evaluation(project):
    from infercost.model.costing.timeline import timeline
    from infercost.model.uncertainty.sensitivity import sensitivity

    scenario = project.scenario("seed-2-enterprise")
    doc = build_report(project, scenario.id)
    ids = [s.id for s in doc.sections]
    # Before the appendix, after the evaluation's own sections.
    assert ids.index("throughput") < ids.index("timeline") < ids.index("sensitivity")
    assert ids[-1] == "sources"
    t = timeline(project, scenario, evaluate(project, scenario))
    from infercost.model.report.report_doc import block_text

    blocks = doc.sections[ids.index("timeline")].blocks
    text = "\n".join(line for b in blocks for line in block_text(b))
    assert f"Month {t.break_even_month}:" in text
    for o in t.options:  # every option's cumulative cost at the horizon, as the CLI gives it
        assert usd(float(o.cumulative_usd[t.horizon_months]), 0) in text
    s = sensitivity(project, scenario, draws=10_000, seed=0)
    tornado = next(b for b in doc.sections[ids.index("sensitivity")].blocks if isinstance(b, Table))
    assert [r[1] for r in tornado.rows] == [w.input.label for w in s.swings]
    assert len(tornado.rows) >= 5
