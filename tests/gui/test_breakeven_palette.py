"""Twelve curve styles: distinct in colour, dash and marker; readable on both backgrounds."""

import pytest

from infercost.gui.breakeven import palette


def _luminance(colour: str) -> float:
    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize(("dark", "background"), [(False, "#ffffff"), (True, "#1e1f22")])
def test_twelve_styles_are_distinct_and_stand_out_from_the_background(dark, background):
    styles = palette.styles(12, dark)
    assert len({s.colour.lower() for s in styles}) == 12
    assert len({s.symbol for s in styles}) == 12  # a marker tells any two apart without colour
    assert len({(s.dash, s.symbol) for s in styles}) == 12
    for s in styles:
        assert _contrast(s.colour, background) >= 3.0, s.colour  # WCAG 1.4.11 for graphics


def test_past_twelve_the_colours_repeat_with_other_markers():
    assert palette.style(12).colour == palette.style(0).colour
    assert palette.style(12).symbol != palette.style(0).symbol


def test_pens_are_cosmetic_and_dashed_as_styled(qapp):
    pen = palette.style(1).pen()
    assert pen.isCosmetic() and pen.style() == palette.style(1).dash
    assert pen.widthF() == palette.LINE_WIDTH
