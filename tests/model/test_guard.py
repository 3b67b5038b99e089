"""The guard layer: regular files only, bounded reads and parses, strict numbers, safe text."""

from __future__ import annotations

import json
import os
import sys

import pytest

from infercost.model import guard, json_scan
from infercost.model.errors import FileFormatError
from infercost.model.guard import (
    NumberError,
    cap_message,
    cap_text,
    json_text,
    parse_json_bounded,
    printable,
    read_bounded,
    strict_number,
)

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX special files")


# --- read_bounded -------------------------------------------------------------------------


def test_reads_a_regular_file(tmp_path):
    p = tmp_path / "a.json"
    p.write_bytes(b"x" * 3_000_000)
    seen = []
    assert read_bounded(p, max_bytes=3_000_000, progress=lambda n, t: seen.append(n)) == (
        b"x" * 3_000_000
    )
    assert seen[-1] == 3_000_000


@posix_only
def test_fifo_is_refused_without_blocking(tmp_path):
    p = tmp_path / "p.infercost"
    os.mkfifo(p)
    with pytest.raises(FileFormatError, match="named pipe") as info:
        read_bounded(p, max_bytes=100, what="project")
    assert str(p) in str(info.value)


@posix_only
def test_symlink_to_dev_zero_is_refused(tmp_path):
    p = tmp_path / "z.infercost"
    p.symlink_to("/dev/zero")
    with pytest.raises(FileFormatError, match="device"):
        read_bounded(p, max_bytes=100)


def test_folder_and_missing_file_are_refused(tmp_path):
    with pytest.raises(FileFormatError, match="folder"):
        read_bounded(tmp_path, max_bytes=100)
    with pytest.raises(FileFormatError, match="no such file"):
        read_bounded(tmp_path / "nope", max_bytes=100)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs /proc")
def test_the_bound_holds_while_reading_not_by_reported_size():
    # /proc files are regular and report size 0, yet have content.
    assert os.stat("/proc/self/status").st_size == 0
    with pytest.raises(FileFormatError, match="more than"):
        read_bounded("/proc/self/status", max_bytes=10)


def test_too_large_file_is_refused_by_size(tmp_path):
    p = tmp_path / "big"
    p.write_bytes(b"1" * 101)
    with pytest.raises(FileFormatError, match="at most 100 bytes"):
        read_bounded(p, max_bytes=100, what="project")


def test_progress_can_cancel(tmp_path):
    p = tmp_path / "a"
    p.write_bytes(b"x" * (3 * guard.CHUNK_BYTES))

    def stop(n, total):
        raise guard.Cancelled("stopped")

    with pytest.raises(guard.Cancelled):
        read_bounded(p, max_bytes=10**9, progress=stop)


# --- parse_json_bounded -------------------------------------------------------------------


def test_parses_and_accepts_a_byte_order_mark():
    assert parse_json_bounded(b'\xef\xbb\xbf{"a": [1, 2.5, "x"]}', source="f") == {
        "a": [1, 2.5, "x"]
    }
    assert parse_json_bounded('\ufeff{"a": 1}', source="f") == {"a": 1}


def test_deep_nesting_is_refused_with_its_line():
    data = b"\n" + b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(FileFormatError, match=r"f: line 2: nested more than 64") as info:
        parse_json_bounded(data, source="f")
    assert "Recursion" not in str(info.value)


def test_depth_limit_is_exact_and_ignores_brackets_in_strings():
    ok = b"[" * 64 + b'"[[[[{{{{\\"[["' + b"]" * 64
    assert parse_json_bounded(ok, source="f") is not None
    with pytest.raises(FileFormatError, match="nested"):
        parse_json_bounded(b"[" * 65 + b"]" * 65, source="f")


def test_too_many_values_are_refused_before_parsing():
    data = b"[" + b"0," * 1000 + b"0]"
    assert len(parse_json_bounded(data, source="f", max_items=1002)) == 1001
    with pytest.raises(FileFormatError, match="more than 1,000 values"):
        parse_json_bounded(data, source="f", max_items=1000)


def test_commas_inside_strings_do_not_count():
    data = json.dumps(["," * 5000]).encode()
    assert parse_json_bounded(data, source="f", max_items=10) == ["," * 5000]


@pytest.mark.parametrize("word", ["NaN", "Infinity", "-Infinity"])
def test_constants_are_refused_with_their_line(word):
    with pytest.raises(FileFormatError, match=f"line 3: {word} is not a number"):
        parse_json_bounded(f'{{\n"a":\n {word}}}'.encode(), source="f")


def test_a_constant_word_inside_a_string_is_text():
    assert parse_json_bounded(b'{"NaN": "Infinity"}', source="f") == {"NaN": "Infinity"}


@pytest.mark.parametrize("number", ["1e400", "1" + "0" * 400, "-" + "9" * 5000])
def test_numbers_beyond_float_range_are_refused(number):
    with pytest.raises(FileFormatError, match="too large") as info:
        parse_json_bounded(f'{{"a": {number}}}'.encode(), source="f")
    assert len(str(info.value)) < 200


