"""Sizes in millimetres on the kiosk's glass, not in Kivy's assumed 96 dpi.

Pixels per millimetre come from the configured diagonal (``[display] diagonal_inches``) and the
window's resolution: a 57 px button is 15 mm on a 15.6" 1280x800 screen but 10 mm on a 15.6"
1920x1080 one. The app calls :func:`use_display` before it builds a widget; :func:`mm` (also in
the ``.kv`` files) then gives pixels on that screen. No Kivy import: it is plain arithmetic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class Display:
    """A screen of ``width_px`` x ``height_px`` pixels behind a glass of ``diagonal_inches``."""

    width_px: int
    height_px: int
    diagonal_inches: float

    @property
    def px_per_mm(self) -> float:
        return math.hypot(self.width_px, self.height_px) / (self.diagonal_inches * MM_PER_INCH)

    def mm(self, millimetres: float) -> float:
        """Pixels for ``millimetres`` on this screen."""
        return millimetres * self.px_per_mm

    def to_mm(self, pixels: float) -> float:
        """Millimetres on the glass for ``pixels``."""
        return pixels / self.px_per_mm


DEFAULT_DISPLAY = Display(1280, 800, 15.6)
_current = [DEFAULT_DISPLAY]


def use_display(display: Display) -> None:
    """The screen every later :func:`mm` measures on (set once the window exists)."""
    _current[0] = display


def current_display() -> Display:
    return _current[0]


def mm(millimetres: float) -> float:
    """Pixels for ``millimetres`` on the current display."""
    return _current[0].mm(millimetres)
