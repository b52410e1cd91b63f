"""The device simulators as background processes, for ``kiosk sim start|stop|status``.

The supervisor of ``drivers/sim/rig`` runs each simulator in its own process and writes the
config (``kiosk-sim.toml``) that names their device URLs; commands get it here.
"""

from __future__ import annotations

from pathlib import Path

from drivers.sim.rig.supervisor import SimSupervisor

__all__ = ["SimSupervisor", "simulator_supervisor"]


def simulator_supervisor(runtime_dir: Path | None) -> SimSupervisor:
    """The supervisor of the simulators in ``runtime_dir`` (None: the default runtime folder)."""
    return SimSupervisor(runtime_dir)
