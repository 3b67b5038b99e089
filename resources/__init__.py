"""Data shipped with InferCost: the default catalog, icons, desktop integration files."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def path(name: str) -> Path:
    """Filesystem path of a bundled resource file."""
    return Path(str(files(__name__).joinpath(name)))


def read_text(name: str) -> str:
    """Text of a bundled resource file."""
    return files(__name__).joinpath(name).read_text(encoding="utf-8")
