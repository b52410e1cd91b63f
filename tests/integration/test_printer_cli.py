"""``kiosk print`` and the simulator as a process, each a real subprocess over real sockets."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.sim.printer.escpos_control import send_command
from drivers.sim.printer.escpos_printer_device import EscposPrinterDevice

CLI_TIMEOUT = 60


def _kiosk(command: list[str], env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, env=env, timeout=CLI_TIMEOUT
    )


@pytest.fixture
def device(tmp_path: Path) -> Iterator[EscposPrinterDevice]:
    with EscposPrinterDevice(tmp_path / "paper") as simulated:
        yield simulated


@pytest.mark.parametrize(
    "sample", ["test-page", "code-card", "password-slip", "receipt", "leaflet"]
)
def test_kiosk_print_sample_reaches_paper(
    sample: str, device: EscposPrinterDevice, kiosk_command: list[str], subprocess_env: dict
) -> None:
    result = _kiosk(kiosk_command, subprocess_env, "print", sample, "--printer", device.url)
    assert result.returncode == 0, result.stderr
    page = device.wait_for_pages(1)[0]
    assert not page.torn and page.text.strip()


def test_kiosk_print_in_english(
    device: EscposPrinterDevice, kiosk_command: list[str], subprocess_env: dict
) -> None:
    args = ("print", "leaflet", "--printer", device.url, "--language", "en")
    assert _kiosk(kiosk_command, subprocess_env, *args).returncode == 0
    assert "How to use NemID" in device.wait_for_pages(1)[0].text


def test_kiosk_print_paper_out_exits_1_with_one_line(
    device: EscposPrinterDevice, kiosk_command: list[str], subprocess_env: dict
) -> None:
    device.set_fault(paper_end=True)
    result = _kiosk(kiosk_command, subprocess_env, "print", "code-card", "--printer", device.url)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "paper_out" in result.stderr


def test_kiosk_print_offline_exits_1(
    device: EscposPrinterDevice, kiosk_command: list[str], subprocess_env: dict
) -> None:
    device.set_fault(offline=True)
    result = _kiosk(kiosk_command, subprocess_env, "print", "receipt", "--printer", device.url)
    assert result.returncode == 1 and "printer_offline" in result.stderr


@pytest.mark.parametrize(
    "args", [("print", "nonsense", "--printer", "sim://"), ("print", "receipt", "--printer", "x")]
)
def test_kiosk_print_bad_input_exits_2(
    args: tuple[str, ...], kiosk_command: list[str], subprocess_env: dict
) -> None:
    result = _kiosk(kiosk_command, subprocess_env, *args)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_kiosk_print_on_sim_renders_a_png(
    tmp_path: Path, kiosk_command: list[str], subprocess_env: dict
) -> None:
    args = ("print", "code-card", "--printer", "sim://", "--out", str(tmp_path))
    result = _kiosk(kiosk_command, subprocess_env, *args)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip().splitlines()[-1]).is_file()


@pytest.mark.parametrize(("profile", "columns"), [("POS-5890", 42), ("TM-T88V", 56)])
def test_kiosk_print_code_card_json_reports_profile_and_size(
    profile: str, columns: int, tmp_path: Path, kiosk_command: list[str], subprocess_env: dict
) -> None:
    args = ("print", "code-card", "--printer", "sim://", "--profile", profile, "--json")
    result = _kiosk(kiosk_command, subprocess_env, *args, "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["profile"], report["columns"], report["strategy"]) == (
        profile, columns, "process_id"
    )  # fmt: skip
    assert report["columns_used"] <= columns and report["rows"] > 30
    assert 1000 < report["bytes"] < 4096 and 80 < report["length_mm"] < 300


def test_kiosk_print_names_the_strategy_a_clone_gets(
    tmp_path: Path, kiosk_command: list[str], subprocess_env: dict
) -> None:
    with EscposPrinterDevice(tmp_path, profile="POS-5890", behaviour="clone") as clone:
        args = ("print", "receipt", "--printer", clone.url, "--profile", "POS-5890")
        result = _kiosk(kiosk_command, subprocess_env, *args, "--language", "en")
        assert result.returncode == 0, result.stderr
        assert "profile POS-5890" in result.stdout and "transmit_status" in result.stdout


def test_kiosk_print_unknown_profile_exits_2(
    kiosk_command: list[str], subprocess_env: dict
) -> None:
    args = ("print", "receipt", "--printer", "sim://", "--profile", "TM-NOPE")
    result = _kiosk(kiosk_command, subprocess_env, *args)
    assert (
        result.returncode == 2 and "TM-NOPE" in result.stderr and "Traceback" not in result.stderr
    )


def test_simulator_process_with_control_channel(
    tmp_path: Path, kiosk_command: list[str], subprocess_env: dict
) -> None:
    ready = tmp_path / "ready.json"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "drivers.sim.printer.escpos_printer_device",
            "--out",
            str(tmp_path),
            "--ready-file",
            str(ready),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=subprocess_env,
    )
    try:
        assert process.stdout is not None
        urls = json.loads(process.stdout.readline())
        assert json.loads(ready.read_text()) == urls
        faults = send_command(urls["control"], {"cmd": "fault", "faults": {"cover_open": True}})
        assert faults["ok"] and faults["faults"]["cover_open"] is True
        result = _kiosk(kiosk_command, subprocess_env, "print", "receipt", "--printer", urls["url"])
        assert result.returncode == 1 and "cover_open" in result.stderr
        assert send_command(urls["control"], {"cmd": "clear"})["ok"]
        result = _kiosk(kiosk_command, subprocess_env, "print", "receipt", "--printer", urls["url"])
        assert result.returncode == 0, result.stderr
        pages = send_command(urls["control"], {"cmd": "pages"})["pages"]
        assert len(pages) == 1 and Path(pages[0]["png"]).is_file()
        assert send_command(urls["control"], {"cmd": "bogus"})["ok"] is False
        send_command(urls["control"], {"cmd": "stop"})
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
