"""Colours, sizes and type for the kiosk: a standard and a high-contrast palette, and large
text at 1.5x and 2x, chosen separately by the citizen and reset at the end of each visit.

Every pair the screen draws meets WCAG 2.2 AA (text 4.5:1, controls and the progress bar's
filled part 3:1); ``tests/ui/test_contrast.py`` measures them on the rendered pixels. Sizes are
in millimetres on the glass (:mod:`screens.display`); touch targets are at least 15 mm.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

Rgba = tuple[float, float, float, float]

MIN_TOUCH_MM = 15.0
TEXT_SCALES = (1.0, 1.5, 2.0)  # "Larger text" steps through these, then back to 1x


@dataclass(frozen=True)
class Theme:
    name: str
    background: Rgba
    surface: Rgba
    bar: Rgba  # the top bar under language, text size, contrast, read-aloud and help
    text: Rgba
    muted_text: Rgba
    primary: Rgba
    on_primary: Rgba
    secondary: Rgba
    on_secondary: Rgba
    outline: Rgba  # the edge of a secondary button, 3:1 against what is around it
    danger: Rgba
    focus: Rgba  # the keyboard focus ring
    track: Rgba  # the unfilled part of a progress bar; its filled part is ``primary``
    font_scale: float = 1.0

    # Type sizes in millimetres (22, 34 and 24 px at 96 dpi).
    @property
    def body_mm(self) -> float:
        return 5.8 * self.font_scale

    @property
    def title_mm(self) -> float:
        return 9.0 * self.font_scale

    @property
    def button_mm(self) -> float:
        return 6.35 * self.font_scale


def _hex(value: str, alpha: float = 1.0) -> Rgba:
    value = value.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (red, green, blue, alpha)


STANDARD = Theme(
    name="standard",
    background=_hex("#F4F6F8"),
    surface=_hex("#FFFFFF"),
    bar=_hex("#FFFFFF"),
    text=_hex("#1A1A1A"),
    muted_text=_hex("#4A5560"),
    primary=_hex("#14487F"),
    on_primary=_hex("#FFFFFF"),
    secondary=_hex("#DDE4EC"),
    on_secondary=_hex("#14487F"),
    outline=_hex("#14487F"),
    danger=_hex("#B3261E"),
    focus=_hex("#1A1A1A"),
    track=_hex("#C9D3DE"),
)

HIGH_CONTRAST = Theme(
    name="high_contrast",
    background=_hex("#000000"),
    surface=_hex("#000000"),
    bar=_hex("#000000"),
    text=_hex("#FFFFFF"),
    muted_text=_hex("#FFFF66"),
    primary=_hex("#FFFF00"),
    on_primary=_hex("#000000"),
    secondary=_hex("#000000"),
    on_secondary=_hex("#FFFFFF"),
    outline=_hex("#FFFFFF"),
    danger=_hex("#FF6666"),
    focus=_hex("#00FFFF"),
    track=_hex("#555555"),
)


def theme_for(high_contrast: bool, text_scale: float = 1.0) -> Theme:
    """The palette for the contrast choice, with type at ``text_scale``."""
    base = HIGH_CONTRAST if high_contrast else STANDARD
    return base if text_scale == 1.0 else dataclasses.replace(base, font_scale=text_scale)


def next_text_scale(scale: float) -> float:
    """The step after ``scale`` in :data:`TEXT_SCALES` (2x goes back to 1x)."""
    steps = list(TEXT_SCALES)
    return steps[(steps.index(scale) + 1) % len(steps)] if scale in steps else steps[0]
