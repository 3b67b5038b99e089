"""Undoable edits of a project as Qt-free command objects: validated before they change anything."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ValidationError

from infercost.model.catalog.base import Entry
from infercost.model.catalog.catalog import SECTIONS, Catalog, integrity_problems
from infercost.model.catalog.fields import field_label, validation_message
from infercost.model.catalog.project import Project, project_problems
from infercost.model.errors import EditRefused, UnknownIdError

# Sections a command can address: every catalog section plus the project's own lists.
PROJECT_SECTIONS = ("workloads", "scenarios")

ChangeKind = Literal["set", "insert", "remove", "reset"]


@dataclass(frozen=True)
class Change:
    """What a command changed, so that views refresh only what they show.

    ``section`` is None for a change of everything (a new catalog or project). Rows
    ``first .. first + count - 1`` are the rows set, inserted, or removed (before removal).
    """

    kind: ChangeKind
    section: str | None = None
    first: int = 0
    count: int = 0
    field: str | None = None

    def touches(self, section: str) -> bool:
        """True when views of ``section`` must refresh."""
        return self.section is None or self.section == section


class HasProject(Protocol):
    """What commands edit: anything holding a project (the Document)."""

    project: Project


class Command:
    """Base of every edit. The constructor validates against the document as it is, so a
    refused edit raises EditRefused before anything changes; ``apply`` and ``revert`` then
    only mutate, and ``apply_change``/``revert_change`` say beforehand what they will touch
    (Qt item models must announce inserts and removals before the data moves)."""

    text: str = ""
    merge_key: tuple[Any, ...] | None = None

    def apply(self, doc: HasProject) -> Change:
        raise NotImplementedError

    def revert(self, doc: HasProject) -> Change:
        raise NotImplementedError

    def apply_change(self) -> Change:
        raise NotImplementedError

    def revert_change(self) -> Change:
        raise NotImplementedError

    def merge(self, later: Command) -> bool:
        """Absorb a later command with the same merge_key; return False when they cannot merge."""
        return False


def section_list(project: Project, section: str) -> list[Any]:
    """The list holding a section's entries (a catalog section or workloads/scenarios)."""
    if section in SECTIONS:
        return project.catalog.section(section)
    if section in PROJECT_SECTIONS:
        return getattr(project, section)
    raise UnknownIdError("section", section, [*SECTIONS, *PROJECT_SECTIONS])


def entry_class(section: str) -> type[Entry]:
    """The pydantic class of a section's entries."""
    if section in SECTIONS:
        return SECTIONS[section][0]
    from infercost.model.catalog.scenario import Scenario, Workload

    classes: dict[str, type[Entry]] = {"workloads": Workload, "scenarios": Scenario}
    if section not in classes:
        raise UnknownIdError("section", section, [*SECTIONS, *PROJECT_SECTIONS])
    return classes[section]


def _problems(project: Project) -> list[str]:
    return integrity_problems(project.catalog) + project_problems(project)


def _probe(project: Project, section: str, entries: list[Any]) -> Project:
    """A shallow copy of the project with one section's list replaced: checked, never shown."""
    if section in SECTIONS:
        cat = project.catalog.model_copy(update={section: entries})
        return project.model_copy(update={"catalog": cat})
    return project.model_copy(update={section: entries})


def _refuse_problems(project: Project, what: str) -> None:
    problems = _problems(project)
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise EditRefused(f"{what}: {'; '.join(problems[:3])}{more}")


def _refuse_dangling(project: Project, what: str, gone_ids: set[str]) -> None:
    """Refuse a delete or rename that leaves references to ``gone_ids`` behind, naming the
    entries that still use them (the generic "X is not in the project (did you mean ...)"
    reads as nonsense to someone who just asked to delete X)."""
    problems = _problems(project)
    if not problems:
        return
    users, other = [], []
    for problem in problems:
        where, sep, rest = problem.partition(": ")
        if sep and any(f"'{i}'" in rest for i in gone_ids):
            users.append(f"{where} ({rest.split(' ', 1)[0]})")
        else:
            other.append(problem)
    if other:
        _refuse_problems(project, what)
    more = f" and {len(users) - 3} more" if len(users) > 3 else ""
    raise EditRefused(
        f"{what}: still used by {', '.join(users[:3])}{more}; change or delete those first"
    )


