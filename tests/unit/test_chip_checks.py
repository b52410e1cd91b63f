"""Chip versus print (R1): the chip's DG1 must be the printed MRZ; failed verdicts refuse."""

from __future__ import annotations

from kiosk.identity.chip_checks import (
    chip_audit,
    chip_matches_print,
    chip_refusal,
    chip_required,
    compare_chip,
)
from kiosk.identity.mrz import parse_mrz
from kiosk.ports import ChipReading

PRINTED = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)


def reading(
    dg1: tuple[str, ...] = PRINTED, pa: str = "valid", aa: str = "valid", ca: str = "not_run"
) -> ChipReading:
    return ChipReading(
        dg1_mrz=dg1, passive_authentication=pa, active_authentication=aa, chip_authentication=ca
    )


def test_r1_chip_equal_to_print_matches() -> None:
    assert chip_matches_print(reading(), parse_mrz(PRINTED))
    assert chip_refusal(reading(), parse_mrz(PRINTED)) is None


def test_r1_ocr_slip_repaired_on_the_print_still_matches() -> None:
    slipped = (PRINTED[0], PRINTED[1].replace("7408122", "74O8122"))
    assert chip_matches_print(reading(), parse_mrz(slipped))


def test_r1_chip_with_another_name_is_chip_mismatch() -> None:
    forged_print = (PRINTED[0].replace("ANNA", "ANNE"), PRINTED[1])
    assert not chip_matches_print(reading(), parse_mrz(forged_print))
    assert chip_refusal(reading(), parse_mrz(forged_print)) == "chip_mismatch"


def test_r1_unparseable_dg1_never_matches() -> None:
    assert not chip_matches_print(reading(dg1=("GARBAGE",)), parse_mrz(PRINTED))


def test_r1_failed_passive_authentication_is_chip_invalid() -> None:
    assert chip_refusal(reading(pa="invalid:dg1_hash"), parse_mrz(PRINTED)) == "chip_invalid"


def test_r1_failed_active_authentication_is_chip_invalid() -> None:
    assert chip_refusal(reading(aa="invalid"), parse_mrz(PRINTED)) == "chip_invalid"


def test_r1_unknown_issuer_is_not_refused_but_audited() -> None:
    result = reading(pa="unknown_issuer", aa="not_supported")
    assert chip_refusal(result, parse_mrz(PRINTED)) is None
    assert chip_audit(result, parse_mrz(PRINTED)) == {
        "chip_matches_print": "yes",
        "passive_authentication": "unknown_issuer",
        "active_authentication": "not_supported",
        "chip_authentication": "not_run",
        "clone_check": "none",
        "access_control": "none",
        "apdus": "0",
        "chip_required": "no",
    }


def test_r1_unknown_issuer_is_chip_unverified_where_the_chip_is_required() -> None:
    result = reading(pa="unknown_issuer", aa="not_supported")
    comparison = compare_chip(result, parse_mrz(PRINTED), required=True)
    assert comparison.refusal == "chip_unverified"
    assert comparison.audit["chip_required"] == "yes"


def test_r1_unread_sod_is_chip_required_where_the_chip_is_required() -> None:
    result = reading(pa="not_run", aa="not_supported")
    assert compare_chip(result, parse_mrz(PRINTED), required=True).refusal == "chip_required"


def test_chip_required_for_passports_and_id_cards_but_the_exceptions() -> None:
    passport = parse_mrz(PRINTED)
    assert chip_required(passport, True, ())
    assert not chip_required(passport, False, ())
    assert not chip_required(passport, True, ("UTO:P",))
    assert chip_required(passport, True, ("UTO:I", "XXA:P"))


def test_r1_failed_chip_authentication_is_chip_invalid() -> None:
    assert chip_refusal(reading(aa="not_supported", ca="invalid"), parse_mrz(PRINTED)) == (
        "chip_invalid"
    )


def test_audit_says_which_clone_check_ran_and_how_it_ended() -> None:
    audit = chip_audit(reading(aa="not_supported", ca="valid"), parse_mrz(PRINTED))
    assert audit["clone_check"] == "chip_authentication:valid"
    both = chip_audit(reading(aa="invalid", ca="valid"), parse_mrz(PRINTED))
    assert both["clone_check"] == "chip_authentication:valid,active_authentication:invalid"
