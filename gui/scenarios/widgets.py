"""Spin boxes built from field rules: percent shares, token volumes with K/M/B/T, a log slider."""

from __future__ import annotations

import math
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from infercost.gui.guide import tag
from infercost.model.catalog.fields import FieldRule
from infercost.model.formatting import format_tokens as tokens

_TOKENS = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*([kmbgt]?)\s*$", re.IGNORECASE)
_SUFFIX = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12}


def tooltip(rule: FieldRule, scale: float = 1.0, unit: str | None = None) -> str:
    """The field's description and its limits in words (scaled, e.g. shares shown as %)."""
    lim = rule.limits
    unit = rule.unit if unit is None else unit
    words = []
    if lim.low is not None:
        words.append(f"{'above' if lim.low_open else 'from'} {lim.low * scale:g}")
    if lim.high is not None:
        words.append(f"{'below' if lim.high_open else 'to'} {lim.high * scale:g}")
    bounds = " ".join(words) + (f" {unit}" if unit and words else "")
    return f"{rule.description}" + (f" ({bounds})" if bounds else "")


def _range(rule: FieldRule, scale: float, step: float) -> tuple[float, float]:
    lim = rule.limits
    low = -1e18 if lim.low is None else lim.low * scale + (step if lim.low_open else 0.0)
    high = 1e18 if lim.high is None else lim.high * scale - (step if lim.high_open else 0.0)
    return low, high


def number_box(rule: FieldRule, *, percent: bool = False, decimals: int = 2) -> QDoubleSpinBox:
    """A QDoubleSpinBox with the field's limits, unit suffix and tooltip.

    ``percent`` shows a 0-1 share as 0-100 %. An open bound (above 0) starts one step in.
    """
    box = QSpinBox() if rule.integer else QDoubleSpinBox()
    scale = 100.0 if percent else 1.0
    unit = "%" if percent else rule.unit
    if isinstance(box, QDoubleSpinBox):
        box.setDecimals(1 if percent else decimals)
        step = 10 ** -box.decimals()
    else:
        step = 1
    low, high = _range(rule, scale, step)
    if isinstance(box, QSpinBox):
        box.setRange(int(max(low, -(2**31) + 1)), int(min(high, 2**31 - 1)))
    else:
        box.setRange(low, high)
    if unit:
        box.setSuffix(f" {unit}")
    box.setKeyboardTracking(False)  # one edit per Enter or focus change, not per digit
    box.setAccelerated(True)
    box.setToolTip(tooltip(rule, scale, unit))
    tag(box, rule)
    box.setProperty("scale", scale)
    return box  # type: ignore[return-value]


def narrow(combo: QComboBox, chars: int = 14) -> QComboBox:
    """Let a combo box shrink below its longest item (the popup still shows it whole)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


# Fields whose edit can change the text or the list of a combo box of ids (an offer's name, a
# build's name): edits of any other field (a price) leave those combo boxes as they are.
NAME_FIELDS = frozenset({"id", "name", "provider", "llm_name", "platform"})


def names_may_change(change, sections: tuple[str, ...]) -> bool:
    """True when ``change`` can alter the ids or names listed from ``sections``."""
    if not any(change.touches(s) for s in sections):
        return False
    return change.kind != "set" or change.field in NAME_FIELDS


def fill_combo(combo: QComboBox, items: list[tuple[str, object]], current: object) -> None:
    """Put ``items`` (text, data) in a combo box unless it holds them already, then select
    ``current``. Refilling 5,000 offers on every edit would cost more than a frame."""
    if combo.property("items") != items:
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        combo.setProperty("items", items)
    combo.setCurrentIndex(max(combo.findData(current), 0))


def parse_tokens(text: str) -> float | None:
    """ "250M" -> 2.5e8; None when it is not a token count."""
    m = _TOKENS.match(text.replace(",", "").replace("tokens/month", "").strip())
    if not m:
        return None
    return float(m.group(1)) * _SUFFIX[m.group(2).lower()]


class TokensSpinBox(QDoubleSpinBox):
    """A token volume typed and shown as 250M, 6B, 1.5T (or plain digits); arrows step x1.25."""

    def __init__(self, rule: FieldRule, parent=None) -> None:
        super().__init__(parent)
        self.setDecimals(0)
        low, high = _range(rule, 1.0, 1.0)
        self.setRange(max(low, 0.0), high)
        self.setKeyboardTracking(False)
        self.setToolTip(tooltip(rule, unit="tokens/month") + "; type 250M, 6B or 1e9")
        tag(self, rule)
        self.setSuffix(" tokens/month")

    def textFromValue(self, value: float) -> str:
        return tokens(value) if value >= 1000 else f"{value:g}"

    def valueFromText(self, text: str) -> float:
        v = parse_tokens(text.removesuffix(self.suffix()))
        return self.value() if v is None else v

    def validate(self, text: str, pos: int):
        body = text.removesuffix(self.suffix())
        v = parse_tokens(body)
        if v is not None and self.minimum() <= v <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    def stepBy(self, steps: int) -> None:
        v = self.value() or 1e6
        self.setValue(min(self.maximum(), max(self.minimum(), v * 1.25**steps)))


class LogSlider(QSlider):
    """A slider over token volumes on a log scale, 1M to 10T; emits volume_changed(float)."""

    volume_changed = Signal(float)
    LOW, HIGH, TICKS = 6.0, 13.0, 700

    def __init__(self, parent=None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setRange(0, self.TICKS)
        self.setToolTip("Monthly volume on a log scale, 1M to 10T tokens")
        self.valueChanged.connect(self._on_q_moved)

    def set_volume(self, volume: float) -> None:
        """Move to a volume without emitting volume_changed."""
        self.blockSignals(True)
        if volume <= 0:
            self.setValue(0)
        else:
            x = (math.log10(volume) - self.LOW) / (self.HIGH - self.LOW)
            self.setValue(round(min(max(x, 0.0), 1.0) * self.TICKS))
        self.blockSignals(False)

    def volume(self) -> float:
        """The volume at the slider's position, rounded to three significant digits."""
        v = 10 ** (self.LOW + self.value() / self.TICKS * (self.HIGH - self.LOW))
        return float(f"{v:.3g}")

    def _on_q_moved(self, _value: int) -> None:
        self.volume_changed.emit(self.volume())


def group_box(title: str, widget: QWidget) -> QGroupBox:
    """A titled box around one widget."""
    box = QGroupBox(title)
    lay = QVBoxLayout(box)
    lay.addWidget(widget)
    return box


def button_row(*actions: QAction) -> QHBoxLayout:
    """Tool buttons for actions in a row, left-aligned."""
    bar = QHBoxLayout()
    for action in actions:
        b = QToolButton()
        b.setDefaultAction(action)
        bar.addWidget(b)
    bar.addStretch(1)
    return bar


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication, QFormLayout

    from infercost.model.catalog.fields import field_rule
    from infercost.model.catalog.scenario import Workload

    app = QApplication(sys.argv)
    window = QWidget()
    form = QFormLayout(window)
    volume = TokensSpinBox(field_rule(Workload, "monthly_tokens"))
    volume.setValue(3e9)
    slider = LogSlider()
    slider.set_volume(3e9)
    slider.volume_changed.connect(volume.setValue)
    form.addRow("Volume", volume)
    form.addRow("", slider)
    form.addRow("Input share", number_box(field_rule(Workload, "input_share"), percent=True))
    window.show()
    sys.exit(app.exec())
