"""Accessible mode through real Kivy keyboard events on the real window: a key turns speech on,
Tab and the arrows move focus over every button (each one said), Enter presses the focused one,
each new screen is said, digits type on the number pad, and personal data is said only into a
headset (``[audio] headset``)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from kivy.core.window import Window

from screens import ui_driver as ui
from screens.accessible import BACKSPACE, DIGIT_KEYS, ENTER, TAB
from tests.ui.conftest import Kiosk

pytestmark = pytest.mark.ui
KEY_FOR = {digit: key for key, digit in DIGIT_KEYS.items() if key < 256}


def press(key: int, modifiers: tuple[str, ...] = ()) -> None:
    Window.dispatch("on_key_down", key, 0, None, list(modifiers))
    ui.pump(0.05)


def said(kiosk: Kiosk) -> str:
    return "\n".join(kiosk.app.accessible.spoken)


def test_the_keypad_moves_focus_says_each_button_and_presses_it(kiosk: Kiosk) -> None:
    app = kiosk.app
    assert not app.accessible.on
    press(TAB)
    assert app.accessible.on
    ui.wait_for(lambda: kiosk.run.tr("ui.welcome.title") in said(kiosk), "the welcome screen said")
    start = kiosk.run.tr("ui.welcome.start")
    assert app.accessible.focused is not None and app.accessible.focused.text == start
    assert kiosk.run.tr("ui.speech.button", text=start) in said(kiosk)
    press(TAB)  # on to the top bar's first button, and back again
    assert app.accessible.focused.text != start
    press(TAB, ("shift",))
    assert app.accessible.focused.text == start
    press(ENTER)
    kiosk.run.on("document")
    ui.wait_for(
        lambda: kiosk.run.tr("ui.document.title") in said(kiosk), "the document screen said"
    )
    speaker = app.controller.speaker
    if speaker is not None:  # espeak-ng installed: the same words reached the speaker
        title = kiosk.run.tr("ui.document.title")
        ui.wait_for(lambda: any(title in t for t, _l, _w in speaker.spoken), "the speech")
        assert all(wav[:4] == b"RIFF" for _t, _l, wav in speaker.spoken)


def test_digits_and_backspace_type_on_the_screens_number_pad(kiosk: Kiosk) -> None:
    kiosk.run.start()
    kiosk.run.lay("newcomer")  # no CPR number on the document: the health card's is typed
    kiosk.run.on("health_card")
    for digit in "0101":
        press(KEY_FOR[digit])
    press(BACKSPACE)
    entry = next(w for w in ui.widgets() if type(w).__name__ == "NumberEntry")
    assert entry.value == "010"
    assert kiosk.run.tr("ui.pad.erase") in said(kiosk)


@pytest.mark.parametrize("headset", ["absent", "present"])
def test_personal_data_is_said_only_into_a_headset(
    make_kiosk: Callable[..., Kiosk], headset: str
) -> None:
    kiosk = make_kiosk(audio={"headset": headset})
    kiosk.run.start()
    kiosk.run.lay("rich_register")
    kiosk.run.on("confirming")
    persona = kiosk.rig.personas["rich_register"]
    press(TAB)
    ui.wait_for(lambda: kiosk.run.tr("ui.confirm.title") in said(kiosk), "the confirm screen")
    spoken = said(kiosk)
    hidden = kiosk.run.tr("ui.speech.personal_hidden")
    assert ui.screen_texts()  # the name is on the screen either way
    if headset == "absent":
        assert persona.surname not in spoken and "XXXX" not in spoken
        assert hidden in spoken
    else:
        assert persona.surname in spoken and "XXXX" in spoken
        assert hidden not in spoken


def test_the_end_of_the_visit_turns_the_mode_off(kiosk: Kiosk) -> None:
    press(TAB)
    press(ENTER)
    kiosk.run.on("document")
    assert kiosk.app.accessible.on
    kiosk.run.tap("ui.common.cancel")
    kiosk.run.on("welcome")
    ui.wait_for(lambda: not kiosk.app.accessible.on, "the mode off for the next citizen")
