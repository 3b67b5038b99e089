"""Every number field is strict (no booleans, no lax strings) and bounded, and the bounds'
extremes pass through every calculation (cost, break-even, TCO, estimate) without overflow."""

from __future__ import annotations

import importlib
import json
import math
import pkgutil
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import infercost.model as model_pkg
from infercost import cli
from infercost.model.catalog.base import Strict, unguarded_bool_fields, unguarded_number_fields
from infercost.model.catalog.build import MAX_BUILD_GPUS
from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.fields import is_integer, is_number, limits
from infercost.model.catalog.fileio import envelope
from infercost.model.catalog.project import Project
from infercost.model.costing.curves import scenario_curves, volume_grid
from infercost.model.errors import CatalogError, InferCostError
from infercost.model.guard import json_text
from infercost.model.interchange.project_io import load_project, project_to_text

# Every module of every package under infercost.model, so no pydantic model escapes the check.
for _info in pkgutil.walk_packages(model_pkg.__path__, prefix=f"{model_pkg.__name__}."):
    importlib.import_module(_info.name)


def _models() -> list[type[BaseModel]]:
    out, todo = [], [Strict]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            out.append(sub)
            todo.append(sub)
    return sorted(set(out), key=lambda c: (c.__module__, c.__name__))


MODELS = _models()


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
def test_every_number_field_is_strict_and_bounded(cls):
    assert unguarded_number_fields(cls) == []
    assert unguarded_bool_fields(cls) == []
    for name, info in cls.model_fields.items():
        if is_number(info.annotation):
            lim = limits(cls, name)
            assert lim.low is not None and lim.high is not None, f"{cls.__name__}.{name}"
            assert lim.high <= 1e18, f"{cls.__name__}.{name} bound {lim.high:g} is not physical"
            # A share (0-1) or a percentage is bounded by what it is; any other bound says why.
            if lim.high > 100:
                text = (info.description or "").lower()
                assert "at most" in text or " to " in text, f"{cls.__name__}.{name}: no reason"


def test_a_bounds_reason_is_in_the_field_description():
    from infercost.model.catalog.entries import ApiOffer, Gpu

    assert "$1 a token" in ApiOffer.model_fields["input_usd_per_mtok"].description
    assert "$1 a token" in ApiOffer.model_fields["cached_input_usd_per_mtok"].description
    assert "1 MW" in Gpu.model_fields["power_w"].description


