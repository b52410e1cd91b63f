"""The MRZ builder reproduces the ICAO 9303 specimens and makes valid persona documents (R1)."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.errors import MRZError
from kiosk.identity.mrz import parse_mrz
from kiosk.identity.mrz_builder import build_td1, build_td2, build_td3
from tests.unit.test_mrz import TD1, TD1_LONG_NUMBER, TD2, TD3

ERIKSSON = {
    "surname": "Eriksson",
    "given_names": "Anna Maria",
    "birth_date": date(1974, 8, 12),
    "expiry_date": date(2012, 4, 15),
    "sex": "F",
    "issuing_state": "UTO",
    "nationality": "UTO",
}


def test_r1_build_td3_reproduces_the_icao_specimen() -> None:
    lines = build_td3(**ERIKSSON, document_number="L898902C3", optional_data="ZE184226B")
    assert tuple(lines) == TD3


def test_r1_build_td1_reproduces_the_icao_specimen() -> None:
    assert tuple(build_td1(**ERIKSSON, document_number="D23145890")) == TD1


def test_r1_build_td1_overflows_a_long_document_number_like_icao() -> None:
    assert tuple(build_td1(**ERIKSSON, document_number="D23145890734")) == TD1_LONG_NUMBER


def test_r1_build_td2_reproduces_the_icao_specimen() -> None:
    assert tuple(build_td2(**ERIKSSON, document_number="D23145890")) == TD2


def test_build_td2_long_document_number_round_trips() -> None:
    mrz = parse_mrz(build_td2(**ERIKSSON, document_number="D23145890734", optional_data="AB"))
    assert (mrz.document_number, mrz.optional_data) == ("D23145890734", "AB")
    assert mrz.valid


def test_danish_names_are_transliterated() -> None:
    lines = build_td3(
        surname="Ærø-Ågård",
        given_names="Søren",
        document_number="DK1234567",
        birth_date=date(1990, 2, 28),
        expiry_date=date(2031, 5, 1),
        sex="M",
    )
    assert lines[0] == "P<DNKAEROE<AAGAARD<<SOEREN".ljust(44, "<")
    mrz = parse_mrz(lines)
    assert (mrz.surname, mrz.given_names, mrz.sex) == ("AEROE AAGAARD", "SOEREN", "M")
    assert mrz.valid


def test_long_names_are_truncated_given_names_first() -> None:
    lines = build_td1(
        surname="Kristensen-Østergaard",
        given_names="Anne-Marie Karoline",
        document_number="X1",
        birth_date=date(1980, 1, 1),
        expiry_date=date(2030, 1, 1),
    )
    assert lines[2] == "KRISTENSEN<OESTERGAARD<<ANNE<M"
    assert parse_mrz(lines).name_truncated


def test_empty_personal_number_gets_filler_check_digit() -> None:
    lines = build_td3(
        surname="Hansen",
        given_names="Ib",
        document_number="A1",
        birth_date=date(1980, 1, 1),
        expiry_date=date(2030, 1, 1),
    )
    assert lines[1][42] == "<"
    assert parse_mrz(lines).checks["personal_number"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"document_number": "A12345678901"},  # TD3 has no overflow
        {"document_number": "A1#"},
        {"optional_data": "X" * 15},
        {"issuing_state": "DENMARK"},
        {"sex": "Q"},
    ],
)
def test_bad_builder_values_raise_mrz_error(overrides: dict[str, str]) -> None:
    values = {**ERIKSSON, "document_number": "L898902C3", **overrides}
    with pytest.raises(MRZError):
        build_td3(**values)  # type: ignore[arg-type]
