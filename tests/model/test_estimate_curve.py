"""Concurrency curves: vectorized, equal to single estimates, monotone, priced per Mtok."""

import numpy as np
import pytest

from infercost.model.catalog.fileio import default_catalog
from infercost.model.estimator.concurrency import concurrency_curve
from infercost.model.estimator.estimate import EstimateRequest, estimate

REQ = EstimateRequest(
    gpu_id="h100-sxm",
    llm_id="llama-3.3-70b",
    quant_id="fp8",
    gpu_count=2,
    context_tokens=2048,
    input_share=0.5,
)


def test_curve_matches_single_estimates():
    cat = default_catalog()
    cur = concurrency_curve(cat, REQ, usd_per_hour=2 * 2.49)
    assert (
        cur.concurrency.shape == (512,) and cur.concurrency[0] == 1 and cur.concurrency[-1] == 512
    )
    for b in (1, 7, 64, 300, 512):
        e = estimate(cat, REQ.model_copy(update={"concurrency": b}))
        i = b - 1
        assert cur.decode_tokens_per_s[i] == pytest.approx(e.typical.decode_tokens_per_s)
        assert cur.decode_low[i] == pytest.approx(e.low.decode_tokens_per_s)
        assert cur.decode_high[i] == pytest.approx(e.high.decode_tokens_per_s)
        assert cur.blended_tokens_per_s[i] == pytest.approx(e.typical.blended_tokens_per_s)
        assert bool(cur.fits[i]) == e.memory.fits
        assert cur.usd_per_mtok[i] == pytest.approx(
            2 * 2.49 / (e.typical.blended_tokens_per_s * 3600) * 1e6
        )


def test_curve_is_monotone_and_memory_runs_out():
    cur = concurrency_curve(default_catalog(), REQ)
    assert np.all(np.diff(cur.decode_tokens_per_s) > 0)
    assert np.all(cur.decode_low <= cur.decode_tokens_per_s)
    assert np.all(cur.decode_tokens_per_s <= cur.decode_high)
    assert cur.usd_per_mtok is None
    # Fits at low concurrency, not at 512 sequences of 2,048 tokens on 2 x 80 GB.
    assert cur.fits[0] and not cur.fits[-1]
    assert np.all(np.diff(cur.fits.astype(int)) <= 0)


@pytest.mark.parametrize("bad", [[], [0, 1], [1, float("nan")], [[1, 2]]])
def test_bad_concurrency_list_is_refused(bad):
    with pytest.raises(ValueError, match="concurrency must be"):
        concurrency_curve(default_catalog(), REQ, concurrency=np.array(bad, dtype=float))
