"""ICAO 9303 7-3-1 check digits (R1: a document is valid only when its check digits hold)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.errors import MRZError
from kiosk.identity.check_digit import char_value, check_digit, is_valid_check_digit

MRZ_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"


@pytest.mark.parametrize(
    ("data", "digit"),
    [
        ("L898902C3", "6"),  # ICAO 9303 TD3 specimen document number
        ("740812", "2"),
        ("120415", "9"),
        ("ZE184226B<<<<<", "1"),
        ("D23145890734", "9"),  # ICAO 9303 TD1 long document number
        ("<<<<<<", "0"),
        ("", "0"),
    ],
)
def test_r1_check_digit_of_icao_examples(data: str, digit: str) -> None:
    assert check_digit(data) == digit
    assert is_valid_check_digit(data, digit)


def test_character_values_follow_icao() -> None:
    assert [char_value(c) for c in "09AZ<"] == [0, 9, 10, 35, 0]


@pytest.mark.parametrize("char", ["a", " ", "Æ", "#", "-"])
def test_characters_outside_the_mrz_alphabet_raise(char: str) -> None:
    with pytest.raises(MRZError):
        check_digit(f"AB{char}")


def test_filler_check_digit_only_for_an_empty_field_when_allowed() -> None:
    assert is_valid_check_digit("<<<<", "<", filler_allowed=True)
    assert not is_valid_check_digit("<<<<", "<")
    assert not is_valid_check_digit("AB<<", "<", filler_allowed=True)


@given(st.text(alphabet=MRZ_CHARS, max_size=30))
def test_r1_check_digit_is_one_decimal_digit(data: str) -> None:
    assert check_digit(data) in "0123456789"


@given(
    st.text(alphabet="0123456789", min_size=1, max_size=20),
    st.data(),
)
def test_r1_any_single_digit_substitution_changes_the_check_digit(digits: str, data) -> None:
    position = data.draw(st.integers(0, len(digits) - 1))
    replacement = data.draw(st.sampled_from([d for d in "0123456789" if d != digits[position]]))
    changed = digits[:position] + replacement + digits[position + 1 :]
    assert check_digit(changed) != check_digit(digits)
