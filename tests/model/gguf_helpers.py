"""GGUF files for the model-import tests and benchmark, written with the gguf package."""

from __future__ import annotations

import os
from pathlib import Path

# Qwen3-32B's matrices per layer (out x in), from its config.json (tests/data/model_configs).
QWEN3_32B_LAYER = [
    ("attn_q", (8192, 5120)),
    ("attn_k", (1024, 5120)),
    ("attn_v", (1024, 5120)),
    ("attn_output", (5120, 8192)),
    ("ffn_gate", (25600, 5120)),
    ("ffn_up", (25600, 5120)),
    ("ffn_down", (5120, 25600)),
]


def write_qwen3_32b_header(path: Path, size: int = 40 * 2**30) -> int:
    """Qwen3-32B's real header (152k tokens, 151k merges, 450 Q4_K tensor infos at their
    real shapes) without the weights, then the file made ``size`` bytes long (sparse).

    Returns the header's own size in bytes.
    """
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
    w.add_file_type(15)  # Q4_K_M
    w.add_token_list([f"token{i}" for i in range(151936)])
    w.add_token_merges([f"a{i} b{i}" for i in range(151387)])
    shapes = {"token_embd": (151936, 5120), "output": (151936, 5120)}
    for i in range(64):
        for name, shape in QWEN3_32B_LAYER:
            shapes[f"blk.{i}.{name}"] = shape
    q4k = gguf.GGMLQuantizationType.Q4_K
    for name, (rows, cols) in shapes.items():
        # The writer takes a quantized tensor's shape in bytes: 144 bytes per 256 weights.
        byte_shape = (rows, cols // 256 * 144)
        nbytes = byte_shape[0] * byte_shape[1]
        w.add_tensor_info(f"{name}.weight", byte_shape, np.dtype(np.uint8), nbytes, raw_dtype=q4k)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_ti_data_to_file()
    w.close()
    header = path.stat().st_size
    os.truncate(path, size)
    return header
