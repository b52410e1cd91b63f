"""Shared widgets: themed labels and big buttons, the top bar with language, accessibility and
help (R13), the progress steps, a signature pad and a number pad.

Their look lives in ``widgets.kv`` beside this file; the app object (``App.get_running_app()``)
provides ``theme`` and ``tr`` (translate) as Kivy properties, so a language or contrast switch
re-renders every widget without a screen knowing.
"""

from __future__ import annotations

import io
from pathlib import Path

from kivy.app import App
from kivy.graphics import Color, Line
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from screens.display import mm
from screens.theme import MIN_TOUCH_MM

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class KioskLabel(Label):
    """A wrapping label in the theme's colours."""

    role = StringProperty("body")  # body | title | muted | alert | entry (typed digits)
    personal = BooleanProperty(False)  # a name, a CPR number, an address: spoken only to a headset


class BigButton(Button):
    """A touch target of at least 15 mm in both directions on the configured display; a ring
    shows it has the keypad's focus."""

    kind = StringProperty("primary")  # primary | secondary | danger
    min_size = NumericProperty(0)
    focused = BooleanProperty(False)
    personal = BooleanProperty(False)  # its text is personal data (a register fact)

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("min_size", mm(MIN_TOUCH_MM))
        super().__init__(**kwargs)


class TopBar(BoxLayout):
    """Language, text size, contrast, read-aloud and help: on every screen (R13). As tall as
    its tallest button, so large text wraps instead of being cut."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.height = mm(MIN_TOUCH_MM) + mm(4)

    def add_widget(self, widget: Widget, *args: object, **kwargs: object) -> None:
        super().add_widget(widget, *args, **kwargs)  # type: ignore[arg-type]
        widget.bind(height=self._fit)
        self._fit()

    def _fit(self, *_args: object) -> None:
        tallest = max((c.height for c in self.children if c.size_hint_y is None), default=0)
        self.height = max(tallest, mm(MIN_TOUCH_MM)) + mm(4)


class Meter(Widget):
    """A bar filled to ``value`` of ``max`` in the theme's colours (3:1 filled to unfilled)."""

    value = NumericProperty(0)
    max = NumericProperty(1)


class ProgressSteps(Meter):
    """How far the visit has come: step ``value`` of the journey's five."""

    max = NumericProperty(5)


class PrintProgress(Meter):
    """The printing of the credentials: documents printed of those to print."""


class SignaturePad(Widget):
    """A finger-drawing area; ``strokes`` holds every line drawn, in widget coordinates."""

    strokes = ListProperty()

    def on_touch_down(self, touch):  # type: ignore[no-untyped-def]
        if not self.collide_point(*touch.pos):
            return super().on_touch_down(touch)
        with self.canvas:
            Color(0.08, 0.28, 0.5, 1)
            touch.ud["signature_line"] = Line(points=[*touch.pos], width=mm(0.6))
        self.strokes.append([tuple(touch.pos)])
        return True

    def on_touch_move(self, touch):  # type: ignore[no-untyped-def]
        line = touch.ud.get("signature_line")
        if line is None or not self.collide_point(*touch.pos):
            return super().on_touch_move(touch)
        line.points += [*touch.pos]
        self.strokes[-1].append(tuple(touch.pos))
        return True

    def clear(self) -> None:
        self.strokes = []
        self.canvas.clear()

    @property
    def has_signature(self) -> bool:
        return sum(len(stroke) for stroke in self.strokes) >= 3

    def to_png(self) -> bytes:
        """The signature as a PNG (for its hash in the witness record)."""
        buffer = io.BytesIO()
        image = self.export_as_image()
        image.save(buffer, fmt="png")  # type: ignore[call-arg]
        return buffer.getvalue()


NUMBER_PAD_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "erase", "0", "clear")
# The two command keys' texts, translated by the app (message ids ui.pad.erase, ui.pad.clear).
COMMAND_KEYS = {"erase": "ui.pad.erase", "clear": "ui.pad.clear"}


class NumberPad(GridLayout):
    """Digits, erase and clear; ``value`` holds what was typed, masked on screen when ``secret``."""

    value = StringProperty("")
    max_length = NumericProperty(9)
    secret = NumericProperty(0)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        app = App.get_running_app()
        for key in NUMBER_PAD_KEYS:
            label = app.tr(COMMAND_KEYS[key]) if key in COMMAND_KEYS and app else key
            button = BigButton(text=label, kind="secondary")
            button.bind(on_release=lambda _button, key=key: self.press(key))
            self.add_widget(button)

    def press(self, key: str) -> None:
        if key == "erase":
            self.value = self.value[:-1]
        elif key == "clear":
            self.value = ""
        elif key.isdigit() and len(self.value) < self.max_length:
            self.value += key

    def shown(self) -> str:
        return "•" * len(self.value) if self.secret else self.value
