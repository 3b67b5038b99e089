"""Undoable scenario edits the scenarios view needs beyond SetField and the item commands: add a
scenario with its own workload, delete one with the workload only it used, edit one field of an
option (merging while typing in that field)."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.fields import field_label, validation_message
from infercost.model.catalog.scenario import (
    ApiOption,
    RentalOption,
    Scenario,
    ScenarioOption,
    Workload,
)
from infercost.model.costing.curves import option_label
from infercost.model.edits.commands import (
    Change,
    Command,
    HasProject,
    SetField,
    _refuse_problems,
    insert_item,
    set_item_field,
    unused_id,
)
from infercost.model.errors import EditRefused, InferCostError


class AddScenario(Command):
    """Insert a scenario and, when given, the workload it uses (one undo step)."""

    def __init__(
        self,
        doc: HasProject,
        scenario: Scenario,
        workload: Workload | None = None,
        index: int | None = None,
        text: str = "",
    ) -> None:
        p = doc.project
        self.index = len(p.scenarios) if index is None else index
        if not 0 <= self.index <= len(p.scenarios):
            raise EditRefused(f"scenarios: cannot insert at row {self.index}")
        self.text = text or f"Add scenario {scenario.id}"
        workloads = [*p.workloads, workload] if workload is not None else p.workloads
        scenarios = [*p.scenarios[: self.index], scenario, *p.scenarios[self.index :]]
        _refuse_problems(
            p.model_copy(update={"workloads": workloads, "scenarios": scenarios}), self.text
        )
        self.scenario, self.workload = scenario, workload

    def apply_change(self) -> Change:
        # Two lists change: views refresh both.
        return Change("reset")

    revert_change = apply_change

    def apply(self, doc: HasProject) -> Change:
        if self.workload is not None:
            doc.project.workloads.append(self.workload)
        doc.project.scenarios.insert(self.index, self.scenario)
        return self.apply_change()

    def revert(self, doc: HasProject) -> Change:
        del doc.project.scenarios[self.index]
        if self.workload is not None:
            doc.project.workloads.pop()
        return self.revert_change()


class DeleteScenario(Command):
    """Remove a scenario, and its workload when no other scenario uses it (one undo step)."""

    def __init__(self, doc: HasProject, row: int) -> None:
        p = doc.project
        if not 0 <= row < len(p.scenarios):
            raise EditRefused(f"scenarios: there is no row {row}")
        self.row, self.scenario = row, p.scenarios[row]
        others = [s for i, s in enumerate(p.scenarios) if i != row]
        shared = any(s.workload_id == self.scenario.workload_id for s in others)
        self.workload_row: int | None = None
        if not shared:
            self.workload_row = next(
                (i for i, w in enumerate(p.workloads) if w.id == self.scenario.workload_id), None
            )
        self.workload = p.workloads[self.workload_row] if self.workload_row is not None else None
        self.text = f"Delete scenario {self.scenario.id}"

    def apply_change(self) -> Change:
        return Change("reset")

    revert_change = apply_change

    def apply(self, doc: HasProject) -> Change:
        del doc.project.scenarios[self.row]
        if self.workload_row is not None:
            del doc.project.workloads[self.workload_row]
        return self.apply_change()

    def revert(self, doc: HasProject) -> Change:
        if self.workload_row is not None and self.workload is not None:
            doc.project.workloads.insert(self.workload_row, self.workload)
        doc.project.scenarios.insert(self.row, self.scenario)
        return self.revert_change()


def new_scenario(doc: HasProject, index: int | None = None) -> AddScenario:
    """A scenario with its own default workload and no options yet."""
    p = doc.project
    wid = unused_id(p, "workload")
    sid = unused_id(p, "scenario")
    n = len(p.scenarios) + 1
    workload = Workload(id=wid, name=f"Workload {n}")
    scenario = Scenario(id=sid, name=f"Scenario {n}", workload_id=wid)
    return AddScenario(doc, scenario, workload, index, "New scenario")


def duplicate_scenario(doc: HasProject, row: int) -> AddScenario:
    """A copy of scenario ``row`` just below it, with a copy of its workload (so editing the
    copy's workload leaves the original's alone)."""
    p = doc.project
    if not 0 <= row < len(p.scenarios):
        raise EditRefused(f"scenarios: there is no row {row}")
    old = p.scenarios[row]
    w = p.workload(old.workload_id)
    workload = w.model_copy(
        update={"id": unused_id(p, w.id), "name": f"{w.name} (copy)"}, deep=True
    )
    scenario = old.model_copy(
        update={
            "id": unused_id(p, old.id),
            "name": f"{old.name} (copy)"[:200],
            "workload_id": workload.id,
        },
        deep=True,
    )
    return AddScenario(doc, scenario, workload, row + 1, f"Duplicate scenario {old.id}")


def rename_scenario(doc: HasProject, row: int, name: str) -> SetField:
    """Change a scenario's display name (its id, which files and the CLI use, stays)."""
    cmd = SetField(doc, "scenarios", row, "name", name)
    cmd.text = f"Rename scenario {doc.project.scenarios[row].id}"
    return cmd


