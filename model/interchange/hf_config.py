"""An LLM's architecture from a Hugging Face ``config.json``: dense, GQA, MoE, MLA, sliding window.

Parameter counts are not in a config; they are counted from the shapes it gives (embeddings,
attention or MLA projections, gated MLPs, experts), which reproduces the model cards' figures
(Llama 3.1 8B: 8.03 B; Qwen3-32B: 32.8 B; DeepSeek-V3: 671 B total, 37 B active).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from infercost.model.errors import InferCostError

# Architectures whose layers are not (all) transformer attention: their memory is not KV
# cache per token, and the estimator would be wrong about them.
_UNSUPPORTED_TYPES = ("mamba", "rwkv", "jamba", "falcon_h1", "zamba", "recurrent_gemma", "xlstm")
_LAYER_KINDS = {
    "full_attention": "full",
    "sliding_attention": "local",
    "chunked_attention": "local",
}


class ConfigError(InferCostError, ValueError):
    """A config.json value that is missing, of the wrong kind or inconsistent; names the key."""


@dataclass(frozen=True)
class Architecture:
    """What the memory model and the roofline need, read from one model's metadata."""

    name: str
    total_params_b: float
    active_params_b: float
    layers: int
    hidden_size: int
    attention_heads: int
    kv_heads: int
    head_dim: int
    max_context: int
    vocab_size: int
    tied_embeddings: bool
    experts: int | None = None
    experts_per_token: int | None = None
    kv_lora_rank: int | None = None
    qk_rope_head_dim: int | None = None
    sliding_window: int | None = None
    sliding_window_layers: int | None = None
    notes: tuple[str, ...] = ()

    def llm_fields(self) -> dict[str, Any]:
        """The :class:`~infercost.model.catalog.entries.LlmSpec` fields (no id, source or name)."""
        return {
            "total_params_b": float(f"{self.total_params_b:.6g}"),
            "active_params_b": float(f"{self.active_params_b:.6g}"),
            "layers": self.layers,
            "hidden_size": self.hidden_size,
            "attention_heads": self.attention_heads,
            "kv_heads": self.kv_heads,
            "head_dim": self.head_dim,
            "max_context": self.max_context,
            "vocab_size": self.vocab_size,
            "tied_embeddings": self.tied_embeddings,
            "experts": self.experts,
            "experts_per_token": self.experts_per_token,
            "kv_lora_rank": self.kv_lora_rank,
            "qk_rope_head_dim": self.qk_rope_head_dim,
            "sliding_window": self.sliding_window,
            "sliding_window_layers": self.sliding_window_layers,
        }


