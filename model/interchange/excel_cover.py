"""The Cover sheet of an exported workbook: what it is, when and from what it was made, the
catalog it holds, the assumptions behind its formulas and its defined names."""

from __future__ import annotations

from datetime import UTC, datetime

from infercost.model.catalog.catalog import SECTIONS, Catalog
from infercost.model.catalog.project import Project
from infercost.model.interchange.excel_catalog import SHEET_NAMES
from infercost.model.interchange.excel_cells import HEADER, NOTE, TITLE, put, put_text, widths

MARKER = "InferCost workbook"

ASSUMPTIONS = (
    "API: the blended price splits tokens into input and output at InputShare; cached input "
    "(CachedInputShare of input) is billed at the cache rate, the batch share at the batch "
    "discount, a platform markup on top, and RoutingShare of tokens at the routing offer.",
    "A prompt longer than an offer's long-context threshold bills the whole request at the "
    "tier prices (the cache rate scales like the input rate).",
    "Self-hosted throughput: 1 / (InputShare / prefill + (1 - InputShare) / decode) tok/s, "
    "each input token costing GPU time at the prefill rate and each output token at the decode "
    "rate. The two rates are InferCost's estimate (or a measurement) at the exported prompt "
    "length. A pinned figure above the physical ceiling is not used unless the option says "
    "'use my figure'; the Inputs sheet shows it as a claim.",
    "Rental, always on: a unit costs its hourly price x HoursPerMonth x its share of hours on, "
    "and serves tok/s x 3600 x those hours x utilization tokens; per use: only the hours the "
    "volume needs are paid, with no capacity steps.",
    "Owned build: purchase minus residual value written off over 8,760-hour years, energy at "
    "idle power every hour plus load power for the hours the volume needs (energy basis "
    "'volume'; 'build' bills the build's own utilization every hour), operations and "
    "colocation per hour; a unit serves tok/s x 3600 x HoursPerMonth x utilization tokens.",
    "A volume past one unit's capacity needs ROUNDUP(volume / capacity) units: the cost steps.",
    "Cheapest: the lowest monthly cost among options that meet the quality needed and that "
    "InferCost found feasible; ties go to the option listed first.",
    "Quality tiers and feasibility are InferCost's judgement, typed on the Inputs sheet; "
    "InferCost re-checks a pinned figure against the ceiling only when it exports again.",
)


def write_cover(
    ws, project: Project, chosen, catalog: Catalog, full: bool, names, version: str
) -> None:
    """The Cover sheet: ``chosen`` scenarios, ``catalog`` the entries the workbook holds."""
    put(ws, 1, 1, MARKER, TITLE)
    scenarios = ", ".join(f"{s.name} ({s.id})" for s in chosen) or "none"
    rows = [
        ("Project", project.name),
        ("Exported", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("InferCost version", version),
        ("Scenarios in this workbook", scenarios),
        (
            "Catalog in this workbook",
            "the whole catalog"
            if full
            else "the entries these scenarios use (export with --all for the whole catalog)",
        ),
    ]
    for i, (k, v) in enumerate(rows, start=3):
        put(ws, i, 1, k, HEADER)
        put_text(ws, i, 2, v)
    r = 4 + len(rows)
    put(ws, r, 1, "Catalog", HEADER)
    for section, (_cls, title) in SECTIONS.items():
        entries = catalog.section(section)
        r += 1
        put_text(ws, r, 1, f"{title} ({SHEET_NAMES[section]} sheet)")
        put_text(ws, r, 2, catalog_line(entries))
    r += 2
    put(ws, r, 1, "Assumptions", HEADER)
    for line in ASSUMPTIONS:
        r += 1
        put(ws, r, 1, line)
    r += 2
    put(ws, r, 1, "Defined names (workbook scope)", HEADER)
    put(ws, r, 2, "Refers to", HEADER)
    put(ws, r, 3, "Meaning", HEADER)
    for name, (ref, meaning) in names.items():
        r += 1
        put(ws, r, 1, name)
        put(ws, r, 2, ref.replace("$", ""))
        put(ws, r, 3, meaning)
    r += 2
    put(ws, r, 1, "Yellow cells are inputs; every other figure is a formula.", NOTE)
    widths(ws, 40, 60, 70)


def catalog_line(entries) -> str:
    """'1 entry from 1 source, dated early 2026'; '12 entries from 3 sources, dated 2025 and
    early 2026'; 'no entries'."""
    if not entries:
        return "no entries"
    sources = {e.source for e in entries if e.source}
    text = f"{_count(len(entries), 'entry', 'entries')} from {_count(len(sources), 'source')}"
    dates = sorted({e.as_of for e in entries if e.as_of})
    if dates:
        shown = dates if len(dates) <= 3 else [*dates[:2], f"{len(dates) - 2} other dates"]
        text += ", dated " + (
            ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]
        )
    return text


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
