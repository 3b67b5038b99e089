"""What the break-even chart shows: exact steps, crossings in words, costs at the workload's
volume, and cost per Mtok against utilization, checked by hand on the seed's scenarios."""

import numpy as np
import pytest

from infercost.model.breakeven import analyse
from infercost.model.chart_data import (
    MAX_DRAWN_STEPS,
    chart_data,
    chart_range,
    crossing_sentence,
)
from infercost.model.curves import option_cost_at
from infercost.model.defaults import default_project, document_method
from infercost.model.errors import InferCostError
from infercost.model.scenario import OwnedOption, ScenarioOption
from infercost.model.tco import build_cost


@pytest.fixture
def project():
    return document_method(default_project())


def test_scenario_3_crossing_in_words_at_the_hand_computed_volume(project):
    d = chart_data(project, "seed-3-local")
    rig_month = (
        build_cost(project.catalog.build("rtx-5090-rig"), project.catalog).usd_per_hour * 720
    )
    # The rig's month against $0.60 per million tokens (every token at the output price).
    v = rig_month / 0.60e-6
    assert v == pytest.approx(235.77e6, rel=1e-3)
    (mark,) = d.crossings
    assert mark.volume_tokens == pytest.approx(v, rel=1e-9)
    assert mark.usd_per_month == pytest.approx(rig_month)
    assert mark.sentence == (
        "RTX 5090 local rig (7B-14B) is cheaper than GPT-4o-mini above 236M tokens/month"
    )


def test_a_unit_step_is_two_points_at_one_volume_with_the_exact_costs(project):
    d = chart_data(project, "seed-3-local")
    rig = d.series[1]
    f = rig.function
    cap = 2000 * 3600 * 720  # tok/s x seconds in the seed's 720-hour month, 100% utilization
    assert f.capacity_tokens_per_unit == pytest.approx(cap)
    assert rig.steps_drawn == 1
    at = np.nonzero(rig.volumes == f.capacity_tokens_per_unit)[0]
    assert at.size == 2  # the vertical jump: same x, one unit then two
    left, right = rig.usd[at]
    assert left == pytest.approx(f.fixed_usd_per_unit)
    assert right == pytest.approx(2 * f.fixed_usd_per_unit)
    assert np.all(np.diff(rig.volumes) >= 0)
    assert rig.volumes[0] == pytest.approx(1e7) and rig.volumes[-1] == pytest.approx(1e10)
    assert np.allclose(rig.usd_per_mtok, rig.usd / rig.volumes * 1e6)


def test_every_point_off_the_steps_is_the_cost_function(project):
    d = chart_data(project, "seed-1-startup")
    for s in d.series:
        steps = set(s.function.breakpoints(d.volume_max_tokens).tolist())
        off = np.array([x not in steps for x in s.volumes])
        assert np.allclose(s.usd[off], s.function.usd(s.volumes[off]), rtol=1e-12)


def test_steps_drawn_stop_at_the_cap_yet_the_curve_stays_exact(project):
    sc = project.scenario("seed-3-local")
    sc.volume_max_tokens = 5.184e9 * (MAX_DRAWN_STEPS + 50)
    d = chart_data(project, "seed-3-local")
    rig = d.series[1]
    assert rig.steps_drawn == MAX_DRAWN_STEPS
    _, counts = np.unique(rig.volumes, return_counts=True)
    assert (counts == 2).sum() == MAX_DRAWN_STEPS  # one vertical jump per drawn step
    cap = rig.function.capacity_tokens_per_unit
    past = rig.volumes > cap * (MAX_DRAWN_STEPS + 0.5)
    assert past.any()
    assert np.allclose(rig.usd[past], rig.function.usd(rig.volumes[past]), rtol=1e-12)


def test_crossings_and_never_pairs_are_the_models_own(project):
    d = chart_data(project, "seed-1-startup")
    be = analyse(project, project.scenario("seed-1-startup"))
    assert [m.crossing for m in d.crossings] == list(be.crossings)
    assert d.never == be.never
    steps = [m for m in d.crossings if m.crossing.kind == "step"]
    assert steps, "scenario 1 has step crossings past one H100"
    assert steps[0].sentence == (
        "DeepInfra Llama 3.3 70B is cheaper than RunPod H100 12 h/day above 3.89B tokens/month, "
        "where RunPod H100 12 h/day needs 2 units"
    )


