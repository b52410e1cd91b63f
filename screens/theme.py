"""Colours, sizes and type for the kiosk, with a large-text / high-contrast variant.

Touch targets are at least 15 mm on the glass (Kivy's ``mm`` unit follows the display's dpi).
"""

from __future__ import annotations

from dataclasses import dataclass

Rgba = tuple[float, float, float, float]

MIN_TOUCH_MM = 15.0


@dataclass(frozen=True)
class Theme:
    name: str
    background: Rgba
    surface: Rgba
    text: Rgba
    muted_text: Rgba
    primary: Rgba
    on_primary: Rgba
    secondary: Rgba
    on_secondary: Rgba
    danger: Rgba
    focus: Rgba
    font_scale: float = 1.0

    @property
    def body_sp(self) -> float:
        return 22 * self.font_scale

    @property
    def title_sp(self) -> float:
        return 34 * self.font_scale

    @property
    def button_sp(self) -> float:
        return 24 * self.font_scale


def _hex(value: str, alpha: float = 1.0) -> Rgba:
    value = value.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (red, green, blue, alpha)


STANDARD = Theme(
    name="standard",
    background=_hex("#F4F6F8"),
    surface=_hex("#FFFFFF"),
    text=_hex("#1A1A1A"),
    muted_text=_hex("#4A5560"),
    primary=_hex("#14487F"),
    on_primary=_hex("#FFFFFF"),
    secondary=_hex("#DDE4EC"),
    on_secondary=_hex("#14487F"),
    danger=_hex("#B3261E"),
    focus=_hex("#F2A900"),
)

HIGH_CONTRAST = Theme(
    name="high_contrast",
    background=_hex("#000000"),
    surface=_hex("#000000"),
    text=_hex("#FFFFFF"),
    muted_text=_hex("#FFFF66"),
    primary=_hex("#FFFF00"),
    on_primary=_hex("#000000"),
    secondary=_hex("#FFFFFF"),
    on_secondary=_hex("#000000"),
    danger=_hex("#FF6666"),
    focus=_hex("#00FFFF"),
    font_scale=1.3,
)


def theme_for(accessible: bool) -> Theme:
    return HIGH_CONTRAST if accessible else STANDARD
