"""The composed kiosk (:class:`App`): everything one kiosk process runs on.

Only the composition root (:func:`app.bootstrap.build_app`) builds it; the journey runner, the
admin services, the screens and the tests take it as it is. It holds the config, the clock, the
two stores, the devices (one typed port each), the issuance and journey services and the
simulators the root started for ``sim://`` devices (opaque here: only the root knows them).
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field

from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.devices.health import DeviceHealth
from kiosk.issuance.print_jobs import PrintJobs
from kiosk.issuance.transaction import IssuanceServices
from kiosk.journey.services import JourneyServices
from kiosk.journey.session import JourneySession
from kiosk.ports import Devices
from kiosk.storage.stores import KioskStorage, RegisterStorage

LOG = logging.getLogger("kiosk.devices")


@dataclass
class App:
    """``close`` releases devices, then the simulators they talk to, then the databases.

    ``device_faults`` holds the health of each device whose factory failed at start-up.
    """

    config: KioskConfig
    clock: Clock
    kiosk: KioskStorage
    register: RegisterStorage
    devices: Devices
    issuing: IssuanceServices
    services: JourneyServices
    rng: random.Random | None = None
    recovered: list[str] = field(default_factory=list)
    simulators: dict[str, object] = field(default_factory=dict)
    device_faults: dict[str, DeviceHealth] = field(default_factory=dict)
    print_jobs: PrintJobs = field(default_factory=PrintJobs)  # the printer's jobs, as they go

    def new_session(self) -> JourneySession:
        """The journey for the kiosk's screen (or a scenario run)."""
        return JourneySession(self.services, self.config, self.clock, self.rng)

    def close(self) -> None:
        release_parts(self.devices, self.simulators)
        self.kiosk.close()
        self.register.close()

    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def release_parts(devices: Devices, simulators: dict[str, object]) -> None:
    """Close every device, then stop every simulator; a failure is logged, never raised."""
    for name, device in devices.named().items():
        if device is not None:
            release(name, device, "close")
    for name, simulator in simulators.items():
        release(name, simulator, "stop")


def release(name: str, part: object, method: str) -> None:
    """Call ``part.<method>()`` (close or stop), logging instead of raising, so all get released."""
    action = getattr(part, method, None)
    if action is None:
        return
    try:
        action()
    except Exception:
        LOG.exception("releasing %s failed", name, extra={"device": name})