# Fields the catalog and project rules read besides ``*_id`` (see integrity_problems).
_REFERENCE_FIELDS = frozenset({"id", "usd_per_kwh", "lines", "options"})


class SetField(Command):
    """Set one field of one entry. Validates the whole entry and the project's references."""

    def __init__(self, doc: HasProject, section: str, row: int, field: str, value: Any) -> None:
        entries = section_list(doc.project, section)
        if not 0 <= row < len(entries):
            raise EditRefused(f"{section}: there is no row {row}")
        old = entries[row]
        cls = type(old)
        if field not in cls.model_fields:
            raise UnknownIdError(f"field of {section}", field, cls.model_fields)
        label = field_label(cls, field)
        data = old.model_dump()
        data[field] = value
        try:
            new = cls.model_validate(data)
        except ValidationError as exc:
            raise EditRefused(f"{old.id}: {validation_message(cls, exc)}") from None
        self.text = f"Edit {label} of {old.id}"
        # Only ids and references can break a cross-entry rule; skipping the whole-catalog
        # check for a price keeps a cell edit fast in a catalog of thousands of rows.
        if field in _REFERENCE_FIELDS or field.endswith("_id"):
            probe = _probe(doc.project, section, [*entries[:row], new, *entries[row + 1 :]])
            if field == "id" and new.id != old.id:
                _refuse_dangling(probe, f"Cannot rename {old.id} to {new.id}", {old.id})
            else:
                _refuse_problems(probe, self.text)
        self.section, self.row, self.field = section, row, field
        self.old, self.new = old, new
        self.merge_key = ("set", section, row, field)

    def apply_change(self) -> Change:
        return Change("set", self.section, self.row, 1, self.field)

    revert_change = apply_change

    def apply(self, doc: HasProject) -> Change:
        section_list(doc.project, self.section)[self.row] = self.new
        return self.apply_change()

    def revert(self, doc: HasProject) -> Change:
        section_list(doc.project, self.section)[self.row] = self.old
        return self.revert_change()

    def merge(self, later: Command) -> bool:
        if (
            not isinstance(later, SetField)
            or self.merge_key is None
            or later.merge_key != self.merge_key
        ):
            return False
        self.new = later.new
        return True


class InsertRows(Command):
    """Insert entries at a row; refused when an id is taken or a reference dangles."""

    def __init__(
        self, doc: HasProject, section: str, row: int, entries: Sequence[Entry], text: str = ""
    ) -> None:
        current = section_list(doc.project, section)
        if not entries:
            raise EditRefused(f"{section}: nothing to insert")
        if not 0 <= row <= len(current):
            raise EditRefused(f"{section}: cannot insert at row {row}")
        cls = entry_class(section)
        for e in entries:
            if not isinstance(e, cls):
                raise EditRefused(f"{section} holds {cls.__name__} entries, not {type(e).__name__}")
        ids = ", ".join(e.id for e in entries[:3]) + ("..." if len(entries) > 3 else "")
        title = SECTIONS[section][1] if section in SECTIONS else section
        self.text = text or f"Add {ids} to {title}"
        _refuse_problems(
            _probe(doc.project, section, [*current[:row], *entries, *current[row:]]), self.text
        )
        self.section, self.row, self.entries = section, row, list(entries)

    def apply_change(self) -> Change:
        return Change("insert", self.section, self.row, len(self.entries))

    def revert_change(self) -> Change:
        return Change("remove", self.section, self.row, len(self.entries))

    def apply(self, doc: HasProject) -> Change:
        section_list(doc.project, self.section)[self.row : self.row] = self.entries
        return self.apply_change()

    def revert(self, doc: HasProject) -> Change:
        del section_list(doc.project, self.section)[self.row : self.row + len(self.entries)]
        return self.revert_change()


