"""Run the device simulators as background processes for ``kiosk sim`` and the demo.

:class:`SimSupervisor` starts each simulator of :mod:`drivers.sim.rig.catalogue` in its own session
(``python -m <module>``), records its pid in ``<name>.pid`` and its output in ``<name>.log`` in a
runtime folder, waits until it is ready, and writes the device URLs the simulators listen on to
``kiosk-sim.toml`` (a demo config, ``demo = true``, that ``kiosk.config.load_config`` reads)
plus ``sim-state.json`` (pids, control sockets). The runtime folder is private (0700): the
printer's pages hold passwords and codes, and ``stop`` deletes them. Stopping sends SIGTERM, then
SIGKILL after a grace period, and only to pids this supervisor recorded whose command line is
still the simulator's. pcscd is started when a simulator needs it and none runs, and left
running: other users share the one daemon.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from drivers.sim.rig.catalogue import PRINTER_OUT, SIMULATORS, SimulatorSpec
from kiosk.config import load_config
from kiosk.errors import ConfigError, DeviceError

CONFIG_FILE = "kiosk-sim.toml"
STATE_FILE = "sim-state.json"
PCSCD_LOG = "pcscd.log"
READY_TIMEOUT_SECONDS = 15.0
STOP_GRACE_SECONDS = 5.0
POLL_SECONDS = 0.05
LOG_TAIL_CHARS = 400


def default_runtime_dir() -> Path:
    """``$KIOSK_SIM_DIR``, or a per-user folder under the temp directory."""
    explicit = os.environ.get("KIOSK_SIM_DIR")
    return (
        Path(explicit)
        if explicit
        else Path(tempfile.gettempdir()) / f"nemid-kiosk-sim-{os.getuid()}"
    )


def private_folder(folder: Path) -> None:
    """Create ``folder`` 0700, or make an existing one of ours 0700. Raises ConfigError for a
    folder that cannot be made, or that belongs to another user (a planted one)."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.lstat()
        if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid():
            raise ConfigError(f"runtime folder {folder} is not a folder of this user")
        folder.chmod(0o700)
    except OSError as exc:
        raise ConfigError(f"cannot make the runtime folder {folder}: {exc.strerror}") from exc


@dataclass
class SimStatus:
    """What one simulator is doing: running, ready (one-shot), stopped, unavailable or failed."""

    name: str
    state: str
    pid: int | None = None
    urls: dict[str, str] = field(default_factory=dict)
    control: str = ""
    detail: str = ""

    def to_json(self) -> dict[str, object]:
        return asdict(self)


