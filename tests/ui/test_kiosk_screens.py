"""Help, language, large text / high contrast, the inactivity countdown and device faults, through
real taps on the real window; each test asserts on what the screen shows."""

from __future__ import annotations

import pytest
from kivy.core.window import Window
from kivy.graphics import Color

from drivers.speech import EspeakSpeaker
from kiosk.i18n import gettext
from screens import ui_driver as ui
from screens.finger import Finger
from screens.theme import HIGH_CONTRAST, STANDARD
from tests.ui.conftest import Kiosk

pytestmark = pytest.mark.ui
# A TD3 MRZ whose composite check digit is wrong: what a misread looks like.
MISREAD = (
    b"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\rL898902C36UTO7408122F1204159ZE184226B<<<<<19\r"
)


def to_confirm(kiosk: Kiosk, persona: str = "rich_register") -> None:
    kiosk.run.start()
    kiosk.run.lay(persona)
    kiosk.run.on("confirming")


def test_r13_help_is_one_tap_away_and_closing_it_returns(kiosk: Kiosk) -> None:
    kiosk.run.start()
    kiosk.run.tap("ui.top.help")
    kiosk.run.on("help")
    municipality = kiosk.app.config_.municipality
    assert (
        kiosk.run.tr(
            "ui.help.centre",
            centre=municipality.service_centre,
            phone=municipality.service_centre_phone,
        )
        in kiosk.texts()
    )
    assert kiosk.run.tr("ui.top.help") not in kiosk.texts()  # no help button on help itself
    assert ui.clipped() == []
    kiosk.run.tap("ui.help.close")
    kiosk.run.on("document")
    assert kiosk.run.tr("ui.document.title") in kiosk.texts()


def test_language_switches_on_the_welcome_screen_and_mid_journey(kiosk: Kiosk) -> None:
    assert gettext("da", "ui.welcome.title") in kiosk.texts()
    kiosk.run.tap_plain("English")
    kiosk.run.see("ui.welcome.title")
    assert gettext("en", "ui.welcome.title") in kiosk.texts()
    kiosk.run.tap_plain("Dansk")
    to_confirm(kiosk)
    assert gettext("da", "ui.confirm.title") in kiosk.texts()
    kiosk.run.tap_plain("English")
    assert gettext("en", "ui.confirm.title") in kiosk.texts()
    assert gettext("en", "ui.confirm.yes") in kiosk.texts()
    assert ui.clipped() == []


def test_issue5_english_chosen_mid_visit_is_the_language_of_the_printouts(kiosk: Kiosk) -> None:
    to_confirm(kiosk)
    kiosk.run.tap_plain("English")
    kiosk.run.tap("ui.confirm.yes")
    kiosk.run.on("choosing")
    kiosk.run.tap("ui.path.questions")
    kiosk.run.on("questions")
    kiosk.run.answer_questions("rich_register")
    kiosk.run.see("ui.issued.title")
    ui.wait_for(lambda: len(kiosk.rig.printed_files()) == 2, "the slip and the code card")
    slip = next(
        text
        for path in kiosk.rig.printouts.glob("*.txt")
        if gettext("en", "print.slip.title") in (text := path.read_text(encoding="utf-8"))
    )
    assert gettext("da", "print.slip.title") not in slip


@pytest.mark.parametrize("language", ["da", "en"])
def test_larger_text_and_high_contrast_are_separate_and_fit(kiosk: Kiosk, language: str) -> None:
    if language != kiosk.app.language:
        kiosk.run.tap_plain({"da": "Dansk", "en": "English"}[language])
    to_confirm(kiosk)
    title = next(w for w in ui.widgets() if getattr(w, "role", "") == "title")
    standard_size = title.font_size
    kiosk.run.tap("ui.top.large_text")
    assert kiosk.app.theme.font_scale == 1.5 and kiosk.app.theme.name == STANDARD.name
    kiosk.run.tap("ui.top.large_text")
    assert kiosk.app.theme.font_scale == 2.0
    title = next(w for w in ui.widgets() if getattr(w, "role", "") == "title")
    assert title.font_size == pytest.approx(2 * standard_size)
    kiosk.run.tap("ui.top.contrast")
    assert kiosk.app.theme.name == HIGH_CONTRAST.name and kiosk.app.theme.font_scale == 2.0
    assert tuple(Window.clearcolor) == HIGH_CONTRAST.background
    # Widgets drawn before the switch follow it too (the top bar is built once per screen).
    bar_colours = [
        i.rgba for i in kiosk.app.screen.top_bar.canvas.before.children if isinstance(i, Color)
    ]
    assert tuple(bar_colours[0]) == HIGH_CONTRAST.bar
    kiosk.run.tap("ui.confirm.yes")
    kiosk.run.on("choosing")
    assert kiosk.run.tr("ui.path.questions") in kiosk.texts()
    assert ui.clipped() == [] and ui.cut_or_overlapping() == []
    assert ui.small_touch_targets() == []
    kiosk.run.tap("ui.top.contrast")
    assert kiosk.app.theme.name == STANDARD.name and kiosk.app.theme.font_scale == 2.0


def test_text_size_and_contrast_are_reset_for_the_next_citizen(kiosk: Kiosk) -> None:
    to_confirm(kiosk)
    kiosk.run.tap("ui.top.large_text")
    kiosk.run.tap("ui.top.contrast")
    assert kiosk.app.theme.font_scale == 1.5 and kiosk.app.theme.name == HIGH_CONTRAST.name
    kiosk.run.tap("ui.confirm.no")  # the visit ends
    kiosk.run.on("welcome")
    ui.wait_for(lambda: kiosk.app.theme is STANDARD, "the standard theme")
    assert tuple(Window.clearcolor) == STANDARD.background


