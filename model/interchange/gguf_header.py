"""A GGUF file's metadata and tensor table, read from its header only (never the weights).

The ``gguf`` package's ``GGUFReader`` maps the whole file and builds an array per string of
the tokenizer: 22 s for a Qwen3 header with 152k tokens (measured). This reader walks the
header bytes once, skipping arrays by their lengths, and stops where the tensor data starts,
so a 40 GB file costs what its few-MB header costs. Bytes come through the guard
(``read_head``), from 1 MB, four times more each time the header runs on, up to
:data:`MAX_HEADER_BYTES`.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infercost.model.errors import FileFormatError
from infercost.model.guard import file_size, read_head

MAGIC = b"GGUF"
FIRST_READ_BYTES = 1 << 20
# The largest headers (200k-token vocabularies with merges, long chat templates) are ~20 MB.
MAX_HEADER_BYTES = 128 << 20
MAX_COUNT = 10_000_000  # keys, tensors or array items: far beyond any real model
MAX_DIMS = 8
_U64 = struct.Struct("<Q")

# GGUF value types (gguf-py ``GGUFValueType``): struct code of the fixed-size ones.
_SCALAR = {
    0: "B",
    1: "b",
    2: "H",
    3: "h",
    4: "I",
    5: "i",
    6: "f",
    7: "?",
    10: "Q",
    11: "q",
    12: "d",
}
_STRING, _ARRAY = 8, 9
# Arrays are kept only when short (layer patterns); token lists are skipped and counted.
KEEP_ARRAY_ITEMS = 4096


class _CutShort(Exception):
    """The file ends inside its header."""


@dataclass(frozen=True)
class TensorInfo:
    name: str
    shape: tuple[int, ...]
    ggml_type: int

    @property
    def elements(self) -> int:
        n = 1
        for d in self.shape:
            n *= d
        return n


@dataclass(frozen=True)
class GgufHeader:
    """What a GGUF header says: version, metadata (arrays: short ones as lists, long ones as
    their length), the tensor table, and where the tensor data starts."""

    version: int
    metadata: dict[str, Any]
    array_lengths: dict[str, int]
    tensors: tuple[TensorInfo, ...]
    header_bytes: int
    file_bytes: int


class _Cursor:
    """Reads the header front to back; when a read passes the bytes held, ``more`` is asked
    for a longer prefix (four times as long), so a header is parsed once whatever its size."""

    def __init__(self, more: Callable[[int], bytes]) -> None:
        self.more = more
        self.data = memoryview(more(FIRST_READ_BYTES))
        self.pos = 0

    def ensure(self, n: int) -> None:
        while self.pos + n > len(self.data):
            want = max(len(self.data) * 4, self.pos + n)
            if len(self.data) >= MAX_HEADER_BYTES or want > MAX_HEADER_BYTES:
                raise ValueError(f"the GGUF header is larger than {MAX_HEADER_BYTES >> 20} MB")
            data = self.more(want)
            if len(data) <= len(self.data):
                raise _CutShort
            self.data = memoryview(data)

    def take(self, fmt: str) -> Any:
        size = struct.calcsize(fmt)
        self.ensure(size)
        (v,) = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return v

    def count(self, what: str) -> int:
        n = self.take("<Q")
        if n > MAX_COUNT:
            raise ValueError(f"{what} count {n:,} is beyond any real model")
        return n

    def string(self, limit: int = 1 << 24) -> str:
        n = self.take("<Q")
        if n > limit:
            raise ValueError(f"a string of {n:,} bytes")
        self.ensure(n)
        raw = bytes(self.data[self.pos : self.pos + n])
        self.pos += n
        return raw.decode("utf-8", "replace")

    def skip_strings(self, n: int) -> None:
        """Step over ``n`` length-prefixed strings (a token list) without decoding them."""
        unpack = _U64.unpack_from
        left = n
        while left:
            data, pos, end = self.data, self.pos, len(self.data)
            # Tight loop over the bytes held (locals only); refill where they run out.
            while left and pos + 8 <= end:
                (length,) = unpack(data, pos)
                if pos + 8 + length > end:
                    break
                pos += 8 + length
                left -= 1
            self.pos = pos
            if left:
                self.ensure(8)
                (length,) = unpack(self.data, self.pos)
                if length > 1 << 24:
                    raise ValueError(f"a string of {length:,} bytes")
                self.ensure(8 + length)


def _value(cur: _Cursor, vtype: int, key: str, lengths: dict[str, int]) -> Any:
    if vtype in _SCALAR:
        return cur.take("<" + _SCALAR[vtype])
    if vtype == _STRING:
        return cur.string()
    if vtype == _ARRAY:
        itype = cur.take("<I")
        n = cur.count(f"array '{key}'")
        lengths[key] = n
        if itype == _STRING:
            if n > KEEP_ARRAY_ITEMS:
                cur.skip_strings(n)
                return None
            return [cur.string() for _ in range(n)]
        if itype not in _SCALAR:
            raise ValueError(f"key '{key}': array of unknown value type {itype}")
        code = _SCALAR[itype]
        size = struct.calcsize(code)
        cur.ensure(size * n)
        if n > KEEP_ARRAY_ITEMS:
            cur.pos += size * n
            return None
        values = list(struct.unpack_from(f"<{n}{code}", cur.data, cur.pos))
        cur.pos += size * n
        return values
    raise ValueError(f"key '{key}': unknown value type {vtype}")


def _parse(cur: _Cursor, file_bytes: int) -> GgufHeader:
    cur.ensure(4)
    if bytes(cur.data[:4]) != MAGIC:
        raise ValueError("not a GGUF file (it does not start with 'GGUF')")
    cur.pos = 4
    version = cur.take("<I")
    if version not in (2, 3):
        raise ValueError(f"GGUF version {version}; InferCost reads versions 2 and 3")
    n_tensors = cur.count("tensor")
    n_keys = cur.count("metadata key")
    metadata: dict[str, Any] = {}
    lengths: dict[str, int] = {}
    for _ in range(n_keys):
        key = cur.string(limit=65535)
        metadata[key] = _value(cur, cur.take("<I"), key, lengths)
    tensors = []
    for _ in range(n_tensors):
        name = cur.string(limit=65535)
        n_dims = cur.take("<I")
        if n_dims > MAX_DIMS:
            raise ValueError(f"tensor '{name[:60]}' has {n_dims} dimensions")
        shape = tuple(cur.take("<Q") for _ in range(n_dims))
        ggml_type = cur.take("<I")
        cur.take("<Q")  # offset into the data section
        tensors.append(TensorInfo(name, shape, ggml_type))
    return GgufHeader(
        version=version,
        metadata=metadata,
        array_lengths=lengths,
        tensors=tuple(tensors),
        header_bytes=cur.pos,
        file_bytes=file_bytes,
    )


def read_gguf_header(path: str | Path) -> GgufHeader:
    """Parse a GGUF file's header through the guard, reading only as many bytes as it spans.

    Raises
    ------
    FileFormatError
        Naming the file: not GGUF, a version we do not read, a header cut short or larger
        than :data:`MAX_HEADER_BYTES`, or a count beyond any real model.
    """
    name = str(path)
    size = file_size(path, what="GGUF model")
    try:
        return _parse(_Cursor(lambda n: read_head(path, n, what="GGUF model")), size)
    except _CutShort:
        raise FileFormatError(name, "the GGUF header ends early: the file is cut short") from None
    except (ValueError, struct.error, UnicodeError) as exc:
        raise FileFormatError(name, str(exc)) from None
