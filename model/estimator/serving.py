"""Inter-token latency of a batching server in steady state: decode plus its share of prefill.

A continuous-batching server with chunked prefill keeps ``concurrency`` requests in flight;
each request brings ``prompt_tokens`` to prefill and leaves after ``output_tokens`` decode
steps. In steady state every step therefore decodes one token per sequence and prefills
``prompt_tokens / output_tokens`` prompt tokens per sequence on average: the step's matmuls
see ``concurrency x (1 + prompt / output)`` tokens, its KV cache is read once per sequence.
Valid below saturation (the server not yet queueing requests).
"""

from __future__ import annotations

import numpy as np

from infercost.model.catalog.catalog import Catalog
from infercost.model.estimator.engines import EngineProfile
from infercost.model.estimator.estimate import (
    EstimateRequest,
    host_memory,
    kv_format,
    resolve_engine,
)
from infercost.model.estimator.roofline import Hardware, step_times


def serving_itl_s(
    cat: Catalog,
    req: EstimateRequest,
    prompt_tokens: int,
    output_tokens: int,
    profile: EngineProfile | None = None,
    point: str = "typical",
) -> float:
    """Seconds between two output tokens of one request at ``req.concurrency`` in flight.

    The context is ``prompt_tokens + output_tokens / 2`` on average (``req.context_tokens``
    is not used); weights are assumed to fit.
    """
    if prompt_tokens < 0 or output_tokens < 1:
        raise ValueError("prompt_tokens must be >= 0 and output_tokens >= 1")
    gpu, llm, quant = cat.gpu(req.gpu_id), cat.llm(req.llm_id), cat.quant(req.quant_id)
    kv, eng = kv_format(cat, req.kv_quant_id), resolve_engine(req, quant, profile)
    hw = Hardware(gpu, req.gpu_count, host_memory(gpu, req)[0])
    context = prompt_tokens + output_tokens // 2
    per_seq = 1 + prompt_tokens / output_tokens
    t = step_times(
        hw,
        llm,
        quant,
        kv,
        eng,
        context,
        max(prompt_tokens, 1),
        np.array([float(req.concurrency)]),
        0.0,
        point,
        tokens_per_seq=per_seq,
    )
    return float(t.decode_s[0])
