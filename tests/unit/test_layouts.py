"""The printout layouts as pure data: content, translations, widths and the 4 KB code card (R12).

Widths are checked on profiles of python-escpos's capabilities database from 32 columns
(POS-5890, ZJ-5870) to 72 (Seiko RP-F10 80 mm in font B).
"""

from __future__ import annotations

import re

import pytest

from drivers.printer import layouts
from drivers.printer.code_card_layout import code_card, pairs_per_row
from drivers.printer.document import Block, TextLine, fits, text_lines
from drivers.printer.encoder import encode_job, line_code_page
from drivers.printer.profile import load_profile
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
PROFILES = ("TM-T88V", "TM-T20II", "POS-5890", "TSP600", "default", "ZJ-5870", "RP-F10-80mm")
TM_T20II = load_profile("TM-T20II")


def _all_layouts(language: str, profile_name: str = "TM-T20II") -> dict[str, list[Block]]:
    profile = load_profile(profile_name)
    return {
        "code_card": code_card(sample_code_card(language), profile),
        "password_slip": layouts.password_slip(sample_password_slip(language), profile),
        "receipt": layouts.postal_receipt(sample_postal_receipt(language), profile),
        "leaflet": layouts.rules_leaflet(sample_rules_leaflet(language), profile),
        "test_page": layouts.technician_test_page(
            language, SAMPLE_TIME, profile, "tcp://printer:9100"
        ),
    }


def _text(blocks: list[Block]) -> str:
    return "\n".join(line.text for line in text_lines(blocks))


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_line_fits_the_profiles_columns(language: str, profile: str) -> None:
    printer = load_profile(profile)
    for name, blocks in _all_layouts(language, profile).items():
        lines = text_lines(blocks)
        assert lines, name
        too_wide = [line for line in lines if not fits(line, printer)]
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
        assert text, key
        assert line_code_page(text, TM_T20II, language) is not None, key


def test_print_texts_exist_in_both_languages() -> None:
    danish = {k for k in catalogue_keys("da") if k.startswith("print.")}
    english = {k for k in catalogue_keys("en") if k.startswith("print.")}
    assert danish == english


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_code_card_holds_all_148_pairs_in_order(language: str, profile: str) -> None:  # R12
    card = sample_code_card(language)
    text = _text(code_card(card, load_profile(profile)))
    printed = re.findall(r"\b(\d{4}) (\d{6})\b", text)
    assert printed == list(card.pairs)
    assert len(printed) == 148


@pytest.mark.parametrize("profile", PROFILES)
def test_code_card_shows_serial_and_nemid_number(profile: str) -> None:
    card = sample_code_card("da")
    text = _text(code_card(card, load_profile(profile)))
    assert card.serial in text and card.nemid_number in text


@pytest.mark.parametrize(
    ("profile", "per_row", "rows"),
    [("ZJ-5870", 2, 74), ("POS-5890", 3, 50), ("TM-T88V", 4, 37), ("TM-T20II", 5, 30),
     ("RP-F10-80mm", 5, 30)],
)  # fmt: skip
def test_code_card_puts_as_many_pairs_on_a_row_as_the_columns_hold(
    profile: str, per_row: int, rows: int
) -> None:
    printer = load_profile(profile)
    lines = text_lines(code_card(sample_code_card("da"), printer))
    pair_lines = [line for line in lines if re.match(r"\d{4} \d{6}", line.text)]
    assert len(pair_lines) == rows
    assert max(len(line.text.split("  ")) for line in pair_lines) == per_row
    assert pairs_per_row(sample_pairs(), printer.columns("b")) == per_row


def test_code_card_is_text_mode_in_the_narrow_font() -> None:
    lines = text_lines(code_card(sample_code_card("da"), TM_T20II))
    pair_lines = [line for line in lines if re.match(r"\d{4} \d{6}", line.text)]
    assert pair_lines and all(line.style.font == "b" for line in pair_lines)


def test_code_card_has_cut_marks_and_a_fold_line() -> None:
    text = _text(code_card(sample_code_card("en"), TM_T20II))
    assert text.count("cut here") == 2 and text.count("fold here") == 1


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_code_card_job_is_under_4_kb(language: str, profile: str) -> None:
    printer = load_profile(profile)
    job = encode_job(code_card(sample_code_card(language), printer), printer, language)
    assert len(job) < CODE_CARD_BUDGET_BYTES


def test_code_card_with_other_pairs_prints_those_pairs() -> None:
    pairs = sample_pairs(seed=7)
    text = _text(code_card(CodeCard("S1", "987654321", pairs, "da"), TM_T20II))
    assert all(f"{key} {code}" in text for key, code in pairs)


def test_password_slip_holds_number_password_and_privacy_reminder() -> None:
    slip = sample_password_slip("da")
    text = _text(layouts.password_slip(slip, TM_T20II))
    assert slip.nemid_number in text and slip.temporary_password in text
    assert "hemmelig" in text and "Søren Ærø Åkjær" in text


def test_password_slip_in_english_is_english() -> None:
    text = _text(layouts.password_slip(sample_password_slip("en"), TM_T20II))
    assert "Keep the password secret" in text and "adgangskode" not in text


def test_receipt_gives_reference_and_window_in_words_and_dates() -> None:  # R2
    text = _text(layouts.postal_receipt(sample_postal_receipt("da"), TM_T20II))
    assert "NK-2026-000042" in text
    assert "26.11.2026 - 08.12.2026" in text
    assert "torsdag den 26." in text and "december 2026" in text
    assert "hver for sig" in text


def test_receipt_in_english_names_the_weekdays() -> None:
    text = _text(layouts.postal_receipt(sample_postal_receipt("en"), TM_T20II))
    assert "Thursday" in text and "Tuesday" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_leaflet_names_the_three_parts_of_a_nemid(language: str) -> None:  # R12
    text = _text(layouts.rules_leaflet(sample_rules_leaflet(language), TM_T20II)).lower()
    words = {"da": ("bruger-id", "adgangskode", "nøglekort"),
             "en": ("user id", "password", "code card")}[language]  # fmt: skip
    assert all(word in text for word in words)


@pytest.mark.parametrize(
    ("profile", "font_a", "font_b"), [("TM-T20II", 48, 64), ("TM-T88V", 42, 56)]
)
def test_test_page_shows_the_profiles_rulers_and_danish_letters(
    profile: str, font_a: int, font_b: int
) -> None:
    page = layouts.technician_test_page("da", SAMPLE_TIME, load_profile(profile))
    lines = [line.text for line in text_lines(page)]
    rulers = [line for line in lines if line.startswith("1234567890")]
    assert [len(line) for line in rulers] == [font_a, font_b]
    assert any("æøå" in line for line in lines) and any(profile in line for line in lines)


def test_layouts_end_with_a_cut() -> None:
    for blocks in _all_layouts("da").values():
        assert not isinstance(blocks[-1], TextLine) and type(blocks[-1]).__name__ == "Cut"
