"""infercost-cli timeline and sensitivity: the issue's done-when checks, text and errors."""

import itertools
import json

import pytest

from infercost import cli


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_sensitivity_json_ranks_inputs_gives_the_break_even_pair_and_p_cheapest(capsys):
    code, out, _ = run(capsys, "sensitivity", "seed-1-startup", "--json", "--draws", "2000")
    assert code == 0
    data = json.loads(out)
    inputs = data["inputs"]
    assert len(inputs) >= 5
    swings = [i["swing_usd"] for i in inputs]
    assert swings == sorted(swings, reverse=True) and swings[0] > 0
    for i in inputs:
        assert i["low"] < i["high"] and i["margin_at_low_usd"] is not None
        assert i["address"] and i["source"]
    be = data["break_even"]
    assert {"low_tokens", "high_tokens", "base_tokens", "pair"} <= set(be)
    assert be["low_tokens"] is not None
    p = data["monte_carlo"]["p_cheapest"]
    assert set(p) == {c["label"] for c in data["monthly_cost"]}
    assert abs(sum(p.values()) - 1) < 1e-9
    assert data["monte_carlo"]["draws"] == 2000


def test_sensitivity_is_reproducible_for_a_seed(capsys):
    args = ("sensitivity", "seed-3-local", "--json", "--draws", "500", "--seed", "5")
    first = json.loads(run(capsys, *args)[1])
    assert json.loads(run(capsys, *args)[1]) == first


def test_sensitivity_text_names_the_ranks_and_the_probability(capsys):
    code, out, _ = run(capsys, "sensitivity", "seed-2-enterprise", "--draws", "500")
    assert code == 0
    assert "Inputs ranked" in out and "P(cheapest)" in out and "breaks even between" in out
    assert "NVIDIA H100" in out


def test_timeline_json_gives_monthly_cumulative_cost_and_the_break_even_month(capsys):
    code, out, _ = run(capsys, "timeline", "seed-2-enterprise", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["months"] == list(range(37))
    for o in data["options"]:
        cum = o["cumulative_usd"]
        assert len(cum) == 37 and all(b >= a - 1e-6 for a, b in itertools.pairwise(cum))
    assert isinstance(data["break_even_month"], int)
    assert data["changes"][0]["month"] == data["break_even_month"]


def test_timeline_flags_change_the_assumptions(capsys):
    code, out, _ = run(
        capsys, "timeline", "seed-2-enterprise", "--json", "--horizon", "12", "--api-decline", "0"
    )
    data = json.loads(out)
    assert data["months"][-1] == 12 and data["break_even_month"] is None
    gpt = next(o for o in data["options"] if o["label"] == "GPT-4.1")
    assert gpt["cumulative_usd"][12] == 12 * 16_000
    code, out, _ = run(capsys, "timeline", "seed-2-enterprise", "--every", "12")
    assert code == 0 and "m12" in out and "Month" in out


def test_unknown_scenario_and_bad_flags_exit_2(capsys):
    assert run(capsys, "timeline", "nope")[0] == 2
    for argv, flag in (
        (("sensitivity", "seed-1-startup", "--draws", "0"), "--draws"),
        (("timeline", "seed-1-startup", "--api-decline", "150"), "--api-decline"),
    ):
        with pytest.raises(SystemExit) as exc:
            cli.main(list(argv))
        assert exc.value.code == 2 and flag in capsys.readouterr().err


def test_sensitivity_ranks_by_the_break_even_on_request(capsys):
    args = ("sensitivity", "seed-2-enterprise", "--json", "--draws", "100")
    data = json.loads(run(capsys, *args, "--rank-by", "break-even")[1])
    swings = [i["break_even_swing_tokens"] for i in data["inputs"]]
    assert swings == sorted(swings, reverse=True) and swings[0] > 0
    assert data["inputs"][0]["address"] == "build:8x-h100-node.residual_value_pct"