def set_option_field(doc: HasProject, row: int, index: int, **values: Any) -> Command:
    """Set fields of option ``index`` of scenario ``row`` (``utilization=0.8``). Successive edits
    of the same field(s) of one option merge into one undo step. An option still named after
    its offer, rental or build is renamed after the new one (see :func:`option_name`)."""
    scenarios = doc.project.scenarios
    if not 0 <= row < len(scenarios):
        raise EditRefused(f"scenarios: there is no row {row}")
    options = scenarios[row].options
    if not 0 <= index < len(options):
        raise EditRefused(f"{scenarios[row].id} has no option {index + 1}")
    old = options[index].option
    data = old.model_dump()
    data.update(values)
    try:
        new = type(old).model_validate(data)
    except ValidationError as exc:
        where = f"{scenarios[row].id} > {options[index].label}"
        raise EditRefused(f"{where}: {validation_message(type(old), exc)}") from None
    words = ", ".join(_field_words(type(old), name) for name in values)
    text = f"Edit {words} of {options[index].label}"
    follows = _label_follows(doc, row, index, new)
    if follows is not None:
        return EditOption(doc, row, index, follows, data, text)
    cmd = set_item_field(doc, "scenarios", row, "options", index, "option", data)
    cmd.text = text
    cmd.merge_key = ("option", row, index, tuple(sorted(values)))
    return cmd


def replace_option(doc: HasProject, row: int, index: int, option: Any) -> Command:
    """Swap option ``index``'s way of serving (an API for a rental ...), keeping its label
    unless it is still named after what it used."""
    scenarios = doc.project.scenarios
    if not 0 <= row < len(scenarios) or not 0 <= index < len(scenarios[row].options):
        raise EditRefused(f"scenarios: there is no option {index + 1} in row {row}")
    label = scenarios[row].options[index].label
    text = f"Change how {label} is served"
    try:
        new = ScenarioOption.model_validate({"label": label, "option": option}).option
    except ValidationError:
        new = None  # refused below, with the message set_item_field gives
    follows = None if new is None else _label_follows(doc, row, index, new)
    if follows is not None:
        return EditOption(doc, row, index, follows, option, text)
    cmd = set_item_field(doc, "scenarios", row, "options", index, "option", option)
    cmd.text = text
    cmd.merge_key = None
    return cmd


def option_name(catalog: Catalog, option: Any) -> str:
    """What an option uses, in words: "OpenAI GPT-4o", "RunPod NVIDIA A100 80GB PCIe", a
    build's name; the catalog id when the entry is missing. A platform markup or the LLM a
    rental serves is left out: changing those keeps an option's name."""
    try:
        if isinstance(option, ApiOption):
            offer = catalog.offer(option.offer_id)
            return f"{offer.provider} {offer.llm_name}"
        if isinstance(option, RentalOption):
            rental = catalog.rental(option.rental_id)
            gpus = rental.gpus_per_instance
            count = f"{gpus}x " if gpus > 1 else ""
            return f"{rental.provider} {count}{catalog.gpu(rental.gpu_id).name}"
        return catalog.build(option.build_id).name
    except InferCostError:
        return option_label(option)


def _label_follows(doc: HasProject, row: int, index: int, new: Any) -> str | None:
    """The new label of option ``index`` when it is named after what it used (that name, or
    the name numbered "(2)") and what it uses changes; None to keep the label."""
    so = doc.project.scenarios[row].options[index]
    cat = doc.project.catalog
    was = option_name(cat, so.option)
    if so.label != was and not re.fullmatch(re.escape(was) + r" \(\d+\)", so.label):
        return None
    name = option_name(cat, new)
    if name == was:
        return None
    others = {o.label for i, o in enumerate(doc.project.scenarios[row].options) if i != index}
    return _numbered(name, others)


def _numbered(name: str, taken: set[str]) -> str:
    """``name``, or "name (2)", "name (3)" ... when an option already has it."""
    n, label = 2, name
    while label in taken:
        label = f"{name} ({n})"
        n += 1
    return label


