"""A finger on the touchscreen: a Kivy motion event the event loop dispatches to the window.

The UI tests and ``kiosk demo --headless`` touch the screen with it exactly as the touchscreen
provider would (begin, update, end), so every widget sees an ordinary touch. Kivy's own test
helper lives in ``kivy.tests``, which needs pytest: an installed kiosk has no test tools.
"""

from __future__ import annotations

from kivy.base import EventLoop
from kivy.input.motionevent import MotionEvent

FINGER_ID = 1  # one finger at a time


class Finger(MotionEvent):
    """A touch at window coordinates ``(x, y)``; :meth:`press`, :meth:`slide_to`, :meth:`lift`."""

    def __init__(self, x: float, y: float) -> None:
        super().__init__("finger", FINGER_ID, _normalised(x, y), is_touch=True, type_id="touch")

    def depack(self, args: dict[str, float]) -> None:
        self.sx, self.sy = args["x"], args["y"]
        self.profile = ["pos"]
        super().depack(args)

    def press(self) -> None:
        EventLoop.post_dispatch_input("begin", self)

    def slide_to(self, x: float, y: float) -> None:
        self.move(_normalised(x, y))
        EventLoop.post_dispatch_input("update", self)

    def lift(self) -> None:
        EventLoop.post_dispatch_input("end", self)


def _normalised(x: float, y: float) -> dict[str, float]:
    """Window pixels as the 0..1 fractions a touch provider reports."""
    window = EventLoop.window
    return {"x": x / (window.width - 1.0), "y": y / (window.height - 1.0)}
