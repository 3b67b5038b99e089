"""Shared pydantic building blocks: the base entry, unit-bearing number types and slugs."""

import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic import Strict as StrictInput

from infercost.model.guard import DECIMAL, NumberError, strict_number

SLUG_PATTERN = r"^[a-z0-9][a-z0-9._/+-]*$"

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=120),
    Field(description="Stable id: lower-case letters, digits and . _ / + -"),
]


@dataclass(frozen=True)
class Bound:
    """Why a number type has its upper bound; appended to the description of every field of
    that type (tooltips and docs read it from there)."""

    reason: str


def _number_input(value: Any) -> Any:
    """A JSON number as it is; a plain decimal string as its float; a boolean refused.

    pydantic's lax mode would read ``true`` as 1, ``"1_0"`` as 10 and ``" 12 "`` as 12. The
    messages leave out the value: pydantic's error report quotes it already (capped).
    """
    if isinstance(value, bool):
        raise ValueError("a boolean (true/false) is not a number")
    if isinstance(value, str):
        try:
            return strict_number(value, where="text")
        except NumberError:
            word = value.strip().lower().lstrip("+-")
            if word in ("inf", "infinity", "nan") or DECIMAL.fullmatch(value):
                raise ValueError("Input should be a finite number") from None
            raise ValueError(
                "Input should be a valid number (plain decimals such as 2.5: no spaces, "
                "underscores or non-ASCII digits)"
            ) from None
    return value


NumberInput = BeforeValidator(_number_input)
"""Put in the ``Annotated`` of every int or float field (the unit types below carry it)."""


def _bounded(low: float, high: float, reason: str) -> Any:
    bounds = Field(ge=low, le=high, allow_inf_nan=False)
    return Annotated[float, NumberInput, bounds, Bound(reason)]


# Every number is finite and bounded well beyond anything real but far inside what overflows
# a formula: the largest product any calculation forms (quantity x price, volume x price,
# power x hours x tariff) stays below ~1e40, and a figure that is divided by (throughput,
# memory, bandwidth) has a floor, since 1 / 5e-324 is already infinite.
UsdPerMtok = _bounded(
    0, 1e6, "at most $1,000,000/Mtok ($1 a token); the dearest APIs charge hundreds"
)
UsdPerHour = _bounded(0, 1e5, "at most $100,000/hour; a whole 8-GPU server rents for under $100")
Usd = _bounded(0, 1e9, "at most $1 billion; more than a whole GPU cluster costs")
UsdPerMonth = _bounded(0, 1e9, "at most $1 billion a month")
UsdPerKwh = _bounded(0, 100, "at most $100/kWh; retail electricity costs under $1/kWh")
Watts = _bounded(0, 1e6, "at most 1 MW; a GPU draws about 1 kW, a full rack about 100 kW")
PositiveWatts = _bounded(1e-3, 1e6, "0.001 W to 1 MW; a GPU draws about 1 kW")
Gigabytes = _bounded(0, 1e6, "at most 1,000,000 GB; the largest accelerators hold under 1 TB")
PositiveGigabytes = _bounded(1e-3, 1e6, "0.001 to 1,000,000 GB; accelerators hold under 1 TB")
GbPerS = _bounded(0, 1e6, "at most 1,000,000 GB/s; HBM today moves about 8,000 GB/s")
PositiveGbPerS = _bounded(1e-3, 1e6, "0.001 to 1,000,000 GB/s; HBM today moves about 8,000")
Tflops = _bounded(0, 1e6, "at most 1,000,000 TFLOP/s; the fastest GPU does about 20,000")
PositiveTflops = _bounded(1e-3, 1e6, "0.001 to 1,000,000 TFLOP/s; the fastest GPU does ~20,000")
ParamsB = _bounded(1e-6, 1e6, "10^-6 to 10^6 B parameters; the largest LLMs have ~2,000 B")
TokensPerS = _bounded(
    1e-3, 1e9, "0.001 to 10^9 tokens/s; below 0.001 a unit serves too little to cost"
)
Tokens = _bounded(0, 1e18, "at most 10^18 tokens; all the text ever written is ~10^15")
PositiveTokens = _bounded(1, 1e18, "1 to 10^18 tokens; all the text ever written is ~10^15")
# A number with no more specific unit (an engine's efficiency band): bounded all the same.
NonNeg = _bounded(0, 1e12, "at most 10^12")
Positive = _bounded(1e-9, 1e12, "10^-9 to 10^12")
Fraction = Annotated[float, NumberInput, Field(ge=0, le=1, allow_inf_nan=False)]
Percent = Annotated[float, NumberInput, Field(ge=0, le=100, allow_inf_nan=False)]


