"""The layout, touch-target and contrast checks can fail: each is shown a planted defect on the
real window (and passes the same screen without it). Contrast ratios are checked against
WCAG's published figures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from kivy.graphics import Color, Rectangle
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from screens import ui_driver as ui
from screens.contrast import contrast_problems, ratio
from screens.display import Display
from screens.layout_check import small_targets
from screens.theme import _hex
from screens.widgets import BigButton, KioskLabel, Meter
from tests.ui.conftest import Kiosk

pytestmark = pytest.mark.ui


@pytest.fixture
def planted(kiosk: Kiosk) -> Iterator[BoxLayout]:
    """The welcome screen's text column, with whatever a test plants in it removed after."""
    kiosk.run.on("welcome")
    ui.pump(0.1)
    column = kiosk.app.screen.content
    before = list(column.children)
    yield column
    for widget in list(column.children):
        if widget not in before:
            column.remove_widget(widget)


def rgb(colour: str) -> tuple[int, int, int]:
    red, green, blue, _alpha = _hex(colour)
    return (round(red * 255), round(green * 255), round(blue * 255))


def test_contrast_ratios_match_wcags_published_figures() -> None:
    assert ratio(rgb("#777777"), rgb("#FFFFFF")) == pytest.approx(4.48, abs=0.01)  # fails AA
    assert ratio(rgb("#767676"), rgb("#FFFFFF")) == pytest.approx(4.54, abs=0.01)  # passes
    assert ratio(rgb("#000000"), rgb("#FFFFFF")) == pytest.approx(21.0)
    # The two measurements of the old theme.
    assert ratio(rgb("#F2A900"), rgb("#DDE4EC")) == pytest.approx(1.57, abs=0.01)
    assert ratio(rgb("#FFFFFF"), rgb("#FFFF00")) == pytest.approx(1.07, abs=0.01)


def test_the_real_screen_passes_every_check(kiosk: Kiosk, planted: BoxLayout) -> None:
    assert ui.screen_texts()  # there is a screen to check
    assert ui.clipped() == [] and ui.cut_or_overlapping() == []
    assert ui.small_touch_targets() == [] and contrast_problems() == []


def test_a_57_px_button_is_too_small_on_a_15_6_inch_1080p_screen(
    kiosk: Kiosk, planted: BoxLayout
) -> None:
    button = Button(text="57 px", size_hint=(None, None), size=(57, 57))
    planted.add_widget(button)
    ui.pump(0.1)
    full_hd = Display(1920, 1080, 15.6)
    assert any("'57 px': 10.3x10.3 mm" in p for p in small_targets(kiosk.app.stage, full_hd))
    monitor = Display(1920, 1080, 24.0)  # the same pixels on a 24" monitor: 15.8 mm
    assert not any("'57 px'" in p for p in small_targets(kiosk.app.stage, monitor))


def test_text_wider_than_its_box_is_clipped(kiosk: Kiosk, planted: BoxLayout) -> None:
    planted.add_widget(
        Label(text="Anmodning om fritagelse " * 3, size_hint=(None, None), size=(80, 30))
    )
    ui.pump(0.1)
    assert any("Anmodning om fritagelse" in p for p in ui.clipped())


def test_a_widget_wider_than_its_column_is_cut(kiosk: Kiosk, planted: BoxLayout) -> None:
    planted.add_widget(BigButton(text="wide", size_hint_x=None, width=4000))
    ui.pump(0.1)
    assert any("BigButton 'wide' is cut" in p for p in ui.cut_or_overlapping())


def test_widgets_laid_over_each_other_overlap(kiosk: Kiosk, planted: BoxLayout) -> None:
    row = BoxLayout(spacing=-200, size_hint_y=None, height=80)  # a negative gap: overlap
    row.add_widget(Widget())
    row.add_widget(Widget())
    planted.add_widget(row, index=len(planted.children))
    ui.pump(0.1)
    assert any("Widget overlaps Widget" in p for p in ui.cut_or_overlapping())


def test_pale_text_fails_the_contrast_check(kiosk: Kiosk, planted: BoxLayout) -> None:
    label = KioskLabel(text="pale grey text")
    planted.add_widget(label, index=len(planted.children))
    ui.pump(0.1)
    label.color = _hex("#B0B0B0")  # on #F4F6F8: about 2:1
    ui.pump(0.1)
    assert any("'pale grey text'" in p for p in contrast_problems())


def test_the_old_progress_colours_and_top_bar_fail(kiosk: Kiosk, planted: BoxLayout) -> None:
    meter = Meter(value=1, max=2, size_hint_y=None, height=30)
    planted.add_widget(meter, index=len(planted.children))
    bar = BoxLayout(size_hint_y=None, height=120, padding=20)
    with bar.canvas.before:
        Color(*_hex("#FFFF00"))  # the old high-contrast top bar: yellow
        background = Rectangle()
    bar.bind(pos=lambda w, p: setattr(background, "pos", p))
    bar.bind(size=lambda w, s: setattr(background, "size", s))
    white = Button(text="", background_normal="", background_color=_hex("#FFFFFF"))
    bar.add_widget(white)
    planted.add_widget(bar, index=len(planted.children))
    ui.pump(0.1)
    assert not any("Meter" in p for p in contrast_problems())  # today's colours pass
    meter.canvas.clear()
    with meter.canvas:  # the old colours: amber on light grey, 1.57:1
        Color(*_hex("#DDE4EC"))
        Rectangle(pos=meter.pos, size=meter.size)
        Color(*_hex("#F2A900"))
        Rectangle(pos=meter.pos, size=(meter.width / 2, meter.height))
    ui.pump(0.1)
    problems = contrast_problems()
    assert any(p.startswith("Meter: filled part 1.5") for p in problems)
    assert any(p.startswith("button '': 1.07:1") for p in problems)
