"""Field rules read from the pydantic models: label, unit, limits, choices, and typed-text parsing.

The one place the table headers, form spin boxes, Excel headers and CLI flag checks read a
field's rules from, so that no surface writes a label, a unit or a bound twice.
"""

from __future__ import annotations

import math
import re
import types
import typing
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from infercost.model.catalog.base import SLUG_PATTERN
from infercost.model.errors import EditRefused

# A field's unit, read from the end of its name (units live in field names: DOMAIN.md).
# Longest suffix first, so "_usd_per_mtok" wins over "_usd".
UNIT_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("_usd_per_mtok", "$/Mtok"),
    ("_usd_per_hour", "$/hr"),
    ("_usd_per_month", "$/month"),
    ("_usd_per_kwh", "$/kWh"),
    ("_usd", "$"),
    ("_pct", "%"),
    ("_gbps", "GB/s"),
    ("_gb", "GB"),
    ("_tflops", "TFLOP/s"),
    ("_w", "W"),
    ("_years", "years"),
    ("_tokens_per_s", "tok/s"),
    ("_tokens", "tokens"),
    ("_b", "B params"),
)
# Fields named by their unit alone (no leading "_" to match a suffix).
_BARE_UNITS = {"usd_per_kwh": "$/kWh"}
MONEY_UNITS = frozenset(u for _, u in UNIT_SUFFIXES if u.startswith("$"))


def field_unit(cls: type[BaseModel], name: str) -> str:
    """The unit of a field: its ``json_schema_extra["unit"]``, else read from its name."""
    extra = cls.model_fields[name].json_schema_extra
    if isinstance(extra, dict) and "unit" in extra:
        return str(extra["unit"])
    if name in _BARE_UNITS:
        return _BARE_UNITS[name]
    return next((unit for suffix, unit in UNIT_SUFFIXES if name.endswith(suffix)), "")


def field_label(cls: type[BaseModel], name: str) -> str:
    """A short lower-case name of a field, its unit dropped ("input price", "VRAM")."""
    if name in _LABELS:
        return _LABELS[name]
    base = name
    for suffix, unit in UNIT_SUFFIXES:
        if base.endswith(suffix):
            base = base.removesuffix(suffix)
            if unit in MONEY_UNITS and "price" not in base:
                base += "_price"
            break
    words = [_WORDS.get(w, w) for w in base.split("_") if w]
    return " ".join(words) or name


_LABELS = {
    "usd_per_kwh": "energy price",
    "price_low_usd": "price (low)",
    "price_high_usd": "price (high)",
    "ops_usd_per_month": "operations cost",
    "colocation_usd_per_month": "colocation cost",
    "total_params_b": "total parameters",
    "int8_tops": "INT8 peak",
    "fp16_acc_tflops": "FP16-accumulate peak",
    "fp32_tflops": "FP32 (CUDA cores)",
    "interconnect_latency_us": "all-reduce latency",
    "active_params_b": "active parameters",
    "lines": "parts",
    "custom_lines": "other costs",
    # A bare "low"/"high" column says nothing about what is low.
    "low_tokens_per_s": "throughput (low)",
    "high_tokens_per_s": "throughput (high)",
    "on_demand_low_usd_per_hour": "on-demand price (low)",
    "on_demand_high_usd_per_hour": "on-demand price (high)",
    "markup_low_pct": "markup (low)",
    "markup_high_pct": "markup (high)",
}
_WORDS = {
    "id": "ID",
    "llm": "LLM",
    "gpu": "GPU",
    "gpus": "GPUs",
    "vram": "VRAM",
    "bf16": "BF16",
    "fp8": "FP8",
    "fp4": "FP4",
    "kv": "KV",
    "psu": "PSU",
    "pue": "PUE",
    "mem": "memory",
    "ram": "RAM",
    "qk": "QK",
    "lora": "LoRA",
}


