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


def examples(folder: Path) -> dict[str, list[str]]:
    """Subcommand -> its arguments (the subcommand first); every file it reads is written into
    ``folder`` first and every file it writes goes there. ``import`` reads what ``export``
    writes, so run them in this order."""
    prices = folder / "litellm-prices.json"
    prices.write_text(json.dumps(LITELLM_SAMPLE), encoding="utf-8")
    workbook = folder / "plan.xlsx"
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
        "import": ["import", str(workbook), "--dry-run"],
        "screenshot": [
            "screenshot",
            str(folder / "breakeven.png"),
            *("--view", "breakeven", "--size", "800x500"),
        ],
    }
