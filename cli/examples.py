"""One real invocation of every ``infercost-cli`` subcommand, for ``infercost --selftest`` and
the install test (the same list, so a new subcommand without an example fails both)."""

from __future__ import annotations

import json
from pathlib import Path

# A LiteLLM price map with one chat model (the shape of model_prices_and_context_window.json).
LITELLM_SAMPLE = {
    "selftest-model": {
        "litellm_provider": "openai",
        "mode": "chat",
        "input_cost_per_token": 1e-06,
        "output_cost_per_token": 2e-06,
        "max_input_tokens": 128000,
    }
}

# A Hugging Face config.json (Llama 2 7B's architecture fields).
HF_CONFIG = {
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "hidden_size": 4096,
    "intermediate_size": 11008,
    "max_position_embeddings": 4096,
    "num_attention_heads": 32,
    "num_hidden_layers": 32,
    "num_key_value_heads": 32,
    "vocab_size": 32000,
    "tie_word_embeddings": False,
    "torch_dtype": "float16",
}
# One llama-bench JSON record: decode of Llama 3 8B Q4_K_M on an RTX 4090.
LLAMA_BENCH = [
    {
        "gpu_info": "NVIDIA GeForce RTX 4090",
        "backends": "CUDA",
        "n_batch": 2048,
        "n_ubatch": 512,
        "type_k": "f16",
        "type_v": "f16",
        "n_gpu_layers": 99,
        "split_mode": "layer",
        "flash_attn": False,
        "n_depth": 0,
        "test_time": "2024-05-10T12:00:00Z",
        "model_filename": "Meta-Llama-3-8B-Instruct-Q4_K_M.gguf",
        "model_type": "llama 8B Q4_K - Medium",
        "model_size": 4920734720,
        "model_n_params": 8030261248,
        "n_prompt": 0,
        "n_gen": 128,
        "avg_ns": 1000000000,
        "stddev_ns": 0,
        "avg_ts": 128.0,
        "stddev_ts": 0.0,
    }
]


def examples(folder: Path) -> dict[str, list[str]]:
    """Subcommand -> its arguments (the subcommand first); every file it reads is written into
    ``folder`` first and every file it writes goes there. ``import`` reads what ``export``
    writes, so run them in this order."""
    prices = folder / "litellm-prices.json"
    prices.write_text(json.dumps(LITELLM_SAMPLE), encoding="utf-8")
    workbook = folder / "plan.xlsx"
    config = folder / "config.json"
    config.write_text(json.dumps(HF_CONFIG), encoding="utf-8")
    bench = folder / "llama-bench.json"
    bench.write_text(json.dumps(LLAMA_BENCH), encoding="utf-8")
    return {
        "catalog": ["catalog", "gpus", "h100-sxm"],
        "summary": ["summary", "rtx-5090-rig"],
        "tco": ["tco", "rtx-5090-rig", "--hours-per-month", "720"],
        "cost": ["cost", "--option", "deepinfra/llama-3.3-70b", "--volume", "5e9"],
        "breakeven": ["breakeven", "--scenario", "seed-3-local"],
        "fits": ["fits", "rtx-5090-rig", "--context", "8192"],
        "estimate": [
            "estimate",
            *("--gpu", "rtx-5090", "--llm", "llama-3.3-70b", "--quant", "q4_k_m"),
        ],
        "scenarios": ["scenarios", "--compare"],
        "workloads": ["workloads"],
        "advise": ["advise", "seed-1-startup"],
        "timeline": ["timeline", "seed-2-enterprise", "--horizon", "12"],
        "sensitivity": ["sensitivity", "seed-3-local", "--draws", "200"],
        "import-prices": ["import-prices", str(prices)],
        "export": ["export", str(workbook), "--scenario", "seed-1-startup"],
        "report": ["report", "seed-1-startup", str(folder / "proposal.pdf")],
        "import": ["import", str(workbook), "--dry-run"],
        "import-model": ["import-model", str(config), "--dry-run"],
        "import-bench": ["import-bench", str(bench), "--dry-run"],
        "screenshot": [
            "screenshot",
            str(folder / "breakeven.png"),
            *("--view", "breakeven", "--size", "800x500"),
        ],
    }
