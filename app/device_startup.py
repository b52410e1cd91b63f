"""Starting the kiosk's devices: each factory run once, a failure recorded instead of raised.

The composition root owns the factories (the one place that imports drivers); this module runs
them. A device whose factory fails at start-up comes out as None with a :class:`DeviceHealth`
holding the error, so the kiosk starts and the UI shows it out of service when the device is
required, instead of crashing. A factory may start a simulator for ``sim://``; it hands it to
:class:`DeviceContext` so the app stops it on close. No driver is imported here.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.devices.health import DeviceHealth, DeviceState, MediaState
from kiosk.devices.printouts import CodeCard, PasswordSlip, PostalReceipt, RulesLeaflet
from kiosk.errors import DeviceError, KioskError, PrinterOffline
from kiosk.ports import DEVICE_NAMES, Device, Devices

LOG = logging.getLogger("kiosk.devices")


@dataclass
class DeviceContext:
    """What a factory may need beyond its URL, and where it leaves a simulator it started."""

    clock: Clock
    printouts: Path | None = None  # where a simulated printer renders its pages (None: memory)
    simulators: dict[str, object] = field(default_factory=dict)


# A device factory builds a driver from its configured URL.
DeviceFactory = Callable[[str, KioskConfig, DeviceContext], Device]


@dataclass
class OpenedDevices:
    """The drivers (None: not fitted or failed), the simulators started, start-up failures."""

    drivers: Devices
    simulators: dict[str, object]
    faults: dict[str, DeviceHealth]


def open_devices(
    config: KioskConfig,
    factories: Mapping[str, DeviceFactory],
    context: DeviceContext,
    skip: frozenset[str] = frozenset(),
) -> OpenedDevices:
    """Run the factory of every fitted device not in ``skip``; never raises for a device fault."""
    drivers = Devices()
    faults: dict[str, DeviceHealth] = {}
    for name in DEVICE_NAMES:
        url = getattr(config.devices, name)
        factory = factories.get(name)
        if name in skip or not url or factory is None:
            continue
        try:
            setattr(drivers, name, factory(url, config, context))
        except Exception as exc:  # any failure keeps the kiosk up; the device shows out of service
            faults[name] = startup_fault(name, exc)
            LOG.error(
                "device %s failed to start: %s", name, faults[name].detail, extra={"device": name}
            )
    return OpenedDevices(drivers, context.simulators, faults)


def startup_fault(name: str, exc: BaseException) -> DeviceHealth:
    """The health of a device whose factory raised ``exc``: its error code and message."""
    state = (
        DeviceState.OFFLINE
        if isinstance(exc, DeviceError | OSError)
        else DeviceState.HARDWARE_ERROR
    )
    code = exc.code if isinstance(exc, KioskError) else type(exc).__name__
    media = MediaState.UNKNOWN if name == "printer" else None
    return DeviceHealth(name, state, f"{code}: {exc}", media)


class DeferredDevice:
    """A device built on first use. The simulated camera writes a video first (most of a
    second), which a kiosk that never takes a witness photo should not pay at every start."""

    def __init__(self, opener: Callable[[], Any]) -> None:
        self._opener = opener
        self._device: Any = None
        self._lock = threading.Lock()

    @property
    def opened(self) -> bool:
        return self._device is not None

    def device(self) -> Any:
        with self._lock:
            if self._device is None:
                self._device = self._opener()
            return self._device

    def health(self) -> DeviceHealth:
        return self.device().health()  # type: ignore[no-any-return]

    def close(self) -> None:
        with self._lock:
            device, self._device = self._device, None
        if device is not None:
            device.close()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.device(), name)


class UnavailablePrinter:
    """Stands in for a printer that failed at start-up, so the issuance can be built: every job
    raises PrinterOffline, which voids the credential and offers the post (R4)."""

    def __init__(self, fault: DeviceHealth) -> None:
        self.fault = fault

    def health(self) -> DeviceHealth:
        return self.fault

    def close(self) -> None:
        return None

    def _refuse(self) -> None:
        raise PrinterOffline(f"the printer did not start: {self.fault.detail}")

    def print_password_slip(self, slip: PasswordSlip) -> None:
        self._refuse()

    def print_code_card(self, card: CodeCard) -> None:
        self._refuse()

    def print_postal_receipt(self, receipt: PostalReceipt) -> None:
        self._refuse()

    def print_rules_leaflet(self, leaflet: RulesLeaflet) -> None:
        self._refuse()

    def print_test_page(self) -> None:
        self._refuse()
