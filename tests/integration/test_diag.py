"""``kiosk diag`` as a subprocess over simulated and missing devices, and its runner's rules."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

import pytest

from drivers.diagnostics import runner
from drivers.diagnostics.outcome import DiagContext, Outcome
from kiosk.config import DeviceSettings

RUN_TIMEOUT = 90


def diag(command, env, *args: str) -> subprocess.CompletedProcess:
    """``kiosk diag``; without KIOSK_SIM_DIR in ``env``, in an empty runtime folder, so no
    simulators another run left in the default folder are used instead of the defaults."""
    env = env if "KIOSK_SIM_DIR" in env else {**env, "KIOSK_SIM_DIR": tempfile.mkdtemp()}
    return subprocess.run(
        [*command, "diag", *args], env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT
    )


def write_config(path: Path, **devices: object) -> Path:
    lines = ["[devices]"] + [f"{key} = {json.dumps(value)}" for key, value in devices.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def by_device(stdout: str) -> dict[str, dict]:
    return {entry["device"]: entry for entry in json.loads(stdout)["devices"]}


def test_simulated_reader_and_camera_pass_with_timings(kiosk_command, subprocess_env) -> None:
    result = diag(
        kiosk_command, subprocess_env, "--json", "--device", "document_reader", "--device", "camera"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["out_of_service"] == []
    devices = by_device(result.stdout)
    assert list(devices) == ["document_reader", "camera"]
    reader = devices["document_reader"]
    assert reader["status"] == "ok" and reader["required"] is True
    assert "framing and read of 2 document(s) ok" in reader["detail"]
    assert reader["facts"]["health"] == "online"
    assert devices["camera"]["detail"].startswith("generated video")
    assert all(entry["elapsed_ms"] > 0 for entry in devices.values())


def test_the_simulated_document_camera_reads_its_specimen_licence(
    kiosk_command, subprocess_env
) -> None:
    result = diag(kiosk_command, subprocess_env, "--json", "--device", "document_camera")
    assert result.returncode == 0, result.stdout + result.stderr
    entry = by_device(result.stdout)["document_camera"]
    assert entry["status"] == "ok" and "read right" in entry["detail"]
    assert entry["facts"]["type"] == "dk_driving_licence"
    assert entry["facts"]["confidence"]["cpr"] > 0.6


def test_a_real_document_camera_reports_its_frame_and_the_ocr_engine(
    tmp_path: Path, kiosk_command, subprocess_env
) -> None:
    from drivers.sim.camera.document_glass import DocumentGlass

    glass = DocumentGlass(tmp_path)
    config = write_config(tmp_path / "k.toml", document_camera=glass.url)
    result = diag(
        kiosk_command,
        subprocess_env,
        "--json",
        "--config",
        str(config),
        "--device",
        "document_camera",
    )
    entry = by_device(result.stdout)["document_camera"]
    assert entry["status"] == "ok", entry
    assert entry["facts"]["width"] == 1600 and "Danish model" in entry["facts"]["ocr"]


def test_the_simulated_printer_prints_a_test_page(kiosk_command, subprocess_env) -> None:
    result = diag(kiosk_command, subprocess_env, "--json", "--device", "printer")
    printer = by_device(result.stdout)["printer"]
    assert printer["status"] == "ok", printer
    assert printer["facts"]["test_page_bytes"] > 0
    skipped = diag(kiosk_command, subprocess_env, "--json", "--device", "printer", "--no-print")
    assert "test_page_bytes" not in by_device(skipped.stdout)["printer"]["facts"]


def test_a_missing_required_reader_takes_the_kiosk_out_of_service(
    tmp_path: Path, kiosk_command, subprocess_env
) -> None:
    config = write_config(tmp_path / "k.toml", document_reader=f"serial://{tmp_path}/ttyGONE")
    result = diag(
        kiosk_command,
        subprocess_env,
        "--json",
        "--config",
        str(config),
        "--device",
        "document_reader",
    )
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["out_of_service"] == ["document_reader"]
    entry = by_device(result.stdout)["document_reader"]
    assert entry["status"] == "fault"
    assert "device_unavailable" in entry["detail"] and "ttyGONE" in entry["detail"]


def test_a_missing_camera_file_is_a_fault(tmp_path: Path, kiosk_command, subprocess_env) -> None:
    config = write_config(tmp_path / "k.toml", camera=f"camera://{tmp_path}/none.avi")
    result = diag(
        kiosk_command, subprocess_env, "--json", "--config", str(config), "--device", "camera"
    )
    assert result.returncode == 1
    entry = by_device(result.stdout)["camera"]
    assert entry["status"] == "fault" and "no such camera device or video file" in entry["detail"]
    assert entry["required"] is False


def test_a_device_not_fitted_is_reported_and_passes(
    tmp_path: Path, kiosk_command, subprocess_env
) -> None:
    config = write_config(tmp_path / "k.toml", camera="")
    result = diag(
        kiosk_command, subprocess_env, "--json", "--config", str(config), "--device", "camera"
    )
    assert result.returncode == 0
    assert by_device(result.stdout)["camera"]["status"] == "not_fitted"


def test_a_malformed_device_url_is_a_fault_naming_it(
    tmp_path: Path, kiosk_command, subprocess_env
) -> None:
    config = write_config(tmp_path / "k.toml", camera="webcam://front")
    result = diag(
        kiosk_command, subprocess_env, "--json", "--config", str(config), "--device", "camera"
    )
    assert "unknown scheme 'webcam'" in by_device(result.stdout)["camera"]["detail"]


def test_diag_uses_the_simulators_kiosk_sim_started(
    tmp_path: Path, kiosk_command, subprocess_env
) -> None:
    runtime = tmp_path / "sim"
    sim = [*kiosk_command, "sim"]
    env = {**subprocess_env, "KIOSK_SIM_DIR": str(runtime)}
    started = subprocess.run(
        [*sim, "start", "--only", "mrz_reader", "camera", "printer"],
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    try:
        assert started.returncode == 0, started.stderr
        config = runtime / "kiosk-sim.toml"
        only = ("--device", "document_reader", "--device", "camera", "--device", "printer")
        result = diag(kiosk_command, env, "--json", *only)  # no --config: the simulators' one
        assert json.loads(result.stdout)["config"] == str(config)
        devices = by_device(result.stdout)
        printer = devices["printer"]["facts"]
        assert (printer["profile"], printer["model"], printer["strategy"]) == (
            "TM-T20II", "TM-T20II", "process_id"
        )  # fmt: skip
        assert (
            printer["firmware"] == "SIM 1.00"
            and "firmware SIM 1.00" in devices["printer"]["detail"]
        )
        text = diag(kiosk_command, env, "--language", "en", *only)
        assert text.stdout.splitlines()[0] == f"Config: {config}"
        assert devices["document_reader"]["detail"].startswith("simulator behind the port")
        assert devices["document_reader"]["url"].startswith(f"serial://{runtime}")
        assert devices["camera"]["facts"]["width"] == 640
        assert result.returncode == 0, result.stdout
    finally:
        subprocess.run([*sim, "stop"], env=env, timeout=RUN_TIMEOUT)


def test_text_output_is_translated(kiosk_command, subprocess_env) -> None:
    result = diag(kiosk_command, subprocess_env, "--device", "document_reader", "--language", "da")
    assert result.stdout.startswith("Konfiguration: ")
    assert result.stdout.splitlines()[1].startswith("Dokumentlæser")
    assert "påkrævet" in result.stdout
    assert "Alle påkrævede enheder bestod selvtesten." in result.stdout


def test_an_unknown_device_name_is_bad_input(kiosk_command, subprocess_env) -> None:
    result = diag(kiosk_command, subprocess_env, "--device", "toaster")
    assert result.returncode == 2 and "Traceback" not in result.stderr


@pytest.mark.pcsc
def test_the_simulated_card_reader_answers_with_the_test_card(
    kiosk_command, subprocess_env
) -> None:
    result = diag(kiosk_command, subprocess_env, "--json", "--device", "card_reader")
    entry = by_device(result.stdout)["card_reader"]
    assert entry["status"] == "ok", entry
    assert entry["facts"]["atr"].startswith("3B")


def fake_check(monkeypatch: pytest.MonkeyPatch, behaviour) -> None:
    module = types.ModuleType("fake_check")
    module.self_test = behaviour  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_check", module)
    monkeypatch.setitem(runner.DEVICE_CHECKS, "camera", ("fake_check", {}))


def test_a_check_whose_driver_is_missing_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(runner.DEVICE_CHECKS, "camera", ("drivers.no_such_family", {}))
    result = runner.run_self_test("camera", "sim://", False, DiagContext())
    assert result.status == "unavailable"
    assert "drivers.no_such_family" in result.detail


def test_a_hanging_check_is_reported_not_waited_for(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_check(monkeypatch, lambda url, context: time.sleep(5) or Outcome("late"))
    result = runner.run_self_test("camera", "sim://", False, DiagContext(timeout=0.2))
    assert result.status == "fault" and result.detail == "no answer within 0.2 s"
    assert result.elapsed_ms < 2000


def test_checks_run_in_parallel_each_within_its_own_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = types.ModuleType("slow_check")
    module.self_test = lambda url, context: time.sleep(1.0) or Outcome("slow but in time")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "slow_check", module)
    fake_check(monkeypatch, lambda url, context: time.sleep(30) or Outcome("late"))
    for name in ("document_reader", "printer", "chip_reader"):
        monkeypatch.setitem(runner.DEVICE_CHECKS, name, ("slow_check", {}))
    devices = DeviceSettings(card_reader="", document_camera="")
    started = time.monotonic()
    results = runner.run_self_tests(devices, DiagContext(timeout=1.5))
    elapsed = time.monotonic() - started
    statuses = [(r.device, r.status) for r in results]
    assert statuses == [
        ("document_reader", "ok"), ("card_reader", "not_fitted"), ("chip_reader", "ok"),
        ("printer", "ok"), ("camera", "fault"), ("document_camera", "not_fitted"),
    ]  # fmt: skip
    assert elapsed < 2.9  # three 1 s checks and a 1.5 s deadline side by side, not one by one


def test_a_reader_held_by_a_running_kiosk_is_in_use(tmp_path: Path) -> None:
    from drivers.mrz_reader.serial_reader import SerialMrzReader
    from drivers.sim.reader.mrz_reader_device import MrzReaderDevice

    with MrzReaderDevice(baud=None) as device, SerialMrzReader.from_url(device.url) as kiosk:
        assert kiosk.health().usable  # the kiosk holds the port (opened exclusively)
        result = runner.run_self_test("document_reader", device.url, True, DiagContext(timeout=5))
    assert result.status == "in_use", result
    assert "held by another process" in result.detail and result.elapsed_ms < 2000


def test_a_crashing_check_is_a_fault_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_check(monkeypatch, lambda url, context: 1 / 0)
    result = runner.run_self_test("camera", "sim://", True, DiagContext())
    assert result.status == "fault" and "ZeroDivisionError" in result.detail
    assert result.takes_kiosk_out_of_service


def test_required_devices_come_from_the_config() -> None:
    devices = DeviceSettings(camera="", required=("camera",))
    results = runner.run_self_tests(devices, DiagContext(), only=["camera"])
    assert results[0].required and results[0].takes_kiosk_out_of_service


@pytest.mark.pcsc
def test_a_card_reader_held_exclusively_by_another_process_is_in_use() -> None:
    from smartcard import scard

    from drivers.sim.cards.card_slot import emulated_card
    from drivers.sim.cards.test_card import TestCard

    with emulated_card(TestCard()) as inserted:
        result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        assert result == scard.SCARD_S_SUCCESS
        result, card, _ = scard.SCardConnect(
            context, inserted.reader_name, scard.SCARD_SHARE_EXCLUSIVE, scard.SCARD_PROTOCOL_ANY
        )
        assert result == scard.SCARD_S_SUCCESS
        try:
            url = f"pcsc://{inserted.reader_name}"
            held = runner.run_self_test("card_reader", url, False, DiagContext(timeout=5))
        finally:
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
            scard.SCardReleaseContext(context)
        free = runner.run_self_test("card_reader", url, False, DiagContext(timeout=5))
    assert held.status == "in_use" and "held by another process" in held.detail, held
    assert free.status == "ok" and free.facts["atr"], free
