"""The one guard for every file we read: regular files only, bounded bytes and parses, strict
numbers, and capped, printable text for anything from a file that reaches a person."""

from __future__ import annotations

import json
import math
import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from infercost.model import json_scan
from infercost.model.errors import FileFormatError, InferCostError
from infercost.model.safe_text import cap_message, cap_text, json_text, printable

# The text helpers are part of the guard's API: every reader quotes values through them.
__all__ = [
    "MAX_FILE_BYTES",
    "Cancelled",
    "NumberError",
    "cap_message",
    "cap_text",
    "check_write_target",
    "decode_text",
    "file_size",
    "json_text",
    "open_regular",
    "parse_json_bounded",
    "printable",
    "read_bounded",
    "read_head",
    "strict_number",
]

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


def check_write_target(path: str | Path, *, what: str = "file") -> None:
    """Refuse to replace what is not a regular, writable file: a named pipe, a device
    (``/dev/null``: as root a save would replace it with a regular file), a folder, a socket,
    or a read-only file (replacing it would silently override the protection). A missing file
    is fine: it is created."""
    name = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except (OSError, ValueError) as exc:
        raise FileFormatError(name, f"cannot write here ({exc})") from None
    reason = _not_regular(info.st_mode)
    if reason:
        raise FileFormatError(name, f"{reason}; InferCost writes a {what} only as a regular file")
    if not info.st_mode & stat.S_IWUSR:
        raise FileFormatError(
            name,
            "is read-only; InferCost does not replace a read-only file (make it writable, or "
            "save under another name)",
        )


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
    fd = open_regular(path, what=what)
    try:
        info = os.fstat(fd)
        if info.st_size > max_bytes:
            raise FileFormatError(name, _too_big(info.st_size, max_bytes, what))
        return _read_all(fd, name, max_bytes, what, info.st_size, progress)
    except OSError as exc:
        raise FileFormatError(name, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def read_head(path: str | Path, max_bytes: int, *, what: str = "file") -> bytes:
    """The first ``max_bytes`` bytes (or fewer) of a regular file, whatever its size.

    For formats whose header is all we read (a GGUF model's metadata before gigabytes of
    weights): the same checks as :func:`read_bounded`, but a large file is not refused.

    Raises
    ------
    FileFormatError
        Naming the file: missing, not a regular file, unreadable.
    """
    name = str(path)
    fd = open_regular(path, what=what)
    try:
        buf = bytearray()
        while len(buf) < max_bytes:
            chunk = os.read(fd, min(CHUNK_BYTES, max_bytes - len(buf)))
            if not chunk:
                break
            buf += chunk
        return bytes(buf)
    except OSError as exc:
        raise FileFormatError(name, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def file_size(path: str | Path, *, what: str = "file") -> int:
    """Size in bytes of a regular file (refused like :func:`read_bounded` otherwise)."""
    fd = open_regular(path, what=what)
    try:
        return os.fstat(fd).st_size
    finally:
        os.close(fd)


def open_regular(path: str | Path, *, what: str = "file", write: bool = False) -> int:
    """A descriptor of ``path`` opened without ever blocking, only when it is a regular file.

    Every file the app opens on its own (a project, a recovery copy, a lock, an import) goes
    through here: the path is checked with ``stat`` first, opened non-blocking (a named pipe
    never blocks the open) and checked again with ``fstat`` on the descriptor, so a FIFO, a
    device (``/dev/zero`` behind a symlink), a socket or a folder is refused unread. With
    ``write`` the file is opened read-write and created when missing (a lock file).

    Raises
    ------
    FileFormatError
        Naming the file: missing, not a regular file, no permission.
    """
    name = str(path)
    try:
        try:
            before = os.stat(path)  # refuse a pipe or device before even opening it
        except FileNotFoundError:
            if not write:
                raise
        else:
            reason = _not_regular(before.st_mode)
            if reason:
                raise FileFormatError(name, f"{reason}; a {what} must be a regular file")
        flags = os.O_RDWR | os.O_CREAT if write else os.O_RDONLY
        flags |= getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise FileFormatError(name, "no such file") from None
    except PermissionError:
        raise FileFormatError(name, "permission denied") from None
    except OSError as exc:
        raise FileFormatError(name, f"cannot open: {exc.strerror or exc}") from None
    except ValueError:  # a NUL byte in the name
        raise FileFormatError(cap_text(name), "not a valid file name") from None
    try:
        reason = _not_regular(os.fstat(fd).st_mode)  # the file we opened, not the path now
    except OSError as exc:
        os.close(fd)
        raise FileFormatError(name, f"cannot read: {exc.strerror or exc}") from None
    if reason:
        os.close(fd)
        raise FileFormatError(name, f"{reason}; a {what} must be a regular file")
    return fd


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
    return f"{n / 2**20:,.1f} MB" if n >= 100_000 else f"{n:,} bytes"


# --- JSON -------------------------------------------------------------------------------


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

    A pre-scan over the bytes (:mod:`~infercost.model.json_scan`, C speed) counts values and
    nesting depth outside strings, in chunks, so a file's memory is bounded before any object
    exists. Only then does ``json.loads`` run, with NaN/Infinity literals, floats beyond range
    (1e400) and integers beyond float range refused.

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
    found = json_scan.scan(raw, max_depth)
    if found.items > max_items:
        raise FileFormatError(
            source, f"holds more than {max_items:,} values; that is more than InferCost reads"
        )
    if found.deep_line is not None:
        raise FileFormatError(
            source,
            f"line {found.deep_line}: nested more than {max_depth} levels deep; "
            "not a file we write",
        )
    if found.constant_line is not None:
        raise FileFormatError(
            source,
            f"line {found.constant_line}: {found.constant} is not a number InferCost accepts",
        )
    try:
        return json.loads(
            text,
            parse_float=_finite_float,
            parse_int=_bounded_int,
            object_pairs_hook=_unique_keys,
        )
    except _DuplicateKey as exc:
        line = json_scan.duplicate_key_line(raw, exc.key)
        at = f"line {line}: " if line else ""
        raise FileFormatError(
            source,
            f"{at}the key {cap_text(exc.key)} appears twice in one object; which one is meant "
            "is ambiguous, so the file is refused",
        ) from None
    except json.JSONDecodeError as exc:
        raise FileFormatError(
            source, f"line {exc.lineno} column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except _BadNumber as exc:
        line = json_scan.line_of(raw, exc.literal)
        raise FileFormatError(source, f"line {line}: {exc}" if line else str(exc)) from None
    except (ValueError, RecursionError) as exc:
        raise FileFormatError(source, f"not valid JSON: {cap_message(str(exc), 200)}") from None


class _BadNumber(ValueError):
    """A number literal we refuse; ``literal`` lets the caller find its line."""

    def __init__(self, literal: str, message: str) -> None:
        super().__init__(message)
        self.literal = literal


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's object_pairs_hook: a dict, or _DuplicateKey for a key given twice (json.loads
    would silently keep the last: a trailing "project" key would replace the whole project)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


def _finite_float(s: str) -> float:
    value = float(s)
    if not math.isfinite(value):
        raise _BadNumber(s, f"the number {_literal(s)} is too large to compute with")
    if value == 0.0 and _NONZERO_MANTISSA.match(s):
        raise _BadNumber(
            s, f"the number {_literal(s)} is too small to compute with (it reads as 0)"
        )
    return value


# A literal whose digits before the exponent are not all zero: 1e-400 underflows to 0.0.
_NONZERO_MANTISSA = re.compile(r"[+-]?0*\.?0*[1-9]", re.ASCII)


def _literal(s: str) -> str:
    return s if len(s) <= 40 else f"{s[:20]}… ({len(s):,} characters)"


_FLOAT_MAX_DIGITS = len(str(int(sys.float_info.max)))


def _bounded_int(s: str) -> int:
    digits = len(s.lstrip("-"))
    if digits > _FLOAT_MAX_DIGITS or (digits == _FLOAT_MAX_DIGITS and abs(int(s)) > _FMAX):
        raise _BadNumber(s, f"the integer {_literal(s)} is too large to compute with")
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
            shown = cap_text(value)
            raise NumberError(f"{where} {shown} is not a number (not a plain decimal number)")
        number = float(value)
        if not math.isfinite(number):
            raise NumberError(f"{where} {cap_text(value)} is too large to compute with")
        if number == 0.0 and _NONZERO_MANTISSA.match(value):
            raise NumberError(
                f"{where} {cap_text(value)} is too small to compute with (it reads as 0)"
            )
        return number
    raise NumberError(f"{where} is {_kind(value)}, not a number")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return f"of type list ({len(value):,} items)"
    if isinstance(value, dict):
        return f"of type object ({len(value):,} keys)"
    return f"of type {type(value).__name__}"
