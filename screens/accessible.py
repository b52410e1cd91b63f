"""Accessible mode in the spirit of CUSS: speech and a keypad for who cannot see or touch the
screen. A key on a USB keypad or keyboard (or the top bar's "Read aloud") turns it on for the
visit: each screen is then read aloud when it appears, focus moves over the buttons with Tab or
the arrow keys (each focused button is said), Enter or Space presses the focused one, and digits
and Backspace type on the screen's number pad. Personal data is said only into a headset
(``[audio] headset``: the jack, or an override); the end of the visit turns the mode off.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.core.window import Window

from screens.base import reading_order
from screens.widgets import BigButton, NumberPad

TAB, ENTER, SPACE, BACKSPACE, NUMPAD_ENTER = 9, 13, 32, 8, 271
UP, DOWN, RIGHT, LEFT = 273, 274, 275, 276
NEXT_KEYS = (TAB, DOWN, RIGHT)
PREVIOUS_KEYS = (UP, LEFT)
PRESS_KEYS = (ENTER, SPACE, NUMPAD_ENTER)
DIGIT_KEYS = {**{48 + n: str(n) for n in range(10)}, **{256 + n: str(n) for n in range(10)}}


class AccessibleMode:
    """Keys and speech over a :class:`screens.app.KioskApp`."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.on = False
        self.focused: BigButton | None = None
        self.spoken: list[str] = []  # everything said this visit, newest last

    def install(self) -> None:
        Window.bind(on_key_down=self._key_down)

    def uninstall(self) -> None:
        Window.unbind(on_key_down=self._key_down)

    def reset(self) -> None:
        """The end of a visit: the mode is off for the next citizen."""
        self.on = False
        self._focus(None)
        self.spoken = []

    def turn_on(self) -> None:
        if not self.on:
            self.on = True
            self.say_screen()

    # Speech.
    def headset(self) -> bool:
        return bool(self.app.controller.headset())

    def say(self, text: str) -> None:
        if text:
            self.spoken.append(text)
            self.app.controller.say(text, self.app.language)

    def say_screen(self) -> None:
        self.say(self.app.screen.spoken_text(headset=self.headset()))

    def screen_shown(self) -> None:
        """A new screen (or the same one re-rendered): focus starts over; said when on."""
        self._focus(None)
        if self.on:
            Clock.schedule_once(lambda _dt: self.say_screen(), 0)

    # Keys.
    def _key_down(self, _window: Any, key: int, _scancode: int, _text: Any, modifiers: Any) -> bool:
        handled = self.key(key, shift="shift" in (modifiers or ()))
        return handled

    def key(self, key: int, *, shift: bool = False) -> bool:
        """One key of the keypad or keyboard; True when it was the kiosk's to handle."""
        if key in NEXT_KEYS or key in PREVIOUS_KEYS:
            self.turn_on()
            step = -1 if key in PREVIOUS_KEYS or (key == TAB and shift) else 1
            self.move(step)
            return True
        if key in PRESS_KEYS and self.focused is not None:
            self.turn_on()
            button = self.focused
            button.trigger_action(duration=0)
            return True
        pad = self._pad()
        if pad is not None and (key in DIGIT_KEYS or key == BACKSPACE):
            self.turn_on()
            pad.press(DIGIT_KEYS.get(key, "erase"))
            said = DIGIT_KEYS.get(key, "ui.pad.erase")
            if pad.secret or key == BACKSPACE:
                said = self.app.tr("ui.speech.hidden_digit" if pad.secret else "ui.pad.erase")
            self.say(said)
            return True
        return False

    def buttons(self) -> list[BigButton]:
        """The buttons focus moves over, in reading order (an open warning's first)."""
        warning = self.app.warning
        if getattr(warning, "shown", False):
            return [b for b in reading_order(warning) if isinstance(b, BigButton)]
        screen = self.app.screen
        order: list[BigButton] = []
        for part in (screen.content, screen.fixed, screen.actions, screen.top_bar):
            order.extend(b for b in reading_order(part) if isinstance(b, BigButton))
        return [b for b in order if not b.disabled]

    def move(self, step: int) -> None:
        buttons = self.buttons()
        if not buttons:
            return
        index = buttons.index(self.focused) if self.focused in buttons else -1
        if index == -1 and step < 0:
            index = 0
        button = buttons[(index + step) % len(buttons)]
        self._focus(button)
        text = button.text
        if button.personal and not self.headset():
            text = self.app.tr("ui.speech.personal_hidden")
        self.say(self.app.tr("ui.speech.button", text=text))

    def _focus(self, button: BigButton | None) -> None:
        if self.focused is not None:
            self.focused.focused = False
        self.focused = button
        if button is not None:
            button.focused = True

    def _pad(self) -> NumberPad | None:
        screen = self.app.screen
        for part in (screen.fixed, screen.content):
            stack = [part]
            while stack:
                widget = stack.pop()
                if isinstance(widget, NumberPad) and widget.opacity > 0:
                    return widget
                stack.extend(widget.children)
        return None
