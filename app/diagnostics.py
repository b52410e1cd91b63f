"""The device self-tests of ``kiosk diag``: the drivers' checks, with simulators for ``sim://``.

:func:`run_diagnostics` self-tests the configured devices through their real drivers (see
:mod:`drivers.diagnostics`), all at once, each within the device timeout. The checks never
import a simulator: this composition gives them
:class:`drivers.sim.rig.diagnostics_sims.DiagnosticsSimulators`, which plays the simulated part
of a ``sim://`` device's test and reaches the simulators ``kiosk sim start`` left running next
to the config. :func:`diagnostics_config` picks the config: ``--config``, else the one
``kiosk sim start`` wrote while its simulators run, else the defaults.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from drivers.diagnostics.outcome import DiagContext
from drivers.diagnostics.runner import DiagResult, run_self_tests
from drivers.sim.rig.diagnostics_sims import DiagnosticsSimulators
from drivers.sim.rig.supervisor import SimSupervisor, read_state
from kiosk.config import KioskConfig, load_config

__all__ = ["DiagResult", "diagnostics_config", "run_diagnostics", "running_simulators_config"]
RUNNING = ("running", "ready")


def running_simulators_config(runtime_dir: Path | None = None) -> Path | None:
    """The config ``kiosk sim start`` wrote, when at least one of its simulators still runs."""
    supervisor = SimSupervisor(runtime_dir)
    if not supervisor.config_path.is_file() or not read_state(supervisor.runtime_dir):
        return None
    if not any(status.state in RUNNING for status in supervisor.status()):
        return None
    return supervisor.config_path


def diagnostics_config(explicit: Path | None) -> tuple[KioskConfig, Path | None]:
    """The config to test and its file: ``explicit``, the running simulators', or defaults
    (None). Raises ConfigError for a bad file."""
    path = explicit or running_simulators_config()
    return load_config(path), path


def run_diagnostics(
    config: KioskConfig,
    config_path: Path | None,
    *,
    print_test_page: bool,
    language: str,
    only: list[str] | None = None,
    printer_profile: str | None = None,
) -> list[DiagResult]:
    """One result per device of ``config`` (or of ``only``), in a fixed order; never raises.
    ``printer_profile`` overrides ``[printer] profile``."""
    with tempfile.TemporaryDirectory(prefix="kiosk-diag-") as work_dir:
        context = DiagContext(
            timeout=config.timeouts.device_seconds,
            print_test_page=print_test_page,
            language=language,
            simulators=DiagnosticsSimulators(config_path),
            work_dir=Path(work_dir),
            printer_profile=config.printer.profile if printer_profile is None else printer_profile,
        )
        return run_self_tests(config.devices, context, only)
