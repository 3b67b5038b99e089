"""infercost-cli estimate: the JSON contract, text output, and clean errors."""

import json

import pytest

from infercost.gui import cli


def run(capsys, *argv):
    rc = cli.main(["estimate", *argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_json_contract(capsys):
    rc, out, _ = run(
        capsys,
        "--gpu",
        "h100-sxm",
        "--llm",
        "llama-3.1-8b",
        "--quant",
        "fp8",
        "--context",
        "4096",
        "--batch",
        "32",
        "--json",
    )
    assert rc == 0
    d = json.loads(out)
    for key in (
        "fits",
        "gpus_needed",
        "memory_gb",
        "decode_tokens_per_s",
        "decode_tokens_per_s_per_seq",
        "prefill_tokens_per_s",
        "bound",
        "low",
        "high",
    ):
        assert key in d
    assert d["fits"] is True and d["gpus_needed"] == 1
    assert set(d["memory_gb"]) >= {"weights", "kv_cache", "overhead", "total"}
    assert d["decode_tokens_per_s"] == pytest.approx(32 * d["decode_tokens_per_s_per_seq"])
    assert (
        d["low"]["decode_tokens_per_s"]
        <= d["decode_tokens_per_s"]
        <= d["high"]["decode_tokens_per_s"]
    )
    assert d["bound"] in ("memory", "compute", "offload")


def test_does_not_fit_still_answers(capsys):
    rc, out, _ = run(
        capsys,
        "--gpu",
        "rtx-4090",
        "--llm",
        "llama-3.1-405b",
        "--quant",
        "q4_k_m",
        "--context",
        "8192",
        "--batch",
        "1",
        "--kv-quant",
        "fp8",
        "--json",
    )
    d = json.loads(out)
    assert rc == 0 and d["fits"] is False and d["gpus_needed"] > 1
    assert d["decode_tokens_per_s"] > 0
    assert d["offload"]["share"] > 0.5
    assert d["kv_quant"] == "fp8"


def test_multi_gpu_and_text_output(capsys):
    rc, out, _ = run(
        capsys,
        "--gpu",
        "h200",
        "--gpus",
        "8",
        "--llm",
        "deepseek-v3",
        "--quant",
        "fp8",
        "--context",
        "8192",
        "--batch",
        "64",
    )
    assert rc == 0
    assert "deepseek-v3 fp8 on 8x h200 (vllm)" in out and "fits" in out and "decode:" in out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--gpu", "h100-sx", "--llm", "llama-3.1-8b", "--quant", "fp8"], "did you mean"),
        (["--gpu", "h100-sxm", "--llm", "llama-3.1-8b", "--quant", "q4"], "Unknown quantization"),
        (
            ["--gpu", "h100-sxm", "--llm", "llama-3.1-8b", "--quant", "fp8", "--batch", "0"],
            "--batch: must be at least 1",
        ),
        (
            ["--gpu", "h100-sxm", "--llm", "llama-3.1-8b", "--quant", "fp8", "--context", "x"],
            "--context: expected a whole number",
        ),
        (
            ["--gpu", "h100-sxm", "--llm", "llama-3.1-8b", "--quant", "fp8", "--input-share", "2"],
            "--input-share: must be between 0 and 1",
        ),
    ],
)
def test_bad_input_exits_2_with_a_message(capsys, argv, needle):
    try:
        rc = cli.main(["estimate", *argv])
    except SystemExit as exc:  # argparse refuses bad values before run()
        rc = exc.code
    assert rc == 2
    assert needle.lower() in capsys.readouterr().err.lower()


def test_catalog_measurement_is_shown_as_measured(capsys):
    rc, out, _ = run(
        capsys,
        "--gpu",
        "rtx-4090",
        "--llm",
        "llama-3.1-8b",
        "--quant",
        "q4_k_m",
        "--context",
        "1024",
        "--json",
    )
    d = json.loads(out)
    assert rc == 0 and d["decode_tokens_per_s"] == 127.74
    assert d["source"]["decode"] == "measured"
    assert d["source"]["measurements"] == ["xiongjiedai/rtx-4090-llama-3-8b-q4_k_m"]
    rc, out, _ = run(capsys, "--gpu", "rtx-4090", "--llm", "llama-3.1-8b", "--quant", "q4_k_m")
    assert "[measured]" in out


def test_build_supplies_gpus_and_host_ram_bandwidth(capsys):
    rc, out, _ = run(
        capsys,
        "--build",
        "8x-h100-node",
        "--llm",
        "llama-3.1-405b",
        "--quant",
        "fp8",
        "--context",
        "4096",
        "--batch",
        "64",
        "--json",
    )
    d = json.loads(out)
    assert rc == 0 and (d["gpu"], d["gpus"], d["fits"]) == ("h100-sxm", 8, True)
    rc, out, _ = run(
        capsys, "--build", "rtx-5090-rig", "--llm", "llama-3.3-70b", "--quant", "q4_k_m", "--json"
    )
    assert json.loads(out)["offload"]["host_bandwidth_gbps"] == 89.6
    rc, _, err = run(
        capsys,
        "--build",
        "rtx-5090-rig",
        "--gpus",
        "2",
        "--llm",
        "llama-3.3-70b",
        "--quant",
        "q4_k_m",
    )
    assert rc == 2 and "--gpus does not go with --build" in err
