"""Issue 18: bring your own model from a config.json or a GGUF header."""

import json
import os
from pathlib import Path

import pytest
from gguf_helpers import write_qwen3_32b_header

from infercost.model.catalog.fileio import default_catalog
from infercost.model.errors import FileFormatError
from infercost.model.interchange.gguf_header import read_gguf_header
from infercost.model.interchange.model_import import FILE_TYPES, model_batch, read_model_import

gguf = pytest.importorskip("gguf", reason="the gguf package writes the test files")
np = pytest.importorskip("numpy")

CONFIGS = Path(__file__).parent.parent / "data" / "model_configs"


def _entry(path, **kw):
    batch = model_batch(path, **kw)
    (cand,) = batch.candidates
    return cand.entry


# Model cards: Llama 2 7B 6.74 B; Qwen3-32B 32.8 B; Qwen3-30B-A3B 30.5 B / 3.3 B active;
# DeepSeek-V3 671 B / 37 B; gpt-oss-20b 21 B (3.6 B active without the 0.58 B embedding).
@pytest.mark.parametrize(
    ("name", "total", "active", "expect"),
    [
        ("llama-2-7b", 6.74, 6.74, {"kv_heads": 32, "layers": 32, "max_context": 4096}),
        ("qwen3-32b", 32.8, 32.8, {"kv_heads": 8, "head_dim": 128, "attention_heads": 64}),
        ("qwen3-30b-a3b", 30.5, 3.3, {"experts": 128, "experts_per_token": 8, "kv_heads": 4}),
        (
            "deepseek-v3",
            671.0,
            37.0,
            {"kv_lora_rank": 512, "qk_rope_head_dim": 64, "experts": 256, "layers": 61},
        ),
        (
            "gpt-oss-20b",
            20.9,
            3.6 + 0.58,
            {"sliding_window": 128, "sliding_window_layers": 12, "experts": 32},
        ),
        (
            "gemma-3-27b",
            27.0,
            27.0,
            {"sliding_window": 1024, "sliding_window_layers": 52, "tied_embeddings": True},
        ),
    ],
)
def test_config_json_of_public_models(name, total, active, expect):
    llm = _entry(CONFIGS / f"{name}.config.json")
    assert llm.total_params_b == pytest.approx(total, rel=0.015)
    assert llm.active_params_b == pytest.approx(active, rel=0.03)
    for key, value in expect.items():
        assert getattr(llm, key) == value, key
    assert "config.json" in llm.source and llm.as_of.startswith("imported")


def test_yarn_context_is_read_from_rope_scaling():
    # gpt-oss: 4,096 x 32 = 131,072 (equal to max_position_embeddings).
    llm = _entry(CONFIGS / "gpt-oss-20b.config.json")
    assert llm.max_context == 131072


def _write_config(tmp_path, **changes):
    cfg = json.loads((CONFIGS / "qwen3-32b.config.json").read_text())
    cfg.update(changes)
    for k in [k for k, v in changes.items() if v is None]:
        del cfg[k]
    p = tmp_path / "config.json"
    p.write_text(json.dumps(cfg))
    return p


@pytest.mark.parametrize(
    ("changes", "needle"),
    [
        ({"num_key_value_heads": 80}, "'num_key_value_heads' (80) exceeds"),
        ({"num_key_value_heads": 7}, "'num_key_value_heads' (7) does not divide"),
        ({"num_hidden_layers": None}, "key 'num_hidden_layers' is missing"),
        ({"hidden_size": "5120"}, "key 'hidden_size' must be a whole number"),
        ({"hidden_size": True}, "key 'hidden_size' must be a whole number"),
        ({"vocab_size": 0}, "key 'vocab_size' = 0 is out of range"),
        ({"model_type": "mamba2"}, "key 'model_type' = 'mamba2'"),
        ({"layer_types": ["full_attention"] * 63}, "key 'layer_types' must list one kind"),
        (
            {"layer_types": ["linear_attention"] * 64},
            "key 'layer_types' holds 'linear_attention'",
        ),
        ({"num_experts": 8, "num_experts_per_tok": 8}, "'num_experts_per_tok' (8) must be below"),
    ],
)
def test_bad_config_refused_naming_the_key(tmp_path, changes, needle):
    p = _write_config(tmp_path, **changes)
    with pytest.raises(FileFormatError, match=r"config.json") as err:
        model_batch(p)
    assert needle in str(err.value)


def test_config_that_is_not_json_or_an_object(tmp_path):
    p = tmp_path / "config.json"
    p.write_text("[1, 2]")
    with pytest.raises(FileFormatError, match="one JSON object"):
        model_batch(p)
    p.write_text("{nope")
    with pytest.raises(FileFormatError, match="not valid JSON"):
        model_batch(p)


def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "model.gguf"
    os.mkfifo(fifo)
    with pytest.raises(FileFormatError, match="named pipe"):
        model_batch(fifo)


# --- GGUF ----------------------------------------------------------------------------