def test_costs_at_the_workload_volume_match_option_cost_at(project):
    d = chart_data(project, "seed-1-startup")
    sc = project.scenario("seed-1-startup")
    w = project.workload(sc.workload_id)
    for s, so in zip(d.series, sc.options, strict=True):
        assert s.at_workload == option_cost_at(project, so, w, 3e9)
    assert d.workload_tokens == 3e9
    assert d.cheapest_at_workload == "RTX 5090 local rig (70B Q4)"
    assert d.workload_row == 0


def test_utilization_curve_meets_the_cost_at_the_workload_volume(project):
    d = chart_data(project, "seed-1-startup")
    for u, s in zip(d.utilization, d.series, strict=True):
        if u.flat:
            assert np.all(u.usd_per_mtok == s.function.variable_usd_per_token * 1e6)
            continue
        at = s.at_workload
        full = s.function.tokens_per_s * 3600 * s.function.paid_hours_per_unit
        assert u.workload_utilization == pytest.approx(3e9 / (at.units * full))
        y = np.interp(u.workload_utilization, u.utilization, u.usd_per_mtok)
        assert u.workload_usd_per_mtok == pytest.approx(at.usd_per_mtok)
        assert y == pytest.approx(at.usd_per_mtok, rel=0.02)  # the grid is linear in u
    rig = d.utilization[3]
    # One rig: its month over the tokens it serves busy 100% of 720 hours at 400 tok/s.
    assert rig.usd_per_mtok[-1] == pytest.approx(
        rig.workload_usd_per_mtok * 3e9 / 3 / (400 * 3600 * 720), rel=1e-9
    )


def test_range_widens_to_take_in_the_workload_volume(project):
    sc = project.scenario("seed-3-local")
    assert chart_range(sc, 5e8) == (1e7, 1e10)
    assert chart_range(sc, 4e10) == (1e7, 8e10)
    assert chart_range(sc, 1e6) == (5e5, 1e10)
    assert chart_range(sc, 1e10) == (1e7, 1e10)  # at the end: the axes stay put under a drag
    assert chart_range(sc, 9e9) == (1e7, 1e10)
    project.workloads[2].monthly_tokens = 4e10
    d = chart_data(project, "seed-3-local")
    assert d.volume_max_tokens == 8e10
    assert d.series[0].volumes[-1] == pytest.approx(8e10)


def test_an_option_that_cannot_be_costed_is_left_out_and_named(project):
    sc = project.scenario("seed-3-local")
    sc.options.append(
        ScenarioOption(label="unpinned rig", option=OwnedOption(build_id="rtx-5090-rig"))
    )
    d = chart_data(project, "seed-3-local")
    assert d.labels() == ("GPT-4o-mini", "RTX 5090 local rig (7B-14B)")
    (problem,) = d.problems
    assert problem.startswith("option 'unpinned rig' needs tokens_per_s")


def test_unknown_scenario_is_refused(project):
    with pytest.raises(InferCostError, match="scenario"):
        chart_data(project, "nope")


def test_arrays_are_read_only(project):
    s = chart_data(project, "seed-3-local").series[0]
    with pytest.raises(ValueError):
        s.usd[0] = 0


def test_crossing_sentence_names_unit_counts_past_one_unit(project):
    d = chart_data(project, "seed-1-startup")
    slope_past = [
        m for m in d.crossings if m.crossing.kind == "slope" and m.crossing.beyond_capacity
    ]
    assert slope_past[0].sentence.endswith("with RunPod H100 12 h/day on 2 units")
    assert crossing_sentence(slope_past[0].crossing) == slope_past[0].sentence


def test_a_range_of_millions_of_unit_steps_is_refused_before_any_is_drawn(project):
    sc = project.scenario("seed-3-local")
    rig = sc.options[1].option
    rig.tokens_per_s = 0.001  # one rig serves 2,592 tokens a month
    with pytest.raises(InferCostError, match="break-even search stops at"):
        chart_data(project, "seed-3-local")


def test_steps_start_inside_the_range(project):
    sc = project.scenario("seed-3-local")
    sc.volume_min_tokens = 2.6e10  # past the 5th rig's capacity (5 x 5.184e9)
    sc.volume_max_tokens = 2.6e11
    project.workload(sc.workload_id).monthly_tokens = 3e10  # inside: the range stays
    rig = chart_data(project, "seed-3-local").series[1]
    cap = rig.function.capacity_tokens_per_unit
    _, counts = np.unique(rig.volumes, return_counts=True)
    doubled = np.unique(rig.volumes)[counts == 2]
    # The range spans at least a decade (2.6e10 to 2.6e11): the 6th to the 50th unit step.
    assert np.allclose(doubled / cap, np.arange(6, 51))
