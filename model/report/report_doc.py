"""The proposal report as a neutral document: a title block and sections of paragraphs, lists,
tables, figures (chart data, not pixels) and notes, which the PDF, HTML and Markdown renderers
all draw the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from infercost.model.report.report_figure import Figure

Align = Literal["left", "right"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of plain text (renderers escape it); ``lead`` sets it apart (the answer)."""

    text: str
    lead: bool = False


@dataclass(frozen=True, slots=True)
class BulletList:
    """Items in order; ``numbered`` when their number is referred to (crossings on a chart)."""

    items: tuple[str, ...]
    numbered: bool = False
    start: int = 1


@dataclass(frozen=True, slots=True)
class Table:
    """A table of text cells (already formatted with their units).

    ``align`` gives each column's alignment (numbers right); ``strong_rows`` are row indices
    set in bold (the recommended option); ``caption`` says what the table is.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[Align, ...] = ()
    caption: str = ""
    strong_rows: tuple[int, ...] = ()
    widths: tuple[int, ...] = ()
    """Each column's share of the page width in percent (empty: the renderer decides)."""

    def __post_init__(self) -> None:
        for r in self.rows:
            if len(r) != len(self.columns):
                raise ValueError(f"a row has {len(r)} cells for {len(self.columns)} columns")
        if self.align and len(self.align) != len(self.columns):
            raise ValueError("align needs one entry per column")

    def alignment(self, column: int) -> Align:
        return self.align[column] if self.align else "left"


@dataclass(frozen=True, slots=True)
class Note:
    """A remark set apart from the text: a caveat or a warning the reader must not miss."""

    text: str
    kind: Literal["note", "warning"] = "note"


Block = Paragraph | BulletList | Table | Figure | Note


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of the report; ``appendix`` sections come after the main text."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    appendix: bool = False


@dataclass(frozen=True, slots=True)
class TitleBlock:
    """The report's first lines: title, subtitle and labelled facts (prepared for, by, date)."""

    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ReportDocument:
    """The whole report. ``footer`` is the short line each PDF page repeats beside its number."""

    title: TitleBlock
    sections: tuple[Section, ...]
    footer: str = ""
    scenario_id: str = ""
    meta: dict[str, str] = field(default_factory=dict)

    def section(self, section_id: str) -> Section:
        """The section called ``section_id`` (KeyError when there is none)."""
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def figures(self) -> tuple[Figure, ...]:
        """Every figure, in order."""
        return tuple(b for s in self.sections for b in s.blocks if isinstance(b, Figure))

    def plain_text(self) -> str:
        """Every word of the report as plain text, in order (what a text extractor should find)."""
        out = [self.title.title, self.title.subtitle]
        out += [f"{k}: {v}" for k, v in self.title.facts]
        for s in self.sections:
            out.append(s.title)
            for b in s.blocks:
                out.extend(block_text(b))
        return "\n".join(out)


def block_text(b: Block) -> list[str]:
    """The words of one block as lines."""
    if isinstance(b, Paragraph | Note):
        return [b.text]
    if isinstance(b, BulletList):
        return list(b.items)
    if isinstance(b, Table):
        return [b.caption, " ".join(b.columns)] + [" ".join(r) for r in b.rows]
    return [b.title, b.caption]
