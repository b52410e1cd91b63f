"""Millimetres on the glass from the configured diagonal and the window's resolution."""

from __future__ import annotations

import pytest

from screens.display import Display

KIVY_ASSUMED_DPI = 96.0


def test_a_57_px_button_is_about_10_mm_on_a_15_6_inch_1080p_screen() -> None:
    full_hd = Display(1920, 1080, 15.6)
    assert full_hd.px_per_mm * 25.4 == pytest.approx(141.2, abs=0.1)  # the panel's dpi
    assert full_hd.to_mm(57) == pytest.approx(10.25, abs=0.05)
    assert 57 / KIVY_ASSUMED_DPI * 25.4 > 15  # what Kivy's 96 dpi would have said


def test_15_mm_round_trips_and_scales_with_the_glass() -> None:
    small = Display(1280, 800, 10.1)
    large = Display(1280, 800, 21.5)
    assert small.to_mm(small.mm(15)) == pytest.approx(15)
    assert small.mm(15) > large.mm(15)  # the same resolution on smaller glass: more px per mm