def _project_text(**changes) -> str:
    data = json.loads(project_to_text(default_project()))
    offer = data["project"]["catalog"]["api_offers"][0]
    llm = data["project"]["catalog"]["llms"][0]
    for key, value in changes.items():
        (llm if key == "layers" else offer)[key] = value
    return json.dumps(data)


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("input_usd_per_mtok", True, "boolean"),
        ("layers", True, "boolean"),
        ("input_usd_per_mtok", "1_0", "valid number"),
        ("input_usd_per_mtok", "١٢", "valid number"),
        ("input_usd_per_mtok", " 12 ", "valid number"),
        ("input_usd_per_mtok", 1e308, "less than or equal to 1000000"),
        ("layers", 10**18, "less than or equal to 10000"),
    ],
)
def test_project_numbers_are_strict(tmp_path, field, value, needle):
    path = tmp_path / "p.infercost"
    path.write_text(_project_text(**{field: value}), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_project(path)
    message = str(info.value)
    assert field in message and needle in message and len(message) < 600


def test_plain_decimal_strings_are_still_numbers(tmp_path):
    path = tmp_path / "p.infercost"
    path.write_text(_project_text(input_usd_per_mtok="2.5"), encoding="utf-8")
    assert load_project(path).catalog.api_offers[0].input_usd_per_mtok == 2.5


# --- the bounds' extremes through every calculation --------------------------------------

_PAIRS = (("low", "high"), ("active_params_b", "total_params_b"), ("kv_heads", "attention_heads"))


def _value(cls: type[BaseModel], name: str, pick: str, current):
    lim = limits(cls, name)
    if pick == "keep" or current is None:
        return current
    value = lim.low if pick == "low" else lim.high
    if pick == "low" and lim.low_open:
        value = math.nextafter(value, math.inf)
    if is_integer(cls.model_fields[name].annotation):
        value = math.ceil(value) if pick == "low" else math.floor(value)
    return value


def _extreme(obj: BaseModel, choose) -> dict:
    cls = type(obj)
    data = {}
    for name, info in cls.model_fields.items():
        current = getattr(obj, name)
        if isinstance(current, BaseModel):
            data[name] = _extreme(current, choose)
        elif isinstance(current, list):
            data[name] = [_extreme(v, choose) if isinstance(v, BaseModel) else v for v in current]
        elif is_number(info.annotation) and not isinstance(current, bool):
            data[name] = _value(cls, name, choose(cls.__name__, name), current)
        else:
            data[name] = current
    _repair(data)
    return data


def _repair(data: dict) -> None:
    """Keep ranges ordered (low <= high, active <= total) after fields were set apart."""
    for key in list(data):
        for small, big in _PAIRS:
            other = key.replace(small, big) if small in key else None
            if other and other != key and other in data:
                a, b = data[key], data[other]
                if isinstance(a, int | float) and isinstance(b, int | float) and b < a:
                    data[other] = a
    if {"item_id", "quantity"} <= data.keys():  # the catalog's own bound: <= 1,024 GPUs a build
        data["quantity"] = min(data["quantity"], MAX_BUILD_GPUS // 2)
    if {"low", "typical", "high"} <= data.keys():
        data["typical"] = min(max(data["typical"], data["low"]), data["high"])
    if data.get("experts") is not None and data.get("experts_per_token") is not None:
        data["experts_per_token"] = min(data["experts_per_token"], data["experts"] - 1)
        if data["active_params_b"] >= data["total_params_b"]:  # MoE: fewer active than total
            data["total_params_b"] = max(data["total_params_b"], 2e-6)
            data["active_params_b"] = data["total_params_b"] / 2


_NOT_FINITE = re.compile(r"\b(inf|nan|infinity)\b", re.IGNORECASE)


def _run(capsys, argv: list[str]) -> None:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert code in (cli.EXIT_OK, cli.EXIT_USAGE), (argv, code, err)
    assert "Traceback" not in err and len(err) < 4_100
    if code == cli.EXIT_OK:
        assert not _NOT_FINITE.search(out), (argv, _NOT_FINITE.search(out))
        if "--json" in argv:
            json.loads(out)  # allow_nan=False: an inf would have failed to print


def _every_calculation(capsys, tmp_path: Path, project: Project) -> None:
    path = tmp_path / "extreme.infercost"
    path.write_text(project_to_text(project), encoding="utf-8")
    catalog = tmp_path / "extreme-catalog.json"
    catalog.write_text(json_text(envelope("infercost-catalog", project.catalog)), "utf-8")
    for scenario in project.scenarios:
        for command in ("cost", "breakeven"):
            for fmt in ([], ["--json"]):
                _run(capsys, [command, "--scenario", scenario.id, "--project", str(path), *fmt])
    for build in project.catalog.builds:
        for fmt in ([], ["--json"]):
            _run(capsys, ["tco", build.id, "--tokens-per-s", "0.001", "--project", str(path), *fmt])
    for scenario in project.scenarios:  # the chart's curves, which no command prints
        try:
            curves = scenario_curves(project, scenario, volume_grid(scenario))
        except InferCostError:
            continue
        assert np.all(np.isfinite(curves.usd)), scenario.id
        assert np.all(np.isfinite(curves.usd_per_mtok()[:, curves.volumes > 0]))
    cat = project.catalog
    for gpu, llm, quant in zip(cat.gpus[:2], cat.llms[:2], cat.quants[:2], strict=False):
        argv = ["estimate", "--gpu", gpu.id, "--llm", llm.id, "--quant", quant.id]
        _run(capsys, [*argv, "--catalog", str(catalog), "--json"])


def _project_with(choose) -> Project:
    data = _extreme(default_project(), choose)
    try:
        return Project.model_validate(data)
    except ValidationError:
        assume(False)
        raise


@pytest.mark.parametrize("pick", ["low", "high"])
def test_every_bound_at_once_computes_or_refuses_cleanly(capsys, tmp_path, pick):
    _every_calculation(capsys, tmp_path, _project_with(lambda cls, name: pick))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(st.data())
def test_mixed_extremes_compute_or_refuse_cleanly(capsys, tmp_path, data):
    chosen: dict[tuple[str, str], str] = {}

    def choose(cls: str, name: str) -> str:
        if (cls, name) not in chosen:
            chosen[cls, name] = data.draw(st.sampled_from(["low", "high", "keep"]), (cls, name))
        return chosen[cls, name]

    _every_calculation(capsys, tmp_path, _project_with(choose))
