"""Text from files made fit for people: quoted values shortened, terminal escapes and control
characters neutralised, JSON that is valid, encodable and inert. Part of the guard's API."""

from __future__ import annotations

import json
import re
import reprlib
from typing import Any

# --- ----------------------------------------------------------------------

_ELLIPSIS = "…"
_repr = reprlib.Repr()
_repr.maxlevel, _repr.maxlist, _repr.maxdict, _repr.maxtuple, _repr.maxset = 2, 4, 4, 4, 4
_repr.maxstring, _repr.maxother, _repr.maxlong = 200, 200, 200


def cap_text(value: Any, limit: int = 60) -> str:
    """A value quoted for a message, at most ``limit`` characters, an ellipsis when shortened.

    Strings are quoted (``'abc…'``); other values are shown by a bounded repr (a 10-million
    item list or a 400-digit integer costs no more than a short one). Escapes and control
    characters are neutralised by :func:`printable`.
    """
    limit = max(limit, 8)
    if isinstance(value, str):
        inner = value[: limit - 2]
        body = printable(inner)
        if len(value) > limit - 2:
            return f"'{body[: limit - 3]}{_ELLIPSIS}'"
        return f"'{body}'"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 600:
        return f"an integer of about {int(value.bit_length() * 0.30103)} digits"
    shown = printable(_repr.repr(value))
    return shown if len(shown) <= limit else shown[: limit - 1] + _ELLIPSIS


def cap_message(text: str, limit: int = 4000) -> str:
    """A whole message, printable and at most ``limit`` characters (longer ones say so)."""
    text = printable(text[: limit + 1], multiline=True)
    if len(text) <= limit:
        return text
    return text[: limit - 40] + f"{_ELLIPSIS} (message shortened)"


# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other two-byte ESC sequences, 8-bit CSI.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[ -~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|\x9d[^\x07\x9c]*[\x07\x9c]?"
)
_REPLACEMENT = "\ufffd"
_CONTROLS = {c: _REPLACEMENT for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
# Bidirectional overrides can make a name read backwards ("Trojan source").
_CONTROLS.update({c: _REPLACEMENT for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]})
_CONTROLS.update({c: _REPLACEMENT for c in range(0xD800, 0xE000)})  # lone surrogates
_SINGLE_LINE = dict(_CONTROLS)
_MULTI_LINE = {k: v for k, v in _CONTROLS.items() if k not in (0x09, 0x0A)}
_SINGLE_LINE.update({0x09: " ", 0x0A: " "})


def printable(text: str, *, multiline: bool = False) -> str:
    """Text from a file made safe for a terminal, JSON output or a message box.

    Terminal escape sequences (ANSI CSI, OSC, 8-bit CSI) are removed; other C0/C1 control
    characters, bidirectional overrides and lone surrogates become U+FFFD. Tabs and newlines
    become spaces unless ``multiline``. The result always encodes as UTF-8.
    """
    if not isinstance(text, str):
        text = str(text)
    if text.isprintable() and text.isascii():
        return text
    text = _ESCAPES.sub("", text)
    return text.translate(_MULTI_LINE if multiline else _SINGLE_LINE)


_C1_OR_SURROGATE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_text(obj: Any, *, indent: int | None = 2) -> str:
    """JSON for a terminal or a pipe: non-ASCII kept readable, but C1 controls, bidi
    overrides and lone surrogates written as ``\\uXXXX`` escapes, so the output is valid,
    encodable and inert (``json.dumps`` already escapes C0 controls, ESC included)."""
    text = json.dumps(obj, indent=indent, ensure_ascii=False, allow_nan=False)
    return _C1_OR_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
