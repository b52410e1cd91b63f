"""The composition root: ``build_app(config, **overrides) -> App``.

The one place that opens the kiosk and register databases, recovers what a crash left half
done (``recover_interrupted``), builds the devices, the issuance and postal services and the
journey, and the one module of ``kiosk/`` that imports drivers (lazily, inside each factory of
``DEVICE_FACTORIES``). ``sim://`` starts a device's simulator and runs the same driver on it.
``kiosk run``, ``kiosk demo``, ``kiosk journey`` and the tests all build the app here; nothing
opens a device or a database at import time. Overrides replace a part by name: ``clock``,
``rng``, ``devices`` (a complete mapping: no factory runs), ``printer``, ``faults``, ``outbox``,
``printouts`` (the folder a simulated printer renders its pages to).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.clock import Clock, SystemClock
from kiosk.config import KioskConfig
from kiosk.devices.health import DeviceHealth
from kiosk.devices.startup import (
    DEVICE_NAMES,
    DeferredDevice,
    DeviceContext,
    DeviceFactory,
    OpenedDevices,
    UnavailablePrinter,
    open_devices,
    release,
)
from kiosk.errors import ConfigError
from kiosk.issuance.faults import FaultPoints
from kiosk.issuance.transaction import IssuanceServices, build_issuance_services
from kiosk.journey.services import JourneyServices
from kiosk.journey.session import JourneySession
from kiosk.storage.stores import (
    KioskStorage,
    RegisterStorage,
    open_kiosk_storage,
    open_register_storage,
)

SIMULATED = "sim://"
# ``kiosk journey`` and the core's tests print on no paper: this URL gives the PaperlessPrinter.
PAPERLESS_PRINTER = "sim://paperless"
KNOWN_OVERRIDES = frozenset({"clock", "rng", "devices", "printer", "faults", "outbox", "printouts"})


def _document_reader(url: str, config: KioskConfig, context: DeviceContext) -> Any:
    """``serial://`` opens the reader; ``sim://`` starts the MRZ reader simulator on a pty and
    opens the same SerialMrzReader on it (the simulator plays documents: ``app.simulators``)."""
    from drivers.mrz_reader.serial_reader import SerialMrzReader, open_document_reader
    from drivers.urls import parse_device_url

    if not parse_device_url(url).is_sim:
        return open_document_reader(url, config)
    from drivers.sim.reader.mrz_reader_device import MrzReaderDevice

    simulator = MrzReaderDevice(baud=None).start()
    context.simulators["document_reader"] = simulator
    # Open now: a pty drops what the simulator plays before the reader's side is open.
    return SerialMrzReader.from_url(simulator.url).open()


def _staff_card_reader(url: str, config: KioskConfig, context: DeviceContext) -> Any:
    from drivers.staff_card.factory import open_staff_card_reader

    return open_staff_card_reader(url, config, context.clock)


def _chip_reader(url: str, config: KioskConfig, context: DeviceContext) -> Any:
    """``pcsc://`` opens the PcscChipReader; ``sim://`` builds the simulated reader (its eMRTD
    and crypto imports cost about a second) on first use, not at every kiosk start."""

    def build() -> Any:
        from drivers.emrtd.chip_reader_factory import build_chip_reader

        return build_chip_reader(url, config, context.clock)

    return DeferredDevice(build) if url == SIMULATED else build()


def _printer(url: str, config: KioskConfig, context: DeviceContext) -> Any:
    """``tcp://``, ``serial://``, ``usb://`` open EscposReceiptPrinter; ``sim://`` starts the
    ESC/POS printer simulator on a TCP socket and opens the same EscposReceiptPrinter on it;
    ``sim://paperless`` is the in-process PaperlessPrinter (no hardware, no socket)."""
    from drivers.printer.receipt_printer import EscposReceiptPrinter

    if url == PAPERLESS_PRINTER:
        from drivers.sim.printer.paper_printer import PaperlessPrinter

        return PaperlessPrinter()
    if url != SIMULATED:
        return EscposReceiptPrinter(url)
    from drivers.sim.printer.escpos_printer_device import EscposPrinterDevice

    simulator = EscposPrinterDevice(context.printouts).start()
    context.simulators["printer"] = simulator
    return EscposReceiptPrinter(simulator.url)


def _camera(url: str, config: KioskConfig, context: DeviceContext) -> Any:
    """``camera://`` opens on first use; ``sim://`` writes its video only when first used, and
    imports OpenCV only then too (``import cv2`` costs ~0.17 s of start-up and 16 MB resident,
    benchmarks/bench_startup and bench_memory)."""

    def build() -> Any:
        from drivers.camera.opencv_camera import open_camera

        return open_camera(url, config)

    return DeferredDevice(build) if url == SIMULATED else build()


