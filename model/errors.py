"""Typed errors with messages that name what is wrong and where."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError


class InferCostError(Exception):
    """Base of every error we raise on purpose: its message is for the user."""


class UnknownIdError(InferCostError, KeyError):
    """An id that is not in the catalog, with the closest ones that are."""

    def __init__(self, what: str, wanted: str, known: Iterable[str]) -> None:
        self.what = what
        self.wanted = wanted
        known = list(known)
        self.suggestions = closest(wanted, known)
        if self.suggestions:
            hint = f" Did you mean: {', '.join(self.suggestions)}?"
        elif known:
            shown = ", ".join(sorted(known)[:10])
            more = f" (and {len(known) - 10} more)" if len(known) > 10 else ""
            hint = f" Known: {shown}{more}."
        else:
            hint = f" There is no {what} yet."
        super().__init__(f"Unknown {what} '{wanted}'.{hint}")

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class EditRefused(InferCostError):
    """An edit or a typed value that would break a rule; nothing was changed. The message
    says why."""


class CatalogError(InferCostError):
    """A catalog that breaks a rule: each problem names the entry and the field."""

    def __init__(self, problems: Sequence[str], origin: str = "catalog") -> None:
        self.problems = list(problems)
        self.origin = origin
        lines = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = f"\n  ... and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(f"{origin}: {len(self.problems)} problem(s)\n{lines}{more}")


class FileFormatError(InferCostError):
    """A file that cannot be read as what it claims to be."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{_short_path(path)}: {message}")


def _short_path(path: str, limit: int = 160) -> str:
    """A path as a message shows it: a very long one keeps its start and its file name."""
    if len(path) <= limit:
        return path
    return f"{path[:50]}…{path[-(limit - 51) :]}"


def closest(wanted: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Return up to ``n`` known ids that look like ``wanted``, best first."""
    known = list(known)
    hits = difflib.get_close_matches(wanted, known, n=n, cutoff=0.5)
    if not hits:
        hits = [k for k in known if wanted and wanted.lower() in k.lower()][:n]
    return hits


def describe_validation_error(err: ValidationError, data: Any = None) -> list[str]:
    """Turn a pydantic error into one line per problem, naming entries by id, not index.

    Parameters
    ----------
    err
        The error raised by ``model_validate``.
    data
        The raw input, used to replace list indexes with the ``id`` of the entry there.
    """
    out = []
    for e in err.errors(include_url=False):
        out.append(f"{_where(e['loc'], data)}: {_what(e)}")
    return out


def _where(loc: tuple[Any, ...], data: Any) -> str:
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            item = node[key] if isinstance(node, list) and key < len(node) else None
            ident = item.get("id") if isinstance(item, Mapping) else None
            shown = f" {_cap(ident)}" if isinstance(ident, str) and ident else ""
            parts[-1:] = [f"{parts[-1] if parts else ''}[{key}]{shown}"]
            node = item
        else:
            parts.append(_cap(str(key))[1:-1])
            node = node.get(key) if isinstance(node, Mapping) else None
    return " > ".join(parts) or "(top level)"


def _what(e: Mapping[str, Any]) -> str:
    msg = str(e.get("msg", "invalid"))
    if (
        "input" in e
        and e.get("type") not in ("missing",)
        and not isinstance(e["input"], dict | list)
    ):
        return f"{msg} (got {_cap(e['input'])})"
    return msg


def _cap(value: Any) -> str:
    """A value from a file, quoted, shortened and printable (a 190 MB string stays short)."""
    from infercost.model.guard import cap_text  # the guard imports this module

    return cap_text(value, 60)
