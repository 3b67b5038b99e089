"""Estimator accuracy against published measurements: compare, summarize, render as Markdown."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from infercost.model.base import Count, Slug, Strict, TokensPerS
from infercost.model.catalog import Catalog
from infercost.model.estimate import EstimateRequest, estimate
from infercost.model.fileio import parse_json, read_file_text, validate

MEDIAN_TARGET_PCT = 15.0
MAX_TARGET_PCT = 35.0


class Source(Strict):
    """Where a measurement was published."""

    title: str = Field(min_length=1, max_length=500, description="Title of the page or table")
    url: str = Field(pattern=r"^https?://", max_length=500, description="Address")


class Case(Strict):
    """One published decode measurement and the configuration it was taken on."""

    id: Slug
    source: Slug = Field(description="Key into the fixture's sources")
    gpu_id: Slug
    gpu_count: Count(1024, "at most 1,024 GPUs in one measured run") = 1
    llm_id: Slug
    quant_id: Slug
    engine_id: str = Field(description="Engine profile the measurement ran on")
    concurrency: Count(100_000, "at most 100,000 sequences at once") = 1
    context_tokens: Count(10**8, "at most 10^8 tokens") = Field(
        description="Average context per sequence"
    )
    decode_tokens_per_s: TokensPerS = Field(description="Measured aggregate decode throughput")
    quote: str = Field(
        min_length=1, max_length=300, description="The figure as the source prints it"
    )
    notes: str = Field(default="", max_length=1000)
    reason: str = Field(default="", max_length=1000, description="Why an excluded case is excluded")
    holdout: bool = Field(
        default=False, description="Added after the engine defaults were set, not used to set them"
    )


class Fixture(Strict):
    """The accuracy fixture file."""

    description: str = ""
    sources: dict[str, Source]
    cases: list[Case]
    excluded: list[Case] = Field(default_factory=list)


@dataclass(frozen=True)
class Row:
    """A case with the estimate beside the measurement."""

    case: Case
    estimate: float
    low: float
    high: float
    bound: str

    @property
    def error_pct(self) -> float:
        """Signed error of the estimate, % of the measurement."""
        return (self.estimate / self.case.decode_tokens_per_s - 1.0) * 100.0

    @property
    def in_band(self) -> bool:
        return self.low <= self.case.decode_tokens_per_s <= self.high


@dataclass(frozen=True)
class Summary:
    median_abs_error_pct: float
    max_abs_error_pct: float
    gpus: tuple[str, ...]
    cases: int

    @property
    def meets_target(self) -> bool:
        return (
            self.median_abs_error_pct <= MEDIAN_TARGET_PCT
            and self.max_abs_error_pct <= MAX_TARGET_PCT
        )


def load_fixture(path: str | Path) -> Fixture:
    """Read and validate the fixture; every case must name a known source."""
    fx = validate(Fixture, parse_json(read_file_text(path), str(path)), str(path))
    for case in [*fx.cases, *fx.excluded]:
        if case.source not in fx.sources:
            raise ValueError(f"{path}: case '{case.id}' names unknown source '{case.source}'")
    return fx


def compare(cat: Catalog, cases: list[Case]) -> list[Row]:
    """Estimate every case without measured overrides (the point is to test the physics)."""
    rows = []
    for c in cases:
        req = EstimateRequest(
            gpu_id=c.gpu_id,
            gpu_count=c.gpu_count,
            llm_id=c.llm_id,
            quant_id=c.quant_id,
            engine_id=c.engine_id,
            concurrency=c.concurrency,
            context_tokens=c.context_tokens,
            use_measurements=False,
        )
        e = estimate(cat, req)
        rows.append(
            Row(
                c,
                e.typical.decode_tokens_per_s,
                e.low.decode_tokens_per_s,
                e.high.decode_tokens_per_s,
                e.decode_bound,
            )
        )
    return rows


def summarize(rows: list[Row]) -> Summary:
    errs = [abs(r.error_pct) for r in rows]
    return Summary(
        median_abs_error_pct=statistics.median(errs),
        max_abs_error_pct=max(errs),
        gpus=tuple(sorted({r.case.gpu_id for r in rows})),
        cases=len(rows),
    )


def _table(rows: list[Row], fx: Fixture, with_reason: bool = False) -> list[str]:
    head = (
        "| case | hardware | LLM, format | engine | batch | estimate tok/s (band) "
        "| measured tok/s | error | bound | set | source |"
    )
    lines = [head + (" why excluded |" if with_reason else ""), "|" + " --- |" * (11 + with_reason)]
    for r in rows:
        c = r.case
        src = fx.sources[c.source]
        line = (
            f"| {c.id} | {c.gpu_count}x {c.gpu_id} | {c.llm_id} {c.quant_id} | {c.engine_id} "
            f"| {c.concurrency} | {r.estimate:,.1f} ({r.low:,.1f}-{r.high:,.1f}) "
            f"| {c.decode_tokens_per_s:,.2f} | {r.error_pct:+.1f}% | {r.bound} "
            f"| {'hold-out' if c.holdout else 'calibration'} "
            f'| [{src.title}]({src.url}): "{c.quote}" |'
        )
        lines.append(line + (f" {c.reason} |" if with_reason else ""))
    return lines


def _line(label: str, rows: list[Row]) -> str:
    s = summarize(rows)
    return (
        f"| {label} | {s.cases} | {len(s.gpus)} | {s.median_abs_error_pct:.1f}% "
        f"| {s.max_abs_error_pct:.1f}% | {'yes' if s.meets_target else 'no'} |"
    )


def render_markdown(cat: Catalog, fx: Fixture) -> str:
    """The accuracy report, generated from the fixture so it cannot drift from it."""
    rows = compare(cat, fx.cases)
    s = summarize(rows)
    verdict = "meets" if s.meets_target else "misses"
    calib = [r for r in rows if not r.case.holdout]
    hold = [r for r in rows if r.case.holdout]
    groups = [("calibration", calib), ("hold-out", hold), ("all", rows)]
    out = [
        "# Estimator accuracy",
        "",
        "Generated by `tests/tools/write_accuracy_doc.py` from",
        "`tests/data/throughput_measurements.json`; `tests/model/test_estimate_accuracy.py` fails",
        "when this file and the fixture disagree.",
        "",
        "Decode throughput (aggregate over the batch) estimated by `infercost.model.estimate`",
        "with the engine profile the measurement ran on, against published measurements.",
        "Error = estimate / measured - 1. The band is the estimate at the low and high ends of",
        "the engine's efficiency bands.",
        "",
        f"**{s.cases} cases on {len(s.gpus)} GPU types ({', '.join(s.gpus)}): median absolute "
        f"error {s.median_abs_error_pct:.1f}%, largest {s.max_abs_error_pct:.1f}%.** Target: "
        f"median within {MEDIAN_TARGET_PCT:g}%, none beyond {MAX_TARGET_PCT:g}%; the estimator "
        f"{verdict} it.",
        "",
        "The engine profiles' efficiency defaults were set with the calibration cases in view",
        "(a few factors per engine); the hold-out cases were added afterwards and not used to",
        "set them.",
        "",
        "| set | cases | GPU types | median abs error | largest abs error | within target |",
        "| --- | --- | --- | --- | --- | --- |",
        *(_line(label, group) for label, group in groups if group),
        "",
        *_table(rows, fx),
        "",
    ]
    if fx.excluded:
        out += [
            "## Measurements not scored",
            "",
            "Shown for honesty, with the reason they do not measure what the estimator predicts.",
            "",
            *_table(compare(cat, fx.excluded), fx, with_reason=True),
            "",
        ]
    return "\n".join(out)
