"""Register entries for the fleet tests, dated relative to today (the service's clock)."""

from __future__ import annotations

from typing import Any

WITNESS = "1405791231"
APPLICANTS = ("1503681234", "0305852468", "2208881237", "1206953582", "0911721846")
NEW_NEMID = "0101901235"
CODES = {"0001": "111111", "0002": "222222"}


def entries() -> list[dict[str, Any]]:
    people: list[dict[str, Any]] = [
        {
            "cpr": WITNESS,
            "given_names": "Anders",
            "surname": "Bach",
            "nemid": {
                "number": "123456789",
                "active_days_ago": 400,
                "password": "s3cret-pw",
                "code_card": CODES,
                "card_serial": "NKS0000001",
            },
        },
        {
            "cpr": NEW_NEMID,
            "given_names": "Nora",
            "surname": "Ny",
            "nemid": {
                "number": "223456789",
                "active_days_ago": 5,
                "password": "pw-new",
                "code_card": CODES,
                "card_serial": "NKS0000002",
            },
        },
    ]
    people += [
        {"cpr": cpr, "given_names": f"Person{i}", "surname": "Test", "address": f"Vej {i}"}
        for i, cpr in enumerate(APPLICANTS)
    ]
    return people
