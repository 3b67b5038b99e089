"""Shared by the Excel tests: a project that uses every option kind, and LibreOffice recalc."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from infercost.model.catalog.build import Build, BuildLine, CustomLine
from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import (
    ApiOption,
    OwnedOption,
    RentalOption,
    Scenario,
    ScenarioOption,
    Workload,
)

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install "
    "libreoffice-calc-nogui to check the workbook's formulas",
)


def rich_project() -> Project:
    """The default project plus a scenario with every option kind and every price strategy."""
    p = default_project()
    data = p.model_dump()
    cat = data["catalog"]
    for g in cat["gpus"]:
        if g["id"] == "h100-pcie":
            g["idle_power_w"] = 55.0
            g["price_low_usd"], g["price_high_usd"] = 21_000.0, 26_000.0
    cat["builds"].append(
        Build(
            id="test-rig",
            name="Colocated 2x H100 PCIe",
            lines=[
                BuildLine(item_id="h100-pcie", quantity=2),
                BuildLine(item_id="host-8gpu-server", quantity=1),
            ],
            custom_lines=[CustomLine(name="=rack, UPS", price_usd=4200, power_w=150)],
            price_point="low",
            amortization_years=4,
            usd_per_kwh=0.21,
            power_scope="system",
            psu_efficiency=0.94,
            utilization=0.6,
            residual_value_pct=20,
            ops_usd_per_month=100,
            colocation_usd_per_month=50,
            pue=1.3,
        ).model_dump()
    )
    data["workloads"].append(
        Workload(
            id="rich",
            name="Every strategy",
            monthly_tokens=4e9,
            input_share=0.7,
            cached_input_share=0.4,
            batch_share=0.3,
            routing_share=0.25,
            routing_offer_id="openai/gpt-4.1-nano",
            prompt_tokens=250_000,
            hours_per_month=730,
        ).model_dump()
    )

    def o(label, opt):
        return ScenarioOption(label=label, option=opt).model_dump()

    data["scenarios"].insert(
        0,
        Scenario(
            id="rich",
            name="Every option kind",
            workload_id="rich",
            volume_min_tokens=0,
            volume_max_tokens=5e11,
            options=[
                o(
                    "Sonnet 4 via Bedrock (high)",
                    ApiOption(
                        offer_id="anthropic/claude-sonnet-4",
                        markup_id="aws-bedrock",
                        markup_point="high",
                    ),
                ),
                o("Gemini 2.5 Pro", ApiOption(offer_id="google/gemini-2.5-pro")),
                o("+DeepInfra hosted", ApiOption(offer_id="deepinfra/llama-3.3-70b")),
                o(
                    "p5 spot 60% of hours",
                    RentalOption(
                        rental_id="aws/p5.48xlarge",
                        price="discounted",
                        on_hours_share=0.6,
                        utilization=0.8,
                        tokens_per_s=20_000,
                    ),
                ),
                o(
                    "A100 per use",
                    RentalOption(
                        rental_id="runpod/a100-80gb",
                        mode="per_use",
                        utilization=0.7,
                        tokens_per_s=1500,
                    ),
                ),
                o(
                    "2x Lambda H100",
                    RentalOption(rental_id="lambda/h100-sxm", instances=2, tokens_per_s=5000),
                ),
                o(
                    "8x H100 owned, volume energy",
                    OwnedOption(
                        build_id="8x-h100-node",
                        energy_basis="volume",
                        utilization=0.9,
                        tokens_per_s=19_300,
                    ),
                ),
                o(
                    "Colo rig",
                    OwnedOption(build_id="test-rig", tokens_per_s=2500, utilization=0.75),
                ),
            ],
        ).model_dump(),
    )
    return Project.model_validate(data)


def recalc(src: Path, out_dir: Path) -> Path:
    """LibreOffice's recalculated copy of ``src`` (its own profile, so runs never collide)."""
    return convert(src, out_dir, "xlsx")


def convert(src: Path, out_dir: Path, fmt: str) -> Path:
    """``src`` converted by LibreOffice to ``fmt`` (xlsx: recalculated; pdf: printed) in
    ``out_dir``, with a profile of its own."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / "lo-profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(out_dir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = out_dir / f"{src.stem}.{fmt}"
    assert out.exists(), f"LibreOffice wrote no {out}"
    return out
