"""The time assumptions and your input ranges are saved in the project file and come back;
files written before they existed load with the defaults."""

from pathlib import Path

import pytest

from infercost.model.catalog.assumptions import DOCUMENT_API_DECLINE_PCT, Decline, InputRange
from infercost.model.catalog.defaults import default_project
from infercost.model.errors import CatalogError, FileFormatError
from infercost.model.interchange.project_io import load_project, project_from_text, project_to_text

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize(
    "name", ["project-v1.infercost", "project-v2.infercost", "project-v3.infercost"]
)
def test_an_older_file_loads_with_the_default_time_assumptions(name):
    p = load_project(DATA / name)
    for s in p.scenarios:
        assert s.time.horizon_months == 36
        assert s.time.api_decline_pct_per_year == DOCUMENT_API_DECLINE_PCT
        assert s.input_ranges == []


def test_time_assumptions_and_ranges_round_trip():
    p = default_project()
    s = p.scenarios[1]
    s.time = s.time.model_copy(
        update={
            "horizon_months": 60,
            "discount_rate_pct_per_year": 8,
            "declines": [Decline(target="offer:openai/gpt-4.1", pct_per_year=30)],
        }
    )
    s.input_ranges = [InputRange(address="gpu:h100-sxm.price_usd", low=2e4, high=4e4, note="q")]
    back = project_from_text(project_to_text(p), "test")
    assert back.scenarios[1].time == s.time
    assert back.scenarios[1].input_ranges == s.input_ranges
    assert back.scenarios[0].input_ranges == p.scenarios[0].input_ranges


def test_a_bad_range_is_refused_naming_it():
    text = project_to_text(default_project()).replace(
        '"low": 0.23', '"low": 5.0', 1
    )  # above its high of 0.90
    with pytest.raises(CatalogError) as err:
        project_from_text(text, "bad.infercost")
    assert "below low" in str(err.value)


def test_version_3_is_migrated_and_a_newer_file_is_refused():
    text = (DATA / "project-v3.infercost").read_text()
    assert '"schema_version": 3' in text and '"time"' not in text
    p = project_from_text(text, "v3")
    assert [s.id for s in p.scenarios] == ["seed-1-startup", "seed-2-enterprise", "seed-3-local"]
    assert '"schema_version": 4' in project_to_text(p)
    newer = project_to_text(p).replace('"schema_version": 4', '"schema_version": 5')
    with pytest.raises(FileFormatError, match="newer InferCost"):
        project_from_text(newer, "v5")
