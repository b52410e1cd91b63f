"""CPR numbers: century rules, no modulus 11, age, sex and masking (R1, R7, R9; synthetic)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.dk import cpr as stdnum_cpr

from kiosk.errors import CprError
from kiosk.identity.cpr import is_cpr, mask_cpr, parse_cpr

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("number", "born"),
    [
        ("010190-1234", date(1990, 1, 1)),  # 7th digit 0-3: 1900s
        ("010136-4001", date(2036, 1, 1)),  # 4 with 00-36: 2000s
        ("010137-4001", date(1937, 1, 1)),  # 4 with 37-99: 1900s
        ("010157-5001", date(2057, 1, 1)),  # 5-8 with 00-57: 2000s
        ("010158-5001", date(1858, 1, 1)),  # 5-8 with 58-99: 1800s
        ("010136-9001", date(2036, 1, 1)),  # 9 with 00-36: 2000s
        ("010137-9001", date(1937, 1, 1)),  # 9 with 37-99: 1900s
    ],
)
def test_r1_century_comes_from_the_seventh_digit(number: str, born: date) -> None:
    assert parse_cpr(number).birth_date == born


def test_r1_post_2007_number_failing_modulus_11_is_valid() -> None:
    number = "0101104002"  # born 2010-01-01; the old modulus-11 check does not hold
    assert stdnum_cpr.checksum(number) != 0
    cpr = parse_cpr(number, today=TODAY)
    assert cpr.birth_date == date(2010, 1, 1)


def test_accepts_hyphen_ten_digits_and_surrounding_space() -> None:
    assert parse_cpr(" 150385-2468 ").number == "1503852468"
    assert parse_cpr("1503852468").number == "1503852468"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "150385",
        "150385-246",
        "150385-24680",
        "15038524689",
        "1503 852468",
        "15-03-85-2468",
        "abcdef-ghij",
        "１５０３８５２４６８",  # full-width digits are not CPR digits
        "320185-2468",  # 32 January
        "290223-1234",  # 29 February 1923 did not exist
        "151385-2468",  # month 13
        "000185-2468",
    ],
)
def test_r1_malformed_or_impossible_numbers_raise_cpr_error(text: str) -> None:
    with pytest.raises(CprError):
        parse_cpr(text)
    assert not is_cpr(text)


def test_birth_date_in_the_future_is_refused_when_today_is_given() -> None:
    assert parse_cpr("010127-4001").birth_date == date(2027, 1, 1)
    with pytest.raises(CprError, match="future"):
        parse_cpr("010127-4001", today=TODAY)


def test_error_messages_never_show_the_whole_number() -> None:
    with pytest.raises(CprError) as caught:
        parse_cpr("321285-2468")
    assert "2468" not in str(caught.value)
    assert "321285-XXXX" in str(caught.value)


@pytest.mark.parametrize(("number", "sex"), [("150385-2467", "M"), ("150385-2468", "F")])
def test_sex_is_the_parity_of_the_last_digit(number: str, sex: str) -> None:
    assert parse_cpr(number).sex == sex


@pytest.mark.parametrize(
    ("day", "age"),
    [(date(2026, 3, 14), 40), (date(2026, 3, 15), 41), (date(1986, 3, 15), 1)],
)
def test_age_counts_whole_years(day: date, age: int) -> None:
    assert parse_cpr("150385-2468").age_on(day) == age


def test_leap_day_birthday_ages_on_first_of_march() -> None:
    cpr = parse_cpr("290208-4002")  # 29 February 2008
    assert cpr.age_on(date(2023, 2, 28)) == 14
    assert cpr.age_on(date(2023, 3, 1)) == 15


def test_masked_and_repr_hide_the_serial() -> None:
    cpr = parse_cpr("150385-2468")
    assert cpr.masked == "150385-XXXX"
    assert "2468" not in repr(cpr)
    assert "2468" not in f"{cpr}"
    assert cpr.formatted == "150385-2468"


def test_mask_cpr_masks_every_cpr_shaped_number_in_a_log_line() -> None:
    line = "scan cpr=150385-2468 card 1503852468 alt 150385 2468; nemid 123456789, ref 12345678901"
    assert mask_cpr(line) == (
        "scan cpr=150385-XXXX card 150385-XXXX alt 150385-XXXX; nemid 123456789, ref 12345678901"
    )


not_leap_day = st.dates(date(1858, 1, 1), date(2057, 12, 31)).filter(
    lambda day: (day.month, day.day) != (2, 29)  # a leap day may not exist in the other century
)


@given(not_leap_day, st.integers(0, 9999))
def test_every_serial_of_a_real_day_parses_and_masks(born: date, serial: int) -> None:
    number = f"{born:%d%m%y}{serial:04d}"
    cpr = parse_cpr(number)
    assert (cpr.birth_date.day, cpr.birth_date.month) == (born.day, born.month)
    assert cpr.birth_date.year % 100 == born.year % 100
    assert mask_cpr(f"x {number} y") == f"x {number[:6]}-XXXX y"


def test_mask_cpr_also_masks_non_ascii_digits() -> None:
    assert "２４６８" not in mask_cpr("cpr １５０３８５２４６８")
