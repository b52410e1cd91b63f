"""The printout layouts as pure data: content, translations, widths and the 4 KB code card (R12)."""

from __future__ import annotations

import re

import pytest

from drivers.printer import codes, layouts
from drivers.printer.code_card_layout import PAIRS_PER_ROW, code_card
from drivers.printer.document import Block, TextLine, fits, text_lines
from drivers.printer.encoder import encode_job
from drivers.printer.samples import (
    SAMPLE_TIME,
    sample_code_card,
    sample_pairs,
    sample_password_slip,
    sample_postal_receipt,
    sample_rules_leaflet,
)
from kiosk.devices.printouts import CodeCard
from kiosk.i18n import catalogue_keys

CODE_CARD_BUDGET_BYTES = 4096
LANGUAGES = ("da", "en")


def _all_layouts(language: str) -> dict[str, list[Block]]:
    return {
        "code_card": code_card(sample_code_card(language)),
        "password_slip": layouts.password_slip(sample_password_slip(language)),
        "receipt": layouts.postal_receipt(sample_postal_receipt(language)),
        "leaflet": layouts.rules_leaflet(sample_rules_leaflet(language)),
        "test_page": layouts.technician_test_page(language, SAMPLE_TIME, "tcp://printer:9100"),
    }


def _text(blocks: list[Block]) -> str:
    return "\n".join(line.text for line in text_lines(blocks))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_line_fits_its_font_columns(language: str) -> None:
    for name, blocks in _all_layouts(language).items():
        too_wide = [line for line in text_lines(blocks) if not fits(line)]
        assert too_wide == [], f"{name}: {too_wide}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_id_is_left_untranslated(language: str) -> None:
    for name, blocks in _all_layouts(language).items():
        assert "print." not in _text(blocks), name


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_printout_text_exists_in_code_page_pc865(language: str) -> None:
    texts = {k: v for k, v in catalogue_keys(language).items() if k.startswith("print.")}
    assert texts, "no print.* texts in the catalogue"
    for key, text in texts.items():
        text.encode(codes.KIOSK_CODEC)  # raises UnicodeEncodeError on a letter PC865 lacks
        assert text, key


def test_print_texts_exist_in_both_languages() -> None:
    danish = {k for k in catalogue_keys("da") if k.startswith("print.")}
    english = {k for k in catalogue_keys("en") if k.startswith("print.")}
    assert danish == english


@pytest.mark.parametrize("language", LANGUAGES)
def test_code_card_holds_all_148_pairs_in_order(language: str) -> None:  # R12
    card = sample_code_card(language)
    text = _text(code_card(card))
    printed = re.findall(r"\b(\d{4}) (\d{6})\b", text)
    assert printed == list(card.pairs)
    assert len(printed) == 148


def test_code_card_shows_serial_and_nemid_number() -> None:
    card = sample_code_card("da")
    text = _text(code_card(card))
    assert card.serial in text and card.nemid_number in text


def test_code_card_is_text_mode_in_font_b() -> None:
    lines = text_lines(code_card(sample_code_card("da")))
    pair_lines = [line for line in lines if re.match(r"\d{4} \d{6}", line.text)]
    assert all(line.style.font == "b" for line in pair_lines)
    assert len(pair_lines) == 30  # 148 pairs, 5 a row
    assert max(len(line.text.split("  ")) for line in pair_lines) == PAIRS_PER_ROW


def test_code_card_has_cut_marks_and_a_fold_line() -> None:
    text = _text(code_card(sample_code_card("en")))
    assert text.count("cut here") == 2 and text.count("fold here") == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_code_card_job_is_under_4_kb(language: str) -> None:
    job = encode_job(code_card(sample_code_card(language)), 1)
    assert len(job) < CODE_CARD_BUDGET_BYTES


def test_code_card_with_other_pairs_prints_those_pairs() -> None:
    pairs = sample_pairs(seed=7)
    text = _text(code_card(CodeCard("S1", "987654321", pairs, "da")))
    assert all(f"{key} {code}" in text for key, code in pairs)


def test_password_slip_holds_number_password_and_privacy_reminder() -> None:
    slip = sample_password_slip("da")
    text = _text(layouts.password_slip(slip))
    assert slip.nemid_number in text and slip.temporary_password in text
    assert "hemmelig" in text and "Søren Ærø Åkjær" in text


def test_password_slip_in_english_is_english() -> None:
    text = _text(layouts.password_slip(sample_password_slip("en")))
    assert "Keep the password secret" in text and "adgangskode" not in text


def test_receipt_gives_reference_and_window_in_words_and_dates() -> None:  # R2
    text = _text(layouts.postal_receipt(sample_postal_receipt("da")))
    assert "NK-2026-000042" in text
    assert "26.11.2026 - 08.12.2026" in text
    assert "torsdag den 26." in text and "december 2026" in text
    assert "hver for sig" in text


def test_receipt_in_english_names_the_weekdays() -> None:
    text = _text(layouts.postal_receipt(sample_postal_receipt("en")))
    assert "Thursday" in text and "Tuesday" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_leaflet_names_the_three_parts_of_a_nemid(language: str) -> None:  # R12
    text = _text(layouts.rules_leaflet(sample_rules_leaflet(language))).lower()
    words = {"da": ("bruger-id", "adgangskode", "nøglekort"),
             "en": ("user id", "password", "code card")}[language]  # fmt: skip
    assert all(word in text for word in words)


def test_test_page_shows_both_rulers_and_danish_letters() -> None:
    lines = [line.text for line in text_lines(layouts.technician_test_page("da", SAMPLE_TIME))]
    assert "1234567890" * 4 + "12345678" in lines
    assert any(len(line) == 64 and line.startswith("1234") for line in lines)
    assert any("æøå" in line for line in lines)


def test_layouts_end_with_a_cut() -> None:
    for blocks in _all_layouts("da").values():
        assert not isinstance(blocks[-1], TextLine) and type(blocks[-1]).__name__ == "Cut"
