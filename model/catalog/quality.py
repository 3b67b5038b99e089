"""Quality tiers of the seed's 2026 pricing bands (§4): their order and the comparable check."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class QualityTier(StrEnum):
    """A capability tier of the seed's "Projected 2026 Pricing Bands" table, best first."""

    FRONTIER_REASONING = "frontier-reasoning"
    STRONG_GENERAL = "strong-general"
    GOOD_GENERAL = "good-general"
    FAST_CHEAP = "fast-cheap"
    LOCAL = "local"


@dataclass(frozen=True, slots=True)
class Band:
    """One row of the seed's pricing-band table: the tier, its output-price range, examples."""

    tier: QualityTier
    label: str
    low_usd_per_mtok: float
    high_usd_per_mtok: float
    examples: str


_T = QualityTier
BANDS: tuple[Band, ...] = (
    Band(_T.FRONTIER_REASONING, "Frontier reasoning", 8.0, 75.0, "Opus 4, o1, Gemini 2.5 Pro"),
    Band(_T.STRONG_GENERAL, "Strong general", 1.0, 15.0, "Sonnet 4, GPT-4.1, Gemini 2.5 Pro"),
    Band(_T.GOOD_GENERAL, "Good general", 0.30, 1.00, "GPT-4o-mini, Haiku 3.5, DeepSeek-V3"),
    Band(_T.FAST_CHEAP, "Fast/cheap", 0.05, 0.30, "Gemini Flash, GPT-4.1-nano, Llama 3B"),
    Band(_T.LOCAL, "Local/self-hosted", 0.03, 0.15, "Quantized open-weight on consumer GPU"),
)  # fmt: skip
"""Seed §4, "Projected 2026 Pricing Bands" (cost per million output tokens)."""

_RANK = {b.tier: len(BANDS) - i for i, b in enumerate(BANDS)}


def band(tier: QualityTier | str) -> Band:
    """The pricing band of a tier."""
    tier = QualityTier(tier)
    return next(b for b in BANDS if b.tier is tier)


def tier_label(tier: QualityTier | str | None) -> str:
    """ "Strong general"; "not rated" for None."""
    return "not rated" if tier is None else band(tier).label


def rank(tier: QualityTier | str) -> int:
    """A number that orders tiers: frontier reasoning highest, local/self-hosted lowest."""
    return _RANK[QualityTier(tier)]


def tier_for_output_price(usd_per_mtok: float) -> QualityTier:
    """The band an output price falls in, where an offer has no tier of its own.

    The bands overlap (Sonnet 4's $15 is in both the frontier and the strong band); a price
    takes the highest band whose range starts at or below it, except that above the strong
    band's top ($15) only frontier reasoning is left. Below $0.05 is the local band's floor.
    """
    if usd_per_mtok > band(QualityTier.STRONG_GENERAL).high_usd_per_mtok:
        return QualityTier.FRONTIER_REASONING
    for b in BANDS[1:]:
        if usd_per_mtok >= b.low_usd_per_mtok:
            return b.tier
    return QualityTier.LOCAL


def comparable(tier: QualityTier | str | None, needed: QualityTier | str | None) -> bool:
    """True when an option of ``tier`` meets ``needed``.

    Nothing needed admits every option; an option whose quality is not rated is admitted
    (its row says "not rated") rather than hidden, so a missing rating never drops an option.
    """
    if needed is None or tier is None:
        return True
    return rank(tier) >= rank(needed)


def frontier_needed(needed: QualityTier | str | None) -> bool:
    """The decision matrix's "need frontier quality": strong general or better (GPT-4-class)."""
    return needed is not None and rank(needed) >= rank(QualityTier.STRONG_GENERAL)
