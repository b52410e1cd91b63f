"""A number typed on the screen: a prompt, what was typed so far (masked where it must be), and
the :class:`~screens.widgets.NumberPad` under it. Used for the health card's CPR number (R1) and
the witness's NemID signing (R7b)."""

from __future__ import annotations

from typing import Any

from kivy.properties import NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from screens.display import mm
from screens.widgets import KioskLabel, NumberPad

CPR_VISIBLE_DIGITS = 6  # DDMMYY shown, the last four masked as on every screen
MASK = "\u2022"
EMPTY = "\u2013"


class NumberEntry(BoxLayout):
    value = StringProperty("")
    length = NumericProperty(10)

    def __init__(
        self, prompt: str, *, length: int, visible: int | None = None, dash_after: int = 0
    ) -> None:
        super().__init__(orientation="vertical", size_hint_y=None, spacing=mm(2))
        self.bind(minimum_height=self.setter("height"))
        self.length = length
        self._visible = length if visible is None else visible
        self._dash_after = dash_after
        # The prompt goes in the screen's text column (KioskScreen.add_entry), the typed
        # digits and the pad beside it, so large text never pushes the pad off the screen.
        self.prompt = KioskLabel(text=prompt)
        self.shown = KioskLabel(role="entry")
        self.pad = NumberPad(max_length=length)
        self.pad.bind(value=self._typed)
        for widget in (self.shown, self.pad):
            self.add_widget(widget)
        self._typed(self.pad, "")

    @property
    def complete(self) -> bool:
        return len(self.value) == self.length

    def clear(self) -> None:
        self.pad.value = ""

    def _typed(self, _pad: Any, value: str) -> None:
        self.value = value
        masked = value[: self._visible] + MASK * max(0, len(value) - self._visible)
        padded = masked + EMPTY * (int(self.length) - len(masked))
        if self._dash_after:
            padded = f"{padded[: self._dash_after]}-{padded[self._dash_after :]}"
        self.shown.text = " ".join(padded)


def cpr_entry(prompt: str) -> NumberEntry:
    return NumberEntry(prompt, length=10, visible=CPR_VISIBLE_DIGITS, dash_after=6)
