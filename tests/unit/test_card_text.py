"""The card text parser (kiosk.identity.card_text) on OCR lines as Tesseract gives them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.identity.camera_documents import DK_DRIVING_LICENCE, DK_HEALTH_CARD, MRZ_DOCUMENT
from kiosk.identity.card_text import CardUnreadable, OcrLine, OcrWord, read_card_text
from kiosk.identity.mrz_builder import build_td3

TODAY = date(2026, 12, 6)


def lines(*texts: str, confidence: float = 0.9) -> list[OcrLine]:
    return [OcrLine(tuple(OcrWord(word, confidence) for word in text.split())) for text in texts]


LICENCE = (
    "KØREKORT DANMARK",
    "1. JENSEN",
    "2. ANNE MARIE",
    "3. 12.05.1985 Danmark",
    "4a.01.03.2018 4c. Politiet",
    "4b.01.03.2033 4d.120585-1234",
    "5. 31234567",
    "9. B",
)


def test_a_licence_gives_its_numbered_fields() -> None:
    card = read_card_text(lines(*LICENCE), today=TODAY)
    assert card.type == DK_DRIVING_LICENCE
    assert (card.surname, card.given_names) == ("JENSEN", "ANNE MARIE")
    assert card.birth_date == date(1985, 5, 12)
    assert card.cpr == "1205851234"
    assert card.issue_date == date(2018, 3, 1)
    assert card.expiry_date == date(2033, 3, 1)
    assert card.document_number == "31234567"
    assert card.authority == "Politiet"
    assert card.confidence["cpr"] == pytest.approx(0.9)


def test_a_licence_number_whose_dot_was_lost_still_gives_the_name() -> None:
    text = list(LICENCE)
    text[2] = "277ÅSE"
    assert read_card_text(lines(*text), today=TODAY).given_names == "ÅSE"


def test_letters_read_for_digits_are_put_right_in_dates_and_the_cpr_number() -> None:
    text = list(LICENCE)
    text[5] = "4b.O1.03.2033 4d.12O585-I234"
    card = read_card_text(lines(*text), today=TODAY)
    assert (card.cpr, card.expiry_date) == ("1205851234", date(2033, 3, 1))


def test_a_cpr_number_that_disagrees_with_the_birth_date_is_unsure() -> None:
    text = list(LICENCE)
    text[3] = "3. 13.05.1985 Danmark"
    card = read_card_text(lines(*text), today=TODAY)
    assert card.confidence["cpr"] < 0.5 and card.confidence["birth_date"] < 0.5


def test_a_health_card_gives_cpr_name_and_address() -> None:
    text = (
        "SUNDHEDSKORT",
        "Det gule sygesikringskort",
        "CPR-nr. 120585-1234",
        "Navn Anne Marie Jensen",
        "Adresse Nørregade 12, 2. tv",
        "1165 København K",
    )
    card = read_card_text(lines(*text), today=TODAY)
    assert card.type == DK_HEALTH_CARD
    assert (card.surname, card.given_names, card.cpr) == ("Jensen", "Anne Marie", "1205851234")
    assert card.birth_date == date(1985, 5, 12)
    assert card.address == ("Nørregade 12, 2. tv", "1165 København K")
    assert card.expiry_date is None


def test_a_health_card_without_a_readable_cpr_number_is_refused() -> None:
    with pytest.raises(CardUnreadable) as refused:
        read_card_text(lines("SUNDHEDSKORT", "CPR-nr. 12058-1234", "Navn Anne Jensen"))
    assert refused.value.code == "card_unreadable"


def test_text_of_no_known_card_is_no_card() -> None:
    with pytest.raises(CardUnreadable) as refused:
        read_card_text(lines("Kvittering", "Netto 12.05.2024", "Total 42,00"))
    assert refused.value.code == "no_card"


def test_an_mrz_document_is_read_by_its_mrz() -> None:
    mrz = build_td3(
        document_number="L898902C3",
        surname="ERIKSSON",
        given_names="ANNA MARIA",
        birth_date=date(1974, 8, 12),
        expiry_date=date(2032, 4, 15),
    )
    card = read_card_text(lines("PASSPORT", *mrz), today=TODAY)
    assert card.type == MRZ_DOCUMENT
    assert (card.surname, card.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert card.expiry_date == date(2032, 4, 15)
    assert card.cpr == ""  # no personal number in this MRZ
    assert card.confidence["surname"] == 1.0


def test_an_mrz_line_whose_fillers_the_ocr_miscounted_is_fitted_to_its_width() -> None:
    mrz = build_td3(
        document_number="L898902C3",
        surname="ERIKSSON",
        given_names="ANNA",
        birth_date=date(1974, 8, 12),
        expiry_date=date(2032, 4, 15),
        optional_data="1208743215",
    )
    miscounted = [mrz[0] + "<<", mrz[1].replace("<<<", "<<", 1)]
    card = read_card_text(lines(*miscounted), today=TODAY)
    assert card.mrz_lines == tuple(mrz)
    assert card.cpr == "1208743215"  # the CPR number in the personal-number field
    assert card.confidence["birth_date"] == 1.0  # every check digit holds


OCR_ALPHABET = "0123456789ABCDKØÆÅabcdnrvø .,:-|—<"


@settings(max_examples=300)
@given(
    st.lists(
        st.lists(st.text(OCR_ALPHABET, min_size=1, max_size=14), min_size=1, max_size=6),
        max_size=10,
    ),
    st.sampled_from(["", "KØREKORT", "SUNDHEDSKORT", "CPR-nr."]),
)
def test_any_ocr_text_gives_a_card_or_card_unreadable_never_another_error(
    rows: list[list[str]], title: str
) -> None:
    texts = [title, *(" ".join(words) for words in rows)]
    try:
        card = read_card_text(lines(*texts), today=TODAY)
    except CardUnreadable as refused:
        assert refused.code in {"no_card", "card_unreadable"}
        return
    assert card.type in {DK_DRIVING_LICENCE, DK_HEALTH_CARD, MRZ_DOCUMENT}
    assert card.type == MRZ_DOCUMENT or (len(card.cpr) == 10 and card.cpr.isdigit())
