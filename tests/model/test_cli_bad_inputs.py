"""infercost-cli under a skeptical user: every numeric flag, id and file gone wrong, with --json."""

import pytest

from infercost import cli

BASE = {
    "tco": ["tco", "rtx-5090-rig"],
    "cost": ["cost", "--scenario", "seed-1-startup"],
    "breakeven": ["breakeven", "--scenario", "seed-1-startup"],
}
NUMERIC = {
    "tco": ["--years", "--usd-per-kwh", "--utilization", "--hours-per-month", "--tokens-per-s"],
    "cost": [
        "--volume",
        "--input-share",
        "--cached-share",
        "--batch-share",
        "--routing-share",
        "--prompt-tokens",
        "--hours-per-month",
    ],
    "breakeven": [
        "--max-volume",
        "--input-share",
        "--cached-share",
        "--batch-share",
        "--routing-share",
        "--prompt-tokens",
        "--hours-per-month",
    ],
}
# Values no numeric flag accepts: negative, not a number, overflowing to inf, infinite, text.
BAD = ["-1", "nan", "1e400", "inf", "-inf", "abc", ""]


def outcome(capsys, argv: list[str]) -> tuple[int, str, str]:
    """Exit code, stdout, stderr of one run, whether argparse or the command rejected it."""
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = int(exc.code)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize("json_flag", [[], ["--json"]], ids=["text", "json"])
@pytest.mark.parametrize("value", BAD)
@pytest.mark.parametrize(
    ("command", "flag"), [(cmd, flag) for cmd, flags in NUMERIC.items() for flag in flags]
)
def test_every_bad_numeric_value_names_its_flag_and_exits_2(
    capsys, command, flag, value, json_flag
):
    code, out, err = outcome(capsys, [*BASE[command], f"{flag}={value}", *json_flag])
    assert code == 2
    assert flag in err
    assert out == ""


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["tco", "rtx-5090-rig", "--years", "101"], "--years"),
        (["tco", "rtx-5090-rig", "--usd-per-kwh", "1e308"], "--usd-per-kwh"),
        (["tco", "rtx-5090-rig", "--utilization", "150%"], "--utilization"),
        (["tco", "rtx-5090-rig", "--tokens-per-s", "0"], "--tokens-per-s"),
        (["cost", "--option", "openai/gpt-4o", "--volume", "2e18"], "--volume"),
        (["cost", "--option", "openai/gpt-4o", "--prompt-tokens", "0"], "--prompt-tokens"),
        (["breakeven", "--scenario", "seed-1-startup", "--max-volume", "0"], "--max-volume"),
    ],
)
def test_out_of_range_values_name_the_flag(capsys, argv, needle):
    code, _, err = outcome(capsys, argv)
    assert code == 2 and needle in err


@pytest.mark.parametrize("value", ["-1", "nan", "1e400", "0", "abc", "2e9", "1e-300"])
@pytest.mark.parametrize("command", ["cost", "breakeven"])
def test_bad_option_throughput_names_the_option_and_key(capsys, command, value):
    spec = f"runpod/h100-sxm,tps={value}"
    code, _, err = outcome(capsys, [command, "--option", spec, "--option", "openai/gpt-4o"])
    assert code == 2 and spec in err and "tps:" in err


@pytest.mark.parametrize(
    ("spec", "needle"),
    [
        ("runpod/h100-sxm,tps=100,util=2", "util:"),
        ("runpod/h100-sxm,tps=100,hours=-1", "hours:"),
        ("runpod/h100-sxm,tps=100,instances=0", "instances:"),
        ("runpod/h100-sxm,tps=100,mode=sometimes", "mode:"),
        ("runpod/h100-sxm,tps=100,price=free", "price:"),
        ("rtx-5090-rig,tps=100,energy=solar", "energy:"),
        ("rtx-5090-rig,tps=100,batch=0", "batch:"),
        ("openai/gpt-4o,point=max", "point:"),
        ("openai/gpt-4o,foo=1", "unknown key 'foo'"),
    ],
)
def test_bad_option_keys_are_named(capsys, spec, needle):
    code, _, err = outcome(capsys, ["cost", "--option", spec, "--json"])
    assert code == 2 and needle in err


def test_llm_without_quant_is_a_sentence_not_an_empty_key(capsys):
    spec = "runpod/h100-sxm,llm=llama-3.1-70b"
    code, _, err = outcome(capsys, ["cost", "--option", spec])
    assert code == 2
    assert f"--option '{spec}': give both llm_id and quant_id" in err
    assert ": :" not in err and "Value error" not in err


