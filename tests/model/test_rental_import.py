"""SkyPilot catalog CSV import, the unified import command and LiteLLM behind it."""

from __future__ import annotations

import json

import pytest

from infercost.cli import main
from infercost.model.catalog.defaults import default_project
from infercost.model.errors import FileFormatError
from infercost.model.interchange.import_file import read_import
from infercost.model.interchange.project_io import load_project, save_project

HEAD = (
    "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice"
)


def csv_file(tmp_path, rows, name="skypilot-catalog-v8-acme-vms.csv"):
    p = tmp_path / name
    p.write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    return p


def test_regions_collapse_to_a_range_and_spot_is_the_discounted_price(tmp_path):
    path = csv_file(
        tmp_path,
        [
            "cpu_4x,,,4.0,16.0,0.2,us-east-1,,",
            "gpu_8x_h100_sxm5,H100,8.0,208,1800,23.92,us-east-1,,12.0",
            "gpu_8x_h100_sxm5,H100,8.0,208,1800,27.5,europe-1,,11.5",
            "gpu_8x_h100_sxm5,H100,8.0,208,1800,24.0,asia-1,,",
            "1x_A100-80GB,A100-80GB,1.0,8,117,1.64,CA,\"{'Gpus': [{'Name': 'A100 PCIe'}]}\",0.82",
            "gpu_1x_a10,A10,1.0,30,200,0.75,us-east-1,,",
            "bad_count,H100,0.5,1,1,1.0,x,,",
            "bad_price,H100,1,1,1,nan,x,,",
        ],
    )
    pv = read_import(path, default_project().catalog)
    rentals = {r.id: r for r in pv.catalog.gpu_rentals}
    h = rentals["acme/gpu_8x_h100_sxm5"]
    assert h.gpu_id == "h100-sxm" and h.gpus_per_instance == 8
    assert (h.on_demand_low_usd_per_hour, h.on_demand_high_usd_per_hour) == (23.92, 27.5)
    assert h.discounted_usd_per_hour == 11.5 and h.discount_kind == "spot"
    assert h.price_basis == "instance-hour" and h.unit_usd_per_hour("discounted") == 11.5
    a = rentals["acme/1x_a100-80gb"]
    assert a.gpu_id == "a100-80gb" and a.discounted_usd_per_hour == 0.82
    reasons = {r.location: r.reason for r in pv.rejected}
    assert "GPU 'A10' is not in the catalog's GPUs" in reasons["line 7 ('gpu_1x_a10')"]
    assert "not a whole GPU count" in reasons["line 8"]
    assert "not a number" in reasons["line 9"]
    assert any("A10" in n for n in pv.notes)
    assert {x.id for x in pv.added} == {"acme/gpu_8x_h100_sxm5", "acme/1x_a100-80gb"}


def test_real_skypilot_files(shared_dir):
    catalog = default_project().catalog
    for name in ("lambda", "runpod"):
        pv = read_import(shared_dir / "data" / f"skypilot-catalog-v8-{name}-vms.csv", catalog)
        assert pv.added, name
        assert all(r.id.startswith(f"{name}/") for r in pv.catalog.gpu_rentals[-len(pv.added) :])
        assert all(r.location.startswith("line ") for r in pv.rejected)


def test_a_csv_that_is_not_skypilot_names_the_file(tmp_path):
    p = tmp_path / "prices.csv"
    p.write_text("a,b\n1,2\n")
    with pytest.raises(FileFormatError, match=r"prices\.csv.*no InstanceType"):
        read_import(p, default_project().catalog)


def test_litellm_through_the_same_preview(shared_dir):
    pv = read_import(
        shared_dir / "data" / "litellm-model-prices-1.110.2.json", default_project().catalog
    )
    assert pv.kind == "litellm" and len(pv.added) > 3000
    assert all(r.location.startswith("key '") for r in pv.rejected)


def test_cli_import_previews_then_writes(tmp_path, capsys):
    proj = tmp_path / "p.infercost"
    save_project(default_project(), proj)
    path = csv_file(tmp_path, ["gpu_1x_h100_pcie,H100,1.0,26,200,2.49,us-east-1,,"])
    assert main(["import", str(path), "--project", str(proj), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 added" in out and "Dry run" in out
    assert "acme/gpu_1x_h100_pcie" not in {r.id for r in load_project(proj).catalog.gpu_rentals}
    assert main(["import", str(path), "--project", str(proj), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["added"][0]["id"] == "acme/gpu_1x_h100_pcie" and data["written"] == str(proj)
    assert "acme/gpu_1x_h100_pcie" in {r.id for r in load_project(proj).catalog.gpu_rentals}
    assert main(["import", str(tmp_path / "missing.xlsx")]) == 1
    assert "missing.xlsx" in capsys.readouterr().err


def test_control_characters_in_a_csv_never_reach_the_catalog(tmp_path):
    path = csv_file(
        tmp_path,
        ["gpu_1x_h100_pcie,H100,1.0,26,200,2.49,\x1b[31mus-east\x07-1,,"],
    )
    pv = read_import(path, default_project().catalog)
    rental = next(r for r in pv.catalog.gpu_rentals if r.id == "acme/gpu_1x_h100_pcie")
    assert "\x1b" not in rental.notes and "\x07" not in rental.notes
    assert "us-east-1" in rental.notes
