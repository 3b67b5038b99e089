"""infercost-cli catalog, tco, cost and breakeven: output, JSON, exit codes, clean errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from infercost import cli
from infercost.model.catalog.fileio import default_catalog, envelope


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def usage_error(capsys, *argv) -> str:
    with pytest.raises(SystemExit) as exc:
        cli.main(list(argv))
    out, err = capsys.readouterr()
    assert exc.value.code == 2
    assert "Traceback" not in out + err
    return err


# --- catalog ------------------------------------------------------------------------------


def test_catalog_sections_entries_and_one_entry(capsys):
    sections = run_json(capsys, "catalog")
    assert {"section": "builds", "title": "Builds", "entries": 2} in sections
    code, out, _ = run(capsys, "catalog", "gpu-rentals")
    assert code == 0 and "runpod/h100-sxm" in out and "RunPod" in out
    shown = run_json(capsys, "catalog", "gpus", "h100-sxm")
    assert shown["section"] == "gpus" and shown["entry"]["power_w"] == 700
    code, out, _ = run(capsys, "catalog", "rtx-5090")  # an id alone finds its section
    assert code == 0 and "power_w" in out and "575 W" in out


def test_catalog_unknown_names_get_closest_matches_and_exit_2(capsys):
    code, _, err = run(capsys, "catalog", "gpus", "h100-sx")
    assert code == 2 and "Unknown GPUs 'h100-sx'" in err and "h100-sxm" in err
    code, _, err = run(capsys, "catalog", "gpuz")
    assert code == 2 and "gpus" in err
    code, _, err = run(capsys, "catalog", "gpuz", "x")
    assert code == 2 and "catalog section 'gpuz'" in err


def test_catalog_from_a_file_and_a_missing_file(capsys, tmp_path):
    path = tmp_path / "cat.json"
    path.write_text(json.dumps(envelope("infercost-catalog", default_catalog())))
    assert len(run_json(capsys, "catalog", "tariffs", "--catalog", str(path))) == 1
    code, _, err = run(capsys, "catalog", "--catalog", str(tmp_path / "nope.json"))
    assert code == 1 and "no such file" in err


# --- tco ----------------------------------------------------------------------------------


def test_tco_text_shows_the_seed_rig(capsys):
    code, out, _ = run(
        capsys, "tco", "rtx-5090-rig", "--hours-per-month", "720", "--tokens-per-s", "400"
    )
    assert code == 0
    assert "$3,350.00" in out
    assert "amortization $0.1275 + energy $0.0690" in out
    assert "Per month (720 h): $141.46" in out
    assert "at 400 tok/s: $0.1364" in out


def test_tco_json_with_overrides(capsys):
    d = run_json(
        capsys,
        "tco",
        "rtx-5090-rig",
        "--years",
        "2",
        "--usd-per-kwh",
        "0.3",
        "--utilization",
        "50%",
    )
    assert d["amortization_usd_per_hour"] == pytest.approx(3350 / (2 * 8760))
    assert d["average_power_w"] == pytest.approx(0.5 * 575 + 0.5 * 57.5)
    assert d["energy_usd_per_hour"] == pytest.approx(0.31625 * 0.3)
    assert d["usd_per_month"] == pytest.approx(d["usd_per_hour"] * 730)
    assert d["lines"][0]["item_id"] == "rtx-5090"
    assert d["usd_per_mtok"] is None


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--years", "-1"], "argument --years: must be above 0"),
        (["--years", "ten"], "argument --years: expected a number"),
        (["--usd-per-kwh", "nan"], "argument --usd-per-kwh: expected a finite number"),
        (["--utilization", "1.5"], "argument --utilization: must be between 0 and 1"),
        (["--tokens-per-s", "0"], "argument --tokens-per-s: must be above 0"),
        (["--price-point", "max"], "argument --price-point: invalid choice"),
    ],
)
def test_tco_bad_values_name_the_flag(capsys, argv, needle):
    assert needle in usage_error(capsys, "tco", "rtx-5090-rig", *argv)


def test_tco_unknown_build(capsys):
    code, _, err = run(capsys, "tco", "rtx-5090-rg")
    assert code == 2 and "Unknown build 'rtx-5090-rg'. Did you mean: rtx-5090-rig?" in err


# --- cost ---------------------------------------------------------------------------------


def test_cost_of_a_seed_scenario(capsys):
    d = run_json(capsys, "cost", "--scenario", "seed-3-local", "--volume", "500M")
    assert d["volume_tokens"] == 5e8
    assert d["cheapest"] == "RTX 5090 local rig (7B-14B)"
    api, rig = d["options"]
    assert api["usd"] == pytest.approx(300)
    assert rig["usd"] == pytest.approx(141.46, abs=0.01)
    assert rig["units"] == 1 and rig["build_cost"]["purchase_usd"] == 3350
    assert api["blend"]["usd_per_mtok"] == pytest.approx(0.6)


def test_cost_of_options_given_on_the_command_line(capsys):
    d = run_json(
        capsys,
        "cost",
        "--option", "deepinfra/llama-3.3-70b",
        "--option", "runpod/h100-sxm,tps=3000,price=discounted,util=1,label=H100",
        "--option",
        "runpod/h100-sxm,tps=3000,price=discounted,mode=per-use,util=1,label=H100 per use",
        "--option", "rtx-5090-rig,tps=400,util=1,energy=build",
        "--input-share", "0.6",
        "--hours-per-month", "720",
        "--volume", "10B",
    )  # fmt: skip
    by = {o["label"]: o for o in d["options"]}
    assert by["deepinfra/llama-3.3-70b"]["usd"] == pytest.approx(2980)
    assert by["H100"]["units"] == 2 and by["H100"]["usd"] == pytest.approx(2 * 1792.8)
    assert by["H100 per use"]["usd"] == pytest.approx(1e10 / 10.8e6 * 2.49)
    assert by["rtx-5090-rig"]["units"] == 10
    assert d["workload"]["hours_per_month"] == 720


def test_cost_shows_each_strategys_saving(capsys):
    code, out, _ = run(
        capsys,
        "cost",
        "--option", "anthropic/claude-sonnet-4,markup=aws-bedrock,point=mid",
        "--cached-share", "0.5",
        "--batch-share", "40%",
        "--routing-share", "0.8",
        "--routing-offer", "openai/gpt-4.1-nano",
        "--volume", "1B",
    )  # fmt: skip
    assert code == 0
    assert "caching $4.9875 (-16.9%)" in out
    assert "batch $3.9900 (-20.0%)" in out
    assert "markup $4.3890 (+10.0%)" in out
    assert "routing $0.9718 (-77.9%)" in out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--option", "runpod/h100-sx"], "Did you mean: runpod/h100-sxm"),
        (["--option", "runpod/h100-sxm,speed=3"], "unknown key 'speed'"),
        (["--option", "runpod/h100-sxm,tps=-3"], "tps: Input should be greater than or equal"),
        (["--option", "runpod/h100-sxm,mode=sometimes,tps=3"], "mode: Input should be"),
        (["--option", "rtx-5090-rig"], "option 'rtx-5090-rig' needs tokens_per_s"),
        (["--option", "openai/gpt-4o,markup=aws"], "Unknown platform markup 'aws'"),
        (["--option", "vastai/a100-80gb,tps=9,price=discounted"], "no reserved/spot price"),
        (["--option", "openai/gpt-4o", "--option", "openai/gpt-4o"], "used twice"),
        ([], "give --scenario ID or at least 1 --option"),
        (["--scenario", "seed-9"], "Unknown scenario 'seed-9'"),
        (["--option", "openai/gpt-4o", "--workload", "nope"], "Unknown workload 'nope'"),
        (["--option", "openai/gpt-4o", "--prompt-tokens", "0"], "--prompt-tokens:"),
        (["--option", "openai/gpt-4o", "--routing-offer", "x/y"], "Unknown API offer 'x/y'"),
    ],
)
def test_cost_bad_inputs_exit_2_with_a_message(capsys, argv, needle):
    code, out, err = run(capsys, "cost", *argv)
    assert code == 2 and needle in err and out == ""


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--volume", "lots"], "argument --volume: expected tokens"),
        (["--volume", "-5"], "argument --volume: expected tokens"),
        (["--input-share", "2"], "argument --input-share: must be between 0 and 1"),
        (["--hours-per-month", "800"], "argument --hours-per-month: must be above 0"),
    ],
)
def test_cost_bad_values_name_the_flag(capsys, argv, needle):
    assert needle in usage_error(capsys, "cost", "--option", "openai/gpt-4o", *argv)


# --- breakeven ----------------------------------------------------------------------------


def test_breakeven_of_scenario_1(capsys):
    d = run_json(capsys, "breakeven", "--scenario", "seed-1-startup")
    # By default the pins above the ceiling are not used: DeepInfra stays cheapest throughout.
    assert d["envelope"] == [] and "crossings" not in d and d["crossing_count"] > 0
    d = run_json(capsys, "breakeven", "--scenario", "seed-1-startup", "--all-crossings")
    assert len(d["crossings"]) == d["crossing_count"]
    assert d["volume_max_tokens"] == 1e11
    assert any(n["scope"] == "any volume" for n in d["never"])


def test_breakeven_at_the_documents_own_figure_needs_use_my_figure(capsys):
    h100 = "runpod/h100-sxm,tps=3000,price=discounted,util=1,llm=llama-3.3-70b,quant=fp8,batch=6"
    argv = ["breakeven", "--option", "deepinfra/llama-3.3-70b", "--input-share", "0.6",
            "--hours-per-month", "720", "--max-volume", "100B", "--all-crossings"]  # fmt: skip
    d = run_json(capsys, *argv, "--option", h100 + ",own=yes")
    first = d["crossings"]
    assert first[0]["volume_tokens"] == pytest.approx(6.016e9, rel=1e-3)
    assert first[0]["kind"] == "slope" and not first[0]["beyond_capacity"]
    assert first[1]["kind"] == "step" and first[1]["beyond_capacity"]  # a second H100 at 7.78B
    (change, *_) = d["envelope"]
    assert change["volume_tokens"] == pytest.approx(6.016e9, rel=1e-3)
    assert change["after"] == "runpod/h100-sxm"
    # Without own=yes the 3,000 tok/s (ceiling 665) is not used and the API always wins.
    assert run_json(capsys, *argv, "--option", h100)["envelope"] == []


def test_breakeven_text_between_given_options(capsys):
    code, out, _ = run(
        capsys,
        "breakeven",
        "--option", "openai/gpt-4o-mini",
        "--option", "rtx-5090-rig,tps=2000,util=1,energy=build",
        "--input-share", "0",
        "--hours-per-month", "720",
        "--max-volume", "5B",
    )  # fmt: skip
    assert code == 0
    assert "236M" in out and "slope" in out
    argv = ["breakeven", "--option", "openai/gpt-4o", "--option", "openai/gpt-4.1"]
    code, out, _ = run(capsys, *argv)
    assert "never changes: openai/gpt-4.1" in out
    code, out, _ = run(capsys, *argv, "--all-crossings")
    assert "No crossings." in out and "at any volume" in out


def test_breakeven_needs_two_options_and_a_positive_range(capsys):
    code, _, err = run(capsys, "breakeven", "--option", "openai/gpt-4o")
    assert code == 2 and "at least 2 --option" in err
    err = usage_error(capsys, "breakeven", "--scenario", "seed-1-startup", "--max-volume", "0")
    assert "argument --max-volume: must be above 0" in err


# --- the installed script -----------------------------------------------------------------


def test_installed_script_runs_in_a_fresh_process():
    script = Path(sys.executable).parent / "infercost-cli"
    if not script.exists():
        pytest.skip(f"{script} is not installed (pip install -e . creates it)")
    done = subprocess.run(
        [str(script), "breakeven", "--scenario", "seed-3-local", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (change,) = json.loads(done.stdout)["envelope"]
    assert change["volume_tokens"] == pytest.approx(235.77e6, rel=1e-3)
    bad = subprocess.run(
        [str(script), "tco", "nope"], capture_output=True, text=True, timeout=60, check=False
    )
    assert bad.returncode == 2 and "Unknown build 'nope'" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_option_without_tps_is_estimated_from_the_llm_it_serves(capsys):
    from infercost.model.catalog.defaults import default_project
    from infercost.model.catalog.scenario import OwnedOption, Workload
    from infercost.model.costing.curves import option_tokens_per_s

    d = run_json(
        capsys,
        "cost",
        "--option",
        "rtx-5090-rig,llm=llama-3.1-8b,quant=q4_k_m,batch=8",
        "--volume",
        "1B",
    )
    (rig,) = d["options"]
    opt = OwnedOption(
        build_id="rtx-5090-rig", llm_id="llama-3.1-8b", quant_id="q4_k_m", concurrency=8
    )
    expected = option_tokens_per_s(default_project(), opt, Workload(id="cli", name="Command line"))
    assert rig["tokens_per_s"] == pytest.approx(expected)
    code, _, err = run(capsys, "cost", "--option", "rtx-5090-rig,llm=llama-3.3-7b,quant=q4_k_m")
    assert code == 2 and "Did you mean: llama-3.3-70b" in err


def test_cost_shows_where_each_throughput_came_from(capsys):
    argv = ["cost", "--option", "rtx-5090-rig,tps=400", "--option", "openai/gpt-4o-mini"]
    code, out, _ = run(capsys, *argv, "--volume", "1e9")
    assert code == 0
    assert "rtx-5090-rig: 400 tok/s per unit (pinned)" in out
    data = run_json(capsys, *argv, "--volume", "1e9")
    sources = {o["label"]: o["throughput_source"] for o in data["options"]}
    assert sources == {"rtx-5090-rig": "pinned", "openai/gpt-4o-mini": None}


def test_tco_shows_the_resale_value_as_a_positive_amount_deducted(capsys):
    # $3,350 losing 50 % a year for 3 years keeps 12.5 %: $418.75, shown as a resale value,
    # not as "-$418.75" (read by a tester as a negative value).
    code, out, _ = run(capsys, "tco", "rtx-5090-rig", "--depreciation-rate", "50")
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("Resale value"))
    assert line.split()[-1] == "$418.75"
    assert "amortization $0.1115" in out  # (3350 - 418.75) / (3 x 8760)
