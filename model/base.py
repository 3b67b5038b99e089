"""Shared pydantic building blocks: the base entry, unit-bearing number types and slugs."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9][a-z0-9._/+-]*$"

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=120),
    Field(description="Stable id: lower-case letters, digits and . _ / + -"),
]

# Every number the user can type is finite: JSON's 1e400 parses to inf and is refused here.
NonNeg = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


class Strict(BaseModel):
    """Base for our own file formats: assignment is validated, unknown keys are refused."""

    model_config = ConfigDict(
        validate_assignment=True,
        extra="forbid",
        allow_inf_nan=False,
        str_strip_whitespace=True,
        defer_build=True,
    )


class Entry(Strict):
    """A catalog entry: a stable id plus where its figures come from."""

    id: Slug
    source: str = Field(default="", description="Where the figures come from", max_length=2000)
    as_of: str = Field(default="", description="When the figures were true", max_length=100)
    notes: str = Field(default="", description="Free-text remarks", max_length=4000)
