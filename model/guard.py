"""The one guard for every file we read: regular files only, bounded bytes and parses, strict
numbers, and capped, printable text for anything from a file that reaches a person."""

from __future__ import annotations

import json
import math
import os
import re
import reprlib
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from infercost.model.errors import FileFormatError, InferCostError

MAX_FILE_BYTES = 200 * 1024 * 1024
# A parsed JSON value costs up to ~100 bytes of Python objects (a float in a list is 32, an
# empty dict 72): 5 million values stay within ~0.5 GB on top of the bytes themselves, while a
# catalog of 100,000 entries with 20 fields each (far beyond any price list) still fits.
MAX_JSON_ITEMS = 5_000_000
# Our own files nest ~6 levels (envelope > catalog > section > entry > list > item); price
# lists fewer. 64 leaves room for growth and stays far below Python's recursion limit.
MAX_JSON_DEPTH = 64
CHUNK_BYTES = 1 << 20
BOM = b"\xef\xbb\xbf"


class NumberError(InferCostError, ValueError):
    """A value that is not a number InferCost accepts; the message says where and why."""


class Cancelled(InferCostError):
    """The user stopped a long read or parse; nothing was changed."""


_KIND = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a named pipe, not a regular file"),
    (stat.S_ISCHR, "is a device, not a regular file"),
    (stat.S_ISBLK, "is a device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    for test, reason in _KIND:
        if test(mode):
            return reason
    return "is not a regular file"


def read_bounded(
    path: str | Path,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    what: str = "file",
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """Read a regular file, refusing it once more than ``max_bytes`` arrive.

    The file is opened non-blocking (a named pipe never blocks the open) and checked with
    ``fstat`` on the opened descriptor, so a FIFO, a device (``/dev/zero`` behind a symlink)
    or a folder is refused without reading. The limit is enforced on the bytes actually read,
    whatever size the file reports (``/proc`` files report 0).

    Parameters
    ----------
    path
        The file.
    max_bytes
        The most bytes accepted.
    what
        What the file should be ("project", "price file"), for messages.
    progress
        Called as ``progress(bytes_read, bytes_expected)`` after each chunk; it may raise
        :class:`Cancelled` to stop.

    Raises
    ------
    FileFormatError
        Naming the file: missing, not a regular file, too large, unreadable.
    """
    name = str(path)
    try:
        before = os.stat(path)  # refuse a pipe or device before even opening it
        reason = _not_regular(before.st_mode)
        if reason:
            raise FileFormatError(name, f"{reason}; a {what} must be a regular file")
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise FileFormatError(name, "no such file") from None
    except PermissionError:
        raise FileFormatError(name, "permission denied") from None
    except OSError as exc:
        raise FileFormatError(name, f"cannot open: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)  # the file we opened, not whatever the path names now
        reason = _not_regular(info.st_mode)
        if reason:
            raise FileFormatError(name, f"{reason}; a {what} must be a regular file")
        if info.st_size > max_bytes:
            raise FileFormatError(name, _too_big(info.st_size, max_bytes, what))
        return _read_all(fd, name, max_bytes, what, info.st_size, progress)
    except OSError as exc:
        raise FileFormatError(name, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _read_all(fd, name, max_bytes, what, expected, progress) -> bytes:
    buf = bytearray()
    while True:
        chunk = os.read(fd, CHUNK_BYTES)
        if not chunk:
            return bytes(buf)
        buf += chunk
        if len(buf) > max_bytes:
            raise FileFormatError(name, _too_big(len(buf), max_bytes, what, at_least=True))
        if progress is not None:
            progress(len(buf), max(expected, len(buf)))


def _too_big(size: int, limit: int, what: str, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return f"{more}{_mb(size)}; a {what} may be at most {_mb(limit)}"


def _mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 100_000 else f"{n:,} bytes"


# --- JSON -------------------------------------------------------------------------------

# A JSON string, escapes included (the unrolled loop keeps the regex linear and iterative).
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_CONSTANT = re.compile(rb"NaN|-?Infinity")
_OPEN = (ord("["), ord("{"))
_CLOSE = (ord("]"), ord("}"))


def decode_text(data: bytes, *, source: str) -> str:
    """UTF-8 bytes to text, a leading byte-order mark (Windows Notepad) dropped."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            source, f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None


def parse_json_bounded(
    data: bytes | str,
    *,
    source: str,
    max_depth: int = MAX_JSON_DEPTH,
    max_items: int = MAX_JSON_ITEMS,
) -> Any:
    """Parse JSON whose memory and nesting are bounded before any object is built.

    A pre-scan over the bytes (C speed: one regex pass and numpy) collapses strings, then
    counts values (commas, colons and openings bound them from above) and nesting depth. Only
    then does ``json.loads`` run, with NaN/Infinity literals, floats beyond range (1e400) and
    integers beyond float range refused.

    Parameters
    ----------
    data
        The file's bytes (UTF-8, a byte-order mark allowed) or text.
    source
        The file name, for messages.
    max_depth, max_items
        Deepest nesting and most values (keys included) accepted.

    Raises
    ------
    FileFormatError
        Naming ``source`` and the line (or line and column) of the problem.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
    text = decode_text(raw, source=source) if isinstance(data, bytes) else data.lstrip("\ufeff")
    # Strings become "" so that brackets, commas and words inside them are not counted. JSON
    # strings hold no raw newline, so line numbers survive the collapse.
    skeleton = _STRING.sub(b'""', raw)
    items = sum(skeleton.count(c) for c in (b",", b":", b"[", b"{")) + 1
    if items > max_items:
        raise FileFormatError(
            source, f"holds more than {max_items:,} values; that is more than InferCost reads"
        )
    deep = _too_deep_at(skeleton, max_depth)
    if deep is not None:
        line = skeleton.count(b"\n", 0, deep) + 1
        raise FileFormatError(
            source, f"line {line}: nested more than {max_depth} levels deep; not a file we write"
        )
    const = _CONSTANT.search(skeleton)
    if const is not None:
        line = skeleton.count(b"\n", 0, const.start()) + 1
        word = const.group().decode()
        raise FileFormatError(source, f"line {line}: {word} is not a number InferCost accepts")
    del skeleton
    try:
        return json.loads(text, parse_float=_finite_float, parse_int=_bounded_int)
    except json.JSONDecodeError as exc:
        raise FileFormatError(
            source, f"line {exc.lineno} column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise FileFormatError(source, f"not valid JSON: {cap_message(str(exc), 200)}") from None


def _too_deep_at(skeleton: bytes, max_depth: int) -> int | None:
    """Offset of the first opening bracket deeper than ``max_depth``, or None."""
    arr = np.frombuffer(skeleton, dtype=np.uint8)
    depth = 0
    step = 8 * CHUNK_BYTES
    for start in range(0, len(arr), step):
        chunk = arr[start : start + step]
        where = np.flatnonzero(np.isin(chunk, _OPEN + _CLOSE))
        if where.size == 0:
            continue
        delta = np.where(np.isin(chunk[where], _OPEN), 1, -1).astype(np.int64)
        levels = depth + np.cumsum(delta)
        over = np.flatnonzero(levels > max_depth)
        if over.size:
            return start + int(where[over[0]])
        depth = int(levels[-1])
    return None


def _finite_float(s: str) -> float:
    value = float(s)
    if not math.isfinite(value):
        raise ValueError(f"the number {cap_text(s)} is too large")
    return value


_FLOAT_MAX_DIGITS = len(str(int(sys.float_info.max)))


def _bounded_int(s: str) -> int:
    digits = len(s.lstrip("-"))
    if digits > _FLOAT_MAX_DIGITS or (digits == _FLOAT_MAX_DIGITS and abs(int(s)) > _FMAX):
        raise ValueError(f"the integer {cap_text(s)} ({digits} digits) is too large")
    return int(s)


_FMAX = int(sys.float_info.max)

# --- numbers ----------------------------------------------------------------------------

DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
MAX_NUMBER_CHARS = 64


def strict_number(value: Any, *, where: str) -> float:
    """A finite float from a JSON number or a plain ASCII decimal string, or NumberError.

    Accepted: ``int`` (not ``bool``) within float range, a finite ``float``, or a string
    matching ``[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?`` exactly, ASCII digits only, at most
    64 characters. Refused, unlike ``float()``: ``"1_0"``, ``"١٢"`` (Arabic-Indic digits),
    ``"nan"``, ``"inf"``, ``"0x10"`` and surrounding whitespace (``" 12 "``): a price file is
    written by a program, and a padded or oddly spelled number says it is not the file we think.
    Never raises OverflowError.
    """
    if isinstance(value, bool):
        raise NumberError(f"{where} is a boolean ({value!r}), not a number")
    if isinstance(value, int):
        if abs(value) > _FMAX:
            raise NumberError(
                f"{where} is an integer too large to compute with ({cap_text(value)})"
            )
        return float(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NumberError(f"{where} is not finite ({value!r})")
        return value
    if isinstance(value, str):
        if len(value) > MAX_NUMBER_CHARS or not DECIMAL.fullmatch(value):
            raise NumberError(f"{where} {cap_text(value)} is not a plain decimal number")
        number = float(value)
        if not math.isfinite(number):
            raise NumberError(f"{where} {cap_text(value)} is too large to compute with")
        return number
    raise NumberError(f"{where} is {_kind(value)}, not a number")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return f"a list of {len(value):,} items"
    if isinstance(value, dict):
        return f"an object of {len(value):,} keys"
    return f"a {type(value).__name__}"


# --- text for people ----------------------------------------------------------------------

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


_C1_OR_SURROGATE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def json_text(obj: Any, *, indent: int | None = 2) -> str:
    """JSON for a terminal or a pipe: non-ASCII kept readable, but C1 controls and lone
    surrogates written as ``\\uXXXX`` escapes, so the output is valid, encodable and inert
    (``json.dumps`` already escapes C0 controls, ESC included)."""
    text = json.dumps(obj, indent=indent, ensure_ascii=False, allow_nan=False)
    return _C1_OR_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
