"""Finds what a citizen could not read or reach: text that does not fit its widget (clipped),
a widget cut off by its parent or the window, widgets laid over each other, and touch targets
under 15 mm on the configured display. Used by the UI tests and by ``kiosk demo --headless`` on
every screen it captures; ``tests/ui/test_layout_checks.py`` plants each defect.
"""

from __future__ import annotations

from collections.abc import Iterator

from kivy.uix.button import Button
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.label import Label
from kivy.uix.layout import Layout
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from screens.display import Display, current_display
from screens.theme import MIN_TOUCH_MM

TOLERANCE_PX = 1.0
Box = tuple[float, float, float, float]  # left, bottom, right, top in window coordinates


def walk(widget: Widget) -> Iterator[Widget]:
    yield widget
    for child in widget.children:
        yield from walk(child)


def visible(widget: Widget) -> bool:
    return widget.opacity > 0 and widget.width > 0 and widget.height > 0


def walk_visible(widget: Widget) -> Iterator[Widget]:
    """``widget`` and its descendants, skipping whatever is hidden (opacity 0, no size)."""
    if not visible(widget):
        return
    yield widget
    for child in widget.children:
        yield from walk_visible(child)


def clipped_texts(root: Widget) -> list[str]:
    """A line for each visible label (buttons too) whose text overflows its box."""
    problems = []
    for widget in walk_visible(root):
        if not isinstance(widget, Label) or not widget.text:
            continue
        widget.texture_update()
        text_width, text_height = widget.texture_size
        if text_width > widget.width + TOLERANCE_PX or text_height > widget.height + TOLERANCE_PX:
            problems.append(
                f"{type(widget).__name__} {widget.text[:40]!r}: text {text_width:.0f}x"
                f"{text_height:.0f} px in a {widget.width:.0f}x{widget.height:.0f} px box"
            )
    return problems


def box(widget: Widget) -> Box:
    left, bottom = widget.to_window(widget.x, widget.y)
    return (left, bottom, left + widget.width, bottom + widget.height)


def _name(widget: Widget) -> str:
    text = getattr(widget, "text", "")
    return f"{type(widget).__name__}{f' {text[:30]!r}' if text else ''}"


def _inside(inner: Box, outer: Box, *, scroll_y: bool = False) -> bool:
    tolerance = TOLERANCE_PX
    horizontal = inner[0] >= outer[0] - tolerance and inner[2] <= outer[2] + tolerance
    vertical = inner[1] >= outer[1] - tolerance and inner[3] <= outer[3] + tolerance
    return horizontal and (vertical or scroll_y)


def _overlap(a: Box, b: Box) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > TOLERANCE_PX and (
        min(a[3], b[3]) - max(a[1], b[1]) > TOLERANCE_PX
    )


def cut_widgets(root: Widget, window: Box) -> list[str]:
    """Widgets reaching outside their layout or the window (cut off), and siblings of one
    layout laid over each other. A scroll view's content may run past it vertically when it
    scrolls (large text), never sideways; what it holds is then checked against it only."""
    problems: list[str] = []
    _check_children(root, window, False, problems)
    return problems


def _check_children(parent: Widget, window: Box, scrolled: bool, problems: list[str]) -> None:
    if not visible(parent):
        return
    children = [c for c in parent.children if visible(c)]
    scrolls = isinstance(parent, ScrollView) and bool(parent.do_scroll_y)
    if isinstance(parent, Layout | ScrollView):
        outer = box(parent)
        for child in children:
            inner = box(child)
            if not _inside(inner, outer, scroll_y=scrolls):
                problems.append(f"{_name(child)} is cut by its {_name(parent)}")
            elif not scrolled and not scrolls and not _inside(inner, window):
                problems.append(f"{_name(child)} is cut by the window")
    if isinstance(parent, Layout) and not isinstance(parent, FloatLayout):
        for index, first in enumerate(children):
            for second in children[index + 1 :]:
                if _overlap(box(first), box(second)):
                    problems.append(f"{_name(first)} overlaps {_name(second)}")
    for child in children:
        _check_children(child, window, scrolled or scrolls, problems)


def small_targets(root: Widget, display: Display | None = None) -> list[str]:
    """Visible buttons under 15 mm in either direction on ``display`` (the configured one)."""
    display = display or current_display()
    limit = display.mm(MIN_TOUCH_MM) - TOLERANCE_PX
    return [
        f"{_name(w)}: {display.to_mm(w.width):.1f}x{display.to_mm(w.height):.1f} mm"
        for w in walk_visible(root)
        if isinstance(w, Button) and not w.disabled and (w.width < limit or w.height < limit)
    ]


def visible_texts(root: Widget) -> list[str]:
    """Every visible label's text, top of the tree first: what the screen shows."""
    return [w.text for w in walk_visible(root) if isinstance(w, Label) and w.text]
