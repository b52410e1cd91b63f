"""The MRZ parser on the ICAO 9303 specimens and corrupted variants of them (R1)."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.errors import MRZError
from kiosk.identity.check_digit import check_digit
from kiosk.identity.mrz import parse_mrz
from kiosk.identity.mrz_builder import build_td3

TODAY = date(2026, 11, 23)
# ICAO 9303 specimen documents (parts 4, 5 and 6): the fictional Utopian Anna Maria Eriksson.
TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)
TD2 = ("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6")
TD1_LONG_NUMBER = (
    "I<UTOD23145890<7349<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)


def corrupt(lines: tuple[str, ...], line: int, position: int, char: str) -> list[str]:
    changed = list(lines)
    assert changed[line][position] != char
    changed[line] = changed[line][:position] + char + changed[line][position + 1 :]
    return changed


@pytest.mark.parametrize(("lines", "fmt"), [(TD1, "TD1"), (TD2, "TD2"), (TD3, "TD3")])
def test_r1_icao_specimens_parse_with_all_checks_true(lines: tuple[str, ...], fmt: str) -> None:
    mrz = parse_mrz(lines, today=TODAY)
    assert mrz.format == fmt
    assert mrz.valid
    assert all(mrz.checks.values())
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert (mrz.issuing_state, mrz.nationality, mrz.sex) == ("UTO", "UTO", "F")
    assert mrz.birth_date == date(1974, 8, 12)
    assert mrz.expiry_date == date(2012, 4, 15)
    assert mrz.lines == lines


def test_td3_specimen_fields_and_check_names() -> None:
    mrz = parse_mrz(TD3, today=TODAY)
    assert mrz.document_type == "P"
    assert mrz.document_number == "L898902C3"
    assert mrz.optional_data == "ZE184226B"
    assert list(mrz.checks) == [
        "document_number",
        "birth_date",
        "expiry_date",
        "personal_number",
        "composite",
    ]


@pytest.mark.parametrize("lines", [TD1, TD2])
def test_td1_and_td2_have_no_personal_number_check(lines: tuple[str, ...]) -> None:
    mrz = parse_mrz(lines, today=TODAY)
    assert mrz.document_type == "I"
    assert mrz.document_number == "D23145890"
    assert list(mrz.checks) == ["document_number", "birth_date", "expiry_date", "composite"]


def test_r1_td1_long_document_number_continues_in_optional_data() -> None:
    mrz = parse_mrz(TD1_LONG_NUMBER, today=TODAY)
    assert mrz.document_number == "D23145890734"
    assert mrz.optional_data == ""
    assert mrz.valid


def test_r1_td1_long_document_number_with_wrong_check_digit_fails() -> None:
    mrz = parse_mrz(corrupt(TD1_LONG_NUMBER, 0, 18, "8"), today=TODAY)
    assert mrz.failed_checks == ("document_number", "composite")


CORRUPTIONS = [
    # (specimen, line, position, new character, the checks that must fail)
    (TD3, 1, 0, "M", {"document_number", "composite"}),
    (TD3, 1, 9, "7", {"document_number", "composite"}),
    (TD3, 1, 13, "8", {"birth_date", "composite"}),
    (TD3, 1, 19, "3", {"birth_date", "composite"}),
    (TD3, 1, 21, "2", {"expiry_date", "composite"}),
    (TD3, 1, 27, "8", {"expiry_date", "composite"}),
    (TD3, 1, 28, "Y", {"personal_number", "composite"}),
    (TD3, 1, 42, "2", {"personal_number", "composite"}),
    (TD3, 1, 43, "1", {"composite"}),
    (TD1, 0, 5, "E", {"document_number", "composite"}),
    (TD1, 0, 14, "8", {"document_number", "composite"}),
    (TD1, 0, 20, "B", {"composite"}),  # optional data has no check digit of its own
    (TD1, 1, 0, "8", {"birth_date", "composite"}),
    (TD1, 1, 6, "3", {"birth_date", "composite"}),
    (TD1, 1, 8, "2", {"expiry_date", "composite"}),
    (TD1, 1, 14, "8", {"expiry_date", "composite"}),
    (TD1, 1, 20, "B", {"composite"}),
    (TD1, 1, 29, "7", {"composite"}),
    (TD2, 1, 1, "3", {"document_number", "composite"}),
    (TD2, 1, 9, "8", {"document_number", "composite"}),
    (TD2, 1, 14, "5", {"birth_date", "composite"}),
    (TD2, 1, 19, "3", {"birth_date", "composite"}),
    (TD2, 1, 22, "3", {"expiry_date", "composite"}),
    (TD2, 1, 27, "8", {"expiry_date", "composite"}),
    (TD2, 1, 30, "B", {"composite"}),
    (TD2, 1, 35, "7", {"composite"}),
]


@pytest.mark.parametrize(("lines", "line", "position", "char", "failing"), CORRUPTIONS)
def test_r1_corrupting_a_field_reports_exactly_its_check(
    lines: tuple[str, ...], line: int, position: int, char: str, failing: set[str]
) -> None:
    mrz = parse_mrz(corrupt(lines, line, position, char), today=TODAY)
    assert set(mrz.failed_checks) == failing
    assert not mrz.valid


def test_names_are_not_covered_by_check_digits() -> None:
    mrz = parse_mrz(corrupt(TD3, 0, 6, "A"), today=TODAY)
    assert mrz.surname == "EAIKSSON"
    assert mrz.valid


def test_ocr_letters_in_numeric_fields_are_repaired() -> None:
    # O for 0 in the birth date, I for 1 in the expiry date, S for 5 in the composite digit.
    lines = (
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO74O8122FI2O4I59ZE184226B<<<<<1O",
    )
    mrz = parse_mrz(lines, today=TODAY)
    assert mrz.valid
    assert mrz.lines == TD3


def test_ocr_digits_in_alphabetic_fields_are_repaired() -> None:
    lines = (
        "P<UT0ERIKSS0N<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<",
        "L898902C36UT07408122F1204159ZE184226B<<<<<10",
    )
    mrz = parse_mrz(lines, today=TODAY)
    assert (mrz.issuing_state, mrz.nationality) == ("UTO", "UTO")
    assert mrz.given_names == "ANNA MARIA"
    assert mrz.lines == TD3


def test_document_numbers_are_not_repaired() -> None:
    # The document number is alphanumeric: an O there stays an O and its check fails.
    mrz = parse_mrz(corrupt(TD1, 0, 13, "O"), today=TODAY)
    assert mrz.document_number == "D2314589O"
    assert mrz.failed_checks == ("document_number", "composite")


def test_lower_case_and_surrounding_space_are_accepted() -> None:
    mrz = parse_mrz([f"  {line.lower()}\n" for line in TD3], today=TODAY)
    assert mrz.valid


def test_one_string_with_newlines_is_accepted() -> None:
    assert parse_mrz("\n".join(TD1) + "\n", today=TODAY).valid


@pytest.mark.parametrize(
    ("birth", "year"), [("250101", 2025), ("261123", 2026), ("261124", 1926), ("270101", 1927)]
)
def test_birth_century_is_the_latest_not_in_the_future(birth: str, year: int) -> None:
    lines = build_td3(
        surname="Hansen",
        given_names="Ib",
        document_number="A1234567",
        birth_date=date(2000 + int(birth[:2]), int(birth[2:4]), int(birth[4:])),
        expiry_date=date(2030, 1, 1),
    )
    assert parse_mrz(lines, today=TODAY).birth_date.year == year


def test_unparseable_date_is_none_and_the_mrz_not_valid() -> None:
    # Month 13 with a matching check digit: the checks hold but the date does not exist.
    lines = corrupt(TD3, 1, 15, "3")
    lines = corrupt(tuple(lines), 1, 16, "1")  # 741312, then fix its check digit and the composite
    line2 = lines[1][:19] + check_digit(lines[1][13:19]) + lines[1][20:]
    composite = check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    mrz = parse_mrz([lines[0], line2[:43] + composite], today=TODAY)
    assert mrz.birth_date is None
    assert all(mrz.checks.values())
    assert not mrz.valid


def test_filler_rules_for_names() -> None:
    lines = ("P<UTOVAN<DER<BERG<<JAN<<PETER<<<<<<<<<<<<<<<", TD3[1])
    mrz = parse_mrz(lines, today=TODAY)
    assert mrz.surname == "VAN DER BERG"
    assert mrz.given_names == "JAN PETER"
    assert not mrz.name_truncated


def test_name_without_given_names_and_full_field_is_truncated() -> None:
    lines = ("P<UTOABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLM", TD3[1])
    mrz = parse_mrz(lines, today=TODAY)
    assert mrz.given_names == ""
    assert mrz.name_truncated


def test_to_json_matches_the_cli_contract() -> None:
    payload = parse_mrz(TD3, today=TODAY).to_json()
    assert payload == {
        "format": "TD3",
        "document_type": "P",
        "issuing_state": "UTO",
        "surname": "ERIKSSON",
        "given_names": "ANNA MARIA",
        "document_number": "L898902C3",
        "nationality": "UTO",
        "birth_date": "1974-08-12",
        "expiry_date": "2012-04-15",
        "sex": "F",
        "optional_data": "ZE184226B",
        "checks": {
            "document_number": True,
            "birth_date": True,
            "expiry_date": True,
            "personal_number": True,
            "composite": True,
        },
        "valid": True,
    }


@pytest.mark.parametrize(
    "lines",
    [
        [],
        [""],
        [TD3[0]],
        [TD3[0], TD3[1], TD3[1]],
        [TD3[0], TD3[1][:-1]],
        [TD1[0], TD1[1]],
        [TD3[0][:36], TD3[1]],
        [TD3[0], TD3[1][:20] + "é" + TD3[1][21:]],
        [TD3[0], TD3[1][:20] + " " + TD3[1][21:]],
        [TD3[0], TD3[1][:20] + "#" + TD3[1][21:]],
        [TD3[0], TD3[1][:20] + "Q" + TD3[1][21:]],  # not a sex code
        [TD3[0], 42],
        42,
    ],
)
def test_structural_problems_raise_mrz_error(lines: object) -> None:
    with pytest.raises(MRZError):
        parse_mrz(lines, today=TODAY)  # type: ignore[arg-type]


def test_mrz_error_message_names_the_shape() -> None:
    with pytest.raises(MRZError, match="got 2 line"):
        parse_mrz([TD3[0], TD3[1][:-1]])
