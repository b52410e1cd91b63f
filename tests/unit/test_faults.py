"""Fault points: a no-op in production, a crash where KIOSK_CRASH_AT says under the harness."""

from __future__ import annotations

import pytest

from kiosk.errors import ConfigError
from kiosk.harness import is_armed
from kiosk.issuance.faults import CRASH_ENV, FAULT_POINTS, ISSUANCE_POINTS, FaultPoints


def test_unarmed_points_record_and_never_crash() -> None:
    crashes: list[str] = []
    faults = FaultPoints(on_crash=lambda: crashes.append("crash"))
    for point in ISSUANCE_POINTS:
        faults.reached(point)
    assert faults.passed == list(ISSUANCE_POINTS)
    assert crashes == []


def test_armed_point_crashes_there_and_only_there() -> None:
    crashes: list[str] = []
    faults = FaultPoints(
        "between_slip_and_card", on_crash=lambda: crashes.append(faults.passed[-1])
    )
    for point in ISSUANCE_POINTS:
        faults.reached(point)
    assert crashes == ["between_slip_and_card"]


def test_under_the_harness_the_environment_arms_the_named_point() -> None:
    armed = FaultPoints.from_environment({CRASH_ENV: "mid_code_card"}, armed=True)
    assert armed.crash_at == "mid_code_card"
    assert FaultPoints.from_environment({CRASH_ENV: " "}, armed=True).crash_at is None
    assert FaultPoints.from_environment({}, armed=True).crash_at is None


def test_outside_the_harness_the_variable_is_ignored() -> None:
    assert not is_armed()  # pytest's own process is never the harness
    assert FaultPoints.from_environment({CRASH_ENV: "mid_code_card"}).crash_at is None
    assert FaultPoints.from_environment({CRASH_ENV: "mid_coffee"}).crash_at is None


def test_an_unknown_point_in_the_environment_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown fault point 'mid_coffee'"):
        FaultPoints.from_environment({CRASH_ENV: "mid_coffee"}, armed=True)


def test_reaching_an_unknown_point_is_a_bug() -> None:
    with pytest.raises(ValueError, match="unknown fault point"):
        FaultPoints().reached("nowhere")


def test_the_issue_7_points_are_all_there() -> None:
    required = {
        "after_reserve",
        "mid_password_slip",
        "between_slip_and_card",
        "mid_code_card",
        "before_activate",
        "mid_audit_write",
        "after_order_reserve",
        "before_letters",
    }
    assert required <= FAULT_POINTS
