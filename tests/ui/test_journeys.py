"""Every citizen path of issue 5 through the real UI, in Danish and English: real taps, and
assertions on what each screen shows, that no text is clipped and every button is a 15 mm
touch target. The scripts are the same ones ``kiosk demo --headless`` plays."""

from __future__ import annotations

import re

import pytest
from babel.dates import format_date

from kiosk.i18n import gettext
from kiosk.identity.cpr import mask_cpr
from kiosk.rules.declaration import declaration
from kiosk.rules.delivery import postal_window
from screens.demo.scripts import SCRIPTS
from tests.ui.conftest import Kiosk

pytestmark = pytest.mark.ui
LANGUAGES = ("da", "en")
LANGUAGE_BUTTON = {"da": "Dansk", "en": "English"}
SECRET_LIKE = re.compile(r"\b\d{6}\b")  # a temporary password or a code: never on screen
RULE_ID = re.compile(r"\bR\d{1,2}b?\b")  # rule ids are for code, audit and staff only


def play(kiosk: Kiosk, script: str, language: str) -> dict[str, list[str]]:
    if kiosk.app.language != language:
        kiosk.run.tap_plain(LANGUAGE_BUTTON[language])
    SCRIPTS[script](kiosk.run)
    for shot in kiosk.run.shots:
        assert not [t for t in shot.texts if RULE_ID.search(t)], f"{shot.name}: a rule id shown"
        assert shot.clipped == [], f"{shot.name}: clipped text {shot.clipped}"
        assert shot.small_targets == [], f"{shot.name}: small touch targets {shot.small_targets}"
    first: dict[str, list[str]] = {}
    for shot in kiosk.run.shots:
        first.setdefault(shot.name, shot.texts)
    return first


def tr(language: str, message_id: str, **values: object) -> str:
    return gettext(language, message_id, **values)


@pytest.mark.parametrize("language", LANGUAGES)
def test_questions_answered_right_print_the_nemid_r3(kiosk: Kiosk, language: str) -> None:
    shots = play(kiosk, "questions", language)
    assert tr(language, "ui.welcome.title") in shots["welcome"]
    assert tr(language, "note.bring_witness") in shots["welcome"]  # R6 up front
    masked = mask_cpr(kiosk.rig.personas["rich_register"].cpr)
    assert masked.endswith("-XXXX")
    assert tr(language, "ui.confirm.cpr", cpr=masked) in shots["confirm"]  # masked CPR
    assert tr(language, "ui.path.questions") in shots["choosing"]
    assert tr(language, "ui.questions.number", number=1, total=2) in shots["question"]
    assert tr(language, "ui.issued.title") in shots["issued"]
    assert tr(language, "ui.issued.privacy") in shots["issued"]
    assert not any(SECRET_LIKE.search(text) for text in shots["issued"])
    assert len(kiosk.rig.printed_files()) == 2  # password slip and code card, printed whole


@pytest.mark.parametrize("language", LANGUAGES)
def test_witness_signs_the_solemn_declaration_r7(kiosk: Kiosk, language: str) -> None:
    shots = play(kiosk, "witness-declaration", language)
    assert tr(language, "ui.health_card.title") in shots["health_card"]  # R1: CPR from the card
    assert tr(language, "note.witness_needed") in shots["choosing"]
    assert tr(language, "ui.witness.who") in shots["witness"]
    assert tr(language, "ui.witness.declaration_title") in shots["declaration"]
    witness = kiosk.rig.personas["witness_declaration"]
    assert (
        tr(language, "ui.witness.signing_for", name=f"{witness.given_names} {witness.surname}")
        in (shots["declaration"])
    )
    assert tr(language, "ui.issued.title") in shots["issued"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_witness_signs_with_nemid_and_the_key_shown_r7b(kiosk: Kiosk, language: str) -> None:
    """R7/R7b: the NemID witness reads the declaration and types their own free-text password."""
    shots = play(kiosk, "witness-nemid", language)
    entry = kiosk.rig.personas["witness_nemid_40_days"].entry
    signed = declaration(f"{entry['given_names']} {entry['surname']}", "Lukas Schmidt", language)
    assert signed.text in shots["witness_nemid_number"]  # R7: the declaration, read before signing
    keys = kiosk.rig.personas["witness_nemid_40_days"].entry["nemid"]["code_card"]
    shown = [
        key
        for key in keys
        if tr(language, "ui.witness.nemid_key", key=key) in shots["witness_nemid_code"]
    ]
    assert len(shown) == 1
    assert "•" * 6 in " ".join(shots["witness_nemid_code"]).replace(" ", "")  # code masked
    assert tr(language, "ui.issued.title") in shots["issued"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_order_by_post_shows_the_delivery_window_in_words_and_dates_r2(
    kiosk: Kiosk, language: str
) -> None:
    shots = play(kiosk, "post", language)
    rules = kiosk.app.config_.rules
    window = postal_window(kiosk.clock.today(), rules)
    expected = tr(
        language,
        "ui.post.window",
        earliest=format_date(window.earliest, format="full", locale=language),
        latest=format_date(window.latest, format="full", locale=language),
        low=rules.delivery_earliest_working_days,
        high=rules.delivery_latest_working_days,
    )
    assert expected in shots["ordered"]
    assert tr(language, "ui.post.separately") in shots["ordered"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_expired_passport_is_refused_in_plain_language_r1(kiosk: Kiosk, language: str) -> None:
    shots = play(kiosk, "refusal", language)
    assert tr(language, "ui.refused.title") in shots["refused"]
    assert tr(language, "reason.document_expired") in shots["refused"]
    centre = kiosk.app.config_.municipality.service_centre
    assert tr(language, "ui.refused.forward", centre=centre) in shots["refused"]  # R13


@pytest.mark.parametrize("language", LANGUAGES)
def test_inactivity_warns_with_a_countdown_then_wipes_the_visit(
    kiosk: Kiosk, language: str
) -> None:
    shots = play(kiosk, "timeout", language)
    warning = " ".join(shots["timeout_warning"])
    assert tr(language, "ui.timeout.more_time") in shots["timeout_warning"]
    assert re.search(
        re.escape(tr(language, "ui.timeout.warning", seconds=999)).replace("999", r"\d+"), warning
    )
    # The next citizen starts in the kiosk's default language.
    default = kiosk.app.config_.languages.default
    assert tr(default, "ui.welcome.title") in shots["wiped"]
    citizen = kiosk.rig.personas["rich_register"]
    assert citizen.surname not in " ".join(shots["wiped"])  # nothing of the citizen is left
