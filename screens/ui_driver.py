"""Drives the real kiosk UI the way a finger does: for the UI tests and ``kiosk demo --headless``.

Taps are real touches (:class:`screens.finger.Finger`) at a widget's window coordinates,
dispatched through the window like a touchscreen's, and the main loop is advanced with
``EventLoop.idle()``. Nothing here calls a screen or the session directly: a tap on a button
that is not on the screen fails, as it would for a citizen.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

from kivy.base import EventLoop
from kivy.core.window import Window
from kivy.uix.button import Button
from kivy.uix.textinput import TextInput
from kivy.uix.widget import Widget

from screens.finger import Finger
from screens.layout_check import clipped_texts, cut_widgets, small_targets, visible_texts, walk

FRAME_SECONDS = 1 / 60
YIELD_SECONDS = 0.004  # between frames: time for the worker threads to run
DEFAULT_WAIT_SECONDS = 20.0


class UiDriverError(AssertionError):
    """What the script expected is not on the screen."""


def pump(seconds: float = 0.0) -> None:
    """Run the main loop for ``seconds`` (at least one frame)."""
    deadline = time.monotonic() + seconds
    while True:
        EventLoop.idle()
        if time.monotonic() >= deadline:
            return
        time.sleep(YIELD_SECONDS)


def wait_for(
    condition: Callable[[], bool], what: str, timeout: float = DEFAULT_WAIT_SECONDS
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise UiDriverError(f"timed out waiting for {what}; screen shows {screen_texts()}")
        pump()
        time.sleep(YIELD_SECONDS)
    pump(FRAME_SECONDS)


def widgets() -> Iterator[Widget]:
    for child in list(Window.children):
        yield from walk(child)


def screen_texts() -> list[str]:
    """What the window shows now: every visible text, top of the tree first."""
    texts: list[str] = []
    for child in list(Window.children):
        texts.extend(visible_texts(child))
    return texts


def clipped() -> list[str]:
    problems: list[str] = []
    for child in list(Window.children):
        problems.extend(clipped_texts(child))
    return problems


def small_touch_targets() -> list[str]:
    """Buttons on screen under the 15 mm touch target, measured on the configured display."""
    problems: list[str] = []
    for child in list(Window.children):
        problems.extend(small_targets(child))
    return problems


def cut_or_overlapping() -> list[str]:
    """Widgets cut by their layout or the window, and widgets laid over each other."""
    window = (0.0, 0.0, float(Window.width), float(Window.height))
    problems: list[str] = []
    for child in list(Window.children):
        problems.extend(cut_widgets(child, window))
    return problems


def shown(widget: Widget) -> bool:
    """On screen: in the window tree, opaque, and not clipped away by a scroll view's edge."""
    node: Widget | None = widget
    while node is not None and node is not node.parent:
        if node.opacity == 0 or getattr(node, "disabled", False):
            return False
        node = node.parent
    return True


def find_button(text: str) -> Button:
    candidates = [w for w in widgets() if isinstance(w, Button) and w.text == text and shown(w)]
    if not candidates:
        raise UiDriverError(f"no button {text!r} on screen; screen shows {screen_texts()}")
    return candidates[0]


def tap(widget: Widget) -> None:
    """A finger on the widget's centre, scrolled into view first when it sits in a ScrollView."""
    scroll_into_view(widget)
    x, y = widget.to_window(*widget.center)
    finger = Finger(x, y)
    finger.press()
    pump()
    finger.lift()
    settle()


def settle(timeout: float = 1.0) -> None:
    """Let every scroll view finish deciding whether the last touch was a tap or a scroll
    (its ``scroll_timeout``); a touch that comes sooner would be taken for part of a scroll."""
    from kivy.uix.scrollview import ScrollView

    deadline = time.monotonic() + timeout
    pump()
    while time.monotonic() < deadline and any(
        getattr(w, "_touch", None) for w in widgets() if isinstance(w, ScrollView)
    ):
        pump(FRAME_SECONDS)


def tap_text(text: str) -> None:
    tap(find_button(text))


def draw(widget: Widget, points: list[tuple[float, float]]) -> None:
    """A finger stroke over ``widget``; points are fractions (0..1) of its size."""
    scroll_into_view(widget)

    def at(fx: float, fy: float) -> tuple[float, float]:
        return widget.to_window(widget.x + fx * widget.width, widget.y + fy * widget.height)

    finger = Finger(*at(*points[0]))
    finger.press()
    for point in points[1:]:
        finger.slide_to(*at(*point))
        pump(FRAME_SECONDS)
    finger.lift()
    settle()


def scroll_into_view(widget: Widget) -> None:
    from kivy.uix.scrollview import ScrollView

    node = widget.parent
    while node is not None and node is not node.parent:
        if isinstance(node, ScrollView):
            node.scroll_to(widget, padding=10, animate=False)
            pump(FRAME_SECONDS * 2)
            return
        node = node.parent


def type_digits(digits: str) -> None:
    """Tap the number pad's keys on the current screen."""
    for digit in digits:
        tap_text(digit)


def type_text(text: str) -> None:
    """Type ``text`` into the text field on the current screen, as a keyboard does."""
    field = next(w for w in widgets() if isinstance(w, TextInput) and shown(w))
    field.focus = True
    field.insert_text(text)
    pump(FRAME_SECONDS)


def screenshot(path: Path) -> Path:
    """A PNG of the window; Kivy appends a counter to the name, so rename to ``path``."""
    pump(FRAME_SECONDS * 2)
    written = Path(Window.screenshot(name=str(path)))
    written.replace(path)
    return path
