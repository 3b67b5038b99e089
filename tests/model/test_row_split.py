"""Row split (llama.cpp --split-mode row) and the llama.cpp-2023 profile, by hand."""

import numpy as np
import pytest

from infercost.model.catalog.fileio import default_catalog
from infercost.model.estimator.engines import LLAMA_CPP, LLAMA_CPP_2023, engine
from infercost.model.estimator.roofline import Hardware, row_split_sync_s, step_times

ROW = LLAMA_CPP_2023.model_copy(update={"multi_gpu": "row"})


@pytest.fixture(scope="module")
def cat():
    return default_catalog()


def _step(cat, n, eng, b=1.0):
    hw = Hardware(gpu=cat.gpu("rtx-4090"), gpu_count=n, host_bandwidth_gbps=89.6)
    llm, q4 = cat.llm("llama-2-70b"), cat.quant("q4_0")
    return step_times(hw, llm, q4, cat.quant("f16"), eng, 256, 256, np.array([b]), 0.0)


def test_row_split_sync_by_hand(cat):
    g = cat.gpu("rtx-4090")
    # Two peers, each a 50 us PCIe round trip plus 8,192 x 2 B at 0.7 x 32 GB/s (0.73 us).
    t = float(row_split_sync_s(g, 3, ROW, 1, 8192))
    assert t == pytest.approx(2 * (50e-6 + 8192 * 2 / 1e9 / 22.4), rel=1e-12)
    assert t == pytest.approx(101.46e-6, abs=0.01e-6)
    assert float(row_split_sync_s(g, 1, ROW, 1, 8192)) == 0.0
    assert float(row_split_sync_s(g, 3, LLAMA_CPP_2023, 1, 8192)) == 0.0  # layer split


def test_row_split_step_decomposes_by_hand(cat):
    """3x 4090, 70B Q4_0: weights read 3-wide, KV on the main GPU, 560 matmul syncs."""
    llm, q4 = cat.llm("llama-2-70b"), cat.quant("q4_0")
    row = float(_step(cat, 3, ROW).decode_s[0])
    layer = float(_step(cat, 3, LLAMA_CPP_2023).decode_s[0])
    syncs = 80 * 7 * float(row_split_sync_s(cat.gpu("rtx-4090"), 3, ROW, 1, 8192))
    assert syncs == pytest.approx(56.8e-3, abs=0.05e-3)
    overhead = 80 * 0.10e-3
    # The pass's memory and compute parts are no longer than the layer split's own.
    core = row - syncs - overhead
    assert 0 < core < layer - overhead
    assert core == pytest.approx((layer - overhead) / 3, rel=0.15)
    assert llm.layers == 80 and q4.bits_per_weight < 8
    # More GPUs: less to read each, more round trips; three 4090s lose to two.
    assert float(_step(cat, 2, ROW).decode_s[0]) < row


def test_row_split_is_layer_split_on_one_gpu(cat):
    one_row = _step(cat, 1, ROW).decode_s
    one_layer = _step(cat, 1, LLAMA_CPP_2023).decode_s
    assert np.allclose(one_row, one_layer)


def test_older_builds_profile_differs_only_where_the_builds_did():
    assert engine("llama.cpp-2023") is LLAMA_CPP_2023
    changed = {
        k
        for k in type(LLAMA_CPP).model_fields
        if getattr(LLAMA_CPP, k) != getattr(LLAMA_CPP_2023, k)
    }
    assert changed == {
        "id",
        "name",
        "mem_efficiency",
        "mem_efficiency_hbm",
        "step_overhead_ms_per_layer",
        # Their launch cost per layer already holds what today's builds split off for
        # quantized matmuls (issue 18): they were calibrated as one constant.
        "quantized_overhead_ms_per_layer",
        "source",
        "as_of",
    }
    # Launches from the host (no CUDA graphs) cost more per layer than today's builds.
    assert (
        LLAMA_CPP_2023.step_overhead_ms_per_layer.typical
        > LLAMA_CPP.step_overhead_ms_per_layer.typical
    )
