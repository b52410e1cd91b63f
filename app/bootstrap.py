"""The composition root: ``build_app(config, **overrides) -> App``.

The one place that opens the kiosk and register databases, recovers what a crash left half
done (``recover_interrupted``), builds the devices (through :mod:`app.devices`, the one place
that resolves ``sim://``), the issuance and postal services and the journey. ``kiosk run``,
``kiosk demo``, ``kiosk journey`` and the tests all build the app here; nothing opens a device
or a database at import time. Overrides replace a part by name: ``clock``, ``rng``, ``devices``
(a complete :class:`~kiosk.ports.Devices`: no factory runs), ``printer``, ``faults``, ``outbox``,
``printouts`` (the folder a simulated printer renders its pages to).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.device_startup import DeviceContext, OpenedDevices, UnavailablePrinter, open_devices
from app.devices import DEVICE_FACTORIES, PAPERLESS_PRINTER, SIMULATED
from app.fleet.client import AuthorityUnreachable
from app.fleet.wiring import (
    FleetKioskStorage,
    attach_authority,
    in_fleet,
    queued_postal_orders,
)
from kiosk.clock import Clock, SystemClock
from kiosk.composed import App, release_parts
from kiosk.config import KioskConfig
from kiosk.errors import ConfigError
from kiosk.issuance.faults import FaultPoints
from kiosk.issuance.print_jobs import ObservedPrinter, PrintJobs
from kiosk.issuance.transaction import IssuanceService, build_issuance_services
from kiosk.journey.services import JourneyServices, PostalOrders
from kiosk.ports import Devices, ReceiptPrinter
from kiosk.storage.stores import KioskStorage, open_kiosk_storage, open_register_storage

__all__ = ["PAPERLESS_PRINTER", "SIMULATED", "App", "build_app"]
LOG = logging.getLogger("kiosk.fleet")
KNOWN_OVERRIDES = frozenset({"clock", "rng", "devices", "printer", "faults", "outbox", "printouts"})


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
        release_parts(opened.drivers, opened.simulators)
        raise


def _devices(config: KioskConfig, clock: Clock, overrides: Mapping[str, Any]) -> OpenedDevices:
    """The ``devices`` override as given (no factory runs), else every factory but overridden."""
    given: Devices | None = overrides.get("devices")
    if given is not None:
        opened = OpenedDevices(given, {}, {})
    else:
        printouts: Path | None = overrides.get("printouts")
        skip = frozenset({"printer"}) if overrides.get("printer") is not None else frozenset()
        context = DeviceContext(clock, printouts)
        opened = open_devices(config, DEVICE_FACTORIES, context, skip)
    if overrides.get("printer") is not None:
        opened.drivers.printer = overrides["printer"]
    return opened


def _assemble(
    config: KioskConfig, clock: Clock, opened: OpenedDevices, overrides: Mapping[str, Any]
) -> App:
    devices = opened.drivers
    printer: ReceiptPrinter | None = devices.printer
    if printer is None:
        fault = opened.faults.get("printer")
        if fault is None:
            raise ConfigError("no printer: set devices.printer (sim:// for the simulator)")
        printer = UnavailablePrinter(fault)  # R4: issuing fails cleanly, the post stays open
    print_jobs = PrintJobs()  # the screen's print progress follows the printer's real jobs
    printer = ObservedPrinter(printer, print_jobs)
    kiosk = open_kiosk_storage(config, clock, lock=True)  # one process per kiosk_id and store
    try:
        register = open_register_storage(config, clock, seed=not in_fleet(config))
    except BaseException:
        kiosk.close()
        raise
    if in_fleet(config):  # the national parts are the authority service's
        try:
            kiosk, register = attach_authority(config, kiosk, register)
        except BaseException:
            kiosk.close()
            register.close()
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
        recovered = _recover(issuing.issuance, kiosk)
        postal: PostalOrders = issuing.postal
        if isinstance(kiosk, FleetKioskStorage):  # what waited for the authority goes out now
            kiosk.push_audit()
            postal = queued_postal_orders(config, clock, issuing.postal, register.authority)
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
        postal=postal,
        open_visits=kiosk.open_visits,
        help_calls=kiosk.help_calls,
        blocking=register.authority,
        receipt_printer=printer,
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
        print_jobs,
    )


def _recover(issuance: IssuanceService, kiosk: KioskStorage) -> list[str]:
    """Void what a crash left ``printing`` and end this kiosk's open visits (R1). An authority
    that cannot be reached does not stop the kiosk: it starts closed for issuing, and the
    service voids the kiosk's lapsed reservations itself."""
    try:
        recovered = issuance.recover_interrupted()
        kiosk.open_visits.release_kiosk()
    except AuthorityUnreachable as exc:
        LOG.warning("start-up recovery skipped: %s", exc)
        return []
    return recovered
