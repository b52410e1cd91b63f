"""ICAO 9303 part 3 transliteration and register-to-document name matching (R1)."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.identity.mrz import parse_mrz
from kiosk.identity.mrz_builder import build_td1, build_td3
from kiosk.identity.transliteration import fit_name, names_match, transliterate


@pytest.mark.parametrize(
    ("name", "mrz"),
    [
        ("Ærø", "AEROE"),
        ("Søren", "SOEREN"),
        ("Ågård", "AAGAARD"),
        ("Jørgensen", "JOERGENSEN"),
        ("Müller", "MUELLER"),
        ("Öberg", "OEBERG"),
        ("Bäck", "BAECK"),
        ("Straße", "STRASSE"),
        ("José María", "JOSE<MARIA"),
        ("François Ñúñez", "FRANCOIS<NUNEZ"),
        ("Łukasz Þór", "LUKASZ<THOR"),
        ("O'Brien", "OBRIEN"),
        ("Anne-Marie", "ANNE<MARIE"),
        ("  Hans   Christian  ", "HANS<CHRISTIAN"),
        ("St. John", "ST<JOHN"),
        ("Mette 2.", "METTE"),
        ("", ""),
    ],
)
def test_r1_icao_transliteration(name: str, mrz: str) -> None:
    assert transliterate(name) == mrz


def test_fit_name_pads_and_truncates() -> None:
    assert fit_name("Hansen", "Ib", 12) == "HANSEN<<IB<<"
    assert fit_name("Hansen", "Ib Kristoffer", 14) == "HANSEN<<IB<KRI"
    assert fit_name("Abcdefghijkl", "Ib", 10) == "ABCDEFGHIJ"
    assert fit_name("Hansen", "Ib Kristoffer", 11) == "HANSEN<<IB<"  # never ends a cut on "<"


def mrz_for(surname: str, given_names: str, builder=build_td3) -> object:
    return parse_mrz(
        builder(
            surname=surname,
            given_names=given_names,
            document_number="DK0000001",
            birth_date=date(1988, 6, 1),
            expiry_date=date(2030, 6, 1),
        )
    )


def test_r1_danish_register_name_matches_its_document() -> None:
    mrz = mrz_for("Ærø-Ågård", "Søren Østergaard")
    assert names_match(mrz, "Søren Østergaard", "Ærø-Ågård")
    assert names_match(mrz, "søren  østergaard", "ærø ågård")


def test_r1_single_letter_transliteration_is_tolerated() -> None:
    # Some issuers print Å as A and Ä as A; the register spells the name with the letter.
    mrz = parse_mrz(
        ["P<SWEANGSTROM<<LARS".ljust(44, "<"), "SE12345672SWE8806014M3006018<<<<<<<<<<<<<<08"]
    )
    assert names_match(mrz, "Lars", "Ångström")


@pytest.mark.parametrize(
    ("given", "surname"),
    [
        ("Søren", "Ærø-Ågård Hansen"),  # an extra surname
        ("Søren Peter", "Ærø-Ågård"),  # an extra given name, with room on the document
        ("Soren", "Ærø-Ågård"),  # Ø is not O when the document says OE
        ("Søren Østergaard", "Ærø-Ågade"),
        ("Søren Østergaard", "Ågård-Ærø"),  # order matters
        ("", "Ærø-Ågård"),
    ],
)
def test_r1_different_names_do_not_match(given: str, surname: str) -> None:
    mrz = mrz_for("Ærø-Ågård", "Søren Østergaard")
    assert not names_match(mrz, given, surname)


def test_r1_truncated_document_name_matches_the_full_register_name() -> None:
    surname, given = "Kristensen-Østergaard", "Anne-Marie Karoline Sofie"
    mrz = mrz_for(surname, given, builder=build_td1)
    assert mrz.given_names == "ANNE M"
    assert names_match(mrz, given, surname)
    assert not names_match(mrz, "Anne-Karoline Sofie", surname)
    assert not names_match(mrz, given, "Kristensen-Østergård Berg")


def test_truncation_is_not_assumed_when_the_name_fits() -> None:
    mrz = mrz_for("Hansen", "Ib")
    assert not names_match(mrz, "Ib Kristoffer", "Hansen")
