"""The accuracy fixture: sourced, resolvable, within target, and the report matches it."""

from pathlib import Path

import pytest

from infercost.model.accuracy import (
    MAX_TARGET_PCT,
    MEDIAN_TARGET_PCT,
    compare,
    load_fixture,
    render_markdown,
    summarize,
)
from infercost.model.fileio import default_catalog

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "throughput_measurements.json"
DOC = ROOT / "docs" / "estimator-accuracy.md"


@pytest.fixture(scope="module")
def fx():
    return load_fixture(FIXTURE)


def test_every_case_is_sourced_and_resolves(fx):
    cat = default_catalog()
    ids = [c.id for c in [*fx.cases, *fx.excluded]]
    assert len(ids) == len(set(ids))
    for c in [*fx.cases, *fx.excluded]:
        src = fx.sources[c.source]
        assert src.url.startswith("https://") and src.title
        cat.gpu(c.gpu_id), cat.llm(c.llm_id), cat.quant(c.quant_id)
    for c in fx.excluded:
        assert c.reason, f"excluded case {c.id} gives no reason"


def test_accuracy_target_on_single_stream_and_batched_cases_over_three_gpus(fx):
    rows = compare(default_catalog(), fx.cases)
    s = summarize(rows)
    assert len(s.gpus) >= 3
    assert {r.case.concurrency == 1 for r in rows} == {True, False}
    assert s.median_abs_error_pct <= MEDIAN_TARGET_PCT
    assert s.max_abs_error_pct <= MAX_TARGET_PCT, [
        (r.case.id, round(r.error_pct, 1)) for r in rows if abs(r.error_pct) > MAX_TARGET_PCT
    ]
    holdout = summarize([r for r in rows if r.case.holdout])
    assert holdout.cases >= 5 and holdout.meets_target


def test_report_matches_the_fixture(fx):
    expected = render_markdown(default_catalog(), fx)
    assert DOC.read_text(encoding="utf-8") == expected, (
        "docs/estimator-accuracy.md is stale: run tests/tools/write_accuracy_doc.py"
    )


def test_report_lists_every_case(fx):
    text = DOC.read_text(encoding="utf-8")
    for c in [*fx.cases, *fx.excluded]:
        assert f"| {c.id} |" in text


def test_case_with_unknown_source_is_refused(tmp_path):
    bad = FIXTURE.read_text(encoding="utf-8").replace(
        '"source": "llamacpp-pr-7676"', '"source": "nowhere"', 1
    )
    path = tmp_path / "f.json"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ValueError, match="unknown source 'nowhere'"):
        load_fixture(path)
