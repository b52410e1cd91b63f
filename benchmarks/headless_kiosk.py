"""A real ``kiosk run`` process, headless, for the start-up and memory benchmarks.

This plays systemd's side of sd_notify: it binds a datagram socket, names it in ``NOTIFY_SOCKET``
and starts the unit's command (``kiosk --config F run``) under SDL's offscreen video driver on
simulated devices (the MRZ reader on a pseudo-terminal, the ESC/POS printer over TCP) with its
databases in a given folder. ``kiosk run`` sends READY=1 only after its first screen is drawn,
so the time from ``Popen`` to that datagram is cold start to first frame.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READY = "READY=1"
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
KIB_PER_MB = 1024
SOFTWARE_GL_LIBRARIES = ("libLLVM", "_dri.so", "libgallium")


@dataclass(frozen=True)
class RunningKiosk:
    process: subprocess.Popen[bytes]
    ready_seconds: float  # Popen to READY=1 (first frame drawn)

    def memory_kib(self) -> dict[str, int]:
        """VmRSS and VmHWM (peak) of the kiosk process, in KiB, from /proc/<pid>/status."""
        fields: dict[str, int] = {}
        status = Path(f"/proc/{self.process.pid}/status").read_text(encoding="ascii")
        for line in status.splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0])
        return fields

    def software_gl_kib(self) -> int:
        """Resident KiB of Mesa's software OpenGL (llvmpipe: libLLVM and the *_dri.so driver).

        Headless runs draw with it; a kiosk draws on its GPU's driver instead, so this part of
        the RSS is the measuring machine's, not the kiosk's.
        """
        total, counted = 0, False
        smaps = Path(f"/proc/{self.process.pid}/smaps").read_text(
            encoding="utf-8", errors="replace"
        )
        for line in smaps.splitlines():
            words = line.split()
            if words and "-" in words[0] and len(words) >= 5:  # a mapping's header line
                counted = len(words) > 5 and any(m in words[5] for m in SOFTWARE_GL_LIBRARIES)
            elif counted and words[:1] == ["Rss:"]:
                total += int(words[1])
        return total


def kiosk_command(config: Path) -> list[str]:
    """The console script beside this interpreter, as the systemd unit runs it."""
    script = Path(sys.executable).with_name("kiosk")
    head = [str(script)] if script.exists() else [sys.executable, "-m", "app.cli.main"]
    return [*head, "--config", str(config), "run"]


def write_config(folder: Path) -> Path:
    path = folder / "kiosk.toml"
    path.write_text(
        "\n".join(
            [
                "demo = true",
                "[devices]",
                'document_reader = "sim://"',
                'printer = "sim://"',
                "[storage]",
                f'database = "{folder / "kiosk.sqlite"}"',
                f'outbox = "{folder / "outbox"}"',
                f'backups = "{folder / "backups"}"',
                "[security]",
                f'kiosk_key_file = "{folder / "kiosk.key"}"',
                "[logging]",
                "journal = false",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return path


@contextmanager
def headless_kiosk(folder: Path) -> Iterator[RunningKiosk]:
    """Start ``kiosk run`` on data in ``folder``, yield once READY=1 came; stop it after.

    Raises RuntimeError with the end of the kiosk's log when it exits or stays silent.
    """
    folder.mkdir(parents=True, exist_ok=True)
    notify_path = folder / "notify.sock"
    notify_path.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(
        NOTIFY_SOCKET=str(notify_path),
        SDL_VIDEODRIVER="offscreen",
        KIVY_HOME=str(folder / "kivy"),
        PYTHONPATH=str(ROOT),
    )
    log_path = folder / "kiosk.log"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(str(notify_path))
        command = kiosk_command(write_config(folder))
        with log_path.open("wb") as log:
            started = time.perf_counter()
            process = subprocess.Popen(
                command, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True
            )
        try:
            ready = _wait_ready(sock, process, started, log_path)
            yield RunningKiosk(process, ready)
        finally:
            _stop(process)


def _wait_ready(
    sock: socket.socket, process: subprocess.Popen[bytes], started: float, log: Path
) -> float:
    deadline = started + START_TIMEOUT_S
    while (left := deadline - time.perf_counter()) > 0 and process.poll() is None:
        sock.settimeout(min(left, 0.5))
        try:
            message = sock.recv(4096).decode()
        except TimeoutError:
            continue
        if READY in message.split("\n"):
            return time.perf_counter() - started
    tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
    raise RuntimeError(f"kiosk run sent no READY=1 (exit {process.poll()}): {tail}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # kiosk run stops its UI loop cleanly on SIGTERM
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=STOP_TIMEOUT_S)
