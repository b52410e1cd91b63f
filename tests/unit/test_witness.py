"""The witness rules R7 and R7b, the vouching limit, and the versioned declaration."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from kiosk.config import RuleSettings
from kiosk.identity.people import NemIdHolding, Person
from kiosk.rules.declaration import CURRENT_VERSION, declaration, sign, versions
from kiosk.rules.witness import (
    WITNESS_DOCUMENT_INVALID,
    WITNESS_IS_APPLICANT,
    WITNESS_LIMIT_REACHED,
    WITNESS_NEMID_TOO_NEW,
    WITNESS_NO_CPR,
    WITNESS_UNDER_18,
    SigningMethod,
    check_witness,
    nemid_signature_valid,
    pick_card_key,
    window_start,
    witness_reason,
)

TODAY = date(2026, 11, 23)
RULES = RuleSettings()
APPLICANT = "0101801234"
WITNESS = Person("0202701234", "Jens", "Holm")


def verdict(witness: Person = WITNESS, vouched: int = 0, holding: NemIdHolding | None = None):
    return check_witness(witness, APPLICANT, TODAY, RULES, vouched, holding)


def test_r7_adult_without_nemid_signs_the_declaration() -> None:
    result = verdict()
    assert result.accepted and result.signing is SigningMethod.DECLARATION


def test_r7_witness_aged_17_is_refused_and_18_accepted() -> None:
    seventeen = Person("2411084321", "Mads", "Holm")  # born 2008-11-24: 17 on 2026-11-23
    eighteen = Person("2311084321", "Mads", "Holm")  # born 2008-11-23: 18 today
    assert verdict(seventeen).reason == WITNESS_UNDER_18
    assert verdict(eighteen).accepted


def test_r7_witness_may_not_be_the_applicant() -> None:
    assert verdict(Person(APPLICANT, "Karen", "Jensen")).reason == WITNESS_IS_APPLICANT


def test_vouching_limit_of_three_in_the_window() -> None:
    assert verdict(vouched=RULES.witness_limit - 1).accepted
    assert verdict(vouched=RULES.witness_limit).reason == WITNESS_LIMIT_REACHED
    assert window_start(TODAY, RULES) == TODAY - timedelta(days=120)


def test_r7_witness_with_nemid_must_sign_with_it() -> None:
    holding = NemIdHolding("111222333", TODAY - timedelta(days=40))
    result = verdict(holding=holding)
    assert result.accepted and result.signing is SigningMethod.NEMID


def test_r7b_nemid_active_10_days_is_too_new_and_30_is_enough() -> None:
    assert (
        verdict(holding=NemIdHolding("111222333", TODAY - timedelta(days=10))).reason
        == WITNESS_NEMID_TOO_NEW
    )
    assert verdict(holding=NemIdHolding("111222333", TODAY - timedelta(days=30))).accepted


def test_r7_a_voided_nemid_does_not_count() -> None:
    holding = NemIdHolding("111222333", TODAY - timedelta(days=3), status="voided")
    assert verdict(holding=holding).signing is SigningMethod.DECLARATION


def test_r7_identification_failures_map_to_witness_reasons() -> None:
    assert witness_reason("cpr_missing") == WITNESS_NO_CPR
    assert witness_reason("not_in_register") == WITNESS_NO_CPR
    assert witness_reason("document_expired") == WITNESS_DOCUMENT_INVALID
    assert witness_reason("cpr_mismatch") == WITNESS_DOCUMENT_INVALID


class FakeAuthority:
    """In-memory authority: one NemID with a password and a two-key card."""

    def __init__(self) -> None:
        self.password = "482913"
        self.card = {"0042": "318224", "1337": "902211"}

    def holding(self, cpr: str) -> NemIdHolding | None:
        return None

    def verify_password(self, nemid_number: str, password: str) -> bool:
        return nemid_number == "111222333" and password == self.password

    def verify_code(self, nemid_number: str, key: str, code: str) -> bool:
        return nemid_number == "111222333" and self.card.get(key) == code

    def card_keys(self, nemid_number: str) -> list[str]:
        return list(self.card)


@pytest.mark.parametrize(
    ("number", "password", "code", "ok"),
    [
        ("111222333", "482913", "318224", True),
        ("111222333", "000000", "318224", False),
        ("111222333", "482913", "902211", False),
        ("999888777", "482913", "318224", False),
    ],
)
def test_r7b_nemid_signature_needs_number_password_and_code(
    number: str, password: str, code: str, ok: bool
) -> None:
    holding = NemIdHolding("111222333", TODAY - timedelta(days=40))
    assert nemid_signature_valid(FakeAuthority(), holding, number, password, "0042", code) is ok


def test_r7b_key_pick_is_deterministic_and_from_the_card() -> None:
    keys = ["1337", "0042", "7777"]
    assert pick_card_key(keys, random.Random(3)) == pick_card_key(keys, random.Random(3))
    assert pick_card_key(keys, random.Random(3)) in keys
    with pytest.raises(ValueError):
        pick_card_key([], random.Random(3))


def test_r7_declaration_is_versioned_and_signature_bound_to_text() -> None:
    shown = declaration("Jens Holm", "Karen Jensen", "en")
    assert shown.version == CURRENT_VERSION in versions()
    assert "Jens Holm" in shown.text and "Karen Jensen" in shown.text
    signed = sign(shown, b"stroke-data")
    assert signed.version == CURRENT_VERSION
    assert signed.text_sha256 == shown.text_sha256
    assert signed.signature_sha256 != sign(shown, b"other-strokes").signature_sha256
    assert declaration("Jens Holm", "Karen Jensen", "da").text_sha256 != shown.text_sha256
    with pytest.raises(ValueError):
        sign(shown, b"")