class SimSupervisor:
    """Start, stop and report the simulators whose files live in ``runtime_dir``."""

    def __init__(
        self, runtime_dir: Path | None = None, specs: tuple[SimulatorSpec, ...] = SIMULATORS
    ) -> None:
        self.runtime_dir = Path(runtime_dir) if runtime_dir else default_runtime_dir()
        self.specs = specs

    @property
    def config_path(self) -> Path:
        return self.runtime_dir / CONFIG_FILE

    @property
    def state_path(self) -> Path:
        return self.runtime_dir / STATE_FILE

    def select(self, names: list[str] | None) -> list[SimulatorSpec]:
        """The specs named (all when None). Raises ConfigError for an unknown name."""
        if not names:
            return list(self.specs)
        known = {spec.name: spec for spec in self.specs}
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ConfigError(f"unknown simulator {', '.join(unknown)}; known: {', '.join(known)}")
        return [known[name] for name in names]

    def start(self, names: list[str] | None = None) -> list[SimStatus]:
        """Start the chosen simulators that are not running; write the config. Never raises
        for one simulator failing: its status says why."""
        chosen = self.select(names)
        private_folder(self.runtime_dir)
        pcscd_note = self._pcscd_if_needed(chosen)
        results = []
        for spec in chosen:
            current = self._status_of(spec)
            if current.state in ("running", "ready"):
                results.append(current)
                continue
            results.append(self._start_one(spec))
        if pcscd_note:
            results.append(pcscd_note)
        self._write_outputs()
        return results

    def stop(self) -> list[SimStatus]:
        """Stop every simulator recorded here and remove its files; pcscd stays up."""
        results = []
        for spec in self.specs:
            pid = self._recorded_pid(spec)
            stopped = pid is not None and self._is_ours(spec, pid) and self._terminate(pid)
            for path in [self._pid_path(spec), *spec.files(self.runtime_dir)]:
                path.unlink(missing_ok=True)
            if stopped or pid is not None:
                results.append(SimStatus(spec.name, "stopped", pid))
        for path in (self.config_path, self.state_path):
            path.unlink(missing_ok=True)
        # Printed passwords and code cards do not outlive the simulators.
        shutil.rmtree(self.runtime_dir / PRINTER_OUT, ignore_errors=True)
        return results

    def status(self) -> list[SimStatus]:
        return [self._status_of(spec) for spec in self.specs]

    def _pcscd_if_needed(self, chosen: list[SimulatorSpec]) -> SimStatus | None:
        if not any(spec.needs_pcscd for spec in chosen):
            return None
        from drivers.sim.cards.pcscd import ensure_pcscd

        try:
            pid = ensure_pcscd(self.runtime_dir / PCSCD_LOG)
        except DeviceError as exc:
            return SimStatus("pcscd", "failed", detail=exc.detail)
        detail = "started; left running for other users" if pid else "already running; reused"
        return SimStatus("pcscd", "running", pid, detail=detail)

    def _start_one(self, spec: SimulatorSpec) -> SimStatus:
        if importlib.util.find_spec(spec.module) is None:
            return SimStatus(spec.name, "unavailable", detail=f"{spec.module} is not installed yet")
        log_path = self._log_path(spec)
        command = [sys.executable, "-m", spec.module, *spec.arguments(self.runtime_dir)]
        with open(log_path, "ab") as log:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # survives the shell that ran `kiosk sim start`
                cwd=Path(__file__).resolve().parents[3],
            )
        if not spec.one_shot:
            self._pid_path(spec).write_text(f"{process.pid}\n", encoding="utf-8")
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while not spec.ready(self.runtime_dir):
            exited = process.poll()
            if exited is not None and not (spec.one_shot and exited == 0):
                self._pid_path(spec).unlink(missing_ok=True)
                return SimStatus(spec.name, "failed", detail=f"exited {exited}: {self._tail(spec)}")
            if time.monotonic() > deadline:
                self._terminate(process.pid)
                self._pid_path(spec).unlink(missing_ok=True)
                return SimStatus(spec.name, "failed", detail=f"not ready: {self._tail(spec)}")
            time.sleep(POLL_SECONDS)  # readiness is a file or socket appearing: nothing to wait on
        if spec.one_shot:
            process.wait(READY_TIMEOUT_SECONDS)
        return self._status_of(spec)

    def _status_of(self, spec: SimulatorSpec) -> SimStatus:
        urls = spec.urls(self.runtime_dir)
        control = spec.control(self.runtime_dir)
        if importlib.util.find_spec(spec.module) is None:
            return SimStatus(spec.name, "unavailable", detail=f"{spec.module} is not installed yet")
        if spec.one_shot:
            if spec.ready(self.runtime_dir):
                return SimStatus(spec.name, "ready", urls=urls, detail="generated")
            return SimStatus(spec.name, "stopped")
        pid = self._recorded_pid(spec)
        if pid is None:
            return SimStatus(spec.name, "stopped")
        if not self._is_ours(spec, pid):
            return SimStatus(spec.name, "stopped", pid, detail="stale pid file")
        ready = spec.ready(self.runtime_dir)
        return SimStatus(
            spec.name,
            "running" if ready else "starting",
            pid,
            urls,
            control,
            detail="answers" if ready else "not answering yet",
        )

    def _write_outputs(self) -> None:
        statuses = self.status()
        sections: dict[str, dict[str, str]] = {"devices": {}}
        specs = {spec.name: spec for spec in self.specs}
        for status in statuses:
            if status.state in ("running", "ready"):
                sections["devices"].update(status.urls)
                for section, values in specs[status.name].settings(self.runtime_dir).items():
                    sections.setdefault(section, {}).update(values)
        lines = [
            "# Written by `kiosk sim start`: the simulators' device URLs, a demo config.",
            "demo = true",
        ]
        for section, values in sections.items():
            lines.append(f"[{section}]")
            lines += [f"{key} = {json.dumps(value)}" for key, value in sorted(values.items())]
        self.config_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        load_config(self.config_path)  # the file must load; a ConfigError here is our bug
        state = {
            "config": str(self.config_path),
            "simulators": {status.name: status.to_json() for status in statuses},
        }
        self.state_path.write_text(json.dumps(state, indent=2), encoding="utf-8")

    def _pid_path(self, spec: SimulatorSpec) -> Path:
        return self.runtime_dir / f"{spec.name}.pid"

    def _log_path(self, spec: SimulatorSpec) -> Path:
        return self.runtime_dir / f"{spec.name}.log"

    def _tail(self, spec: SimulatorSpec) -> str:
        try:
            text = self._log_path(spec).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "no log"
        return text[-LOG_TAIL_CHARS:].strip() or "no output"

    def _recorded_pid(self, spec: SimulatorSpec) -> int | None:
        try:
            text = self._pid_path(spec).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    @staticmethod
    def _is_ours(spec: SimulatorSpec, pid: int) -> bool:
        """Whether ``pid`` still runs the simulator's module (pids get reused)."""
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return False
        return spec.module.encode() in cmdline

    @staticmethod
    def _terminate(pid: int) -> bool:
        """SIGTERM, then SIGKILL after the grace period. True when the process is gone."""
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return True
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        while time.monotonic() < deadline:
            if not _alive(pid):
                return True
            time.sleep(POLL_SECONDS)  # a foreign process cannot be waited on: poll
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        return True


def _alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        waited, _ = os.waitpid(pid, os.WNOHANG)
        if waited == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def read_state(runtime_dir: Path) -> dict[str, object]:
    """The state file ``kiosk sim start`` wrote, or {} when no simulators run there."""
    try:
        state: dict[str, object] = json.loads((runtime_dir / STATE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return state
