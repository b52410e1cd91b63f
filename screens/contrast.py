"""WCAG 2.2 AA contrast measured on the rendered pixels of the window (not on the theme's
declared colours): text 4.5:1 against what is behind it (1.4.3), and controls and a progress
bar's filled part 3:1 against what is around them (1.4.11). The ratio is ColorAide's WCAG 2.1
contrast (the same formula in WCAG 2.2)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from coloraide import Color
from kivy.core.window import Window
from kivy.uix.button import Button
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from screens.layout_check import Box, box, walk_visible
from screens.widgets import Meter

TEXT_MINIMUM = 4.5
CONTROL_MINIMUM = 3.0
Pixels = np.ndarray
Rgb = tuple[int, int, int]
BAND_PX = 3  # the strip read outside and along a control's edge


def frame() -> Pixels:
    """The window's last drawn frame as rows of RGB, row 0 at the bottom (Kivy's y)."""
    from kivy.graphics.opengl import GL_RGB, GL_UNSIGNED_BYTE, glReadPixels

    width, height = Window.size
    data = glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE)
    return np.frombuffer(data, dtype=np.uint8).reshape(height, width, 3)


def ratio(first: Rgb, second: Rgb) -> float:
    """The WCAG contrast ratio of two sRGB colours (1 to 21)."""
    one = Color("srgb", [c / 255 for c in first])
    two = Color("srgb", [c / 255 for c in second])
    return float(one.contrast(two, method="wcag21"))


def _crop(pixels: Pixels, area: Box) -> Pixels:
    height, width = pixels.shape[:2]
    left, bottom = max(0, int(area[0])), max(0, int(area[1]))
    right, top = min(width, int(area[2])), min(height, int(area[3]))
    if right <= left or top <= bottom:
        return np.zeros((0, 3), dtype=np.uint8)
    return pixels[bottom:top, left:right].reshape(-1, 3)


def dominant(pixels: Pixels) -> Rgb | None:
    """The most common colour of ``pixels`` (N x 3); None when there are none."""
    if len(pixels) == 0:
        return None
    wide = pixels.astype(np.uint32)
    packed = (wide[:, 0] << 16) | (wide[:, 1] << 8) | wide[:, 2]
    colours, counts = np.unique(packed, return_counts=True)
    colour = int(colours[int(np.argmax(counts))])
    return (colour >> 16, (colour >> 8) & 0xFF, colour & 0xFF)


def ink(pixels: Pixels, background: Rgb) -> Rgb:
    """The pixel of ``pixels`` that stands out most from ``background`` (the text's colour)."""
    weights = np.array([0.2126, 0.7152, 0.0722])
    light = (pixels / 255.0) @ weights
    base = (np.array(background) / 255.0) @ weights
    red, green, blue = pixels[int(np.argmax(np.abs(light - base)))]
    return (int(red), int(green), int(blue))


def shown_box(widget: Widget) -> Box | None:
    """The part of ``widget`` on screen: inside the window and every scroll view around it."""
    left, bottom, right, top = box(widget)
    left, bottom = max(left, 0), max(bottom, 0)
    right, top = min(right, Window.width), min(top, Window.height)
    node = widget.parent
    while node is not None and node is not node.parent:
        if isinstance(node, ScrollView):
            view = box(node)
            left, bottom = max(left, view[0]), max(bottom, view[1])
            right, top = min(right, view[2]), min(top, view[3])
        node = node.parent
    if right - left < widget.width / 2 or top - bottom < widget.height / 2:
        return None  # mostly scrolled away: too little of it on screen to measure
    return (left, bottom, right, top)


def _outside(pixels: Pixels, area: Box) -> Pixels:
    """The band just outside ``area`` (its four sides)."""
    left, bottom, right, top = area
    sides = (
        (left - BAND_PX - 1, bottom, left - 1, top),
        (right + 1, bottom, right + BAND_PX + 1, top),
        (left, bottom - BAND_PX - 1, right, bottom - 1),
        (left, top + 1, right, top + BAND_PX + 1),
    )
    return np.concatenate([_crop(pixels, side) for side in sides])


def _edge(pixels: Pixels, area: Box) -> Pixels:
    """The band just inside ``area``'s edge."""
    left, bottom, right, top = area
    sides = (
        (left, bottom, left + BAND_PX, top),
        (right - BAND_PX, bottom, right, top),
        (left, bottom, right, bottom + BAND_PX),
        (left, top - BAND_PX, right, top),
    )
    return np.concatenate([_crop(pixels, side) for side in sides])


def text_problems(root: Widget, pixels: Pixels) -> Iterator[str]:
    for widget in walk_visible(root):
        if not isinstance(widget, Label) or not widget.text.strip():
            continue
        area = shown_box(widget)
        if area is None:
            continue
        inset = 4.0 if isinstance(widget, Button) else 0.0  # inside a button's outline
        region = _crop(pixels, (area[0] + inset, area[1] + inset, area[2] - inset, area[3] - inset))
        background = dominant(region)
        if background is None:
            continue
        measured = ratio(ink(region, background), background)
        if measured < TEXT_MINIMUM:
            yield f"text {widget.text[:30]!r}: {measured:.2f}:1 (needs {TEXT_MINIMUM}:1)"


def control_problems(root: Widget, pixels: Pixels) -> Iterator[str]:
    for widget in walk_visible(root):
        if not isinstance(widget, Button):
            continue
        area = shown_box(widget)
        if area is None or area != box(widget):
            continue  # partly scrolled away: its edge is not on screen
        around = dominant(_outside(pixels, area))
        edge = dominant(_edge(pixels, area))
        fill = dominant(_crop(pixels, area))
        if around is None or edge is None or fill is None:
            continue
        measured = max(ratio(edge, around), ratio(fill, around))
        if measured < CONTROL_MINIMUM:
            yield f"button {widget.text[:30]!r}: {measured:.2f}:1 against its surroundings"


def meter_problems(root: Widget, pixels: Pixels) -> Iterator[str]:
    """A bar's filled part against its unfilled part and against what is around the bar."""
    for widget in walk_visible(root):
        if not isinstance(widget, Meter) or not 0 < widget.value < widget.max:
            continue
        area = shown_box(widget)
        if area is None:
            continue
        split = area[0] + (area[2] - area[0]) * widget.value / widget.max
        filled = dominant(_crop(pixels, (area[0], area[1], split, area[3])))
        track = dominant(_crop(pixels, (split + 1, area[1], area[2], area[3])))
        around = dominant(_outside(pixels, area))
        if filled is None or track is None or around is None:
            continue
        measured = min(ratio(filled, track), ratio(filled, around))
        if measured < CONTROL_MINIMUM:
            yield f"{type(widget).__name__}: filled part {measured:.2f}:1"


def contrast_problems(pixels: Pixels | None = None) -> list[str]:
    """Every text, control and progress bar in the window below WCAG 2.2 AA."""
    pixels = frame() if pixels is None else pixels
    problems: list[str] = []
    for child in list(Window.children):
        for check in (text_problems, control_problems, meter_problems):
            problems.extend(check(child, pixels))
    return problems
