"""A hand-built two-option scenario for the range and timeline tests: an API offer priced at
its output rate only, and an always-on GPU rental with an on-demand price range."""

from infercost.model.catalog.assumptions import InputRange, TimeAssumptions
from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.entries import ApiOffer, GpuRental
from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import (
    ApiOption,
    RentalOption,
    Scenario,
    ScenarioOption,
    Workload,
)

HOURS = 730.0
VOLUME = 2e9
API_PRICE = 1.0  # $/Mtok output; input share 0, so every token is billed at it
RENT_LOW, RENT_HIGH = 2.0, 4.0  # $/hour on demand
TPS = 5_000.0


def two_option_project(
    ranges: list[InputRange] | None = None, time: TimeAssumptions | None = None
) -> Project:
    p = default_project()
    cat = p.catalog.model_copy(
        update={
            "api_offers": [
                *p.catalog.api_offers,
                ApiOffer(
                    id="test/api",
                    provider="Test",
                    llm_name="Test API",
                    input_usd_per_mtok=API_PRICE,
                    output_usd_per_mtok=API_PRICE,
                ),
            ],
            "gpu_rentals": [
                *p.catalog.gpu_rentals,
                GpuRental(
                    id="test/rent",
                    provider="Test",
                    gpu_id="h100-sxm",
                    on_demand_low_usd_per_hour=RENT_LOW,
                    on_demand_high_usd_per_hour=RENT_HIGH,
                ),
            ],
        }
    )
    wl = Workload(
        id="test-wl", name="Test", monthly_tokens=VOLUME, input_share=0.0, hours_per_month=HOURS
    )
    sc = Scenario(
        id="test-sc",
        name="Test",
        workload_id="test-wl",
        volume_min_tokens=1e6,
        volume_max_tokens=1e12,
        options=[
            ScenarioOption(label="API", option=ApiOption(offer_id="test/api")),
            ScenarioOption(
                label="Rent",
                option=RentalOption(rental_id="test/rent", tokens_per_s=TPS, utilization=1.0),
            ),
        ],
        input_ranges=ranges or [],
        time=time or TimeAssumptions(),
    )
    return Project(
        name="test", catalog=cat, workloads=[*p.workloads, wl], scenarios=[*p.scenarios, sc]
    )