class RemoveRows(Command):
    """Remove rows (any order, gaps allowed); refused while something still refers to one."""

    def __init__(self, doc: HasProject, section: str, rows: Sequence[int]) -> None:
        entries = section_list(doc.project, section)
        rows = sorted(set(rows))
        if not rows:
            raise EditRefused(f"{section}: no rows selected")
        if rows[0] < 0 or rows[-1] >= len(entries):
            raise EditRefused(f"{section}: there is no row {rows[-1]}")
        ids = ", ".join(entries[r].id for r in rows[:3])
        self.text = f"Delete {ids}" if len(rows) <= 3 else f"Delete {len(rows)} rows ({ids}...)"
        gone = set(rows)
        kept = [e for i, e in enumerate(entries) if i not in gone]
        _refuse_dangling(
            _probe(doc.project, section, kept),
            f"Cannot delete {ids}" if len(rows) <= 3 else f"Cannot delete {len(rows)} rows",
            {entries[r].id for r in rows},
        )
        self.section = section
        self.removed = [(r, entries[r]) for r in rows]

    def _span(self) -> tuple[int, int, bool]:
        lo, hi = self.removed[0][0], self.removed[-1][0]
        return lo, hi - lo + 1, hi - lo + 1 == len(self.removed)

    def apply_change(self) -> Change:
        # Rows with gaps between them are announced as a reset of the section.
        lo, n, contiguous = self._span()
        return (
            Change("remove", self.section, lo, n) if contiguous else Change("reset", self.section)
        )

    def revert_change(self) -> Change:
        lo, n, contiguous = self._span()
        return (
            Change("insert", self.section, lo, n) if contiguous else Change("reset", self.section)
        )

    def apply(self, doc: HasProject) -> Change:
        entries = section_list(doc.project, self.section)
        for r, _ in reversed(self.removed):
            del entries[r]
        return self.apply_change()

    def revert(self, doc: HasProject) -> Change:
        entries = section_list(doc.project, self.section)
        for r, e in self.removed:
            entries.insert(r, e)
        return self.revert_change()


class ReplaceCatalog(Command):
    """Swap the whole catalog (an import, a reset to defaults) as one undo step."""

    def __init__(self, doc: HasProject, catalog: Catalog, text: str = "Replace catalog") -> None:
        _refuse_problems(doc.project.model_copy(update={"catalog": catalog}), text)
        self.old, self.new, self.text = doc.project.catalog, catalog, text

    def apply_change(self) -> Change:
        return Change("reset")

    revert_change = apply_change

    def apply(self, doc: HasProject) -> Change:
        doc.project.catalog = self.new
        return self.apply_change()

    def revert(self, doc: HasProject) -> Change:
        doc.project.catalog = self.old
        return self.revert_change()


class ReplaceProject(Command):
    """Swap the whole project held by the document (one undo step)."""

    def __init__(self, doc: HasProject, project: Project, text: str = "Replace project") -> None:
        _refuse_problems(project, text)
        self.old, self.new, self.text = doc.project, project, text

    def apply_change(self) -> Change:
        return Change("reset")

    revert_change = apply_change

    def apply(self, doc: HasProject) -> Change:
        doc.project = self.new
        return self.apply_change()

    def revert(self, doc: HasProject) -> Change:
        doc.project = self.old
        return self.revert_change()


def unused_id(project: Project, base: str) -> str:
    """``base`` if no entry of the project uses it, else ``base-2``, ``base-3`` ..."""
    taken = {e.id for _, e in project.catalog.entries()}
    taken |= {w.id for w in project.workloads} | {s.id for s in project.scenarios}
    base = base[:110]
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


# --- nested lists: a build's part lines, a scenario's options ----------------------------------

# Nested lists a view edits item by item, with the words an undo entry uses for one item.
LIST_FIELDS: dict[tuple[str, str], str] = {
    ("builds", "lines"): "part",
    ("builds", "custom_lines"): "cost line",
    ("scenarios", "options"): "option",
}