class _Keys:
    """Typed access to one config level; every error names the key."""

    def __init__(self, data: dict[str, Any], prefix: str = "") -> None:
        self.data, self.prefix = data, prefix

    def where(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def int(self, key: str, default: int | None = None, *, low: int = 1) -> int:
        v = self.data.get(key)
        if v is None:
            if default is None:
                raise ConfigError(f"key '{self.where(key)}' is missing")
            return default
        if isinstance(v, bool) or not isinstance(v, int):
            raise ConfigError(f"key '{self.where(key)}' must be a whole number, not {v!r:.40}")
        if not low <= v <= 10**9:
            raise ConfigError(f"key '{self.where(key)}' = {v} is out of range ({low} to 10^9)")
        return v

    def opt_int(self, key: str, *, low: int = 1) -> int | None:
        return None if self.data.get(key) is None else self.int(key, low=low)

    def bool(self, key: str, default: bool) -> bool:
        v = self.data.get(key, default)
        if not isinstance(v, bool):
            raise ConfigError(f"key '{self.where(key)}' must be true or false, not {v!r:.40}")
        return v


def _level(cfg: dict[str, Any]) -> _Keys:
    """The language model's level: multimodal configs nest it under ``text_config``."""
    text = cfg.get("text_config")
    if text is None:
        return _Keys(cfg)
    if not isinstance(text, dict):
        raise ConfigError("key 'text_config' must be an object")
    merged = {**{k: v for k, v in cfg.items() if k != "text_config"}, **text}
    return _Keys(merged, "text_config.")


def read_config(cfg: Any, name: str = "") -> Architecture:
    """The architecture a ``config.json`` (already parsed) describes.

    Raises
    ------
    ConfigError
        Naming the key that is missing, of the wrong type, out of range or inconsistent, or
        the model type that is not a transformer InferCost can size.
    """
    if not isinstance(cfg, dict):
        raise ConfigError("a config.json holds one JSON object")
    model_type = str(cfg.get("model_type", ""))
    if any(t in model_type.lower() for t in _UNSUPPORTED_TYPES):
        raise ConfigError(
            f"key 'model_type' = '{model_type:.40}': not a transformer whose memory is KV cache "
            "per token; InferCost cannot size it"
        )
    k = _level(cfg)
    layers = k.int("num_hidden_layers")
    hidden = k.int("hidden_size")
    heads = k.int("num_attention_heads")
    kv_heads = k.int("num_key_value_heads", heads)
    if kv_heads > heads:
        raise ConfigError(
            f"key '{k.where('num_key_value_heads')}' ({kv_heads}) exceeds "
            f"num_attention_heads ({heads})"
        )
    if heads % kv_heads:
        raise ConfigError(
            f"key '{k.where('num_key_value_heads')}' ({kv_heads}) does not divide "
            f"num_attention_heads ({heads})"
        )
    if "head_dim" not in k.data and hidden % heads:
        raise ConfigError(
            f"key '{k.where('hidden_size')}' ({hidden}) is not a multiple of "
            f"num_attention_heads ({heads}) and no head_dim is given"
        )
    head_dim = k.int("head_dim", hidden // heads)
    vocab = k.int("vocab_size")
    # Gemma configs leave the (tied) output layer implicit: their class default is tied.
    tied = k.bool("tie_word_embeddings", model_type.startswith("gemma"))
    context = k.int("max_position_embeddings")
    notes: list[str] = []

    # Attention: MLA (DeepSeek) or grouped-query.
    kv_lora = k.opt_int("kv_lora_rank")
    rope_dim = nope_dim = v_dim = None
    if kv_lora is not None:
        rope_dim = k.int("qk_rope_head_dim")
        nope_dim = k.int("qk_nope_head_dim")
        v_dim = k.int("v_head_dim")
        q_lora = k.opt_int("q_lora_rank")
        q_proj = (
            (hidden * q_lora + q_lora * heads * (nope_dim + rope_dim))
            if q_lora
            else (hidden * heads * (nope_dim + rope_dim))
        )
        attn = q_proj + hidden * (kv_lora + rope_dim) + kv_lora * heads * (nope_dim + v_dim)
        attn += heads * v_dim * hidden
        head_dim = v_dim  # as the catalog's DeepSeek entries: the value width per head
    else:
        attn = hidden * heads * head_dim + 2 * hidden * kv_heads * head_dim
        attn += heads * head_dim * hidden

    # MLP: dense gated (3 matrices) or routed experts with optional shared ones.
    inter = k.int("intermediate_size")
    experts = None
    for key in ("num_local_experts", "num_experts", "n_routed_experts"):
        experts = k.opt_int(key, low=1) if key in k.data else experts
    used = None
    moe_layers = 0
    expert_params = 0
    dense_mlp = 3 * hidden * k.int("intermediate_size_mlp", inter)
    if experts is not None and experts > 1:
        used = k.int(
            "num_experts_per_tok" if "num_experts_per_tok" in k.data else "experts_per_token"
        )
        if used >= experts:
            raise ConfigError(
                f"key '{k.where('num_experts_per_tok')}' ({used}) must be below the number "
                f"of experts ({experts})"
            )
        moe_inter = k.int("moe_intermediate_size", inter)
        expert_params = 3 * hidden * moe_inter
        shared = k.int("n_shared_experts", 0, low=0) * expert_params
        shared += 3 * hidden * k.int("shared_expert_intermediate_size", 0, low=0)
        if model_type.startswith("llama4"):
            shared += expert_params  # one shared expert of the routed experts' size
        first_dense = k.int("first_k_dense_replace", 0, low=0)
        step = k.int("interleave_moe_layer_step", 1)
        moe_layers = len([i for i in range(first_dense, layers) if (i + 1) % step == 0])
        mlp_total = (layers - moe_layers) * dense_mlp + moe_layers * (
            experts * expert_params + shared + hidden * experts
        )
    else:
        experts = None
        mlp_total = layers * dense_mlp

    embed = vocab * hidden * (1 if tied else 2)
    total = embed + layers * attn + mlp_total
    active = total - moe_layers * (experts - used) * expert_params if experts and used else total

    window, local = _sliding(k, layers, model_type)
    if window is not None:
        notes.append(f"{local} of {layers} layers attend to a window of {window:,} tokens")
    context = _context(k, context, notes)
    return Architecture(
        name=name,
        total_params_b=total / 1e9,
        active_params_b=active / 1e9,
        layers=layers,
        hidden_size=hidden,
        attention_heads=heads,
        kv_heads=heads if kv_lora is not None else kv_heads,
        head_dim=head_dim,
        max_context=context,
        vocab_size=vocab,
        tied_embeddings=tied,
        experts=experts,
        experts_per_token=used,
        kv_lora_rank=kv_lora,
        qk_rope_head_dim=rope_dim,
        sliding_window=window,
        sliding_window_layers=local,
        notes=tuple(notes),
    )


def _sliding(k: _Keys, layers: int, model_type: str) -> tuple[int | None, int | None]:
    """(window, layers using it) from ``layer_types``, a Gemma pattern, or Llama 4 chunks."""
    types = k.data.get("layer_types")
    window = k.opt_int("sliding_window")
    if types is not None:
        if not isinstance(types, list) or len(types) != layers:
            raise ConfigError(
                f"key '{k.where('layer_types')}' must list one kind per layer "
                f"({layers}), not {len(types) if isinstance(types, list) else type(types).__name__}"
            )
        unknown = sorted({str(t) for t in types} - set(_LAYER_KINDS))
        if unknown:
            raise ConfigError(
                f"key '{k.where('layer_types')}' holds '{unknown[0]:.40}': only full, sliding "
                "and chunked attention layers can be sized"
            )
        local = sum(_LAYER_KINDS[t] == "local" for t in types)
        if local == 0:
            return None, None
        if "chunked_attention" in types:
            window = k.int("attention_chunk_size")
        if window is None:
            raise ConfigError(f"key '{k.where('sliding_window')}' is missing for sliding layers")
        return window, local
    chunk = k.opt_int("attention_chunk_size")
    if chunk is not None and model_type.startswith("llama4"):
        # Llama 4: every fourth layer is global (no RoPE); the others attend within chunks.
        return chunk, layers - layers // 4
    pattern = k.opt_int("sliding_window_pattern")
    if window is not None and pattern is not None:
        return window, layers - layers // pattern
    if window is not None and k.data.get("use_sliding_window") is True:
        # Qwen2-style: the layers from max_window_layers on use the window.
        start = k.int("max_window_layers", 0, low=0)
        return (window, layers - min(start, layers)) if start < layers else (None, None)
    return None, None


def _context(k: _Keys, context: int, notes: list[str]) -> int:
    """The longest context: ``max_position_embeddings``, or the YaRN-scaled one when set."""
    scaling = k.data.get("rope_scaling")
    if isinstance(scaling, dict) and scaling.get("rope_type", scaling.get("type")) == "yarn":
        factor = scaling.get("factor")
        base = scaling.get("original_max_position_embeddings")
        number = isinstance(factor, int | float) and not isinstance(factor, bool)
        if number and isinstance(base, int) and base >= 1 and 1 <= factor <= 1024:
            scaled = int(base * factor)
            if scaled > context:
                notes.append(f"context {scaled:,} with YaRN (x{factor:g} of {base:,})")
                return scaled
    return context
