"""The Summary's figures (model/costing/readout.py): hand-checked per section, and what is shown
when
nothing can be priced."""

import json

import pytest

from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.project import Project
from infercost.model.costing.readout import DEFAULT_WORKLOAD, HINT, OTHER_SECTION, readout

P = default_project()


def test_an_api_offer_is_priced_for_the_chosen_workload():
    # The startup workload is 60% input: 0.6 x $2.50 + 0.4 x $10 = $5.50 per Mtok.
    r = readout(P, "api_offers", "openai/gpt-4o", "seed-startup-70b")
    assert r.headline is not None and r.headline.value == pytest.approx(5.5)
    assert r.headline_text == "$5.50 / Mtok"
    assert r.caption == "blended price for workload “Startup, open-weight 70B”"
    assert r.lines == (("List price (input/output split)", "$5.50 / Mtok  (60% input)"),)


def test_a_gone_workload_falls_back_to_the_first_then_to_the_defaults():
    assert (
        readout(P, "api_offers", "openai/gpt-4o", "gone").caption
        == readout(P, "api_offers", "openai/gpt-4o", "seed-startup-70b").caption
    )
    bare = Project(name="x", catalog=P.catalog)
    r = readout(bare, "api_offers", "openai/gpt-4o")
    # The Workload defaults: 75% input, 0.75 x $2.50 + 0.25 x $10 = $4.375.
    assert r.headline.value == pytest.approx(4.375) and DEFAULT_WORKLOAD.name in r.caption


def test_a_build_shows_its_hourly_cost_and_its_parts():
    r = readout(P, "builds", "rtx-5090-rig")
    # $3,350 / (3 x 8,760 h) = $0.12747 + 575 W x $0.12/kWh = $0.069: $0.19647/hr.
    assert r.headline.value == pytest.approx(3350 / 26280 + 0.069)
    assert r.headline_text == "$0.196 / hr"
    assert dict(r.lines) == {
        "Purchase": "$3,350",
        "Amortization": "$0.127 / hr",
        "Energy": "$0.069 / hr  (575 W at $0.12/kWh)",
        "Operations": "$0.00 / hr",
        "Per month": "$143.43 / month",  # x 730 h
    }


def test_a_rental_shows_the_unit_price_and_its_discount():
    r = readout(P, "gpu_rentals", "runpod/h100-sxm")
    assert (r.headline_text, r.caption) == (
        "$3.29 / hr",
        "per rented unit, mid of the on-demand range",
    )
    assert r.lines == (("GPUs per unit", "1"), ("Discounted (spot)", "$2.49 / hr"))


def test_nothing_selected_another_section_and_an_unpriced_build():
    assert readout(P, "builds", None).caption == HINT
    assert readout(P, "tariffs", "us-average").caption == OTHER_SECTION
    project = P.model_copy(deep=True)
    project.catalog.build("rtx-5090-rig").tariff_id = None
    r = readout(project, "builds", "rtx-5090-rig")
    assert r.headline is None and r.caption.startswith("Cannot compute: build 'rtx-5090-rig'")


def test_as_dict_keeps_values_unrounded_beside_the_text():
    d = readout(P, "builds", "rtx-5090-rig").as_dict()
    assert d["headline"]["value"] == pytest.approx(0.196473, abs=1e-6)
    assert d["headline"]["text"] == "$0.196 / hr"
    assert d["figures"][0]["label"] == "Purchase"


def test_the_command_line_prints_the_same_readout(capsys):
    from infercost import cli

    assert cli.main(["summary", "rtx-5090-rig"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "rtx-5090-rig: $0.196 / hr to own, 3 years at 100% utilization"
    assert out[2] == "  Amortization  $0.127 / hr"
    assert cli.main(["summary", "openai/gpt-4o", "--workload", "seed-local-small", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["section"] == "api_offers"
    assert data["headline"]["value"] == pytest.approx(10.0)  # 0% input: the output price
    assert cli.main(["summary", "nope"]) == 2
    assert "Unknown entry 'nope'" in capsys.readouterr().err
