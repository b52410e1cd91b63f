"""``kiosk sim start|status|stop`` as real subprocesses: simulators up, config written, all gone."""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import stat
import subprocess
import time
from pathlib import Path

import pytest

from drivers.mrz_reader.serial_reader import SerialMrzReader
from drivers.sim.reader.mrz_reader_device import SPECIMEN_TD3, MrzReaderControl
from kiosk.config import load_config

RUN_TIMEOUT = 60


def kiosk(command: list[str], env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, *args], env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT
    )


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def runtime(tmp_path: Path, kiosk_command, subprocess_env):
    """A runtime folder; whatever the test started is stopped at the end, pass or fail."""
    folder = tmp_path / "sim"
    yield folder
    kiosk(kiosk_command, subprocess_env, "sim", "stop", "--runtime-dir", str(folder))


def test_start_writes_a_loadable_config_and_status_lists_running_simulators(
    runtime: Path, kiosk_command, subprocess_env
) -> None:
    only = ["--only", "mrz_reader", "camera"]
    started = kiosk(
        kiosk_command,
        subprocess_env,
        "sim",
        "start",
        "--runtime-dir",
        str(runtime),
        *only,
        "--json",
    )
    assert started.returncode == 0, started.stderr
    report = json.loads(started.stdout)
    config = load_config(Path(report["config"]))
    assert config.demo is True  # a file the simulators wrote is a demo config
    assert stat.S_IMODE(runtime.stat().st_mode) == 0o700  # private: printouts hold credentials
    assert config.devices.document_reader == f"serial://{runtime}/ttyMRZ?baud=9600"
    assert config.devices.camera == f"camera://{runtime}/camera.avi"
    assert (runtime / "camera.avi").stat().st_size > 0

    status = kiosk(
        kiosk_command, subprocess_env, "sim", "status", "--runtime-dir", str(runtime), "--json"
    )
    by_name = {sim["name"]: sim for sim in json.loads(status.stdout)["simulators"]}
    assert by_name["mrz_reader"]["state"] == "running"
    pid = by_name["mrz_reader"]["pid"]
    assert alive(pid)
    assert int((runtime / "mrz_reader.pid").read_text()) == pid


def test_the_background_reader_serves_the_driver_over_its_pty(
    runtime: Path, kiosk_command, subprocess_env
) -> None:
    started = kiosk(
        kiosk_command,
        subprocess_env,
        "sim",
        "start",
        "--runtime-dir",
        str(runtime),
        "--only",
        "mrz_reader",
    )
    assert started.returncode == 0, started.stderr
    config = load_config(runtime / "kiosk-sim.toml")
    with SerialMrzReader.from_url(config.devices.document_reader) as reader:
        MrzReaderControl(runtime / "mrz_reader.sock").play(list(SPECIMEN_TD3), framed=True)
        assert reader.read_document(3.0).lines == SPECIMEN_TD3


def test_stop_ends_the_processes_and_removes_their_files(
    runtime: Path, kiosk_command, subprocess_env
) -> None:
    kiosk(
        kiosk_command,
        subprocess_env,
        "sim",
        "start",
        "--runtime-dir",
        str(runtime),
        "--only",
        "mrz_reader",
    )
    pid = int((runtime / "mrz_reader.pid").read_text())
    stopped = kiosk(kiosk_command, subprocess_env, "sim", "stop", "--runtime-dir", str(runtime))
    assert stopped.returncode == 0, stopped.stderr
    assert f"mrz_reader   stopped pid {pid}" in stopped.stdout
    assert not alive(pid)
    for name in ("mrz_reader.pid", "ttyMRZ", "mrz_reader.sock", "kiosk-sim.toml", "sim-state.json"):
        assert not (runtime / name).exists(), name
    status = kiosk(
        kiosk_command, subprocess_env, "sim", "status", "--runtime-dir", str(runtime), "--json"
    )
    assert {sim["state"] for sim in json.loads(status.stdout)["simulators"]} == {"stopped"}


def test_a_second_start_reuses_the_running_simulator(runtime: Path, kiosk_command, subprocess_env):
    args = ["sim", "start", "--runtime-dir", str(runtime), "--only", "mrz_reader", "--json"]
    first = json.loads(kiosk(kiosk_command, subprocess_env, *args).stdout)["simulators"][0]
    second = json.loads(kiosk(kiosk_command, subprocess_env, *args).stdout)["simulators"][0]
    assert first["pid"] == second["pid"] and second["state"] == "running"


def test_a_stale_pid_file_is_never_killed(runtime: Path, kiosk_command, subprocess_env) -> None:
    runtime.mkdir(parents=True)
    (runtime / "mrz_reader.pid").write_text(f"{os.getpid()}\n")  # this pytest, not a simulator
    status = kiosk(
        kiosk_command, subprocess_env, "sim", "status", "--runtime-dir", str(runtime), "--json"
    )
    mrz = json.loads(status.stdout)["simulators"][0]
    assert (mrz["state"], mrz["detail"]) == ("stopped", "stale pid file")
    kiosk(kiosk_command, subprocess_env, "sim", "stop", "--runtime-dir", str(runtime))
    assert alive(os.getpid())


def test_an_unknown_simulator_is_bad_input(runtime: Path, kiosk_command, subprocess_env) -> None:
    result = kiosk(
        kiosk_command,
        subprocess_env,
        "sim",
        "start",
        "--runtime-dir",
        str(runtime),
        "--only",
        "toaster",
    )
    assert result.returncode == 2
    assert "unknown simulator toaster" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_simulator_that_dies_at_start_is_reported_failed(tmp_path: Path) -> None:
    from drivers.sim.rig.catalogue import MRZ_READER
    from drivers.sim.rig.supervisor import SimSupervisor

    broken = dataclasses.replace(MRZ_READER, arguments=lambda d: ["--baud", "x"])
    statuses = SimSupervisor(tmp_path, specs=(broken,)).start()
    assert statuses[0].state == "failed"
    assert "exited 2" in statuses[0].detail and "--baud" in statuses[0].detail


