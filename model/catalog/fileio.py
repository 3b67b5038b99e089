"""Versioned JSON files: envelope check, migration chain, validation with readable errors."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from infercost.model.catalog.catalog import Catalog
from infercost.model.errors import CatalogError, FileFormatError, describe_validation_error
from infercost.model.guard import (
    MAX_FILE_BYTES,
    cap_text,
    decode_text,
    parse_json_bounded,
    read_bounded,
)

M = TypeVar("M", bound=BaseModel)

# Current schema version per file format. Bump it and register a migration from the old one.
CURRENT_VERSION: dict[str, int] = {"infercost-catalog": 3, "infercost-project": 4}


def _v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds only optional fields with defaults (quality tiers on offers and LLM
    specs; a scenario's quality needed, decision-matrix facts and the document's figures), so
    a version-1 payload is a valid version-2 one. The version changes so that an older
    InferCost refuses a file using them with "written by a newer InferCost", not a field list."""
    return payload


def _catalog_v2_to_v3(payload: dict[str, Any]) -> dict[str, Any]:
    """Version 3 counts a build's power at the wall by default (power_scope "system"); a
    version-2 build that left it unset meant GPU board power, so it says so explicitly."""
    for build in _dicts(payload.get("builds")):
        build.setdefault("power_scope", "gpu")
    return payload


def _project_v2_to_v3(payload: dict[str, Any]) -> dict[str, Any]:
    """Version 3 changes three defaults: a self-hosted option's utilization (1 -> 0.7), an
    owned option's energy basis ("build" -> "volume": idle power all month plus load power
    while busy) and a build's power scope ("gpu" -> "system"). A version-2 file that left
    them unset keeps the meaning it was written with; version 3 also adds ``use_own_figure``
    (default False: a pinned figure above the physical ceiling is no longer used)."""
    catalog = payload.get("catalog")
    if isinstance(catalog, dict):
        _catalog_v2_to_v3(catalog)
    for scenario in _dicts(payload.get("scenarios")):
        for so in _dicts(scenario.get("options")):
            opt = so.get("option")
            if not isinstance(opt, dict) or opt.get("kind") not in ("rental", "owned"):
                continue
            opt.setdefault("utilization", 1.0)
            if opt.get("kind") == "owned":
                opt.setdefault("energy_basis", "build")
    return payload


def _project_v3_to_v4(payload: dict[str, Any]) -> dict[str, Any]:
    """Version 4 adds a scenario's time assumptions (horizon, price declines, discount rate)
    and your own input ranges, both optional with defaults, so a version-3 payload is a valid
    version-4 one; the version changes so that an older InferCost refuses a file using them
    with "written by a newer InferCost", not a field list."""
    return payload


def _dicts(items: Any) -> list[dict[str, Any]]:
    return [x for x in items if isinstance(x, dict)] if isinstance(items, list) else []


# (format, from_version) -> function turning a version-N payload dict into version N+1.
MIGRATIONS: dict[tuple[str, int], Callable[[dict[str, Any]], dict[str, Any]]] = {
    ("infercost-catalog", 1): _v1_to_v2,
    ("infercost-project", 1): _v1_to_v2,
    ("infercost-catalog", 2): _catalog_v2_to_v3,
    ("infercost-project", 2): _project_v2_to_v3,
    ("infercost-project", 3): _project_v3_to_v4,
}


def parse_json(text: str | bytes, origin: str) -> Any:
    """Parse JSON through the guard: bounded depth and size, NaN/Infinity and overflowing
    numbers (1e400) refused, a byte-order mark accepted; errors name the file and the line."""
    return parse_json_bounded(text, source=origin)


def migrate(data: Any, fmt: str, origin: str) -> dict[str, Any]:
    """Check the envelope of a file and bring its payload to the current schema version.

    Returns the payload (the dict under the format's payload key), never the envelope.
    """
    if not isinstance(data, dict):
        raise FileFormatError(origin, "expected a JSON object at the top level")
    found = data.get("format")
    if found != fmt:
        raise FileFormatError(origin, f"this is not an {fmt} file (format is {cap_text(found)})")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FileFormatError(
            origin, f"schema_version must be a positive integer, not {cap_text(version)}"
        )
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


def read_file_text(path: str | Path, what: str = "file") -> str:
    """Read a regular UTF-8 file through the guard (bounded, never blocking on a pipe)."""
    return decode_text(read_bounded(path, max_bytes=MAX_FILE_BYTES, what=what), source=str(path))


def read_json(
    path: str | Path, what: str = "file", progress: Callable[[int, int], None] | None = None
) -> Any:
    """Read and parse a JSON file through the guard; every failure is a FileFormatError.

    ``progress(bytes_read, bytes_expected)`` is called while reading (it may raise
    :class:`~infercost.model.guard.Cancelled`).
    """
    data = read_bounded(path, max_bytes=MAX_FILE_BYTES, what=what, progress=progress)
    return parse_json_bounded(data, source=str(path))


def catalog_from_dict(data: Any, origin: str = "catalog") -> Catalog:
    """Validate a catalog file's parsed JSON (envelope included)."""
    return validate(Catalog, migrate(data, "infercost-catalog", origin), origin)


def load_catalog(path: str | Path) -> Catalog:
    """Load a catalog file; raises FileFormatError or CatalogError naming the problem."""
    origin = str(path)
    return catalog_from_dict(read_json(path, "catalog"), origin)


@cache
def _default_catalog_text() -> str:
    from infercost import resources

    return resources.read_text("default_catalog.json")


def default_catalog() -> Catalog:
    """A fresh copy of the default catalog (every figure of the seed, with provenance)."""
    text = _default_catalog_text()
    return catalog_from_dict(parse_json(text, "default catalog"), "default catalog")
