"""Finds text that does not fit its widget: a label or button whose rendered text is wider or
taller than the widget (clipped), or empty where text is expected. Used by the UI tests and by
``kiosk demo --headless`` on every screen it captures.
"""

from __future__ import annotations

from collections.abc import Iterator

from kivy.uix.label import Label
from kivy.uix.widget import Widget

TOLERANCE_PX = 1.0


def walk(widget: Widget) -> Iterator[Widget]:
    yield widget
    for child in widget.children:
        yield from walk(child)


def clipped_texts(root: Widget) -> list[str]:
    """A line for each visible label (buttons too) whose text overflows its box."""
    problems = []
    for widget in walk(root):
        if not isinstance(widget, Label) or not widget.text or widget.opacity == 0:
            continue
        widget.texture_update()
        text_width, text_height = widget.texture_size
        if text_width > widget.width + TOLERANCE_PX or text_height > widget.height + TOLERANCE_PX:
            problems.append(
                f"{type(widget).__name__} {widget.text[:40]!r}: text {text_width:.0f}x"
                f"{text_height:.0f} px in a {widget.width:.0f}x{widget.height:.0f} px box"
            )
    return problems


def visible_texts(root: Widget) -> list[str]:
    """Every visible label's text, top of the tree first: what the screen shows."""
    return [
        widget.text
        for widget in walk(root)
        if isinstance(widget, Label) and widget.text and widget.opacity > 0
    ]
