"""infercost-cli import-model: preview, write, JSON, refusals and exit codes."""

import json
from pathlib import Path

from infercost import cli
from infercost.model.interchange.project_io import load_project

CONFIGS = Path(__file__).parent.parent / "data" / "model_configs"


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_model_writes_a_project_the_estimator_reads(capsys, tmp_path):
    out = tmp_path / "mine"
    code, text, _ = run(
        capsys, "import-model", str(CONFIGS / "deepseek-v3.config.json"), "--out", str(out)
    )
    assert code == 0
    assert "deepseek-v3-imported: 671.02 B parameters (37.55 B active)" in text
    assert "MLA (latent 512 + RoPE 64)" in text and "Written to" in text
    project = load_project(out.with_suffix(".infercost"))
    assert project.catalog.llm("deepseek-v3-imported").kv_lora_rank == 512
    code, text, _ = run(
        capsys,
        "estimate",
        "--project",
        str(out.with_suffix(".infercost")),
        "--gpu",
        "h200",
        "--gpus",
        "8",
        "--llm",
        "deepseek-v3-imported",
        "--quant",
        "fp8",
    )
    assert code == 0 and "decode:" in text


def test_import_model_dry_run_and_json(capsys, tmp_path):
    code, text, _ = run(
        capsys,
        "import-model",
        str(CONFIGS / "qwen3-32b.config.json"),
        "--id",
        "my-qwen",
        "--dry-run",
        "--json",
    )
    assert code == 0
    data = json.loads(text)
    assert [a["id"] for a in data["added"]] == ["my-qwen"] and data["written"] is None


def test_import_model_refusals_exit_1_naming_the_key(capsys, tmp_path):
    bad = tmp_path / "config.json"
    bad.write_text(json.dumps({"num_hidden_layers": 2, "hidden_size": 64}))
    code, _, err = run(capsys, "import-model", str(bad))
    assert code == 1 and "key 'num_attention_heads' is missing" in err
    code, _, err = run(capsys, "import-model", str(tmp_path / "none.gguf"))
    assert code == 1 and "no such file" in err
    code, _, err = run(
        capsys, "import-model", str(CONFIGS / "qwen3-32b.config.json"), "--id", "A B"
    )
    assert code == 2 and "--id" in err
