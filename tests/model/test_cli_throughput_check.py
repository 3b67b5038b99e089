"""cost and breakeven print each pinned throughput beside the estimator's, in text and JSON."""

import json

from infercost import cli
from infercost.model.catalog.defaults import default_project
from infercost.model.costing.throughput_check import throughput_check


def _run(capsys, *argv):
    assert cli.main(list(argv)) == 0
    return capsys.readouterr().out


def _check(scenario_id, label):
    p = default_project()
    sc = p.scenario(scenario_id)
    so = next(o for o in sc.options if o.label == label)
    return throughput_check(p, so, p.workload(sc.workload_id))


def test_cost_text_and_json_show_the_5090_70b_check(capsys):
    expected = _check("seed-1-startup", "RTX 5090 local rig (70B Q4)")
    out = _run(capsys, "cost", "--scenario", "seed-1-startup")
    assert "Throughput against the estimator (same GPU, LLM, format, concurrency):" in out
    assert f"  RTX 5090 local rig (70B Q4): {expected.text}" in out
    assert "pinned 400 tok/s; estimate" in out
    data = json.loads(_run(capsys, "cost", "--scenario", "seed-1-startup", "--json"))
    rig = next(o for o in data["options"] if o["label"] == "RTX 5090 local rig (70B Q4)")
    assert rig["throughput_check"]["verdict"] == expected.verdict == "above ceiling"
    assert rig["throughput_check"]["fits"] is False
    assert rig["throughput_check"]["text"] == expected.text
    api = next(o for o in data["options"] if o["kind"] == "api")
    assert api["throughput_check"] is None


def test_breakeven_text_and_json_show_the_405b_check(capsys):
    expected = _check("seed-2-enterprise", "8x H100 on Lambda (405B)")
    out = _run(capsys, "breakeven", "--scenario", "seed-2-enterprise")
    assert f"  8x H100 on Lambda (405B): {expected.text}" in out
    assert "pinned 19,300 tok/s" in out
    data = json.loads(_run(capsys, "breakeven", "--scenario", "seed-2-enterprise", "--json"))
    checks = data["throughput_checks"]
    assert checks["GPT-4.1"] is None
    assert checks["8x H100 on Lambda (405B)"]["verdict"] == "above ceiling"
    got = checks["8x H100 on Lambda (405B)"]["plausibility"]["ceiling"]
    assert got == expected.plausibility.ceiling