Flag = Annotated[bool, StrictInput()]
"""A yes/no field: only JSON true/false. pydantic's lax mode would read 0, 1, "no", "off" and
"y" as booleans; a file that says "off" for a flag is not one we wrote."""


def Count(high: int, reason: str, low: int = 1) -> Any:
    """A whole number from ``low`` to ``high``, the reason for the bound in its description."""
    return Annotated[int, NumberInput, Field(ge=low, le=high), Bound(reason)]


Context = Annotated[
    int,
    NumberInput,
    Field(ge=1, le=10_000_000),
    Bound("at most 10^7 tokens; the longest context windows hold ~10^7"),
]


def Bounded(low: float, high: float, reason: str = "") -> Any:
    """A float from ``low`` to ``high`` for a field with bounds of its own (years, PUE)."""
    bounds = Field(ge=low, le=high, allow_inf_nan=False)
    if not reason:
        return Annotated[float, NumberInput, bounds]
    return Annotated[float, NumberInput, bounds, Bound(reason)]


class Strict(BaseModel):
    """Base for our own file formats: assignment is validated, unknown keys are refused. Number
    fields use the bounded types above (or :data:`NumberInput`), so a boolean is never a
    number; a test checks that every number field of every model does."""

    model_config = ConfigDict(
        validate_assignment=True,
        extra="forbid",
        allow_inf_nan=False,
        str_strip_whitespace=True,
        defer_build=True,
    )

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        for info in cls.model_fields.values():
            meta = [*info.metadata, *_metadata(info.annotation)]
            reasons = [m.reason for m in meta if isinstance(m, Bound)]
            for reason in reasons:
                text = (info.description or "").rstrip(". ")
                if reason.lower() not in text.lower():
                    info.description = (
                        f"{text} ({reason})" if text else reason[0].upper() + reason[1:]
                    )


def unguarded_number_fields(cls: type[BaseModel]) -> list[str]:
    """Number fields of a model whose type lacks :data:`NumberInput` (a test keeps this empty)."""
    out = []
    for name, info in cls.model_fields.items():
        if _is_number(info.annotation):
            meta = [*info.metadata, *_metadata(info.annotation)]
            if not any(m is NumberInput for m in meta):
                out.append(name)
    return out


def unguarded_bool_fields(cls: type[BaseModel]) -> list[str]:
    """Boolean fields of a model that are not :data:`Flag` (a test keeps this empty)."""
    out = []
    for name, info in cls.model_fields.items():
        if bool in _flatten(info.annotation):
            meta = [*info.metadata, *_metadata(info.annotation)]
            if not any(isinstance(m, StrictInput) for m in meta):
                out.append(name)
    return out


def _flatten(annotation: Any) -> list[Any]:
    """The member types of an annotation, Optional/Union and Annotated unwrapped."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return [t for a in typing.get_args(annotation) for t in _flatten(a)]
    if origin is typing.Annotated:
        return _flatten(typing.get_args(annotation)[0])
    return [annotation]


def _metadata(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return [m for a in typing.get_args(annotation) for m in _metadata(a)]
    if origin is typing.Annotated:
        inner, *meta = typing.get_args(annotation)
        return [*meta, *_metadata(inner)]
    return []


def is_flag(annotation: Any) -> bool:
    """A yes/no field (``bool``, :data:`Flag`, optional or not)."""
    return bool in _flatten(annotation)


def _is_number(annotation: Any) -> bool:
    return any(t in (int, float) for t in _flatten(annotation))


class Entry(Strict):
    """A catalog entry: a stable id plus where its figures come from."""

    id: Slug
    source: str = Field(default="", description="Where the figures come from", max_length=2000)
    as_of: str = Field(default="", description="When the figures were true", max_length=100)
    notes: str = Field(default="", description="Free-text remarks", max_length=4000)
