"""The R1 document rules: validity, expiry, the CPR number on the document, identity, age."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.errors import CprError
from kiosk.identity.cpr import parse_cpr
from kiosk.identity.documents import (
    cpr_on_document,
    document_problem,
    identity_problem,
    under_age,
)
from kiosk.identity.mrz import parse_mrz
from kiosk.identity.mrz_builder import build_td1, build_td3
from kiosk.identity.people import Person

TODAY = date(2026, 11, 23)
# An invented persona: Søren Ærø-Ågård, born 1 June 1988.
SOEREN = Person(cpr="010688-1235", given_names="Søren Peter", surname="Ærø-Ågård")


def passport(**overrides: object) -> list[str]:
    values: dict[str, object] = {
        "surname": "Ærø-Ågård",
        "given_names": "Søren Peter",
        "document_number": "DK4711001",
        "birth_date": date(1988, 6, 1),
        "expiry_date": date(2030, 6, 1),
        "sex": "M",
    }
    values.update(overrides)
    return build_td3(**values)  # type: ignore[arg-type]


def test_r1_valid_unexpired_document_has_no_problem() -> None:
    assert document_problem(parse_mrz(passport(), today=TODAY), TODAY) is None


def test_r1_expired_document_is_refused() -> None:
    mrz = parse_mrz(passport(expiry_date=date(2026, 11, 22)), today=TODAY)
    assert document_problem(mrz, TODAY) == "document_expired"


def test_r1_document_is_valid_on_its_expiry_day() -> None:
    mrz = parse_mrz(passport(expiry_date=TODAY), today=TODAY)
    assert document_problem(mrz, TODAY) is None


def test_r1_failing_check_digit_makes_the_document_invalid() -> None:
    lines = passport()
    lines[1] = lines[1][:19] + str((int(lines[1][19]) + 1) % 10) + lines[1][20:]
    assert document_problem(parse_mrz(lines, today=TODAY), TODAY) == "document_invalid"


def test_r1_invalid_takes_precedence_over_expired() -> None:
    lines = passport(expiry_date=date(2020, 1, 1))
    lines[1] = lines[1][:-1] + str((int(lines[1][-1]) + 1) % 10)
    assert document_problem(parse_mrz(lines, today=TODAY), TODAY) == "document_invalid"


def test_r1_printed_cpr_is_taken_from_the_document() -> None:
    mrz = parse_mrz(passport(), today=TODAY)
    assert cpr_on_document(mrz, "010688-1235", today=TODAY) == "0106881235"


def test_r1_invalid_printed_cpr_is_bad_input() -> None:
    with pytest.raises(CprError):
        cpr_on_document(parse_mrz(passport(), today=TODAY), "320688-1235")


def test_r1_cpr_in_the_personal_number_field_is_found() -> None:
    mrz = parse_mrz(passport(optional_data="0106881235"), today=TODAY)
    assert cpr_on_document(mrz, None, today=TODAY) == "0106881235"


def test_r1_cpr_in_td1_optional_data_is_found() -> None:
    lines = build_td1(
        surname="Ærø-Ågård",
        given_names="Søren Peter",
        document_number="DK4711001",
        birth_date=date(1988, 6, 1),
        expiry_date=date(2030, 6, 1),
        optional_data_2="0106881235",
    )
    assert cpr_on_document(parse_mrz(lines, today=TODAY), "") == "0106881235"


@pytest.mark.parametrize("optional", ["", "ZE184226B", "3206881235", "12345678901234"])
def test_r1_no_cpr_on_the_document_means_the_health_card_is_needed(optional: str) -> None:
    mrz = parse_mrz(passport(optional_data=optional), today=TODAY)
    assert cpr_on_document(mrz, None, today=TODAY) is None


def test_r1_matching_person_has_no_identity_problem() -> None:
    assert identity_problem(parse_mrz(passport(), today=TODAY), SOEREN) is None


def test_r1_birth_date_differing_from_the_cpr_is_a_cpr_mismatch() -> None:
    mrz = parse_mrz(passport(birth_date=date(1988, 6, 2)), today=TODAY)
    assert identity_problem(mrz, SOEREN) == "cpr_mismatch"


def test_r1_different_name_is_a_name_mismatch() -> None:
    mrz = parse_mrz(passport(given_names="Søren Paul"), today=TODAY)
    assert identity_problem(mrz, SOEREN) == "name_mismatch"


def test_r1_register_entry_with_a_broken_cpr_never_matches() -> None:
    broken = Person(cpr="not a cpr", given_names="Søren Peter", surname="Ærø-Ågård")
    assert identity_problem(parse_mrz(passport(), today=TODAY), broken) == "cpr_mismatch"


@pytest.mark.parametrize(
    ("cpr", "expected"),
    [
        ("241111-4002", True),  # 14 years old, the 15th birthday is tomorrow
        ("231111-4002", False),  # 15 today
        ("010688-1235", False),
    ],
)
def test_under_age_against_the_minimum_age(cpr: str, expected: bool) -> None:
    assert under_age(cpr, TODAY, 15) is expected
    assert under_age(parse_cpr(cpr), TODAY, 15) is expected
