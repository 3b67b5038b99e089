"""Benchmark: import a model from a 40 GB GGUF (header only; target well under 1 s)."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path


def _qwen3_32b_gguf(path: Path) -> None:
    """Qwen3-32B's real header (152k tokens, 151k merges, 450 tensors) on a sparse 40 GB file."""
    import gguf
    import numpy as np

    w = gguf.GGUFWriter(str(path), "qwen3")
    w.add_name("Qwen3 32B")
    w.add_block_count(64)
    w.add_context_length(40960)
    w.add_embedding_length(5120)
    w.add_feed_forward_length(25600)
    w.add_head_count(64)
    w.add_head_count_kv(8)
    w.add_key_length(128)
    w.add_file_type(15)
    w.add_token_list([f"token{i}" for i in range(151936)])
    w.add_token_merges([f"a{i} b{i}" for i in range(151387)])
    q4k = gguf.GGMLQuantizationType.Q4_K
    shapes = {"token_embd": (151936, 5120), "output": (151936, 5120)}
    for i in range(64):
        for t, s in [
            ("attn_q", (8192, 5120)),
            ("attn_k", (1024, 5120)),
            ("attn_v", (1024, 5120)),
            ("attn_output", (5120, 8192)),
            ("ffn_gate", (25600, 5120)),
            ("ffn_up", (25600, 5120)),
            ("ffn_down", (5120, 25600)),
        ]:
            shapes[f"blk.{i}.{t}"] = s
    for name, s in shapes.items():
        b = (s[0], s[1] // 256 * 144)
        w.add_tensor_info(f"{name}.weight", b, np.dtype(np.uint8), b[0] * b[1], raw_dtype=q4k)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_ti_data_to_file()
    w.close()
    os.truncate(path, 40 * 2**30)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "qwen3-32b-q4_k_m.gguf"
        _qwen3_32b_gguf(path)
        t0 = time.perf_counter()
        from infercost.model.model_import import model_batch

        t1 = time.perf_counter()
        batch = model_batch(path)
        t2 = time.perf_counter()
        t3 = time.perf_counter()
        model_batch(path)
        t4 = time.perf_counter()
        llm = batch.candidates[0].entry
        print(f"model_import module import: {(t1 - t0) * 1e3:.0f} ms")
        print(
            f"import-model of a 40 GB GGUF ({llm.total_params_b:.1f} B params, 152k-token "
            f"header): first {(t2 - t1) * 1e3:.0f} ms, again {(t4 - t3) * 1e3:.0f} ms "
            "(target well under 1 s)"
        )


if __name__ == "__main__":
    main()
