"""Every citizen screen in every language at the largest text size, in both contrast modes: no
text clipped, no widget cut off or laid over another, every touch target at least 15 mm on the
configured display, and WCAG 2.2 AA contrast measured on the rendered pixels."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from screens import ui_driver as ui
from screens.contrast import contrast_problems
from screens.theme import TEXT_SCALES
from tests.ui.conftest import Kiosk
from tests.ui.screen_views import views

pytestmark = pytest.mark.ui
LANGUAGES = ("da", "en")
SHOTS = os.environ.get("KIOSK_SWEEP_SHOTS", "")  # a folder for a PNG of each failing screen


def problems_on_screen() -> list[str]:
    ui.pump(ui.FRAME_SECONDS * 3)
    return [
        *ui.clipped(),
        *ui.cut_or_overlapping(),
        *ui.small_touch_targets(),
        *contrast_problems(),
    ]


@pytest.mark.timeout(600)  # 20 screens in 2 languages, each measured on its pixels
@pytest.mark.parametrize("high_contrast", [False, True], ids=["standard", "high-contrast"])
def test_every_screen_in_every_language_at_the_largest_text(
    kiosk: Kiosk, high_contrast: bool
) -> None:
    app = kiosk.app
    app.text_scale = max(TEXT_SCALES)
    app.high_contrast = high_contrast
    problems: list[str] = []
    shown = 0
    for language in LANGUAGES:
        app.set_language(language)  # through the visit, as the top bar's button does
        ui.wait_for(
            lambda lang=language: app.view is not None and app.view.language == lang, language
        )
        for label, view in views(language):
            name = "help" if view.help else app.registry.screen_for_state(view.state)
            app.show_screen(name, view)
            shown += 1
            found = problems_on_screen()
            if found and SHOTS:
                ui.screenshot(Path(SHOTS) / f"{language}-{label}-{app.theme.name}.png")
            problems.extend(f"{language} {label}: {p}" for p in found)
    assert shown == len(LANGUAGES) * len(views("da"))
    assert problems == [], "\n".join(problems)


def test_the_sweep_covers_every_state_a_citizen_screen_renders(kiosk: Kiosk) -> None:
    swept = {view.state for _label, view in views("da") if view.help is None}
    assert set(kiosk.app.registry.states) - swept == set()
