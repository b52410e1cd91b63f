"""The composition root: ``build_app(config, **overrides) -> App``.

The one place that opens the kiosk and register databases, recovers what a crash left half
done (``recover_interrupted``), builds the devices, the issuance and postal services and the
journey. ``kiosk run``, ``kiosk demo``, ``kiosk journey`` and the tests all build the app here;
nothing opens a device or a database at import time. Overrides replace a part by name:
``clock``, ``rng``, ``devices`` (a mapping), ``printer``, ``faults``, ``outbox``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.clock import Clock, SystemClock
from kiosk.config import KioskConfig
from kiosk.errors import ConfigError
from kiosk.faults import FaultPoints
from kiosk.issuance import IssuanceServices, build_issuance_services
from kiosk.journey.services import JourneyServices
from kiosk.journey.session import JourneySession
from kiosk.storage.stores import (
    KioskStorage,
    RegisterStorage,
    open_kiosk_storage,
    open_register_storage,
)

DEVICE_NAMES = ("document_reader", "card_reader", "chip_reader", "printer", "camera")
SIMULATED = "sim://"
KNOWN_OVERRIDES = frozenset({"clock", "rng", "devices", "printer", "faults", "outbox"})

# A device factory builds a driver from its configured URL; None means "not fitted".
DeviceFactory = Callable[[str, KioskConfig], Any]


def _paperless_printer(url: str, config: KioskConfig) -> Any:
    from drivers.sim.paper_printer import PaperlessPrinter

    return PaperlessPrinter()


# Device families register their factories here (name -> factory). Until a driver's factory
# lands, only the printer has one: the in-process PaperlessPrinter for ``sim://``.
DEVICE_FACTORIES: dict[str, DeviceFactory] = {"printer": _paperless_printer}


def build_devices(
    config: KioskConfig, factories: Mapping[str, DeviceFactory] | None = None
) -> dict[str, Any]:
    """Every device by name from its URL; None for a device not fitted or without a factory."""
    chosen = DEVICE_FACTORIES if factories is None else factories
    devices: dict[str, Any] = {}
    for name in DEVICE_NAMES:
        url = getattr(config.devices, name)
        factory = chosen.get(name)
        devices[name] = factory(url, config) if url and factory is not None else None
    return devices


@dataclass
class App:
    """Everything one kiosk process runs on; ``close`` releases databases and devices."""

    config: KioskConfig
    clock: Clock
    kiosk: KioskStorage
    register: RegisterStorage
    devices: dict[str, Any]
    issuing: IssuanceServices
    services: JourneyServices
    rng: random.Random | None = None
    recovered: list[str] = field(default_factory=list)

    def new_session(self) -> JourneySession:
        """The journey for the kiosk's screen (or a scenario run)."""
        return JourneySession(self.services, self.config, self.clock, self.rng)

    def close(self) -> None:
        for device in self.devices.values():
            close = getattr(device, "close", None)
            if close is not None:
                close()
        self.kiosk.close()
        self.register.close()

    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def build_app(config: KioskConfig, **overrides: Any) -> App:
    """Open storage, recover, build devices and services. Raises ConfigError for bad overrides."""
    unknown = sorted(set(overrides) - KNOWN_OVERRIDES)
    if unknown:
        raise ConfigError(f"unknown override(s): {', '.join(unknown)}")
    clock: Clock = overrides.get("clock") or SystemClock()
    devices = dict(overrides.get("devices") or build_devices(config))
    if overrides.get("printer") is not None:
        devices["printer"] = overrides["printer"]
    if devices.get("printer") is None:
        raise ConfigError("no printer: set devices.printer (sim:// for the simulator)")
    kiosk = open_kiosk_storage(config, clock)
    try:
        register = open_register_storage(config, clock)
    except BaseException:
        kiosk.close()
        raise
    faults: FaultPoints | None = overrides.get("faults")
    outbox: Path | None = overrides.get("outbox")
    issuing = build_issuance_services(
        config,
        kiosk=kiosk,
        register=register,
        printer=devices["printer"],
        clock=clock,
        faults=faults,
        outbox=outbox,
    )
    # DESIGN.md: on start-up a credential still ``printing`` is voided and audited.
    recovered = issuing.issuance.recover_interrupted()
    services = JourneyServices(
        register=register.register,
        authority=register.authority,
        audit=kiosk.audit,
        lockouts=kiosk.lockouts,
        ledger=kiosk.witnesses,
        exemptions=kiosk.exemptions,
        outreach=kiosk.outreach,
        issuance=issuing.issuance,
        postal=issuing.postal,
        open_visits=kiosk.open_visits,
    )
    return App(
        config, clock, kiosk, register, devices, issuing, services, overrides.get("rng"), recovered
    )
