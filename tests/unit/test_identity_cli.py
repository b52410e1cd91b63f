"""``kiosk mrz`` and ``kiosk cpr`` run as real subprocesses: JSON out, exit 2 on bad input (R1)."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.unit.test_mrz import TD1, TD3


def run(command: list[str], env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command, *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_r1_mrz_prints_the_contract_json(kiosk_command, subprocess_env) -> None:
    result = run(kiosk_command, subprocess_env, "mrz", *TD3)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["format"] == "TD3"
    assert payload["document_number"] == "L898902C3"
    assert payload["birth_date"] == "1974-08-12"
    assert payload["checks"] == {
        "document_number": True,
        "birth_date": True,
        "expiry_date": True,
        "personal_number": True,
        "composite": True,
    }
    assert payload["valid"] is True


def test_r1_mrz_reports_a_failing_check_with_exit_0(kiosk_command, subprocess_env) -> None:
    corrupted = [TD1[0], TD1[1][:6] + "3" + TD1[1][7:], TD1[2]]
    result = run(kiosk_command, subprocess_env, "mrz", "\n".join(corrupted))
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["valid"] is False
    assert [name for name, ok in payload["checks"].items() if not ok] == ["birth_date", "composite"]


@pytest.mark.parametrize("lines", [["P<UTO"], [TD3[0], TD3[1] + "<"], [TD3[0], "é" * 44]])
def test_mrz_bad_input_exits_2_with_one_line(kiosk_command, subprocess_env, lines) -> None:
    result = run(kiosk_command, subprocess_env, "mrz", *lines)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "document_invalid" in result.stderr
    assert "Traceback" not in result.stderr


def test_mrz_lines_in_one_argument_split_on_white_space(kiosk_command, subprocess_env) -> None:
    result = run(kiosk_command, subprocess_env, "mrz", " ".join(TD1), "--today", "2026-11-23")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["format"] == "TD1"


def test_mrz_bad_input_with_json_gives_a_json_error(kiosk_command, subprocess_env) -> None:
    result = run(kiosk_command, subprocess_env, "mrz", "--json", "P<UTO")
    assert result.returncode == 2
    assert json.loads(result.stdout)["error"] == "document_invalid"


def test_cpr_prints_birth_date_age_sex_and_mask(kiosk_command, subprocess_env) -> None:
    result = run(kiosk_command, subprocess_env, "cpr", "150385-2468", "--today", "2026-11-23")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "valid": True,
        "birth_date": "1985-03-15",
        "age": 41,
        "sex": "F",
        "masked": "150385-XXXX",
    }
    assert "2468" not in result.stdout


@pytest.mark.parametrize(
    ("number", "serial"),
    [("320385-2468", "2468"), ("0101304001", "4001"), ("15038", None), ("abcdefghij", None)],
)
def test_cpr_invalid_exits_2_without_the_full_number(
    kiosk_command, subprocess_env, number: str, serial: str | None
) -> None:
    result = run(kiosk_command, subprocess_env, "cpr", number, "--today", "2026-11-23")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "cpr_invalid" in result.stderr
    if serial is not None:  # a CPR-shaped number is shown masked, never whole
        assert serial not in result.stderr
        assert f"{number[:6]}-XXXX" in result.stderr


def test_cpr_invalid_with_json_gives_a_json_error(kiosk_command, subprocess_env) -> None:
    result = run(kiosk_command, subprocess_env, "cpr", "--json", "320385-2468")
    assert result.returncode == 2
    assert json.loads(result.stdout)["error"] == "cpr_invalid"
