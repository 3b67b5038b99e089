"""infercost-cli tco --gpu / --residual-pct / --depreciation-rate and infercost-cli fits."""

import pytest

from tests.model.test_cli import run, run_json, usage_error


def test_tco_gpu_is_the_seeds_section_3_row(capsys):
    code, out, _ = run(capsys, "tco", "--gpu", "h100-sxm")
    assert code == 0
    # $25,000-30,000: $1.427-1.712 over 2 years, $0.951-1.142 over 3; 700 W x $0.12 = $0.084.
    assert "$25,000" in out and "$1.427" in out and "$0.951" in out
    assert "$30,000" in out and "$1.712" in out and "$1.142" in out
    assert "$0.084/hr" in out
    a100 = run_json(capsys, "tco", "--gpu", "a100-80gb")
    low3 = next(r for r in a100["rows"] if r["price_point"] == "low" and r["years"] == 3)
    assert round(low3["usd_per_hour"], 2) == 0.30  # the seed prints $0.34


def test_tco_depreciation_rate_and_residual(capsys):
    # $30,000 at 50 %/yr is worth $15,000 after a year: $15,000 / 8,760 h.
    data = run_json(capsys, "tco", "--gpu", "h100-sxm", "--years", "1", "--depreciation-rate", "50")
    high = next(r for r in data["rows"] if r["price_point"] == "high")
    assert high["usd_per_hour"] == pytest.approx(15_000 / 8760)
    rig = run_json(capsys, "tco", "rtx-5090-rig", "--residual-pct", "20")
    assert rig["residual_usd"] == pytest.approx(670)
    rig = run_json(capsys, "tco", "rtx-5090-rig", "--depreciation-rate", "40")
    assert rig["residual_usd"] == pytest.approx(3350 * 0.6**3)


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--gpu", "h100-sxm", "--depreciation-rate", "100"], "below 100"),
        (["--gpu", "h100-sxm", "--residual-pct", "-1"], "--residual-pct"),
    ],
)
def test_tco_bad_residual_flags(capsys, argv, needle):
    assert needle in usage_error(capsys, "tco", *argv)


def test_tco_needs_a_build_or_a_gpu(capsys):
    code, _, err = run(capsys, "tco")
    assert code == 2 and "--gpu" in err
    code, _, err = run(capsys, "tco", "rtx-5090-rig", "--gpu", "h100-sxm")
    assert code == 2 and "not both" in err
    code, _, err = run(capsys, "tco", "--gpu", "h100-pcie")
    assert code == 2 and "no price" in err


def test_fits_lists_fitting_and_offloaded(capsys):
    code, out, _ = run(capsys, "fits", "rtx-5090-rig")
    assert code == 0 and "Llama 3.1 8B" in out and "offloaded to system RAM" in out
    data = run_json(capsys, "fits", "rtx-5090-rig", "--context", "8192")
    assert data["context_tokens"] == 8192 and data["gpu_id"] == "rtx-5090"
    fit = {(r["llm_id"], r["quant_id"]) for r in data["fitting"]}
    off = {(r["llm_id"], r["quant_id"]) for r in data["offloaded"]}
    assert ("llama-3.1-8b", "q4_k_m") in fit and ("llama-3.3-70b", "q4_k_m") in off


def test_fits_bad_input(capsys):
    code, _, err = run(capsys, "fits", "rtx-5090-rg")
    assert code == 2 and "rtx-5090-rig" in err
    assert "--context" in usage_error(capsys, "fits", "rtx-5090-rig", "--context", "0")


def test_tco_month_defaults_to_the_builds_hours(capsys, tmp_path):
    import json

    from infercost.model.catalog.fileio import default_catalog, envelope

    assert run_json(capsys, "tco", "rtx-5090-rig")["hours_per_month"] == 730
    cat = default_catalog()
    cat.builds[0].hours_per_month = 720
    path = tmp_path / "cat.json"
    path.write_text(json.dumps(envelope("infercost-catalog", cat)))
    data = run_json(capsys, "tco", "rtx-5090-rig", "--catalog", str(path))
    # The seed's month: $0.1965/hr x 720 h = $141.46.
    assert data["hours_per_month"] == 720
    assert round(data["usd_per_month"], 2) == 141.46
    flag = run_json(
        capsys, "tco", "rtx-5090-rig", "--catalog", str(path), "--hours-per-month", "730"
    )
    assert flag["hours_per_month"] == 730
