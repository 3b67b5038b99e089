"""Bring your own measurements: llama-bench output (JSON, JSONL, CSV, markdown) and vLLM /
SGLang benchmark-serving JSON, read into catalog throughput measurements.

Each point is tied to a GPU (and count), an LLM, a format, an engine and a batch: what the
file says (llama-bench's ``gpu_info``, ``model_type`` and parameter count), else what the
caller names. A point that cannot be tied is reported, never guessed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from infercost.model.catalog.catalog import Catalog
from infercost.model.errors import FileFormatError, InferCostError, UnknownIdError
from infercost.model.guard import decode_text, parse_json_bounded, printable, read_bounded

MAX_BENCH_BYTES = 16 << 20

# llama.cpp ``llama_model_ftype_name`` (the format part of llama-bench's model_type).
_FTYPES = {
    "f16": "f16",
    "bf16": "bf16",
    "q8_0": "q8_0",
    "q4_0": "q4_0",
    "q6_k": "q6_k",
    "q5_k - medium": "q5_k_m",
    "q5_k - small": "q5_k_s",
    "q4_k - medium": "q4_k_m",
    "q4_k - small": "q4_k_s",
    "q3_k - large": "q3_k_l",
    "q3_k - medium": "q3_k_m",
    "q3_k - small": "q3_k_s",
    "q2_k - medium": "q2_k",
    "q2_k - small": "q2_k_s",
    "iq4_xs - 4.25 bpw": "iq4_xs",
    "iq4_nl - 4.5 bpw": "iq4_nl",
    "iq3_s mix - 3.66 bpw": "iq3_m",
    "iq3_xxs - 3.0625 bpw": "iq3_xxs",
    "iq2_m - 2.7 bpw": "iq2_m",
    "iq2_xxs - 2.0625 bpw": "iq2_xxs",
    "iq1_s - 1.5625 bpw": "iq1_s",
    "mxfp4 moe": "mxfp4_moe",
}
# A serving record without token totals: the context the accuracy fixture assumes then.
DEFAULT_SERVING_CONTEXT = 512
_TEST = re.compile(r"^(pp|tg)(\d+)(?: @ d(\d+))?$")


@dataclass(frozen=True)
class BenchPoint:
    """One measured figure and what it was measured on (ids resolved against the catalog)."""

    location: str
    phase: str  # decode, prefill or mixed
    tokens_per_s: float
    concurrency: int
    context_tokens: int
    engine_id: str
    gpu_id: str | None = None
    gpu_count: int = 1
    llm_id: str | None = None
    quant_id: str | None = None
    split_mode: str | None = None
    input_share: float = 0.0
    label: str = ""


@dataclass
class BenchRead:
    """The points a file held, the rows that could not be used, and the file's kind."""

    kind: str
    points: list[BenchPoint] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Overrides:
    """What the caller names where a file does not say (or says otherwise)."""

    gpu_id: str | None = None
    gpu_count: int | None = None
    llm_id: str | None = None
    quant_id: str | None = None
    engine_id: str | None = None


def read_bench(path: str | Path, catalog: Catalog, given: Overrides = Overrides()) -> BenchRead:
    """Read a llama-bench or benchmark-serving file and tie each point to catalog ids.

    Raises
    ------
    FileFormatError
        For a file that is none of the formats, or whose rows hold no usable figure.
    """
    name = str(path)
    text = decode_text(read_bounded(path, max_bytes=MAX_BENCH_BYTES, what="benchmark"), source=name)
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        rows = _json_rows(text, name)
        if rows and all("avg_ts" in r for r in rows):
            out = BenchRead("llama-bench JSON")
            for i, r in enumerate(rows, 1):
                _llama_row(r, f"record {i}", out)
        elif rows and all("output_throughput" in r or "median_tpot_ms" in r for r in rows):
            out = BenchRead("benchmark-serving JSON")
            for i, r in enumerate(rows, 1):
                _serving_row(r, f"record {i}", out)
        else:
            raise FileFormatError(
                name,
                "JSON that is neither llama-bench output (avg_ts) nor benchmark-serving "
                "results (median_tpot_ms, output_throughput)",
            )
    elif stripped.startswith("|"):
        out = BenchRead("llama-bench markdown")
        _markdown(text, out)
    elif "avg_ts" in stripped.split("\n", 1)[0]:
        out = BenchRead("llama-bench CSV")
        for i, r in enumerate(csv.DictReader(io.StringIO(text)), 2):
            _llama_row(r, f"line {i}", out)
    else:
        raise FileFormatError(
            name, "not llama-bench output (JSON, JSONL, CSV or markdown) nor benchmark-serving JSON"
        )
    out.points = [p for p in (_resolve(p, catalog, given, out) for p in out.points) if p]
    if not out.points:
        reasons = "; ".join(f"{loc}: {why}" for loc, why in out.rejected[:3])
        raise FileFormatError(name, f"no usable measurement ({reasons or 'no rows'})")
    return out


