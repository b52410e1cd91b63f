"""The device self-tests of ``kiosk diag``: the drivers' checks, with simulators for ``sim://``.

:func:`run_diagnostics` self-tests the configured devices through their real drivers (see
:mod:`drivers.diagnostics`). The checks never import a simulator: this composition gives them
:class:`drivers.sim.rig.diagnostics_sims.DiagnosticsSimulators`, which plays the simulated part
of a ``sim://`` device's test and reaches the simulators ``kiosk sim start`` left running next
to the config.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from drivers.diagnostics.outcome import DiagContext
from drivers.diagnostics.runner import DiagResult, run_self_tests
from drivers.sim.rig.diagnostics_sims import DiagnosticsSimulators
from kiosk.config import KioskConfig

__all__ = ["DiagResult", "run_diagnostics"]


def run_diagnostics(
    config: KioskConfig,
    config_path: Path | None,
    *,
    print_test_page: bool,
    language: str,
    only: list[str] | None = None,
) -> list[DiagResult]:
    """One result per device of ``config`` (or of ``only``), in a fixed order; never raises."""
    with tempfile.TemporaryDirectory(prefix="kiosk-diag-") as work_dir:
        context = DiagContext(
            timeout=config.timeouts.device_seconds,
            print_test_page=print_test_page,
            language=language,
            simulators=DiagnosticsSimulators(config_path),
            work_dir=Path(work_dir),
        )
        return run_self_tests(config.devices, context, only)
