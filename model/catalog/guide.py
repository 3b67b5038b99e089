"""The built-in guide (Help > Guide): the bundled text plus a table of every input, generated
from the field rules so that no label, unit or bound is written twice."""

from __future__ import annotations

from html import escape

from pydantic import BaseModel

from infercost.model.catalog.fields import field_rule

INPUTS_MARK = "<!-- INPUTS -->"


def guide_classes() -> list[tuple[str, type[BaseModel]]]:
    """(title, class) of every kind of entry a user edits, in the guide's order."""
    from infercost.model.catalog.catalog import SECTIONS
    from infercost.model.catalog.scenario import (
        ApiOption,
        OwnedOption,
        RentalOption,
        Scenario,
        Speculation,
        Workload,
    )

    titles: dict[type[BaseModel], list[str]] = {}
    for cls, title in SECTIONS.values():  # API and hosted offers share one class
        titles.setdefault(cls, []).append(title)
    out = [(" and ".join(t), cls) for cls, t in titles.items()]
    out += [
        ("Workloads", Workload),
        ("Scenarios", Scenario),
        ("Scenario option: API", ApiOption),
        ("Scenario option: GPU rental", RentalOption),
        ("Scenario option: owned build", OwnedOption),
        ("Speculative decoding", Speculation),
    ]
    return out


def anchor(cls: type[BaseModel], name: str) -> str:
    """The guide's anchor of one field (what F1 on that field scrolls to)."""
    return field_rule(cls, name).anchor


def inputs_html() -> str:
    """One table per kind of entry: field, unit, accepted values, meaning."""
    parts = []
    for title, cls in guide_classes():
        parts.append(f'<a name="{escape(cls.__name__)}"></a><h3>{escape(title)}</h3>')
        parts.append('<table border="1" cellspacing="0" cellpadding="3" width="100%">')
        parts.append("<tr><th>Field</th><th>Unit</th><th>Accepts</th><th>Meaning</th></tr>")
        for name in cls.model_fields:
            rule = field_rule(cls, name)
            if rule.choices:
                accepts = ", ".join(rule.choices)
            elif rule.numeric:
                accepts = ("whole number " if rule.integer else "") + rule.limits.describe()
            else:
                accepts = "text"
            if rule.optional:
                accepts += " (optional)"
            label = rule.label[:1].upper() + rule.label[1:]
            parts.append(
                f'<tr><td><a name="{rule.anchor}"></a><b>{escape(label)}</b><br>'
                f"<code>{escape(name)}</code></td><td>{escape(rule.unit or '—')}</td>"
                f"<td>{escape(accepts)}</td><td>{escape(rule.description)}</td></tr>"
            )
        parts.append("</table>")
    return "\n".join(parts)


def guide_html() -> str:
    """The whole guide as HTML (Qt's rich-text subset): the bundled text and the inputs."""
    from infercost import resources

    text = resources.read_text("guide.html")
    if INPUTS_MARK not in text:
        raise ValueError("resources/guide.html lost its inputs mark")
    return text.replace(INPUTS_MARK, inputs_html())
