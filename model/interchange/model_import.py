"""Bring your own model: an LLM spec from a Hugging Face ``config.json`` or a GGUF header.

Both become an :class:`~infercost.model.interchange.import_preview.ImportBatch` with one LLM, so the
preview (added or changed, old -> new) and the one-step apply are the other imports' own.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.entries import LlmSpec
from infercost.model.errors import FileFormatError, describe_validation_error
from infercost.model.guard import parse_json_bounded, printable, read_bounded, read_head
from infercost.model.interchange.gguf_header import MAGIC, GgufHeader, read_gguf_header
from infercost.model.interchange.hf_config import Architecture, ConfigError, read_config
from infercost.model.interchange.import_preview import (
    Candidate,
    ImportBatch,
    ImportPreview,
    preview,
)

MAX_CONFIG_BYTES = 4 << 20  # a config.json is a few kB; the largest with layer lists ~50 kB

# llama.h ``enum llama_ftype`` (GGUF ``general.file_type``) -> catalog format ids; checked
# against gguf-py's LlamaFileType in the tests.
FILE_TYPES = {
    0: "f32",
    1: "f16",
    2: "q4_0",
    7: "q8_0",
    10: "q2_k",
    11: "q3_k_s",
    12: "q3_k_m",
    13: "q3_k_l",
    14: "q4_k_s",
    15: "q4_k_m",
    16: "q5_k_s",
    17: "q5_k_m",
    18: "q6_k",
    19: "iq2_xxs",
    21: "q2_k_s",
    23: "iq3_xxs",
    24: "iq1_s",
    25: "iq4_nl",
    27: "iq3_m",
    29: "iq2_m",
    30: "iq4_xs",
    32: "bf16",
    38: "mxfp4_moe",
}
# Architectures whose state is not a KV cache per token (llama.cpp arch names).
_NOT_TRANSFORMERS = ("mamba", "rwkv", "jamba", "falcon-h1", "lfm2", "plamo2", "granitehybrid")
# Local-attention layer patterns llama.cpp hard-codes per architecture: one global layer in n.
_SLIDING_EVERY = {"gemma3": 6, "gemma2": 2, "gpt-oss": 2, "cohere2": 4}


def detect_model_file(path: str | Path) -> str:
    """``"gguf"`` or ``"config"`` from the first bytes (a GGUF magic, else JSON)."""
    head = read_head(path, 4, what="model file")
    return "gguf" if head == MAGIC else "config"


def read_model_file(path: str | Path) -> tuple[Architecture, str, list[str]]:
    """(architecture, what was read, notes) from a config.json or a GGUF file.

    Raises
    ------
    FileFormatError
        Naming the file and the key that is missing, wrong or inconsistent.
    """
    name = str(path)
    kind = detect_model_file(path)
    try:
        if kind == "gguf":
            header = read_gguf_header(path)
            arch, notes = gguf_architecture(header, Path(path).stem)
            return arch, f"GGUF header ({header.metadata.get('general.architecture')})", notes
        data = read_bounded(path, max_bytes=MAX_CONFIG_BYTES, what="config.json")
        cfg = parse_json_bounded(data, source=name)
        p = Path(path)
        stem = p.parent.name if p.name == "config.json" else p.stem.removesuffix(".config")
        label = cfg.get("_name_or_path") if isinstance(cfg, dict) else None
        arch = read_config(cfg, str(label or stem or "imported model"))
        return arch, f"config.json ({cfg.get('model_type', 'no model_type')})", list(arch.notes)
    except ConfigError as exc:
        raise FileFormatError(name, str(exc)) from None


def _num(md: dict[str, Any], key: str, default: int | None = None, low: int = 1) -> int:
    v = md.get(key)
    if isinstance(v, list) and v and all(isinstance(x, int) for x in v):
        v = max(v)  # per-layer counts (some layers without attention report 0): the largest
    if v is None:
        if default is None:
            raise ConfigError(f"key '{key}' is missing")
        return default
    if isinstance(v, bool) or not isinstance(v, int) or not low <= v <= 10**9:
        raise ConfigError(f"key '{key}' = {v!r:.40} is not a whole number from {low} to 10^9")
    return v


def gguf_architecture(h: GgufHeader, fallback: str) -> tuple[Architecture, list[str]]:
    """The architecture a GGUF header describes; parameters counted from its tensor table."""
    md = h.metadata
    arch = md.get("general.architecture")
    if not isinstance(arch, str) or not arch:
        raise ConfigError("key 'general.architecture' is missing")
    if any(t in arch for t in _NOT_TRANSFORMERS):
        raise ConfigError(
            f"key 'general.architecture' = '{arch:.40}': not a transformer whose memory is KV "
            "cache per token; InferCost cannot size it"
        )
    p = f"{arch}."
    layers = _num(md, p + "block_count")
    hidden = _num(md, p + "embedding_length")
    heads = _num(md, p + "attention.head_count")
    kv = _num(md, p + "attention.head_count_kv", heads)
    if kv > heads:
        raise ConfigError(f"key '{p}attention.head_count_kv' ({kv}) exceeds head_count ({heads})")
    kv_lora = md.get(p + "attention.kv_lora_rank")
    head_dim = _num(md, p + "attention.key_length", hidden // heads)
    experts = md.get(p + "expert_count") or None
    used = md.get(p + "expert_used_count") or None
    if experts is not None:
        experts, used = _num(md, p + "expert_count"), _num(md, p + "expert_used_count")
        if used >= experts:
            raise ConfigError(
                f"key '{p}expert_used_count' ({used}) must be below expert_count ({experts})"
            )
    if not h.tensors:
        raise ConfigError("the file has no tensor table: its parameters cannot be counted")
    total = sum(t.elements for t in h.tensors)
    routed = sum(t.elements for t in h.tensors if "_exps" in t.name)
    active = total - routed + (routed * used / experts if experts and used else routed)
    vocab = md.get(p + "vocab_size") or h.array_lengths.get("tokenizer.ggml.tokens")
    if not isinstance(vocab, int) or isinstance(vocab, bool) or vocab < 1:
        raise ConfigError(f"key '{p}vocab_size' is missing and there is no token list")
    window, local = _gguf_sliding(md, p, arch, layers)
    notes = []
    if window is not None:
        notes.append(f"{local} of {layers} layers attend to a window of {window:,} tokens")
    ftype = md.get("general.file_type")
    fmt = FILE_TYPES.get(ftype) if isinstance(ftype, int) else None
    data_bytes = max(0, h.file_bytes - h.header_bytes)
    if total and data_bytes:
        bpw = data_bytes * 8 / total
        notes.append(f"weights in {fmt or f'file type {ftype}'}: {bpw:.2f} bits per weight")
    name = md.get("general.name")
    return (
        Architecture(
            name=str(name) if isinstance(name, str) and name else fallback,
            total_params_b=total / 1e9,
            active_params_b=active / 1e9,
            layers=layers,
            hidden_size=hidden,
            attention_heads=heads,
            kv_heads=heads if kv_lora else kv,
            head_dim=head_dim,
            max_context=_num(md, p + "context_length"),
            vocab_size=vocab,
            tied_embeddings=not any(t.name == "output.weight" for t in h.tensors),
            experts=experts,
            experts_per_token=used,
            kv_lora_rank=_num(md, p + "attention.kv_lora_rank") if kv_lora else None,
            qk_rope_head_dim=_num(md, p + "rope.dimension_count") if kv_lora else None,
            sliding_window=window,
            sliding_window_layers=local,
        ),
        notes,
    )


def _gguf_sliding(md: dict, p: str, arch: str, layers: int) -> tuple[int | None, int | None]:
    window = md.get(p + "attention.sliding_window")
    if not window:
        return None, None
    window = _num(md, p + "attention.sliding_window")
    pattern = md.get(p + "attention.sliding_window_pattern")
    if isinstance(pattern, list) and len(pattern) == layers:
        return window, sum(bool(x) for x in pattern)
    if isinstance(pattern, int) and not isinstance(pattern, bool) and pattern >= 1:
        return window, layers - layers // pattern
    if arch in _SLIDING_EVERY:
        return window, layers - layers // _SLIDING_EVERY[arch]
    raise ConfigError(
        f"key '{p}attention.sliding_window' is set but no layer pattern says which layers use "
        f"it (architecture '{arch:.40}')"
    )


def _clip(text: str, limit: int) -> str:
    return printable(text)[:limit]


def slug(text: str) -> str:
    """A catalog id from a model name: lower case, ``[a-z0-9._-]``, at most 60 characters."""
    s = re.sub(r"[^a-z0-9._-]+", "-", text.lower().split("/")[-1]).strip("-.")
    return s[:60] or "imported-model"


def model_batch(
    path: str | Path,
    llm_id: str | None = None,
    today: dt.date | None = None,
    taken: frozenset[str] = frozenset(),
) -> ImportBatch:
    """The one LLM a model file describes, as an import batch (refusals raise, naming a key).

    Without ``llm_id`` the id comes from the model's name; one already ``taken`` in the
    catalog gets an ``-imported`` suffix, so only an explicit id updates an existing entry.
    """
    arch, what, notes = read_model_file(path)
    entry_id = llm_id or slug(arch.name)
    if llm_id is None and entry_id in taken:
        base, n = f"{entry_id[:50]}-imported", 2
        entry_id = base
        while entry_id in taken:
            entry_id, n = f"{base}-{n}", n + 1
        notes = [*notes, f"id '{slug(arch.name)}' is taken: give it as the id to update it"]
    day = (today or dt.date.today()).isoformat()
    try:
        llm = LlmSpec(
            id=entry_id,
            name=_clip(arch.name, 200),
            source=_clip(f"{what} of {Path(path).name}, imported by InferCost", 500),
            as_of=f"imported {day}",
            notes=_clip("; ".join(notes), 1000),
            **arch.llm_fields(),
        )
    except ValidationError as exc:
        msg = "; ".join(describe_validation_error(exc)[:3])
        raise FileFormatError(str(path), f"the architecture it gives is refused: {msg}") from None
    batch = ImportBatch(origin=str(path), kind=what.split(" (")[0])
    batch.candidates.append(Candidate("llms", llm, Path(path).name))
    batch.notes.append(f"{entry_id}: {describe_llm(llm)}")
    batch.notes.extend(notes)
    return batch


def describe_llm(llm: LlmSpec) -> str:
    """One line for a person: size, layout and context of an LLM spec."""
    parts = [f"{llm.total_params_b:,.2f} B parameters"]
    if llm.experts:
        parts[0] += f" ({llm.active_params_b:,.2f} B active)"
        parts.append(f"{llm.experts} experts, {llm.experts_per_token} per token")
    parts.append(f"{llm.layers} layers, hidden {llm.hidden_size:,}")
    if llm.kv_lora_rank:
        parts.append(f"MLA (latent {llm.kv_lora_rank} + RoPE {llm.qk_rope_head_dim})")
    else:
        kind = "MHA" if llm.kv_heads == llm.attention_heads else "GQA"
        parts.append(f"{kind} {llm.attention_heads}/{llm.kv_heads} heads x {llm.head_dim}")
    if llm.sliding_window:
        parts.append(f"{llm.sliding_window_layers} layers slide over {llm.sliding_window:,}")
    parts.append(f"context {llm.max_context:,}")
    return "; ".join(parts)


def read_model_import(
    path: str | Path, catalog: Catalog, llm_id: str | None = None
) -> ImportPreview:
    """What importing the model file would do to ``catalog`` (nothing changes until applied)."""
    taken = frozenset(e.id for e in catalog.llms)
    return preview(catalog, model_batch(path, llm_id, taken=taken))