@pytest.mark.pcsc
def test_the_card_simulator_holds_a_card_in_pcscd_until_stopped(
    runtime: Path, kiosk_command, subprocess_env
) -> None:
    from drivers.sim.control_channel import ControlClient

    args = ["sim", "start", "--runtime-dir", str(runtime), "--only", "card_reader", "--json"]
    started = kiosk(kiosk_command, subprocess_env, *args)
    assert started.returncode == 0, started.stdout + started.stderr
    url = load_config(runtime / "kiosk-sim.toml").devices.card_reader
    assert url.startswith("pcsc://Virtual PCD")
    config = runtime / "kiosk-sim.toml"
    diag = ["diag", "--json", "--config", str(config), "--device", "card_reader"]
    entry = json.loads(kiosk(kiosk_command, subprocess_env, *diag).stdout)["devices"][0]
    assert entry["status"] == "ok" and entry["facts"]["atr"].startswith("3B")
    assert (
        ControlClient(runtime / "card_reader.sock").call({"command": "remove"})["inserted"] is False
    )
    entry = json.loads(kiosk(kiosk_command, subprocess_env, *diag).stdout)["devices"][0]
    assert entry["detail"].endswith("no card inserted")
    kiosk(kiosk_command, subprocess_env, "sim", "stop", "--runtime-dir", str(runtime))
    assert not (runtime / "card_reader.json").exists()


@pytest.mark.pcsc
def test_the_passport_chip_simulator_brings_its_trust_store(
    runtime: Path, kiosk_command, subprocess_env
) -> None:
    args = ["sim", "start", "--runtime-dir", str(runtime), "--only", "chip_reader"]
    started = kiosk(kiosk_command, subprocess_env, *args)
    assert started.returncode == 0, started.stdout + started.stderr
    config = load_config(runtime / "kiosk-sim.toml")
    assert config.devices.chip_reader.startswith("pcsc://Virtual PCD")
    assert config.security.trust_store == str(runtime / "trust")
    assert (runtime / "trust" / "sim-csca.pem").read_bytes().startswith(b"-----BEGIN CERTIFICATE")


@pytest.mark.pcsc
def test_the_staff_card_simulator_brings_the_ca_that_signed_its_card(
    runtime: Path, kiosk_command, subprocess_env, tmp_path: Path
) -> None:
    """The staff-card reader built from the written config logs the demo staff member in with
    the card's PIN through the real pcscd; a kiosk trusting another CA refuses the card."""
    from app.devices import open_staff_card_reader
    from drivers.sim.cards.staff_card import DEMO_STAFF
    from drivers.sim.cards.staff_pki import StaffCardPki
    from kiosk.errors import StaffCardError

    args = ["sim", "start", "--runtime-dir", str(runtime), "--only", "card_reader"]
    started = kiosk(kiosk_command, subprocess_env, *args)
    assert started.returncode == 0, started.stdout + started.stderr
    config = load_config(runtime / "kiosk-sim.toml")
    ca_file = runtime / "staff-card-ca.pem"
    assert config.security.staff_card_ca == str(ca_file)
    reader = open_staff_card_reader(config.devices.card_reader, config)
    reader.open()
    try:
        staff_id, name, role, pin = DEMO_STAFF
        identity = reader.authenticate(pin)
        assert (identity.staff_id, identity.name, identity.role) == (staff_id, name, role)
    finally:
        reader.close()
    other_ca = tmp_path / "other-ca.pem"
    other_ca.write_bytes(StaffCardPki(seed=b"another municipality").ca_pem())
    untrusting = config.replace(security={"staff_card_ca": str(other_ca)})
    stranger = open_staff_card_reader(config.devices.card_reader, untrusting)
    stranger.open()
    try:
        with pytest.raises(StaffCardError):
            stranger.authenticate(DEMO_STAFF[3])
    finally:
        stranger.close()
    kiosk(kiosk_command, subprocess_env, "sim", "stop", "--runtime-dir", str(runtime))
    assert not ca_file.exists()


def test_printed_credentials_are_deleted_on_stop(
    runtime: Path, kiosk_command, subprocess_env
) -> None:
    args = ["sim", "start", "--runtime-dir", str(runtime), "--only", "printer", "--json"]
    started = kiosk(kiosk_command, subprocess_env, *args)
    assert started.returncode == 0, started.stdout + started.stderr
    url = load_config(runtime / "kiosk-sim.toml").devices.printer
    host, port = url.removeprefix("tcp://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=5) as printer:
        printer.sendall(b"\x1b@Kodeord 123456\n\x1dV\x00")
    printouts = runtime / "printouts"
    deadline = time.monotonic() + 10
    while not list(printouts.glob("page-*.png")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(printouts.glob("page-*.png")), "the simulator printed no page"
    kiosk(kiosk_command, subprocess_env, "sim", "stop", "--runtime-dir", str(runtime))
    assert not printouts.exists()


def test_a_runtime_folder_of_another_user_is_refused(
    tmp_path: Path, kiosk_command, subprocess_env
) -> None:
    planted = tmp_path / "planted"
    planted.mkdir()
    os.chown(planted, 65534, 65534)  # tests run as root: a folder someone else made
    result = kiosk(kiosk_command, subprocess_env, "sim", "start", "--runtime-dir", str(planted))
    assert result.returncode == 2
    assert "not a folder of this user" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(planted.iterdir()) == []
