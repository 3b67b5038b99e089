"""infercost-cli estimate: the JSON contract, text output, and clean errors."""

import json

import pytest

from infercost import cli


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
    assert "the KV cache is held 8 times: tensor parallel copies the MLA latent cache" in out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--gpu", "h100-sx", "--llm", "llama-3.1-8b", "--quant", "fp8"], "did you mean"),
        (["--gpu", "h100-sxm", "--llm", "llama-3.1-8b", "--quant", "q4"], "Unknown quantization"),
        (
            ["--gpu", "h100-sxm", "--llm", "llama-3.1-8b", "--quant", "fp8", "--batch", "0"],
            "--batch: must be from 1 to 100,000, got 0",
        ),
        (
            ["--gpu", "h100-sxm", "--llm", "llama-3.1-8b", "--quant", "fp8", "--context", "-5"],
            "--context: must be from 1 to 10,000,000, got -5",
        ),
        (
            ["--gpu", "h100-sxm", "--llm", "llama-3.1-8b", "--quant", "fp8", "--context", "1e400"],
            "--context: expected a whole number, got '1e400'",
        ),
        (
            ["--gpu", "h100-sxm", "--llm", "llama-3.1-8b", "--quant", "fp8", "--gpus", "100000"],
            "--gpus: must be from 1 to 1,024, got 100,000",
        ),
        (
            [
                "--gpu",
                "h100-sxm",
                "--llm",
                "llama-3.1-8b",
                "--quant",
                "fp8",
                "--kv-quant",
                "awq-int4",
            ],
            "KV-cache format 'awq-int4' (AWQ INT4 (group 128)) is a weight-only format; "
            "KV-cache formats: bf16, f16, fp8, q8_0, q4_0",
        ),
        (
            ["--gpu", "h100-sxm", "--llm", "llama-3.1-8b", "--quant", "fp8", "--kv-quant", "fp9"],
            "Unknown quantization 'fp9'. Did you mean: fp8, nvfp4, mxfp4?",
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


def test_memory_is_shown_in_gib_so_a_32_gb_card_reads_32(capsys):
    """The RTX 5090's listed 32 GB is 32 GiB (34.36e9 bytes): text in GiB, JSON in both."""
    argv = ["--gpu", "rtx-5090", "--llm", "llama-3.3-70b", "--quant", "q4_k_m"]
    rc, out, _ = run(capsys, *argv)
    # 70.6e9 x 4.89 / 8 = 43.15e9 B = 40.2 GiB; KV 4096 x 320 KiB = 1.25 GiB; 1e9 B = 0.93 GiB.
    assert rc == 0
    assert "weights 40.2 + KV cache 1.2 + runtime 0.9 = 42.4 GiB needed" in out
    assert "usable 32.0 GiB (1x 32 GiB listed): does NOT fit" in out
    rc, out, _ = run(capsys, *argv, "--json")
    d = json.loads(out)
    assert d["memory_gib"]["capacity"] == pytest.approx(32.0)
    assert d["memory_gb"]["capacity"] == pytest.approx(32 * 2**30 / 1e9)
    assert d["memory_gib"]["kv_per_token"] * 2**30 == pytest.approx(327_680)
    assert d["fits"] is False and d["gpus_needed"] == 2 and d["warnings"] == []


def test_vllm_capacity_names_the_share_it_may_use(capsys):
    rc, out, _ = run(capsys, "--gpu", "h100-sxm", "--llm", "llama-3.1-8b", "--quant", "fp8")
    assert rc == 0 and "usable 72.0 GiB (1x 80 GiB listed x 90% usable)" in out


def test_context_beyond_the_models_maximum_warns(capsys):
    argv = ["--gpu", "h100-sxm", "--llm", "llama-2-7b", "--quant", "fp8", "--context", "8192"]
    rc, out, _ = run(capsys, *argv)
    assert rc == 0
    assert (
        "warning: context 8,192 tokens is beyond Llama 2 7B's maximum of 4,096: the model was "
        "not trained for it and engines refuse it"
    ) in out
    rc, out, _ = run(capsys, *argv, "--json")
    assert len(json.loads(out)["warnings"]) == 1


def test_tensor_parallel_over_a_count_that_does_not_divide_the_heads_warns(capsys):
    argv = ["--gpu", "a100-80gb", "--gpus", "3", "--llm", "llama-3.3-70b", "--quant", "fp8"]
    rc, out, _ = run(capsys, *argv, "--json")
    (warning,) = json.loads(out)["warnings"]
    assert rc == 0 and "3 GPUs does not divide Llama 3.3 70B's 64 attention heads" in warning
    rc, out, _ = run(capsys, *argv, "--engine", "llama.cpp", "--json")
    assert json.loads(out)["warnings"] == []  # a layer split takes any count


def test_a_measurement_used_far_from_its_context_is_flagged(capsys):
    argv = ["--gpu", "rtx-4090", "--llm", "llama-3.1-8b", "--quant", "q4_k_m", "--json"]
    # The pinned run averaged 512 tokens of context; 4,096 is 8x that, 1,024 is within 2x.
    rc, out, _ = run(capsys, *argv, "--context", "4096")
    (warning,) = json.loads(out)["warnings"]
    assert rc == 0 and warning == (
        "measurement 'xiongjiedai/rtx-4090-llama-3-8b-q4_k_m' ran at 512 tokens of context, "
        "this request at 4,096: longer contexts read more KV cache per token"
    )
    rc, out, _ = run(capsys, *argv, "--context", "1024")
    assert json.loads(out)["warnings"] == []


def test_a_format_not_marked_either_way_is_taken_on_trust(tmp_path, capsys):
    """Catalogs saved before quants said whether they hold a KV cache keep working."""
    from infercost.model.catalog.fileio import default_catalog, envelope

    cat = default_catalog()
    fp8 = cat.quant("fp8")
    cat.quants[cat.quants.index(fp8)] = fp8.model_copy(update={"kv_cache": None})
    path = tmp_path / "old.json"
    path.write_text(json.dumps(envelope("infercost-catalog", cat)), encoding="utf-8")
    argv = ["--gpu", "h100-sxm", "--llm", "llama-3.1-8b", "--quant", "fp8", "--kv-quant", "fp8"]
    rc, out, _ = run(capsys, *argv, "--catalog", str(path), "--json")
    assert rc == 0 and json.loads(out)["memory_gb"]["kv_per_token"] * 1e9 == 64 * 1024
