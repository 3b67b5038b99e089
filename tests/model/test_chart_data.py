"""What the break-even chart shows: exact steps, crossings in words, costs at the workload's
volume, and cost per Mtok against utilization, checked by hand on the seed's scenarios."""

import numpy as np
import pytest

from infercost.model.catalog.defaults import default_project, document_method
from infercost.model.catalog.scenario import OwnedOption, ScenarioOption
from infercost.model.costing.chart_data import (
    MAX_DRAWN_STEPS,
    chart_data,
    chart_range,
    crossing_sentence,
)
from infercost.model.costing.curves import option_cost_at
from infercost.model.costing.evaluation import evaluate
from infercost.model.costing.tco import build_cost
from infercost.model.errors import InferCostError
from infercost.model.formatting import format_tokens


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
        "RTX 5090 local rig (7B-14B) is cheaper than GPT-4o-mini above 236M tokens/month: "
        "RTX 5090 local rig (7B-14B) becomes the cheapest option"
    )
    # It is where the Evaluation's cheapest changes: labelled on the chart, first in the table.
    assert d.crossings.envelope_count == 1 and mark.envelope == d.evaluation.envelope[0]


def test_a_unit_step_is_two_points_at_one_volume_with_the_exact_costs(project):
    d = chart_data(project, "seed-3-local")
    rig = d.series[1]
    f = rig.function
    utilization = project.scenario("seed-3-local").options[1].option.utilization
    # tok/s x seconds in the seed's 720-hour month x the share of it the rig is busy.
    cap = f.tokens_per_s * 3600 * 720 * utilization
    assert f.capacity_tokens_per_unit == pytest.approx(cap)
    assert rig.steps_drawn == int(1e10 // cap)  # every step inside the range
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
    be = evaluate(project, "seed-1-startup").break_even
    # Where the cheapest changes first, then the rest by volume: the same crossings.
    envelope = [m.crossing for m in d.crossings.on_envelope()]
    assert len(envelope) == len(d.evaluation.envelope)
    assert envelope + [c for c in be.crossings if c not in envelope] == [
        m.crossing for m in d.crossings
    ]
    assert d.never == be.never
    steps = [m for m in d.crossings if m.crossing.kind == "step"]
    assert steps, "scenario 1 has step crossings past one H100"
    c = steps[0].crossing
    assert steps[0].sentence == (
        f"{c.cheaper_after} is cheaper than RunPod H100 12 h/day above "
        f"{format_tokens(c.volume_tokens)} tokens/month, where RunPod H100 12 h/day needs 2 units"
    )


def test_costs_at_the_workload_volume_match_option_cost_at(project):
    d = chart_data(project, "seed-1-startup")
    sc = project.scenario("seed-1-startup")
    w = project.workload(sc.workload_id)
    for s, so in zip(d.series, sc.options, strict=True):
        assert s.at_workload == option_cost_at(project, so, w, 3e9)
    assert d.workload_tokens == 3e9
    assert d.cheapest_at_workload == evaluate(project, sc).cheapest.label
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
    rig, f = d.utilization[3], d.series[3].function
    units = d.series[3].at_workload.units
    # One rig: its month over the tokens it serves busy 100% of 720 hours at its tok/s.
    assert rig.usd_per_mtok[-1] == pytest.approx(
        rig.workload_usd_per_mtok * 3e9 / units / (f.tokens_per_s * 3600 * 720), rel=1e-9
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
    cap = chart_data(project, "seed-3-local").series[1].function.capacity_tokens_per_unit
    sc.volume_min_tokens = 5.5 * cap  # past the 5th rig's capacity
    sc.volume_max_tokens = 55 * cap
    project.workload(sc.workload_id).monthly_tokens = 6 * cap  # inside: the range stays
    rig = chart_data(project, "seed-3-local").series[1]
    _, counts = np.unique(rig.volumes, return_counts=True)
    doubled = np.unique(rig.volumes)[counts == 2]
    # The range spans a decade: the 6th to the 54th unit step.
    assert np.allclose(doubled / cap, np.arange(6, 55))


def _sawtooth(_project):
    """DeepInfra at $0.50/M: it and the RTX rig take turns as cheapest at every added rig
    (the app's defaults: the rig costed at its estimated throughput)."""
    project = default_project()
    offer = next(o for o in project.catalog.hosted_offers if o.id == "deepinfra/llama-3.3-70b")
    offer.input_usd_per_mtok = offer.output_usd_per_mtok = 0.5
    return project


def test_crossings_list_where_the_cheapest_changes_first_then_the_rest(project):
    d = chart_data(_sawtooth(project), "seed-1-startup")
    cr, env = d.crossings, d.evaluation.envelope
    assert len(env) > 100 and cr.envelope_count == len(env)
    assert len(cr) == d.breakeven.crossing_count
    assert [m.envelope for m in cr.on_envelope()] == list(env)
    assert [m.volume_tokens for m in cr.on_envelope()] == [c.volume_tokens for c in env]
    rest = [cr[i] for i in range(cr.envelope_count, len(cr))]
    assert all(m.envelope is None for m in rest)
    assert [m.volume_tokens for m in rest] == sorted(m.volume_tokens for m in rest)
    # Every crossing of the analysis exactly once, each the analysis's own.
    assert sorted((m.volume_tokens, m.crossing.a, m.crossing.b) for m in cr) == sorted(
        (c.volume_tokens, c.a, c.b) for c in d.breakeven.crossings
    )
    assert cr[0].sentence.endswith(f": {env[0].after} becomes the cheapest option")
    assert np.array_equal(cr.volumes, [m.volume_tokens for m in cr])


def test_the_cheapest_at_any_volume_is_the_evaluations_there(project):
    project = _sawtooth(project)
    d = chart_data(project, "seed-1-startup")
    w = project.workload(project.scenario("seed-1-startup").workload_id)
    for volume in np.logspace(7.2, 10.8, 23):
        w.monthly_tokens = float(volume)
        assert d.cheapest_at(volume) == evaluate(project, "seed-1-startup").cheapest.label


def test_the_readout_lists_the_cheapest_options_and_counts_the_rest(project):
    from infercost.model.costing.chart_readout import readout_lines

    d = chart_data(project, "seed-1-startup")
    lines = readout_lines(d, 1e9, "usd", rows=2)
    assert lines[0] == "1B tokens/month"
    assert lines[1] == f"cheapest: {d.cheapest_at(1e9)}"
    assert len(lines) == 5 and lines[-1] == "… and 3 more (all in the Costs table)"
    per = readout_lines(d, 1e9, "per_mtok", hidden={lines[2].split("  ")[1]})
    assert all(line.endswith("/Mtok  " + line.split("/Mtok  ")[1]) for line in per[2:])
    assert len(per) == 2 + 4