def _item_name(item: Any) -> str:
    return str(
        getattr(item, "label", None)
        or getattr(item, "name", None)
        or getattr(item, "item_id", None)
        or getattr(item, "offer_id", None)
        or type(item).__name__
    )


def _list_edit(
    doc: HasProject, section: str, row: int, field: str, items: list[Any], text: str
) -> SetField:
    if (section, field) not in LIST_FIELDS:
        known = [f"{s}.{f}" for s, f in LIST_FIELDS]
        raise UnknownIdError("list field", f"{section}.{field}", known)
    # Dumped to plain data so the entry validates them as it would from a file (an option is
    # a tagged union: the class of the item must be found again from its "kind").
    plain = [i.model_dump() if isinstance(i, BaseModel) else i for i in items]
    cmd = SetField(doc, section, row, field, plain)
    cmd.text = text
    # Each add/remove/move is its own undo step; only edits of one item's value merge.
    cmd.merge_key = None
    return cmd


def _items(doc: HasProject, section: str, row: int, field: str) -> tuple[Any, list[Any]]:
    entries = section_list(doc.project, section)
    if not 0 <= row < len(entries):
        raise EditRefused(f"{section}: there is no row {row}")
    return entries[row], list(getattr(entries[row], field))


def _check_index(items: list[Any], index: int, what: str, entry_id: str) -> None:
    if not 0 <= index < len(items):
        raise EditRefused(f"{entry_id} has no {what} {index + 1} (it has {len(items)})")


def insert_item(
    doc: HasProject, section: str, row: int, field: str, item: Any, index: int | None = None
) -> SetField:
    """A command adding ``item`` to a nested list (at ``index``, default the end)."""
    entry, items = _items(doc, section, row, field)
    index = len(items) if index is None else index
    if not 0 <= index <= len(items):
        raise EditRefused(f"{entry.id}: cannot add at position {index + 1}")
    items.insert(index, item)
    what = LIST_FIELDS.get((section, field), "item")
    return _list_edit(
        doc, section, row, field, items, f"Add {what} {_item_name(item)} to {entry.id}"
    )


def remove_item(doc: HasProject, section: str, row: int, field: str, index: int) -> SetField:
    """A command removing item ``index`` of a nested list."""
    entry, items = _items(doc, section, row, field)
    what = LIST_FIELDS.get((section, field), "item")
    _check_index(items, index, what, entry.id)
    gone = items.pop(index)
    return _list_edit(
        doc, section, row, field, items, f"Remove {what} {_item_name(gone)} from {entry.id}"
    )


def move_item(doc: HasProject, section: str, row: int, field: str, index: int, to: int) -> SetField:
    """A command moving item ``index`` of a nested list to position ``to``."""
    entry, items = _items(doc, section, row, field)
    what = LIST_FIELDS.get((section, field), "item")
    _check_index(items, index, what, entry.id)
    _check_index(items, to, what, entry.id)
    item = items.pop(index)
    items.insert(to, item)
    return _list_edit(
        doc, section, row, field, items, f"Move {what} {_item_name(item)} in {entry.id}"
    )


def set_item_field(
    doc: HasProject, section: str, row: int, field: str, index: int, name: str, value: Any
) -> SetField:
    """A command setting one field of item ``index`` of a nested list (a part's quantity, an
    option's utilization). Typing into one item's field merges into one undo step."""
    entry, items = _items(doc, section, row, field)
    what = LIST_FIELDS.get((section, field), "item")
    _check_index(items, index, what, entry.id)
    old = items[index]
    if name not in type(old).model_fields:
        raise UnknownIdError(f"field of {what}", name, type(old).model_fields)
    data = old.model_dump()
    data[name] = value
    try:
        items[index] = type(old).model_validate(data)
    except ValidationError as exc:
        raise EditRefused(f"{entry.id}: {validation_message(type(old), exc)}") from None
    label = field_label(type(old), name)
    cmd = _list_edit(
        doc, section, row, field, items, f"Edit {label} of {what} {_item_name(old)} in {entry.id}"
    )
    cmd.merge_key = ("item", section, row, field, index, name)
    return cmd
