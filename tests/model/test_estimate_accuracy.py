"""The accuracy fixture: sourced, resolvable, within target, and the report matches it."""

from pathlib import Path

import pytest

from infercost.model.catalog.fileio import default_catalog
from infercost.model.estimator.accuracy import (
    MAX_TARGET_PCT,
    compare,
    load_fixture,
    render_markdown,
    summarize,
)

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


# Hold-out cases the estimator misses by more than the target, each for a reason the physics
# does not model (docs/estimator-accuracy.md). A new miss, or a fixed one, fails the test.
# The Dec 2023 3x RTX 4090 run (37.5% before) ran row split, which the llama.cpp-2023
# profile's split_mode now models: none left.
KNOWN_MISSES: set[str] = set()


def test_accuracy_targets_on_calibration_and_hold_out(fx):
    rows = compare(default_catalog(), fx.cases)
    s = summarize(rows)
    assert len(s.gpus) >= 5
    assert {r.case.concurrency == 1 for r in rows} == {True, False}
    assert {r.case.phase for r in rows} == {"decode", "prefill", "request", "serving"}
    calib = summarize([r for r in rows if not r.case.holdout])
    assert calib.meets_target, calib
    holdout = [r for r in rows if r.case.holdout]
    # Issue #11: a 10% median on the hold-out part (6.6% today); this guards it.
    assert len(holdout) >= 20 and summarize(holdout).median_abs_error_pct <= 10.0
    misses = {r.case.id for r in rows if abs(r.error_pct) > MAX_TARGET_PCT}
    assert misses == KNOWN_MISSES, [(r.case.id, round(r.error_pct, 1)) for r in rows]


def test_every_regime_with_five_hold_out_cases_meets_the_target(fx):
    rows = [r for r in compare(default_catalog(), fx.cases) if r.case.holdout]
    labels = {g for r in rows for g in r.case.regimes}
    judged = 0
    for label in labels:
        group = [r for r in rows if label in r.case.regimes]
        if len(group) >= 5:
            judged += 1
            assert summarize(group).meets_target, (label, summarize(group))
    assert judged >= 8


def test_older_llama_cpp_builds_name_their_profile_and_split(fx):
    """XiongjieDai's snapshots (Dec 2023, May 2024) predate CUDA graphs; Dec 2023 row split."""
    for c in [*fx.cases, *fx.excluded]:
        if c.source.startswith("xiongjiedai"):
            assert c.engine_id == "llama.cpp-2023", c.id
        multi_dec_2023 = c.source == "xiongjiedai-llama2" and c.gpu_count > 1
        assert (c.split_mode == "row") == multi_dec_2023, c.id
        if c.engine_id.startswith("llama.cpp"):
            assert "engine llama.cpp" in c.regimes


def test_tensor_parallel_batch_64_case_is_within_target(fx):
    """The all-reduce and shard-shape physics, on a hold-out case no constant was fitted on."""
    rows = compare(
        default_catalog(), [c for c in fx.cases if c.gpu_count > 1 and c.engine_id == "vllm"]
    )
    assert rows and all(abs(r.error_pct) <= 15 for r in rows), [r.error_pct for r in rows]


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