_REFERENCE_WORDS = {"offer_id": "offer", "markup_id": "platform markup", "rental_id": "rental",
                    "build_id": "build", "llm_id": "LLM", "quant_id": "format"}  # fmt: skip


def _field_words(cls: type, name: str) -> str:
    """An option field as the editor names it: "offer", not "offer_id"."""
    return _REFERENCE_WORDS.get(name) or field_label(cls, name)


def add_option(doc: HasProject, row: int, kind: str) -> SetField:
    """A command adding an option of ``kind`` ("api", "rental", "owned") to scenario ``row``,
    on the catalog's first offer, rental or build, named after it (:func:`option_name`). A
    rental or build
    serves the catalog's first LLM in FP8 (or its first format), so its throughput is
    estimated until a tok/s is pinned."""
    p = doc.project
    if not 0 <= row < len(p.scenarios):
        raise EditRefused(f"scenarios: there is no row {row}")
    cat = p.catalog
    served: dict[str, Any] = {}
    if cat.llms and cat.quants:
        quants = [q.id for q in cat.quants]
        served = {"llm_id": cat.llms[0].id, "quant_id": "fp8" if "fp8" in quants else quants[0]}
    pools = {
        "api": ("offer_id", [o.id for o in [*cat.api_offers, *cat.hosted_offers]], {}),
        "rental": ("rental_id", [r.id for r in cat.gpu_rentals], served),
        "owned": ("build_id", [b.id for b in cat.builds], served),
    }
    if kind not in pools:
        raise EditRefused(f"an option is api, rental or owned, not {kind!r}")
    field, ids, extra = pools[kind]
    if not ids:
        words = {"api": "API offer", "rental": "GPU rental", "owned": "build"}[kind]
        raise EditRefused(f"The catalog has no {words} for a new option to use yet")
    option = {"kind": kind, field: ids[0], **extra}
    probe = ScenarioOption.model_validate({"label": "new", "option": option}).option
    label = _numbered(option_name(cat, probe), {o.label for o in p.scenarios[row].options})
    cmd = insert_item(doc, "scenarios", row, "options", {"label": label, "option": option})
    cmd.text = f"Add option {label}"
    return cmd


class EditOption(Command):
    """Relabel option ``index`` of scenario ``row`` and optionally change how it serves, with
    the document figures that name it following the label (one undo step)."""

    def __init__(
        self, doc: HasProject, row: int, index: int, label: str, option: Any = None, text: str = ""
    ) -> None:
        scenarios = doc.project.scenarios
        if not 0 <= row < len(scenarios):
            raise EditRefused(f"scenarios: there is no row {row}")
        old = scenarios[row]
        if not 0 <= index < len(old.options):
            raise EditRefused(f"{old.id} has no option {index + 1}")
        label = label.strip()
        was = old.options[index].label
        if any(o.label == label for i, o in enumerate(old.options) if i != index):
            raise EditRefused(f"{old.id}: another option is already called '{label}'")
        data = old.model_dump()
        data["options"][index]["label"] = label
        if option is not None:
            data["options"][index]["option"] = (
                option.model_dump() if hasattr(option, "model_dump") else option
            )
        for f in data["document_figures"]:
            f["option"] = label if f["option"] == was else f["option"]
            f["other"] = label if f["other"] == was else f["other"]
        try:
            new = Scenario.model_validate(data)
        except ValidationError as exc:
            raise EditRefused(f"{old.id}: {validation_message(Scenario, exc)}") from None
        self.text = text or f"Rename option {was} to {label}"
        if option is not None:  # a new offer, rental or build must exist in the catalog
            probe = doc.project.model_copy(
                update={"scenarios": [*scenarios[:row], new, *scenarios[row + 1 :]]}
            )
            _refuse_problems(probe, self.text)
        self.row, self.old, self.new = row, old, new
        self.section = "scenarios"

    def apply_change(self) -> Change:
        return Change("set", "scenarios", self.row, 1, "options")

    revert_change = apply_change

    def apply(self, doc: HasProject) -> Change:
        doc.project.scenarios[self.row] = self.new
        return self.apply_change()

    def revert(self, doc: HasProject) -> Change:
        doc.project.scenarios[self.row] = self.old
        return self.revert_change()


class RenameOption(EditOption):
    """Relabel option ``index`` of scenario ``row``, and the document figures that name it,
    so that the figures still find their option (one undo step)."""

    def __init__(self, doc: HasProject, row: int, index: int, label: str) -> None:
        super().__init__(doc, row, index, label)
