"""The hidden gesture: a long press in the bottom-left corner opens the staff login.

The corner sits over the screen's padding, where no button is. It never takes a touch from
the widgets under it (a short tap there does nothing); only a press held for
``LONG_PRESS_SECONDS`` and released inside the corner counts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from kivy.uix.widget import Widget

from screens.display import mm

LONG_PRESS_SECONDS = 1.5
CORNER_MM = 10
MARK = "staff_corner_pressed_at"


class CornerPress(Widget):
    def __init__(self, on_long_press: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.size_hint = (None, None)
        self.size = (mm(CORNER_MM), mm(CORNER_MM))
        self.pos_hint = {"x": 0, "y": 0}
        self._on_long_press = on_long_press

    def on_touch_down(self, touch: Any) -> bool:
        if self.collide_point(*touch.pos):
            touch.ud[MARK] = time.monotonic()
        return False

    def on_touch_up(self, touch: Any) -> bool:
        pressed_at = touch.ud.get(MARK)
        if pressed_at is None or not self.collide_point(*touch.pos):
            return False
        if time.monotonic() - pressed_at >= LONG_PRESS_SECONDS:
            self._on_long_press()
        return False
