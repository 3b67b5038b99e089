"""The report as HTML or Markdown text. A figure is drawn by a callback the caller gives (an
inline SVG, a link to an image file, a placeholder the PDF writer replaces), so this module
stays free of any drawing library; every text from the project is escaped."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from infercost.model.report.report_doc import (
    Block,
    BulletList,
    Note,
    Paragraph,
    ReportDocument,
    Table,
)
from infercost.model.report.report_figure import Figure

FigureHtml = Callable[[Figure], str]

STYLE = """
body { font-family: 'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif; font-size: 10pt;
       color: #202124; max-width: 52em; margin: 2em auto; line-height: 1.35; }
h1 { font-size: 20pt; margin: 0 0 2pt 0; }
h2 { font-size: 13.5pt; color: #174ea6; margin: 16pt 0 5pt 0; border-bottom: 1px solid #c6cad1; }
p.subtitle { font-size: 12pt; color: #3c4043; margin-top: 0; }
p.lead { font-size: 11pt; background-color: #eef3fd; padding: 6pt; }
p.note { color: #3c4043; font-size: 9pt; }
p.warning { color: #8a3c00; font-size: 9pt; }
p.caption { color: #5f6368; font-size: 8.5pt; margin-top: 2pt; }
table { border-collapse: collapse; margin: 4pt 0; }
th { background-color: #e8eaed; text-align: left; padding: 3pt 5pt; font-size: 8.5pt;
     border: 1px solid #c6cad1; }
td { padding: 2pt 5pt; font-size: 8.5pt; border: 1px solid #dadce0; vertical-align: top; }
td.fact { padding: 1pt 12pt 1pt 0; font-size: 9.5pt; border: none; }
td.num { text-align: right; white-space: nowrap; }
tr.strong td { font-weight: bold; background-color: #f1f6ee; }
li { margin-bottom: 2pt; }
div.figure svg { width: 100%; height: auto; }
"""


def esc(text: str) -> str:
    """Text from a project as HTML: markup characters escaped, line breaks kept."""
    return html.escape(text, quote=True).replace("\n", "<br/>")


def to_html(doc: ReportDocument, figure_html: FigureHtml, *, standalone: bool = True) -> str:
    """The whole report as HTML (a full page when ``standalone``, else the body's content)."""
    t = doc.title
    out = [
        f"<h1>{esc(t.title)}</h1>",
        f"<p class='subtitle'>{esc(t.subtitle)}</p>",
        "<table class='facts'>",
    ]
    out += [
        f"<tr><td class='fact' width='24%'><b>{esc(k)}</b></td><td class='fact'>{esc(v)}</td></tr>"
        for k, v in t.facts
    ]
    out.append("</table>")
    for s in doc.sections:
        prefix = "Appendix: " if s.appendix else ""
        out.append(f"<h2 id='{esc(s.id)}'>{prefix}{esc(s.title)}</h2>")
        out += [_html_block(b, figure_html) for b in s.blocks]
    body = "\n".join(out)
    if not standalone:
        return body
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'/>"
        f"<title>{esc(t.title)}: {esc(t.subtitle)}</title><style>{STYLE}</style></head>"
        f"<body>\n{body}\n<p class='caption'>{esc(doc.footer)}</p></body></html>\n"
    )


def _html_block(b: Block, figure_html: FigureHtml) -> str:
    if isinstance(b, Paragraph):
        return f"<p class='lead'>{esc(b.text)}</p>" if b.lead else f"<p>{esc(b.text)}</p>"
    if isinstance(b, Note):
        label = "Warning" if b.kind == "warning" else "Note"
        return f"<p class='{b.kind}'><b>{label}:</b> {esc(b.text)}</p>"
    if isinstance(b, BulletList):
        tag = "ol" if b.numbered else "ul"
        start = f" start='{b.start}'" if b.numbered and b.start != 1 else ""
        items = "".join(f"<li>{esc(i)}</li>" for i in b.items)
        return f"<{tag}{start}>{items}</{tag}>"
    if isinstance(b, Table):
        return _html_table(b)
    caption = f"<p class='caption'>{esc(b.caption)}</p>" if b.caption else ""
    return f"<div class='figure'>{figure_html(b)}</div>{caption}"


NUM, STRONG = " class='num'", " class='strong'"


def _html_table(t: Table) -> str:
    head = "".join(
        f"<th{f' width={t.widths[k]}%' if t.widths else ''}>{esc(c)}</th>"
        for k, c in enumerate(t.columns)
    )
    rows = []
    for i, r in enumerate(t.rows):
        cells = "".join(
            f"<td{NUM if t.alignment(k) == 'right' else ''}>{esc(c)}</td>" for k, c in enumerate(r)
        )
        rows.append(f"<tr{STRONG if i in t.strong_rows else ''}>{cells}</tr>")
    caption = f"<p class='caption'>{esc(t.caption)}</p>" if t.caption else ""
    return (
        "<table class='data' width='100%' cellspacing='0' cellpadding='3'>"
        f"<thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{caption}"
    )


# --- Markdown -------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


def md_esc(text: str) -> str:
    """Text from a project as inert Markdown: markup characters backslash-escaped, a leading
    "-", "=" or digit-dot not read as a list or heading, line breaks as spaces."""
    text = _MD_SPECIAL.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))
    text = re.sub(r"^(\s*)([-=])", r"\1\\\2", text)
    return re.sub(r"^(\s*\d+)\.", r"\1\\.", text)  # "1\. x": a digit cannot be escaped


def to_markdown(doc: ReportDocument, figure_md: Callable[[Figure], str]) -> str:
    """The report as CommonMark with GitHub tables; ``figure_md`` gives each figure's line."""
    t = doc.title
    out = [f"# {md_esc(t.title)}", "", f"*{md_esc(t.subtitle)}*", ""]
    out += [f"- **{md_esc(k)}:** {md_esc(v)}" for k, v in t.facts]
    for s in doc.sections:
        prefix = "Appendix: " if s.appendix else ""
        out += ["", f"## {prefix}{md_esc(s.title)}"]
        for b in s.blocks:
            out += ["", *_md_block(b, figure_md)]
    out += ["", "---", md_esc(doc.footer), ""]
    return "\n".join(out)


def _md_block(b: Block, figure_md: Callable[[Figure], str]) -> list[str]:
    if isinstance(b, Paragraph):
        return [f"**{md_esc(b.text)}**" if b.lead else md_esc(b.text)]
    if isinstance(b, Note):
        label = "Warning" if b.kind == "warning" else "Note"
        return [f"> **{label}:** {md_esc(b.text)}"]
    if isinstance(b, BulletList):
        if b.numbered:
            return [f"{n}. {md_esc(i)}" for n, i in enumerate(b.items, start=b.start)]
        return [f"- {md_esc(i)}" for i in b.items]
    if isinstance(b, Table):
        rule = ["---:" if b.alignment(k) == "right" else "---" for k in range(len(b.columns))]
        lines = [_md_row(b.columns), "| " + " | ".join(rule) + " |"]
        for i, r in enumerate(b.rows):
            cells = [f"**{c}**" if i in b.strong_rows and c.strip() else c for c in map(md_esc, r)]
            lines.append("| " + " | ".join(cells) + " |")
        return lines + ([f"*{md_esc(b.caption)}*"] if b.caption else [])
    return [figure_md(b)] + ([f"*{md_esc(b.caption)}*"] if b.caption else [])


def _md_row(cells) -> str:
    return "| " + " | ".join(md_esc(c) or " " for c in cells) + " |"
