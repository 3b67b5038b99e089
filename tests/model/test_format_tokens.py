"""Token counts as the chart, its sentences and the CLI print them."""

import pytest

from infercost.model.formatting import format_tokens


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (235.77e6, "236M"),
        (6.02e9, "6.02B"),
        (999.9e6, "1B"),  # rounded before the unit is chosen, not "1e+03M"
        (1.5e12, "1.5T"),
        (2_000, "2K"),
        (512, "512"),
        (3e18, "3e+18"),
    ],
)
def test_format_tokens(value, text):
    assert format_tokens(value) == text
