"""Benchmark: import a model from a 40 GB GGUF (header only; target well under 1 s)."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "qwen3-32b-q4_k_m.gguf"
        sys.path.insert(0, str(Path(__file__).parent.parent / "model"))
        from gguf_helpers import write_qwen3_32b_header

        write_qwen3_32b_header(path)
        t0 = time.perf_counter()
        from infercost.model.interchange.model_import import model_batch

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
