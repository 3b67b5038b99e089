"""The pre-scan's numpy path counts exactly what the regex path counts, chunk edges included."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from infercost.model import json_scan
from infercost.model.json_scan import Scan, _scan_numpy, _scan_regex

TRICKY = st.text(alphabet='ab"\\[]{},:NaI\n\t\u00e9', max_size=12)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TRICKY,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TRICKY, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(
    JSON,
    st.sampled_from([None, 1]),
    st.sampled_from(["", "nan", "-inf", "inf"]),
    st.integers(1, 5),
    st.sampled_from([1, 2, 3, 7, 64, 1 << 20]),
)
def test_numpy_and_regex_scans_agree(value, indent, constant, max_depth, step):
    if constant:
        value = [value, float(constant)]
    raw = json.dumps(value, indent=indent).encode()
    assert _scan_numpy(raw, max_depth, step) == _scan_regex(raw, max_depth)


def test_known_counts():
    raw = b'{"a": [1, 2, "x,y[{"], "b\\\\": "q\\"[", "c": -Infinity}'
    assert _scan_regex(raw, 2) == Scan(10, None, 1, "-Infinity")
    assert _scan_numpy(raw, 2, 5) == Scan(10, None, 1, "-Infinity")
    assert _scan_numpy(raw, 1, 5).deep_line == 1


def test_a_large_file_takes_the_numpy_path(monkeypatch):
    calls = []
    monkeypatch.setattr(json_scan, "_scan_numpy", lambda raw, d: calls.append(len(raw)))
    json_scan.scan(b" " * json_scan.NUMPY_SCAN_BYTES, 64)
    assert calls == [json_scan.NUMPY_SCAN_BYTES]
