"""Versioned JSON files: envelope check, migration chain, validation with readable errors."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from infercost.model.catalog import Catalog
from infercost.model.errors import CatalogError, FileFormatError, describe_validation_error

M = TypeVar("M", bound=BaseModel)

# Current schema version per file format. Bump it and register a migration from the old one.
CURRENT_VERSION: dict[str, int] = {"infercost-catalog": 2, "infercost-project": 2}


def _v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds only optional fields with defaults (quality tiers on offers and LLM
    specs; a scenario's quality needed, decision-matrix facts and the document's figures), so
    a version-1 payload is a valid version-2 one. The version changes so that an older
    InferCost refuses a file using them with "written by a newer InferCost", not a field list."""
    return payload


# (format, from_version) -> function turning a version-N payload dict into version N+1.
MIGRATIONS: dict[tuple[str, int], Callable[[dict[str, Any]], dict[str, Any]]] = {
    ("infercost-catalog", 1): _v1_to_v2,
    ("infercost-project", 1): _v1_to_v2,
}

MAX_FILE_BYTES = 200 * 1024 * 1024


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number InferCost accepts")


def parse_json(text: str | bytes, origin: str) -> Any:
    """Parse JSON strictly: NaN/Infinity literals and overflowing numbers (1e400) are refused."""
    try:
        data = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except (ValueError, RecursionError) as exc:
        raise FileFormatError(origin, f"not valid JSON: {exc}") from None
    return data


def _finite_float(s: str) -> float:
    value = float(s)
    if not math.isfinite(value):
        raise ValueError(f"number {s} is too large")
    return value


def migrate(data: Any, fmt: str, origin: str) -> dict[str, Any]:
    """Check the envelope of a file and bring its payload to the current schema version.

    Returns the payload (the dict under the format's payload key), never the envelope.
    """
    if not isinstance(data, dict):
        raise FileFormatError(origin, "expected a JSON object at the top level")
    found = data.get("format")
    if found != fmt:
        raise FileFormatError(origin, f"this is not an {fmt} file (format is {found!r})")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FileFormatError(origin, f"schema_version must be a positive integer, not {version!r}")
    current = CURRENT_VERSION[fmt]
    if version > current:
        raise FileFormatError(
            origin,
            f"written by a newer InferCost (schema version {version}; this version reads up to "
            f"{current}). Update InferCost to open it.",
        )
    key = fmt.removeprefix("infercost-")
    payload = data.get(key)
    if not isinstance(payload, dict):
        raise FileFormatError(origin, f"missing the '{key}' object")
    while version < current:
        payload = MIGRATIONS[(fmt, version)](payload)
        version += 1
    return payload


def validate(cls: type[M], payload: dict[str, Any], origin: str) -> M:
    """``cls.model_validate`` with every problem named by entry id and field."""
    try:
        return cls.model_validate(payload)
    except ValidationError as exc:
        raise CatalogError(describe_validation_error(exc, payload), origin) from None


def envelope(fmt: str, payload: BaseModel) -> dict[str, Any]:
    """The dict written to disk for a model: format, schema version and payload."""
    return {
        "format": fmt,
        "schema_version": CURRENT_VERSION[fmt],
        fmt.removeprefix("infercost-"): payload.model_dump(mode="json", exclude_defaults=False),
    }


def read_file_text(path: str | Path) -> str:
    """Read a UTF-8 file, turning every OS and decoding error into FileFormatError."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FileFormatError(str(p), f"file is {size / 1e6:.0f} MB; the limit is 200 MB")
        return p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileFormatError(str(p), "no such file") from None
    except IsADirectoryError:
        raise FileFormatError(str(p), "is a folder, not a file") from None
    except PermissionError:
        raise FileFormatError(str(p), "permission denied") from None
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            str(p), f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    except OSError as exc:
        raise FileFormatError(str(p), exc.strerror or str(exc)) from None


def catalog_from_dict(data: Any, origin: str = "catalog") -> Catalog:
    """Validate a catalog file's parsed JSON (envelope included)."""
    return validate(Catalog, migrate(data, "infercost-catalog", origin), origin)


def load_catalog(path: str | Path) -> Catalog:
    """Load a catalog file; raises FileFormatError or CatalogError naming the problem."""
    origin = str(path)
    return catalog_from_dict(parse_json(read_file_text(path), origin), origin)


@cache
def _default_catalog_text() -> str:
    from infercost import resources

    return resources.read_text("default_catalog.json")


def default_catalog() -> Catalog:
    """A fresh copy of the default catalog (every figure of the seed, with provenance)."""
    text = _default_catalog_text()
    return catalog_from_dict(parse_json(text, "default catalog"), "default catalog")
