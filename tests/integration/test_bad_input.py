"""Every bad input gets exit 2 and one line naming the problem, never a traceback (issue 14).

Each case of the issue's corpus runs the real ``kiosk`` command as a subprocess: config values out
of range, NaN and infinity, a config that is not UTF-8, TOML and JSON nested past the limit,
``kiosk print --timeout nan``, backups to an existing file or a place even root cannot write
(under /proc), and simulators in such a place.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kiosk.input_limits import MAX_NESTING

RUN_TIMEOUT = 60
UNWRITABLE = "/proc/kiosk-cannot-write-here"  # not even root can create files under /proc


def kiosk(command: list[str], env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, *args], env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT
    )


def refused(result: subprocess.CompletedProcess, *named: str) -> None:
    """Exit 2, no traceback, and each of ``named`` in what the command printed."""
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output, output
    for text in named:
        assert text in output, (text, output)


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        ("rules", "code_card_size", "0"),
        ("rules", "code_card_size", "1000"),
        ("rules", "password_digits", "0"),
        ("rules", "password_digits", "13"),
        ("timeouts", "device_seconds", "0"),
        ("timeouts", "inactivity_seconds", "nan"),
        ("timeouts", "admin_idle_seconds", "inf"),
        ("security", "password_scrypt_n", "1000"),
    ],
)
def test_a_config_value_out_of_range_is_named(
    tmp_path: Path, kiosk_command, subprocess_env, section: str, key: str, value: str
) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(f"demo = true\n[{section}]\n{key} = {value}\n")
    result = kiosk(kiosk_command, subprocess_env, "config", "check", "--no-devices", str(path))
    refused(result, f"'{section}.{key}'")
    assert len(result.stdout.splitlines()) == 1, result.stdout
    run = kiosk(kiosk_command, subprocess_env, "--config", str(path), "run")  # before any screen
    refused(run, f"'{section}.{key}'")


def test_a_config_that_is_not_utf8_is_one_line(tmp_path: Path, kiosk_command, subprocess_env):
    path = tmp_path / "kiosk.toml"
    path.write_bytes(b'demo = true\nkiosk_id = "\xff\xfe"\n')
    refused(kiosk(kiosk_command, subprocess_env, "config", "check", str(path)), "not UTF-8")
    refused(kiosk(kiosk_command, subprocess_env, "--config", str(path), "run"), "not UTF-8")


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 5000])
def test_nesting_past_the_limit_is_refused(
    tmp_path: Path, kiosk_command, subprocess_env, depth: int
) -> None:
    toml = tmp_path / "kiosk.toml"
    toml.write_text("demo = true\na = " + "[" * depth + "]" * depth + "\n")
    deep = f"nested deeper than {MAX_NESTING} levels"
    refused(kiosk(kiosk_command, subprocess_env, "config", "check", str(toml)), deep)
    refused(kiosk(kiosk_command, subprocess_env, "--config", str(toml), "run"), deep)
    scenario = tmp_path / "visit.json"
    scenario.write_text('{"steps": ' + "[" * depth + "]" * depth + "}")
    refused(kiosk(kiosk_command, subprocess_env, "journey", str(scenario)), deep)


def test_nesting_at_the_limit_is_read(tmp_path: Path, kiosk_command, subprocess_env) -> None:
    toml = tmp_path / "kiosk.toml"
    depth = MAX_NESTING - 1  # the document itself is the first level
    toml.write_text("demo = true\n" + "[a]\nb = " + "[" * (depth - 1) + "]" * (depth - 1) + "\n")
    result = kiosk(kiosk_command, subprocess_env, "config", "check", "--no-devices", str(toml))
    refused(result, "unknown key 'a'")  # parsed and checked, not refused for its depth
    assert "nested deeper" not in result.stdout


@pytest.mark.parametrize("timeout", ["nan", "inf", "-1", "0"])
def test_print_timeout_must_be_finite_seconds(kiosk_command, subprocess_env, timeout: str):
    result = kiosk(
        kiosk_command,
        subprocess_env,
        "print",
        "test-page",
        "--printer",
        "sim://",
        "--timeout",
        timeout,
    )
    refused(result, "--timeout")


def test_backups_to_an_existing_file_or_an_unwritable_place_are_one_line(
    tmp_path: Path, kiosk_command, subprocess_env
) -> None:
    data = tmp_path / "data"
    config = tmp_path / "kiosk.toml"
    config.write_text(f'demo = true\n[storage]\ndatabase = "{data / "kiosk.sqlite"}"\n')
    scenario = tmp_path / "visit.json"
    scenario.write_text('{"steps": []}')
    made = kiosk(
        kiosk_command,
        subprocess_env,
        "--config",
        str(config),
        "journey",
        str(scenario),
        "--db",
        str(data / "kiosk.sqlite"),
    )
    assert made.returncode == 0, made.stderr
    existing = tmp_path / "a-file"
    existing.write_text("keep me")
    for out in (str(existing), UNWRITABLE):
        result = kiosk(
            kiosk_command, subprocess_env, "--config", str(config), "db", "backup", "--out", out
        )
        refused(result, "backup of")
        assert len(result.stderr.splitlines()) == 1, result.stderr
    assert existing.read_text() == "keep me"


def test_simulators_in_an_unwritable_place_are_one_line(kiosk_command, subprocess_env) -> None:
    result = kiosk(kiosk_command, subprocess_env, "sim", "start", "--runtime-dir", UNWRITABLE)
    refused(result, "cannot make the runtime folder")