def test_more_time_keeps_the_visit(kiosk: Kiosk) -> None:
    to_confirm(kiosk)
    timeouts = kiosk.app.config_.timeouts
    kiosk.run.idle(timeouts.inactivity_seconds - timeouts.warning_seconds + 1)
    ui.wait_for(lambda: kiosk.app.warning.shown, "the inactivity warning")
    kiosk.run.tap("ui.timeout.more_time")
    ui.wait_for(lambda: not kiosk.app.warning.shown, "the warning to go")
    kiosk.run.idle(timeouts.warning_seconds + 1)
    assert kiosk.app.manager.current == "confirming"
    assert kiosk.run.tr("ui.confirm.title") in kiosk.texts()


def test_more_time_on_the_help_screen_keeps_the_help_open(kiosk: Kiosk) -> None:
    """The keep-alive is JourneySession.still_here: it changes nothing but the idle time."""
    to_confirm(kiosk)
    kiosk.run.tap("ui.top.help")
    kiosk.run.on("help")
    timeouts = kiosk.app.config_.timeouts
    kiosk.run.idle(timeouts.inactivity_seconds - timeouts.warning_seconds + 1)
    ui.wait_for(lambda: kiosk.app.warning.shown, "the inactivity warning")
    kiosk.run.tap("ui.timeout.more_time")
    ui.wait_for(lambda: not kiosk.app.warning.shown, "the warning to go")
    ui.settle()
    assert kiosk.app.manager.current == "help"
    kiosk.run.idle(timeouts.warning_seconds + 1)
    assert kiosk.app.manager.current == "help"


def test_a_misread_document_asks_to_lay_it_again(kiosk: Kiosk) -> None:
    kiosk.run.start()
    kiosk.rig.reader_device.write(MISREAD)
    kiosk.run.see("ui.reader.read_error")
    assert kiosk.app.manager.current == "document"
    kiosk.run.lay("rich_register")  # laid again, read right
    kiosk.run.on("confirming")


def test_r4_paper_out_mid_issuance_offers_the_post_then_out_of_service(kiosk: Kiosk) -> None:
    to_confirm(kiosk)
    kiosk.run.tap("ui.confirm.yes")
    kiosk.run.on("choosing")
    kiosk.rig.printer_device.set_fault(paper_out_after=120)  # the paper ends in the first job
    kiosk.run.tap("ui.path.questions")
    kiosk.run.on("questions")
    kiosk.run.answer_questions("rich_register")
    kiosk.run.on("choosing")
    texts = kiosk.texts()
    assert kiosk.run.tr("reason.paper_out") in texts
    assert not any("R4" in text for text in texts)  # rule ids are never shown to citizens
    assert kiosk.run.tr("ui.path.questions") not in texts  # R4: no second try on this printer
    kiosk.run.tap("ui.path.post")
    kiosk.run.see("ui.post.title")
    kiosk.run.tap("ui.common.finish")
    kiosk.run.on("out_of_service")  # the printer is required and still out of paper
    assert kiosk.run.tr("ui.out_of_service.title") in kiosk.texts()
    kiosk.rig.reload_paper()
    kiosk.run.on("welcome")


def test_an_unplugged_reader_says_so_then_the_kiosk_goes_out_of_service(kiosk: Kiosk) -> None:
    kiosk.run.start()
    kiosk.rig.unplug_reader()
    kiosk.run.see("ui.reader.unavailable")
    kiosk.run.tap("ui.common.cancel")
    kiosk.run.on("out_of_service")
    kiosk.rig.replug_reader()
    kiosk.run.on("welcome")


@pytest.mark.skipif(not EspeakSpeaker().available, reason="espeak-ng not installed")
def test_read_aloud_speaks_the_screen_in_its_language(kiosk: Kiosk) -> None:
    kiosk.run.tap_plain("English")
    kiosk.run.start()
    kiosk.run.tap("ui.top.read_aloud")
    speaker = kiosk.app.controller.speaker
    ui.wait_for(lambda: bool(speaker.spoken), "the speech")
    text, language, wav = speaker.spoken[-1]
    assert language == "en"
    assert gettext("en", "ui.document.title") in text
    assert wav[:4] == b"RIFF"


def test_a_double_tap_does_not_show_an_error_on_the_next_screen(kiosk: Kiosk) -> None:
    start = ui.find_button(kiosk.run.tr("ui.welcome.start"))
    x, y = start.to_window(*start.center)
    for _ in range(2):  # two quick taps before the next screen is drawn
        finger = Finger(x, y)
        finger.press()
        finger.lift()
    kiosk.run.on("document")
    ui.pump(0.3)
    assert kiosk.run.tr("error.event_not_allowed") not in kiosk.texts()
    assert kiosk.run.tr("ui.document.title") in kiosk.texts()


def test_print_progress_follows_the_printers_real_jobs(kiosk: Kiosk) -> None:
    seen: list[tuple[str, str]] = []
    stop = kiosk.app.controller.follow_print_jobs(lambda job: seen.append((job.kind, job.stage)))
    try:
        to_confirm(kiosk)
        kiosk.run.tap("ui.confirm.yes")
        kiosk.run.on("choosing")
        kiosk.run.tap("ui.path.questions")
        kiosk.run.on("questions")
        kiosk.run.answer_questions("rich_register")
        kiosk.run.see("ui.issued.title")
        ui.wait_for(lambda: len(seen) == 4, "both jobs confirmed")
    finally:
        stop()
    assert seen == [
        ("password_slip", "started"),
        ("password_slip", "done"),
        ("code_card", "started"),
        ("code_card", "done"),
    ]
    assert len(kiosk.rig.printed_files()) == 2