@pytest.mark.parametrize(
    ("argv", "suggestion"),
    [
        (["tco", "rtx5090-rig"], "rtx-5090-rig"),
        (["tco", "8x-h100", "--json"], "8x-h100-node"),
        (["cost", "--option", "gpt4o"], "openai/gpt-4o"),
        (["cost", "--scenario", "seed1", "--json"], "seed-1-startup"),
        (["breakeven", "--option", "openai/gpt-4o", "--option", "runpod/h100"], "runpod/h100-sxm"),
        (["cost", "--option", "openai/gpt-4o,markup=bedrok"], "aws-bedrock"),
        (["cost", "--option", "openai/gpt-4o", "--routing-offer", "gpt-4o-mni"], "gpt-4o-mini"),
        (["catalog", "gpus", "h100-sx", "--json"], "h100-sxm"),
    ],
)
def test_unknown_ids_exit_2_with_the_closest_match(capsys, argv, suggestion):
    code, out, err = outcome(capsys, argv)
    assert code == 2 and out == ""
    assert "Unknown" in err and suggestion in err


def test_a_unit_that_serves_almost_nothing_is_an_error_not_an_overflow(capsys):
    # Hours near 0 would make the unit count overflow a float: hours_per_month is bounded
    # below (1 h), so the refusal comes first and names the flag.
    argv = ["--option", "runpod/h100-sxm,tps=0.001", "--hours-per-month", "1e-300"]
    code, _, err = outcome(capsys, ["cost", *argv, "--volume", "1e18", "--json"])
    assert code == 2 and "--hours-per-month" in err and "greater than or equal to 1" in err
    code, _, err = outcome(capsys, ["breakeven", *argv, "--option", "openai/gpt-4o"])
    assert code == 2 and "--hours-per-month" in err


def test_a_huge_unit_count_is_short_in_the_message(capsys):
    argv = ["breakeven", "--option", "openai/gpt-4o", "--option", "rtx-5090-rig,tps=0.001"]
    code, _, err = outcome(capsys, argv)  # 1e12 / (0.001 x 3600 x 730 x 0.7) units: still digits
    assert code == 2 and "543,596,434 units" in err
    # 1e12 / (0.001 x 3600 x 1 h x 0.7) = 3.97e11 units, the most the bounds allow here
    code, _, err = outcome(capsys, [*argv, "--hours-per-month", "1"])
    assert code == 2 and "396,825,396,825 units" in err and len(err) < 300


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"{broken", "not valid JSON"),
        (b"[]", "expected a JSON object"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"", "not valid JSON"),
        (b'{"format": "infercost-project", "version": 1}', "schema_version"),
    ],
)
@pytest.mark.parametrize("source", ["--project", "--catalog"])
@pytest.mark.parametrize(
    "command",
    [
        ["catalog"],
        ["tco", "rtx-5090-rig"],
        ["cost", "--option", "openai/gpt-4o"],
        ["breakeven", "--option", "openai/gpt-4o", "--option", "openai/o1"],
    ],
)
def test_broken_files_exit_1_with_the_path(capsys, tmp_path, command, source, content, needle):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    code, out, err = outcome(capsys, [*command, source, str(path), "--json"])
    assert code == 1 and out == ""
    assert str(path) in err
    if source == "--project" or needle != "schema_version":
        assert needle in err


@pytest.mark.parametrize("source", ["--project", "--catalog"])
def test_missing_file_and_folder_exit_1(capsys, tmp_path, source):
    code, _, err = outcome(capsys, ["tco", "rtx-5090-rig", source, str(tmp_path / "nope.json")])
    assert code == 1 and "no such file" in err
    code, _, err = outcome(capsys, ["cost", "--option", "openai/gpt-4o", source, str(tmp_path)])
    assert code == 1 and "folder" in err


def test_refusals_are_short_on_the_terminal_and_whole_with_verbose(capsys, tmp_path):
    import json as _json

    from infercost import cli as _cli
    from infercost.model.catalog.defaults import default_project as _default
    from infercost.model.interchange.project_io import project_to_text as _text

    data = _json.loads(_text(_default()))
    for offer in data["project"]["catalog"]["api_offers"]:
        offer["input_usd_per_mtok"] = "lots"  # one problem per offer: a long message
    path = tmp_path / "many-problems.infercost"
    path.write_text(_json.dumps(data))
    assert _cli.main(["catalog", "--project", str(path)]) == _cli.EXIT_ERROR
    short = capsys.readouterr().err
    assert len(short) <= _cli.MAX_ERROR_CHARS + 1 and "--verbose" in short and str(path) in short
    assert _cli.main(["catalog", "--project", str(path), "--verbose"]) == _cli.EXIT_ERROR
    whole = capsys.readouterr().err
    assert len(whole) > 1000 and "--verbose shows" not in whole
    assert _cli.main(["--verbose", "catalog", "--project", str(path)]) == _cli.EXIT_ERROR
    assert capsys.readouterr().err == whole