def _json_rows(text: str, name: str) -> list[dict[str, Any]]:
    stripped = text.strip()
    if stripped.startswith("{") and "\n{" in stripped:  # JSONL: one record per line
        rows = [parse_json_bounded(line, source=name) for line in stripped.splitlines() if line]
    else:
        data = parse_json_bounded(text, source=name)
        rows = data if isinstance(data, list) else [data]
    return [r for r in rows if isinstance(r, dict)]


def _float(value: Any, where: str) -> float:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{where} is not a number")
    v = float(value)
    if not 0 < v < 1e9:
        raise ValueError(f"{where} = {v:g} is not a positive speed")
    return v


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _gpu_count(info: str) -> int:
    return max(1, len([g for g in info.split(",") if g.strip()]))


def _llama_row(r: dict[str, Any], where: str, out: BenchRead) -> None:
    try:
        n_prompt, n_gen, depth = (
            _int(r.get("n_prompt")),
            _int(r.get("n_gen")),
            _int(r.get("n_depth")),
        )
        if n_prompt and n_gen:
            raise ValueError("a combined pp+tg test gives no single phase")
        phase = "prefill" if n_prompt else "decode"
        ts = _float(r.get("avg_ts"), "avg_ts")
        info = str(r.get("gpu_info") or "")
        out.points.append(
            BenchPoint(
                location=where,
                phase=phase,
                tokens_per_s=ts,
                concurrency=1,
                # Prefill: the prompt's length (the estimator's prompt); decode: the average
                # context while generating.
                context_tokens=max(1, depth + (n_prompt if n_prompt else n_gen // 2)),
                engine_id="llama.cpp",
                gpu_id=info,
                gpu_count=_gpu_count(info) if info else 1,
                llm_id=f"{r.get('model_type', '')}|{_int(r.get('model_n_params'))}",
                quant_id=str(r.get("model_type", "")),
                split_mode=str(r.get("split_mode") or "layer"),
                label=f"{'pp' if n_prompt else 'tg'}{n_prompt or n_gen}"
                + (f" @ d{depth}" if depth else ""),
            )
        )
    except ValueError as exc:
        out.rejected.append((where, str(exc)))


def _markdown(text: str, out: BenchRead) -> None:
    header: list[str] | None = None
    for n, line in enumerate(text.splitlines(), 1):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.strip().startswith("|"):
            continue
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if set("".join(cells)) <= set("-: "):
            continue
        row = dict(zip(header, cells, strict=False))
        where = f"line {n}"
        m = _TEST.match(row.get("test", ""))
        if not m:
            out.rejected.append(
                (where, f"test '{printable(row.get('test', ''))[:30]}' is not ppN or tgN")
            )
            continue
        try:
            ts = _float(row.get("t/s", "").split("±")[0].strip(), "t/s")
        except ValueError as exc:
            out.rejected.append((where, str(exc)))
            continue
        kind, count, depth = m.group(1), int(m.group(2)), int(m.group(3) or 0)
        params = row.get("params", "").replace("B", "").strip()
        try:
            n_params = int(float(params) * 1e9)
        except ValueError:
            n_params = 0
        out.points.append(
            BenchPoint(
                location=where,
                phase="prefill" if kind == "pp" else "decode",
                tokens_per_s=ts,
                concurrency=1,
                context_tokens=max(1, depth + (count if kind == "pp" else count // 2)),
                engine_id="llama.cpp",
                gpu_id=None,
                llm_id=f"{row.get('model', '')}|{n_params}",
                quant_id=row.get("model", ""),
                split_mode=row.get("sm") or "layer",
                label=row.get("test", ""),
            )
        )


def _serving_row(r: dict[str, Any], where: str, out: BenchRead) -> None:
    """A benchmark-serving record: decode speed from the median time per output token at
    the run's concurrency (each step gives every sequence one token), as the accuracy
    fixture reads serving runs; else the output throughput."""
    try:
        inp, outp = _int(r.get("total_input_tokens")), _int(r.get("total_output_tokens"))
        done = max(1, _int(r.get("completed"), 1))
        conc = _int(r.get("max_concurrency")) or done
        tpot = r.get("median_tpot_ms")
        if tpot is not None:
            ts = max(1, conc) * 1000 / _float(tpot, "median_tpot_ms")
        else:
            ts = _float(r.get("output_throughput"), "output_throughput")
        context = (inp + outp // 2) // done if inp + outp else DEFAULT_SERVING_CONTEXT
        model = str(r.get("model_id") or r.get("model") or "")
        out.points.append(
            BenchPoint(
                location=where,
                phase="decode",
                tokens_per_s=ts,
                concurrency=max(1, conc),
                context_tokens=max(1, context),
                engine_id="vllm",
                llm_id=f"{model}|0",
                label=f"{r.get('backend', 'serving')} c{conc}",
            )
        )
    except ValueError as exc:
        out.rejected.append((where, str(exc)))


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("geforce", ""))


def _resolve(p: BenchPoint, cat: Catalog, given: Overrides, out: BenchRead) -> BenchPoint | None:
    """The point with catalog ids, or None (and a rejection naming what is missing)."""
    try:
        gpu = given.gpu_id or _match_gpu(p.gpu_id, cat)
        llm = given.llm_id or _match_llm(p.llm_id or "", cat)
        quant = given.quant_id or _FTYPES.get((p.quant_id or "").split(" ", 2)[-1].lower())
        if quant is None and p.quant_id:
            fmt = p.quant_id.lower()
            quant = next((v for k, v in _FTYPES.items() if fmt.endswith(k)), None)
        for what, value, getter in (
            ("GPU", gpu, cat.gpu),
            ("LLM", llm, cat.llm),
            ("quantization", quant, cat.quant),
        ):
            if value is None:
                flag = {"GPU": "--gpu", "LLM": "--llm", "quantization": "--quant"}[what]
                raise InferCostError(f"the file does not say which catalog {what}: give {flag}")
            getter(value)
    except InferCostError as exc:
        out.rejected.append((p.location, str(exc)))
        return None
    count = given.gpu_count or p.gpu_count
    engine = given.engine_id or p.engine_id
    return replace(p, gpu_id=gpu, llm_id=llm, quant_id=quant, gpu_count=count, engine_id=engine)


def _match_gpu(info: str | None, cat: Catalog) -> str | None:
    if not info:
        return None
    first = _norm(info.split(",")[0])
    for g in cat.gpus:
        if _norm(g.name) == first or _norm(g.id) == first:
            return g.id
    hits = [g.id for g in cat.gpus if first and (first in _norm(g.name) or _norm(g.name) in first)]
    if len(hits) == 1:
        return hits[0]
    raise UnknownIdError("GPU", printable(info.split(",")[0])[:60], [g.id for g in cat.gpus])


def _match_llm(key: str, cat: Catalog) -> str | None:
    """By parameter count (llama-bench) within 1.5 %, when the matches share one architecture;
    by name (benchmark-serving's model id) otherwise."""
    label, _, params = key.rpartition("|")
    n = _int(params)
    if n:
        hits = [m for m in cat.llms if abs(m.total_params_b * 1e9 - n) / n < 0.015]
        shapes = {(m.layers, m.hidden_size, m.kv_heads, m.head_dim, m.experts) for m in hits}
        if len(shapes) == 1:
            return hits[0].id
        if hits:
            ids = ", ".join(m.id for m in hits[:5])
            raise InferCostError(
                f"{n / 1e9:.2f} B parameters match several LLMs ({ids}): give --llm"
            )
        return None
    base = re.sub(r"-(instruct|it|chat)$", "", label.lower().split("/")[-1])
    return base if any(m.id == base for m in cat.llms) else None


def measurement_id(stem: str, p: BenchPoint, i: int) -> str:
    """A stable catalog id for an imported point."""
    s = re.sub(r"[^a-z0-9._-]+", "-", f"{stem}-{i}-{p.label}".lower()).strip("-.")
    return f"bench/{s[:100]}"


def bench_batch(read: BenchRead, cals, path: Path, cat: Catalog, apply_fit: bool):
    """The import batch: one measurement per point, and each GPU's fitted bandwidth share."""
    from infercost.model.catalog.entries import Measurement
    from infercost.model.interchange.import_preview import Candidate, ImportBatch

    batch = ImportBatch(origin=str(path), kind=read.kind)
    src = printable(f"{read.kind} {path.name}, imported by InferCost")[:500]
    for i, p in enumerate(read.points, 1):
        m = Measurement(
            id=measurement_id(path.stem, p, i),
            gpu_id=p.gpu_id,
            gpu_count=p.gpu_count,
            llm_id=p.llm_id,
            quant_id=p.quant_id,
            concurrency=p.concurrency,
            phase=p.phase,
            kind="measured",
            low_tokens_per_s=p.tokens_per_s,
            high_tokens_per_s=p.tokens_per_s,
            context_tokens=min(p.context_tokens, 10_000_000),
            engine_id=p.engine_id,
            source=f"{src} ({p.location}: {p.label})",
            notes=f"split {p.split_mode}" if p.gpu_count > 1 and p.split_mode else "",
        )
        batch.candidates.append(Candidate("measurements", m, p.location))
    for loc, why in read.rejected:
        from infercost.model.interchange.import_preview import Rejection

        batch.rejected.append(Rejection(loc, why))
    if apply_fit:
        for cal in cals:
            if cal.mem_efficiency_after is None:
                continue
            g = cat.gpu(cal.gpu_id)
            note = (
                f"mem_efficiency {cal.mem_efficiency_after:.3f} fitted on {len(cal.rows)} "
                f"point(s) of {path.name}"
            )
            fitted = g.model_copy(
                update={
                    "mem_efficiency": cal.mem_efficiency_after,
                    "notes": f"{g.notes} {note}".strip()[:4000],
                }
            )
            batch.candidates.append(Candidate("gpus", fitted, path.name))
    return batch
