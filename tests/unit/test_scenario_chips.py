"""A scenario's ``scan`` plays the document's chip (issue 13): ``valid`` when absent, and each
other kind gives the reading R1 refuses for the right reason; a kind that is not one is a
clear ScenarioError."""

from __future__ import annotations

import pytest

from kiosk.errors import ScenarioError
from kiosk.identity.chip_checks import chip_refusal
from kiosk.identity.mrz import parse_mrz
from kiosk.scenarios.chips import scenario_chip
from kiosk.scenarios.scenario import parse_scenario

TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)


@pytest.mark.parametrize("lines", [TD3, TD1], ids=["TD3", "TD1"])
@pytest.mark.parametrize(
    ("kind", "reason"),
    [("valid", None), ("mismatch", "chip_mismatch"), ("forged", "chip_invalid"),
     ("clone", "chip_invalid")],
)  # fmt: skip
def test_each_kind_meets_its_r1_verdict(lines: tuple[str, ...], kind: str, reason: str) -> None:
    reading = scenario_chip(kind, lines)
    assert reading is not None
    assert chip_refusal(reading, parse_mrz(list(lines))) == reason


def test_none_is_no_reading() -> None:
    assert scenario_chip("none", TD3) is None


def test_mismatch_is_another_name_that_still_parses() -> None:
    reading = scenario_chip("mismatch", TD1)
    assert reading is not None
    other = parse_mrz(list(reading.dg1_mrz))
    assert other.valid and other.surname == "ANDERSEN" and other.document_number == "D23145890"


def test_unknown_chip_kind_is_a_scenario_error() -> None:
    with pytest.raises(ScenarioError, match="chip"):
        parse_scenario({"steps": [{"scan": {"mrz": list(TD3), "chip": "broken"}}]})
    assert parse_scenario({"steps": [{"scan": {"mrz": list(TD3), "chip": "none"}}]}).steps
