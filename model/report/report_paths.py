"""Which format a report file is written in, and refusing an output path before any work."""

from __future__ import annotations

from pathlib import Path

from infercost.model.errors import FileFormatError, InferCostError

REPORT_FORMATS = ("pdf", "html", "md")
_SUFFIXES = {"pdf": (".pdf",), "html": (".html", ".htm"), "md": (".md", ".markdown")}


def report_format(path: Path | str, fmt: str | None = None) -> str:
    """The format to write: ``fmt`` when given (checked against the suffix), else the one the
    suffix names. A suffix that names another format is refused, not silently ignored."""
    suffix = Path(path).suffix.lower()
    named = next((f for f, s in _SUFFIXES.items() if suffix in s), None)
    if fmt is None:
        if named is None:
            raise InferCostError(
                f"{path}: a report ends in .pdf, .html or .md (or give --format), not "
                f"'{suffix or 'no suffix'}'"
            )
        return named
    if fmt not in REPORT_FORMATS:
        raise InferCostError(f"format must be pdf, html or md, not {fmt!r}")
    if named is not None and named != fmt:
        raise InferCostError(f"{path}: the name ends in {suffix} but the format is {fmt}")
    return fmt


def check_output_path(path: Path | str) -> Path:
    """Refuse an output path that cannot be written before any work is done."""
    path = Path(path)
    if path.is_dir():
        raise FileFormatError(str(path), "is a folder; give a file name")
    if not path.parent.is_dir():
        raise FileFormatError(
            str(path), f"cannot be written: the folder {path.parent} does not exist"
        )
    if path.exists() and not path.is_file():
        raise FileFormatError(str(path), "is not a regular file; it is not replaced")
    return path
