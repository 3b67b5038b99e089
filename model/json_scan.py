"""The guard's pre-scan of JSON bytes: how many values, how deep, and where a NaN/Infinity is,
counted outside strings before any object is built, in bounded memory."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A JSON string, escapes included (the unrolled loop keeps the regex linear and iterative).
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")
# Below this the regex scan is quick and numpy (0.1 s to import) is not loaded for the small
# files every command reads; above it the regex costs ~0.8 s per 100 MB and numpy ~0.15 s.
NUMPY_SCAN_BYTES = 1 << 20
CHUNK = 4 << 20

_QUOTE, _BACKSLASH = ord('"'), ord("\\")
_COMMA, _COLON = ord(","), ord(":")
_OPENS, _CLOSES = (ord("["), ord("{")), (ord("]"), ord("}"))
# Outside strings "N" and "I" start only NaN and Infinity (true, false, null are lower case).
_CONSTANT_STARTS = (ord("N"), ord("I"))


@dataclass(frozen=True)
class Scan:
    """What the pre-scan found; lines are 1-based, None when there is nothing to report."""

    items: int
    deep_line: int | None = None
    constant_line: int | None = None
    constant: str = ""


def scan(raw: bytes, max_depth: int, *, numpy_from: int = NUMPY_SCAN_BYTES) -> Scan:
    """Count values (commas, colons and openings outside strings bound them from above), find
    the first bracket deeper than ``max_depth`` and the first NaN/Infinity literal.

    Exact for valid JSON; on invalid JSON the counts hold up to the first error, which is as
    far as ``json.loads`` builds anything.
    """
    if len(raw) < numpy_from:
        return _scan_regex(raw, max_depth)
    return _scan_numpy(raw, max_depth)


def _line(buf: bytes, offset: int) -> int:
    return buf.count(b"\n", 0, offset) + 1


def skeleton(raw: bytes) -> bytes:
    """The bytes with every string collapsed to ``""``: line numbers survive (JSON strings hold
    no raw newline), words inside strings are gone."""
    return _STRING.sub(b'""', raw)


def line_of(raw: bytes, literal: str) -> int | None:
    """The line of the first ``literal`` outside strings (for an error message), or None."""
    sk = skeleton(raw)
    at = sk.find(literal.encode("ascii", "replace"))
    return _line(sk, at) if at >= 0 else None


def _scan_regex(raw: bytes, max_depth: int) -> Scan:
    sk = skeleton(raw)
    items = sum(sk.count(c) for c in (b",", b":", b"[", b"{")) + 1
    deep_line = None
    depth = 0
    for m in _BRACKET.finditer(sk):
        depth += 1 if sk[m.start()] in _OPENS else -1
        if depth > max_depth:
            deep_line = _line(sk, m.start())
            break
    found = [(at, word) for word in ("NaN", "Infinity") if (at := sk.find(word.encode())) >= 0]
    if not found:
        return Scan(items, deep_line)
    at, word = min(found)
    if word == "Infinity" and at > 0 and sk[at - 1] == ord("-"):
        word = "-Infinity"
    return Scan(items, deep_line, _line(sk, at), word)


def _scan_numpy(raw: bytes, max_depth: int, step: int = CHUNK) -> Scan:
    """The same scan, vectorised chunk by chunk: a quote toggles "inside a string" unless an
    odd run of backslashes precedes it; structural bytes count only outside strings."""
    import numpy as np

    data = np.frombuffer(raw, dtype=np.uint8)
    structural_byte = np.zeros(256, dtype=bool)  # a lookup table beats np.isin by ~5x
    structural_byte[[_COMMA, _COLON, *_OPENS, *_CLOSES, *_CONSTANT_STARTS]] = True
    items, depth, inside, run_carry = 1, 0, 0, 0
    deep_at: int | None = None
    const_at: int | None = None
    for base in range(0, data.size, step):
        arr = data[base : base + step]
        real = _unescaped_quotes(np, arr, run_carry)
        run_carry = _trailing_backslashes(np, arr, run_carry)
        pos = np.flatnonzero(structural_byte[arr])
        outside = ((np.searchsorted(real, pos) + inside) & 1) == 0
        pos = pos[outside]
        vals = arr[pos]
        opens = np.isin(vals, _OPENS)
        items += int(np.count_nonzero(np.isin(vals, (_COMMA, _COLON)) | opens))
        brackets = opens | np.isin(vals, _CLOSES)
        if deep_at is None and np.any(brackets):
            levels = depth + np.cumsum(np.where(opens[brackets], 1, -1).astype(np.int64))
            over = np.flatnonzero(levels > max_depth)
            if over.size:
                deep_at = base + int(pos[brackets][over[0]])
            depth = int(levels[-1])
        if const_at is None:
            letters = pos[np.isin(vals, _CONSTANT_STARTS)]
            if letters.size:
                const_at = base + int(letters[0])
        inside = (inside + real.size) & 1
    deep_line = _line(raw, deep_at) if deep_at is not None else None
    if const_at is None:
        return Scan(items, deep_line)
    word = "NaN" if raw.startswith(b"NaN", const_at) else "Infinity"
    if not raw.startswith(word.encode(), const_at):
        return Scan(items, deep_line)  # a stray letter: json.loads names the syntax error
    if word == "Infinity" and const_at > 0 and raw[const_at - 1] == ord("-"):
        word = "-Infinity"
    return Scan(items, deep_line, _line(raw, const_at), word)


def _unescaped_quotes(np, arr, run_carry: int):
    """Positions of the quotes in ``arr`` that are not escaped by an odd run of backslashes
    (``run_carry`` backslashes ended the previous chunk)."""
    quotes = np.flatnonzero(arr == _QUOTE)
    if quotes.size == 0:
        return quotes
    before = quotes - 1
    candidates = before >= 0
    maybe = np.zeros(quotes.size, dtype=bool)
    maybe[candidates] = arr[before[candidates]] == _BACKSLASH
    if quotes[0] == 0:
        maybe[0] = run_carry > 0
    if not np.any(maybe):
        return quotes
    # For every position, the index of the last non-backslash at or before it.
    idx = np.arange(arr.size, dtype=np.int64)
    last = np.where(arr == _BACKSLASH, -1, idx)
    np.maximum.accumulate(last, out=last)
    safe = np.maximum(before, 0)
    run = np.where(before >= 0, before - last[safe], 0)
    reaches_start = (before < 0) | (last[safe] < 0)
    run = np.where(reaches_start, run + run_carry, run)
    return quotes[(run & 1) == 0]


def _trailing_backslashes(np, arr, run_carry: int) -> int:
    if arr.size and arr[-1] != _BACKSLASH:
        return 0
    non = np.flatnonzero(arr != _BACKSLASH)
    if non.size == 0:
        return run_carry + arr.size
    return int(arr.size - 1 - non[-1])


# A key (a string followed by a colon) or a bracket, outside other strings.
_KEY_OR_BRACKET = re.compile(rb'("[^"\\]*(?:\\.[^"\\]*)*")\s*:|[\[\]{}]|"[^"\\]*(?:\\.[^"\\]*)*"')


def duplicate_key_line(raw: bytes, key: str) -> int | None:
    """The line where ``key`` appears a second time in the same object, for the message of a
    refused file (only called on that error path: a Python loop over the keys)."""
    import json

    wanted = {json.dumps(key).encode(), json.dumps(key, ensure_ascii=False).encode("utf-8")}
    seen: list[bool] = []  # per open object: has ``key`` appeared in it
    for m in _KEY_OR_BRACKET.finditer(raw):
        token = m.group(1)
        if token is None:
            c = raw[m.start()]
            if c in _OPENS:
                seen.append(False)
            elif c in _CLOSES and seen:
                seen.pop()
            continue
        if token in wanted or (b"\\" in token and json.loads(token) == key):
            if seen and seen[-1]:
                return _line(raw, m.start())
            if seen:
                seen[-1] = True
    return None