# Every device family's factory (name -> factory), adapted to (url, config, context).
DEVICE_FACTORIES: dict[str, DeviceFactory] = {
    "document_reader": _document_reader,
    "card_reader": _staff_card_reader,
    "chip_reader": _chip_reader,
    "printer": _printer,
    "camera": _camera,
}


@dataclass
class App:
    """Everything one kiosk process runs on; ``close`` releases devices, simulators, databases.

    ``devices`` holds a driver or None per device name; ``simulators`` the simulators started
    for ``sim://`` URLs (by device name: the demo plays documents and faults through them);
    ``device_faults`` the health of each device whose factory failed at start-up.
    """

    config: KioskConfig
    clock: Clock
    kiosk: KioskStorage
    register: RegisterStorage
    devices: dict[str, Any]
    issuing: IssuanceServices
    services: JourneyServices
    rng: random.Random | None = None
    recovered: list[str] = field(default_factory=list)
    simulators: dict[str, Any] = field(default_factory=dict)
    device_faults: dict[str, DeviceHealth] = field(default_factory=dict)

    def new_session(self) -> JourneySession:
        """The journey for the kiosk's screen (or a scenario run)."""
        return JourneySession(self.services, self.config, self.clock, self.rng)

    def close(self) -> None:
        """Drivers first, then the simulators they talk to, then the databases."""
        _release(self.devices, self.simulators)
        self.kiosk.close()
        self.register.close()

    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _release(devices: Mapping[str, Any], simulators: Mapping[str, Any]) -> None:
    for name, device in devices.items():
        release(name, device, "close")
    for name, simulator in simulators.items():
        release(name, simulator, "stop")


def build_app(config: KioskConfig, **overrides: Any) -> App:
    """Open storage, recover, build devices and services. Raises ConfigError for bad overrides
    or a kiosk with no printer URL; a device that fails to start is None (``device_faults``)."""
    unknown = sorted(set(overrides) - KNOWN_OVERRIDES)
    if unknown:
        raise ConfigError(f"unknown override(s): {', '.join(unknown)}")
    if (
        overrides.get("printer") is None
        and not config.devices.printer
        and not overrides.get("devices")
    ):
        raise ConfigError("no printer: set devices.printer (sim:// for the simulator)")
    clock: Clock = overrides.get("clock") or SystemClock()
    opened = _devices(config, clock, overrides)
    try:
        return _assemble(config, clock, opened, overrides)
    except BaseException:
        _release(opened.drivers, opened.simulators)
        raise


def _devices(config: KioskConfig, clock: Clock, overrides: Mapping[str, Any]) -> OpenedDevices:
    """The ``devices`` override as given (no factory runs), else every factory but overridden."""
    given = overrides.get("devices")
    if given:
        drivers = {name: None for name in DEVICE_NAMES} | dict(given)
        opened = OpenedDevices(drivers, {}, {})
    else:
        printouts: Path | None = overrides.get("printouts")
        skip = frozenset({"printer"}) if overrides.get("printer") is not None else frozenset()
        context = DeviceContext(clock, printouts)
        opened = open_devices(config, DEVICE_FACTORIES, context, skip)
    if overrides.get("printer") is not None:
        opened.drivers["printer"] = overrides["printer"]
    return opened


def _assemble(
    config: KioskConfig, clock: Clock, opened: OpenedDevices, overrides: Mapping[str, Any]
) -> App:
    devices = opened.drivers
    printer = devices.get("printer")
    if printer is None:
        fault = opened.faults.get("printer")
        if fault is None:
            raise ConfigError("no printer: set devices.printer (sim:// for the simulator)")
        printer = UnavailablePrinter(fault)  # R4: issuing fails cleanly, the post stays open
    kiosk = open_kiosk_storage(config, clock)
    try:
        register = open_register_storage(config, clock)
    except BaseException:
        kiosk.close()
        raise
    try:
        faults: FaultPoints | None = overrides.get("faults")
        outbox: Path | None = overrides.get("outbox")
        issuing = build_issuance_services(
            config,
            kiosk=kiosk,
            register=register,
            printer=printer,
            clock=clock,
            faults=faults,
            outbox=outbox,
        )
        # DESIGN.md: on start-up a credential still ``printing`` is voided and audited.
        recovered = issuing.issuance.recover_interrupted()
        kiosk.open_visits.release_kiosk()  # R1: this kiosk's visits ended with its last run
    except BaseException:
        kiosk.close()
        register.close()
        raise
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
        config,
        clock,
        kiosk,
        register,
        devices,
        issuing,
        services,
        overrides.get("rng"),
        recovered,
        opened.simulators,
        opened.faults,
    )