@dataclass(frozen=True)
class Limits:
    """A number field's bounds as pydantic checks them (None: unbounded on that side)."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    def admits(self, value: float) -> bool:
        """True when ``value`` passes these bounds (and is finite)."""
        if not math.isfinite(value):
            return False
        if self.low is not None and (value <= self.low if self.low_open else value < self.low):
            return False
        return self.high is None or (value < self.high if self.high_open else value <= self.high)

    def describe(self) -> str:
        """The bounds in words: "from 0 to 100", "above 0", "at most 744"."""
        low = "" if self.low is None else f"{'above' if self.low_open else 'from'} {self.low:g}"
        if self.high is None:
            return low or "any finite number"
        high = f"{'below' if self.high_open else 'at most'} {self.high:g}"
        if self.low is not None and not self.low_open and not self.high_open:
            return f"from {self.low:g} to {self.high:g}"
        return f"{low} and {high}" if low else high


def limits(cls: type[BaseModel], name: str) -> Limits:
    """The numeric bounds of a field, read from its constraints (``ge``, ``gt``, ``le``, ``lt``)."""
    info = cls.model_fields[name]
    inner = [m for a in _args(info.annotation) for m in _metadata(a)]
    low = high = None
    low_open = high_open = False
    for meta in [*info.metadata, *inner]:
        for attr, is_low, is_open in (("ge", 1, 0), ("gt", 1, 1), ("le", 0, 0), ("lt", 0, 1)):
            bound = getattr(meta, attr, None)
            if bound is None:
                continue
            if is_low:
                low, low_open = float(bound), bool(is_open)
            else:
                high, high_open = float(bound), bool(is_open)
    return Limits(low, high, low_open, high_open)


@dataclass(frozen=True)
class FieldRule:
    """Everything a surface needs to show and edit one field."""

    name: str
    label: str
    unit: str
    description: str
    numeric: bool
    integer: bool
    optional: bool
    choices: tuple[str, ...] | None
    limits: Limits
    owner: str = ""  # the model class the field belongs to ("Build")

    @property
    def anchor(self) -> str:
        """Where the built-in guide explains this field (model/catalog/guide.py writes the "
        "anchors)."""
        return f"field-{self.owner}-{self.name}"

    @property
    def help_line(self) -> str:
        """One line for a tooltip: the unit and which field the value is, and where to read
        more ("Unit: $/kWh · field Build.usd_per_kwh · F1: guide")."""
        unit = f"Unit: {self.unit} · " if self.unit else ""
        return f"{unit}field {self.owner}.{self.name} · F1: guide"

    @property
    def header(self) -> str:
        """Label and unit on one line: "Input price ($/Mtok)"."""
        label = self.label[:1].upper() + self.label[1:]
        return f"{label} ({self.unit})" if self.unit else label


def field_rule(cls: type[BaseModel], name: str) -> FieldRule:
    """The rule of one field of a model class."""
    info = cls.model_fields[name]
    opts = choices(cls, name)
    return FieldRule(
        name=name,
        label=field_label(cls, name),
        unit=field_unit(cls, name),
        description=info.description or "",
        numeric=is_number(info.annotation),
        integer=is_integer(info.annotation),
        optional=allows_none(info.annotation),
        choices=tuple(opts) if opts else None,
        limits=limits(cls, name),
        owner=cls.__name__,
    )


def validation_message(cls: type[BaseModel], err: ValidationError) -> str:
    """A pydantic error as a sentence naming fields by their labels, values shortened."""
    parts = []
    for e in err.errors(include_url=False):
        loc = e["loc"]
        msg = str(e["msg"]).removeprefix("Value error, ")
        if (
            e.get("type") == "string_pattern_mismatch"
            and (e.get("ctx") or {}).get("pattern") == SLUG_PATTERN
        ):
            msg = SLUG_RULE
        got = f" (got {short_repr(e['input'])})" if e.get("type") != "missing" and loc else ""
        if loc and isinstance(loc[0], str) and loc[0] in cls.model_fields:
            parts.append(f"{field_label(cls, loc[0])}: {msg}{got}")
        else:
            parts.append(msg + got)
    return "; ".join(parts)


SLUG_RULE = (
    "use lower-case letters, digits and . _ / + - only (no spaces), starting with a letter or digit"
)


def short_repr(value: Any, limit: int = 40) -> str:
    """``repr`` of a value, cut to ``limit`` characters with an ellipsis."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "…'"


def coerce_text(cls: type[BaseModel], name: str, text: str) -> Any:
    """Turn what a user typed into a value for a field, or raise EditRefused saying why.

    Accepts money as typed for reading ("$2,500", "$2.50 / Mtok"): the currency sign,
    thousands separators and a trailing unit are dropped before pydantic validates.
    An empty cell clears an optional field.
    """
    info = cls.model_fields[name]
    text = text.strip()
    optional = allows_none(info.annotation)
    if text == "":
        if optional:
            return None
        if is_text(info.annotation):
            return ""
        raise EditRefused(f"{field_label(cls, name)} is required")
    if is_number(info.annotation):
        cleaned = text.split("/")[0].strip().removeprefix("$").replace("_", "")
        cleaned = cleaned.removesuffix("%").strip()
        if "," in cleaned:
            # "1,5" typed for one and a half must not become 15: commas are accepted only
            # where thousands separators go ("2,500", "1,234,567.5").
            if not _THOUSANDS.fullmatch(cleaned):
                raise EditRefused(
                    f"{field_label(cls, name)}: {text!r} is not a number; "
                    "use a point for decimals (1.5) and commas only between thousands (2,500)"
                )
            cleaned = cleaned.replace(",", "")
        return cleaned
    return text


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def _args(annotation: Any) -> tuple[Any, ...]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    if origin is typing.Annotated:
        return _args(typing.get_args(annotation)[0])
    return (annotation,)


def _metadata(annotation: Any) -> list[Any]:
    """Constraint objects of an ``Annotated`` type (inside an Optional, pydantic leaves them
    there instead of on the field)."""
    out: list[Any] = []
    while typing.get_origin(annotation) is typing.Annotated:
        annotation, *meta = typing.get_args(annotation)
        for m in meta:
            out.extend(getattr(m, "metadata", [m]))
    return out


def _bare(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def allows_none(annotation: Any) -> bool:
    """True when a field's type admits None (an optional figure)."""
    return any(a is type(None) for a in _args(annotation))


def is_number(annotation: Any) -> bool:
    """True when a field holds an int or a float."""
    return any(_bare(a) in (int, float) for a in _args(annotation))


def is_integer(annotation: Any) -> bool:
    """True when a field holds a whole number (a count, a token length)."""
    return any(_bare(a) is int for a in _args(annotation)) and not any(
        _bare(a) is float for a in _args(annotation)
    )


def is_text(annotation: Any) -> bool:
    """True when a field holds free text."""
    return any(_bare(a) is str for a in _args(annotation))


def choices(cls: type[BaseModel], name: str) -> list[str] | None:
    """The allowed values of an enum or Literal field (for a combo box), else None."""
    out: list[str] = []
    for a in _args(cls.model_fields[name].annotation):
        a = _bare(a)
        if typing.get_origin(a) is Literal:
            out += [str(v) for v in typing.get_args(a)]
        elif isinstance(a, type) and issubclass(a, Enum):
            out += [str(m.value) for m in a]
    return out or None