def _gguf(
    path,
    arch="qwen3",
    *,
    layers=2,
    hidden=64,
    heads=4,
    kv=2,
    experts=None,
    used=None,
    tied=False,
    vocab_tokens=100,
    sliding=None,
    file_type=15,
):
    w = gguf.GGUFWriter(str(path), arch)
    w.add_name("Tiny Test Model")
    w.add_block_count(layers)
    w.add_context_length(32768)
    w.add_embedding_length(hidden)
    w.add_feed_forward_length(4 * hidden)
    w.add_head_count(heads)
    w.add_head_count_kv(kv)
    w.add_key_length(hidden // heads)
    w.add_file_type(file_type)
    if experts:
        w.add_expert_count(experts)
        w.add_expert_used_count(used)
    if sliding:
        w.add_sliding_window(sliding)
    w.add_token_list([f"t{i}" for i in range(vocab_tokens)])
    f32 = np.float32
    w.add_tensor("token_embd.weight", np.zeros((vocab_tokens, hidden), f32))
    if not tied:
        w.add_tensor("output.weight", np.zeros((vocab_tokens, hidden), f32))
    for i in range(layers):
        w.add_tensor(f"blk.{i}.attn_q.weight", np.zeros((hidden, hidden), f32))
        w.add_tensor(f"blk.{i}.attn_k.weight", np.zeros((hidden * kv // heads, hidden), f32))
        if experts:
            w.add_tensor(f"blk.{i}.ffn_up_exps.weight", np.zeros((experts, 32, hidden), f32))
        else:
            w.add_tensor(f"blk.{i}.ffn_up.weight", np.zeros((4 * hidden, hidden), f32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


def test_small_gguf_made_with_the_writer(tmp_path):
    llm = _entry(_gguf(tmp_path / "tiny.gguf"))
    assert (llm.layers, llm.hidden_size, llm.attention_heads, llm.kv_heads) == (2, 64, 4, 2)
    assert (llm.head_dim, llm.max_context, llm.vocab_size) == (16, 32768, 100)
    assert llm.id == "tiny-test-model" and llm.name == "Tiny Test Model"
    assert not llm.tied_embeddings
    # 2 x 100 x 64 embeddings + 2 x (64x64 + 32x64 + 256x64) parameters, counted exactly.
    assert llm.total_params_b * 1e9 == pytest.approx(2 * 6400 + 2 * (4096 + 2048 + 16384))
    assert "q4_k_m" in llm.notes


def test_gguf_moe_active_share_from_expert_tensors(tmp_path):
    llm = _entry(_gguf(tmp_path / "moe.gguf", "qwen3moe", experts=8, used=2, tied=True))
    assert (llm.experts, llm.experts_per_token, llm.tied_embeddings) == (8, 2, True)
    routed = 2 * 8 * 32 * 64
    total = 6400 + 2 * (4096 + 2048) + routed
    assert llm.total_params_b * 1e9 == pytest.approx(total)
    assert llm.active_params_b * 1e9 == pytest.approx(total - routed * 6 / 8)


def test_gguf_sliding_window_by_architecture_pattern(tmp_path):
    llm = _entry(_gguf(tmp_path / "g.gguf", "gemma3", layers=12, sliding=1024))
    assert (llm.sliding_window, llm.sliding_window_layers) == (1024, 10)
    with pytest.raises(FileFormatError, match=r"attention.sliding_window' is set but no layer"):
        model_batch(_gguf(tmp_path / "u.gguf", "llama", sliding=4096))


def test_gguf_refusals_name_the_key(tmp_path):
    with pytest.raises(FileFormatError, match=r"'qwen3.attention.head_count_kv' \(8\) exceeds"):
        model_batch(_gguf(tmp_path / "a.gguf", kv=8))
    with pytest.raises(FileFormatError, match=r"'general.architecture' = 'mamba'"):
        model_batch(_gguf(tmp_path / "m.gguf", "mamba"))
    with pytest.raises(FileFormatError, match=r"'qwen3moe.expert_used_count' \(8\) must be"):
        model_batch(_gguf(tmp_path / "e.gguf", "qwen3moe", experts=8, used=8))


def test_truncated_and_foreign_files(tmp_path):
    whole = _gguf(tmp_path / "w.gguf", vocab_tokens=300_000)
    header = read_gguf_header(whole).header_bytes
    assert header > 2**20  # past the first read: the reader reads on
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(whole.read_bytes()[: header - 100])
    with pytest.raises(FileFormatError, match="cut short"):
        model_batch(cut)
    bad = tmp_path / "v9.gguf"
    bad.write_bytes(b"GGUF" + (9).to_bytes(4, "little") + bytes(16))
    with pytest.raises(FileFormatError, match="GGUF version 9"):
        model_batch(bad)
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"GGUF" + (3).to_bytes(4, "little") + (2**60).to_bytes(8, "little"))
    with pytest.raises(FileFormatError, match="beyond any real model"):
        model_batch(junk)


def test_a_40_gb_gguf_is_read_from_its_header_only(tmp_path):
    """Qwen3-32B's real header (152k tokens, 151k merges, 450 tensor infos at their real
    shapes) on a sparse 40 GB file: only the header's few MB are read."""
    path = tmp_path / "qwen3-32b-q4_k_m.gguf"
    header_size = write_qwen3_32b_header(path)
    h = read_gguf_header(path)
    assert h.header_bytes <= header_size and h.array_lengths["tokenizer.ggml.tokens"] == 151936
    llm = _entry(path)
    assert llm.total_params_b == pytest.approx(32.76, rel=0.005)
    assert llm.vocab_size == 151936 and llm.kv_heads == 8
    # The file's own size says how many bits each weight takes: 40 GiB over 32.8 B.
    assert "10.49 bits per weight" in llm.notes


def test_file_types_agree_with_gguf_py():
    names = {t.value: t.name for t in gguf.LlamaFileType}
    for value, quant_id in FILE_TYPES.items():
        assert names[value].removeprefix("MOSTLY_").removeprefix("ALL_").lower() == quant_id


def test_import_preview_adds_then_reports_unchanged(tmp_path):
    cat = default_catalog()
    pv = read_model_import(CONFIGS / "qwen3-30b-a3b.config.json", cat, llm_id="my-qwen")
    assert [a.id for a in pv.added] == ["my-qwen"]
    again = read_model_import(CONFIGS / "qwen3-30b-a3b.config.json", pv.catalog, "my-qwen")
    assert not again.changes_anything
