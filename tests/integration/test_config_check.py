"""``kiosk config check`` catches each kind of bad config in one pass, as a real subprocess."""

from __future__ import annotations

import json
import socket
import subprocess
from pathlib import Path

from tests.conftest import ROOT


def check(kiosk_command: list[str], path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*kiosk_command, "config", "check", str(path), *extra], capture_output=True, text=True
    )


def test_the_example_config_is_clean(kiosk_command: list[str]) -> None:
    result = check(kiosk_command, ROOT / "kiosk" / "assets" / "kiosk.example.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith(": ok")


def test_every_kind_of_problem_is_reported_at_once(
    kiosk_command: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        'kiosk_name = "typo"\n'
        '[municipality]\nstandard_order = "by_pigeon"\n'
        "[rules]\nwitness_limit = -1\n"
        '[devices]\nprinter = "lpt://1"\ndocument_reader = "serial:///dev/does-not-exist"\n'
    )
    result = check(kiosk_command, path, "--json")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    text = "\n".join(report["problems"])
    assert "unknown key 'kiosk_name'" in text
    assert "'municipality.standard_order'" in text
    assert "'rules.witness_limit'" in text
    assert "'devices.printer'" in text and "unknown scheme" in text
    assert "'devices.document_reader' unreachable" in text
    assert report["ok"] is False


def test_an_unreachable_printer_is_named(kiosk_command: list[str], tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        free_port = sock.getsockname()[1]
    path = tmp_path / "kiosk.toml"
    path.write_text(f'demo = true\n[devices]\nprinter = "tcp://127.0.0.1:{free_port}"\n')
    result = check(kiosk_command, path)
    assert result.returncode == 2
    assert f"'devices.printer' unreachable: no answer on 127.0.0.1:{free_port}" in result.stdout
    assert check(kiosk_command, path, "--no-devices").returncode == 0


def test_a_listening_printer_is_reachable(kiosk_command: list[str], tmp_path: Path) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        path = tmp_path / "kiosk.toml"
        port = server.getsockname()[1]
        path.write_text(f'demo = true\n[devices]\nprinter = "tcp://127.0.0.1:{port}"\n')
        result = check(kiosk_command, path)
    assert result.returncode == 0, result.stdout


def test_broken_toml_and_missing_file_are_one_line_each(
    kiosk_command: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("[rules\n")
    result = check(kiosk_command, path)
    assert result.returncode == 2
    assert "not valid TOML" in result.stdout
    assert "Traceback" not in result.stderr
    missing = check(kiosk_command, tmp_path / "absent.toml")
    assert missing.returncode == 2
    assert "cannot read the file" in missing.stdout


def test_printer_section_profile_and_policy_are_checked(
    kiosk_command: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('demo = true\n[printer]\nprofile = "TM-NOPE"\nunconfirmed = "maybe"\n')
    result = check(kiosk_command, path, "--json", "--no-devices")
    assert result.returncode == 2
    text = "\n".join(json.loads(result.stdout)["problems"])
    assert "'printer.profile' 'TM-NOPE'" in text and "'printer.unconfirmed'" in text
    path.write_text('demo = true\n[printer]\nprofile = "POS-5890"\nunconfirmed = "ask"\n')
    assert check(kiosk_command, path, "--no-devices").returncode == 0
