"""The real ``kiosk run`` command line of systemd/nemid-kiosk.service talks sd_notify.

The test is systemd: it binds the datagram socket named by NOTIFY_SOCKET, sets WATCHDOG_USEC, and
starts the unit's ExecStart (the kiosk part after cage's ``--``) with a test config on simulated
devices and temporary data paths, under SDL offscreen. It must see READY=1 once the first screen
is drawn and WATCHDOG=1 at the interval the unit asks for; with the UI hung on purpose
(KIOSK_HANG_UI_AFTER, honoured only under the test harness; the production command ignores it)
the pings stop, as systemd's WatchdogSec then restarts it.
"""

from __future__ import annotations

import itertools
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.headless_kiosk import write_config
from tests.conftest import ROOT, VENV_BIN

UNIT = ROOT / "systemd" / "nemid-kiosk.service"
INSTALLED_KIOSK = "/opt/nemid-kiosk/venv/bin/kiosk"
INSTALLED_CONFIG = "/etc/nemid-kiosk/kiosk.toml"
WATCHDOG_USEC = 2_000_000  # pings every second (half of it, as sd_watchdog_enabled advises)
START_TIMEOUT = 60.0
WATCH_SECONDS = 5.0
PINGS_TO_SEE = 3
HANG_AFTER_SECONDS = 3.0
QUIET_SECONDS = 5.0  # five watchdog intervals without a ping: the UI is hung


def unit_command_line(config: Path, *, harness: bool = False) -> list[str]:
    """ExecStart of the unit, without the compositor, with our venv and test config; with
    ``harness``, the kiosk under the test harness (tests/harness_main.py: test hooks armed)."""
    lines = [line for line in UNIT.read_text().splitlines() if line.startswith("ExecStart=")]
    words = shlex.split(lines[-1].removeprefix("ExecStart="))
    kiosk = words[words.index("--") + 1 :] if "--" in words else words
    harnessed = [sys.executable, "-m", "tests.harness_main"]
    replaced = {INSTALLED_KIOSK: harnessed if harness else [str(VENV_BIN / "kiosk")]}
    replaced[INSTALLED_CONFIG] = [str(config)]
    return [part for word in kiosk for part in replaced.get(word, [word])]


def test_the_unit_runs_kiosk_run_with_its_config() -> None:
    command = unit_command_line(Path("/tmp/k.toml"))
    assert command[-1] == "run"
    assert command[command.index("--config") + 1] == "/tmp/k.toml"


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[tuple[socket.socket, Path]]:
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    yield sock, path
    sock.close()


def start_kiosk(
    tmp_path: Path, notify: Path, *, harness: bool = False, **extra_env: str
) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(
        NOTIFY_SOCKET=str(notify),
        WATCHDOG_USEC=str(WATCHDOG_USEC),
        SDL_VIDEODRIVER="offscreen",
        KIVY_HOME=str(tmp_path / "kivy"),
        PYTHONPATH=str(ROOT),
        **extra_env,
    )
    with (tmp_path / "kiosk.log").open("wb") as log:  # the child keeps its own descriptor
        return subprocess.Popen(
            unit_command_line(write_config(tmp_path), harness=harness),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def messages_until(sock: socket.socket, deadline: float) -> Iterator[tuple[float, str]]:
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            data = sock.recv(4096)
        except TimeoutError:
            return
        yield time.monotonic(), data.decode()


def wait_ready(sock: socket.socket, process: subprocess.Popen[bytes], log: Path) -> float:
    for at, message in messages_until(sock, time.monotonic() + START_TIMEOUT):
        if "READY=1" in message.split("\n"):
            return at
    pytest.fail(f"no READY=1 (exit {process.poll()}): {log.read_text()[-2000:]}")


def test_ready_after_the_first_screen_then_periodic_watchdog(
    tmp_path: Path, notify_socket: tuple[socket.socket, Path]
) -> None:
    sock, path = notify_socket
    # The production command ignores the test hook: the UI keeps turning past it.
    process = start_kiosk(tmp_path, path, KIOSK_HANG_UI_AFTER="1")
    try:
        wait_ready(sock, process, tmp_path / "kiosk.log")
        pings = [
            at
            for at, message in messages_until(sock, time.monotonic() + WATCH_SECONDS)
            if message == "WATCHDOG=1"
        ]
        assert len(pings) >= PINGS_TO_SEE, pings
        gaps = [later - earlier for earlier, later in itertools.pairwise(pings)]
        assert max(gaps) < WATCHDOG_USEC / 1_000_000  # always inside WatchdogSec
        assert process.poll() is None
    finally:
        stop(process)


def test_a_hung_ui_stops_the_watchdog_pings(
    tmp_path: Path, notify_socket: tuple[socket.socket, Path]
) -> None:
    sock, path = notify_socket
    process = start_kiosk(tmp_path, path, harness=True, KIOSK_HANG_UI_AFTER=str(HANG_AFTER_SECONDS))
    try:
        ready = wait_ready(sock, process, tmp_path / "kiosk.log")
        pings = [
            at
            for at, message in messages_until(sock, ready + HANG_AFTER_SECONDS + QUIET_SECONDS)
            if message == "WATCHDOG=1"
        ]
        assert pings, "the kiosk pinged before it hung"
        last_ping = pings[-1]
        # Nothing for six intervals before the end: systemd would have restarted it by now.
        assert ready + HANG_AFTER_SECONDS + QUIET_SECONDS - last_ping > QUIET_SECONDS / 2
        assert process.poll() is None  # hung, not crashed
    finally:
        stop(process)