def test_largest_float_range_int_is_accepted():
    big = int(sys.float_info.max)
    assert parse_json_bounded(str(big).encode(), source="f") == big


def test_syntax_error_names_line_and_column():
    with pytest.raises(FileFormatError, match=r"f: line 2 column 5: not valid JSON"):
        parse_json_bounded(b'{"a":\n 1, 2}', source="f")


def test_not_utf8_is_refused():
    with pytest.raises(FileFormatError, match="not UTF-8"):
        parse_json_bounded(b'{"a": "\xff"}', source="f")


# --- strict_number ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 1.0), (2.5, 2.5), ("0.000003", 3e-6), ("1e-7", 1e-7), (".5", 0.5), ("-3", -3.0)],
)
def test_strict_number_accepts_numbers_and_plain_decimals(value, expected):
    assert strict_number(value, where="x") == expected


@pytest.mark.parametrize(
    "value",
    [
        True,
        False,
        None,
        [1],
        {"a": 1},
        "1_0",
        "١٢",
        " 12 ",
        "12\n",
        "nan",
        "inf",
        "0x10",
        "",
        "1e400",
        "1" + "0" * 400,
        float("nan"),
        float("inf"),
        10**400,
        "1" * 100,
    ],
)
def test_strict_number_refuses_everything_else(value):
    with pytest.raises(NumberError) as info:
        strict_number(value, where="price")
    assert str(info.value).startswith("price")
    assert len(str(info.value)) < 150


def test_strict_number_error_is_a_value_error():
    with pytest.raises(ValueError):
        strict_number("x", where="p")


# --- text -----------------------------------------------------------------------------------


def test_cap_text_shortens_with_an_ellipsis():
    assert cap_text("abc") == "'abc'"
    shown = cap_text("n" * 190_000_000, 40)
    assert len(shown) <= 40 and shown.endswith("…'")
    assert len(cap_text(list(range(10**6)))) <= 60
    assert "digits" in cap_text(10**5000)


def test_printable_removes_escapes_and_controls():
    evil = "ok\x1b[31mred\x1b]0;title\x07\x1b]8;;http://x\x1b\\link\x9b2J\r\x00\ud800\u202e"
    out = printable(evil)
    assert "\x1b" not in out and "\x9b" not in out and "\r" not in out and "\x00" not in out
    assert "ok" in out and "red" in out and "link" in out
    out.encode("utf-8")  # no lone surrogate left
    assert printable("a\nb") == "a b"
    assert printable("a\nb", multiline=True) == "a\nb"
    assert printable("Café 東京") == "Café 東京"


def test_cap_message_caps_and_cleans():
    msg = cap_message("bad: " + "x" * 10_000_000, 500)
    assert len(msg) <= 500 and "shortened" in msg


def test_json_text_is_valid_encodable_and_inert():
    obj = {"k\ud800": "a\x1b[2J\x9bb", "c": "Café"}
    text = json_text(obj)
    text.encode("utf-8")
    assert "\x1b" not in text and "\x9b" not in text and "Café" in text
    back = json.loads(text)
    assert back == obj


def test_depth_scan_is_the_same_above_the_numpy_threshold():
    pad = b" " * json_scan.NUMPY_SCAN_BYTES
    ok = b"[" * 64 + pad + b"]" * 64
    assert parse_json_bounded(ok, source="f") is not None
    with pytest.raises(FileFormatError, match="line 1: nested more than 64"):
        parse_json_bounded(b"[" * 30 + pad + b"[" * 35 + b"]" * 65, source="f")


def test_a_file_name_with_a_nul_byte_is_a_clean_refusal():
    with pytest.raises(FileFormatError, match="not a valid file name"):
        read_bounded("bad\0name.infercost", max_bytes=10)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('{"a": 1,\n "a": 2}', 2),
        ('{"x": {"a": 1}, "l": [{"a": 1}, {"a": 2}],\n "a": 3,\n "a": 4}', 3),
        ('[{"k": 1}, {"k": 1,\n "\\u006b": 2}]', 2),  # the same key, escaped
    ],
)
def test_a_key_given_twice_is_refused_with_its_line(text, line):
    from infercost.model.errors import FileFormatError
    from infercost.model.guard import parse_json_bounded

    with pytest.raises(FileFormatError, match=rf"line {line}: the key '\w' appears twice"):
        parse_json_bounded(text, source="f.json")


@pytest.mark.parametrize("literal", ["1e-400", "-2.5E-999", "0.0001e-330"])
def test_a_number_that_underflows_to_zero_is_refused(literal):
    from infercost.model.errors import FileFormatError
    from infercost.model.guard import NumberError, parse_json_bounded, strict_number

    with pytest.raises(FileFormatError, match="too small"):
        parse_json_bounded(f"[{literal}]", source="f.json")
    with pytest.raises(NumberError, match="too small"):
        strict_number(literal, where="price")
    assert parse_json_bounded("[0e-400, 0.0, 5e-324]", source="f.json")[2] > 0
