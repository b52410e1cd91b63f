"""Run the device self-tests of ``kiosk diag``: one result per configured device.

:data:`DEVICE_CHECKS` maps each config device key to the check module of its family (plus
keyword arguments), so a family plugs in with one line. The checks run in parallel, each in a
worker thread with its own deadline (the device timeout, ``timeouts.device_seconds``), so a
device that hangs is reported, not waited for, and never delays the others. A device another
process holds (a running kiosk) is ``in_use``. A check module that cannot be
imported (its driver is not in this build) reports ``unavailable``; an empty URL ``not_fitted``;
every error a device raises becomes ``fault`` with its message, never a traceback.
"""

from __future__ import annotations

import dataclasses
import importlib
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from drivers.diagnostics.outcome import (
    STATUS_FAULT,
    STATUS_IN_USE,
    STATUS_NOT_FITTED,
    STATUS_OK,
    STATUS_UNAVAILABLE,
    DeviceInUse,
    DiagContext,
    Outcome,
    SelfTestUnavailable,
)
from drivers.urls import parse_device_url
from kiosk.config import DeviceSettings
from kiosk.errors import KioskError

DEVICE_CHECKS: dict[str, tuple[str, dict[str, Any]]] = {
    "document_reader": ("drivers.diagnostics.mrz_check", {}),
    "card_reader": ("drivers.diagnostics.pcsc_check", {"device": "card_reader"}),
    "chip_reader": ("drivers.diagnostics.pcsc_check", {"device": "chip_reader"}),
    "printer": ("drivers.diagnostics.printer_check", {}),
    "camera": ("drivers.diagnostics.camera_check", {}),
    "document_camera": ("drivers.diagnostics.document_camera_check", {}),
}
MS_PER_SECOND = 1000.0


@dataclass(frozen=True)
class DiagResult:
    """One device's self-test: ``status`` is ok, fault, in_use, unavailable or not_fitted."""

    device: str
    status: str
    detail: str
    elapsed_ms: float
    url: str = ""
    required: bool = False
    facts: dict[str, object] = field(default_factory=dict)

    @property
    def takes_kiosk_out_of_service(self) -> bool:
        return self.required and self.status != STATUS_OK

    def to_json(self) -> dict[str, object]:
        return dataclasses.asdict(self)


def device_names() -> list[str]:
    return list(DEVICE_CHECKS)


def run_self_tests(
    devices: DeviceSettings, context: DiagContext, only: list[str] | None = None
) -> list[DiagResult]:
    """Self-test every device of ``devices`` (or those in ``only``) at once; results in a
    fixed order, all within one device timeout (plus thread start-up)."""
    names = [name for name in DEVICE_CHECKS if not only or name in only]
    results: dict[str, DiagResult] = {}

    def one(name: str) -> None:
        url = getattr(devices, name)
        results[name] = run_self_test(name, url, name in devices.required, context)

    threads = [threading.Thread(target=one, args=(name,), name=f"diag-{name}") for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()  # each returns by its own deadline: run_self_test never waits longer
    return [results[name] for name in names]


def run_self_test(device: str, url_text: str, required: bool, context: DiagContext) -> DiagResult:
    """Self-test one device within ``context.timeout`` seconds; never raises."""
    started = time.monotonic()

    def result(status: str, detail: str, facts: dict[str, object] | None = None) -> DiagResult:
        elapsed = round((time.monotonic() - started) * MS_PER_SECOND, 1)
        return DiagResult(device, status, detail, elapsed, url_text, required, facts or {})

    if not url_text:
        return result(STATUS_NOT_FITTED, "no device URL configured")
    try:
        url = parse_device_url(url_text)
        module_name, options = DEVICE_CHECKS[device]
        module = importlib.import_module(module_name)
    except KioskError as exc:
        return result(STATUS_FAULT, str(exc))
    except ModuleNotFoundError as exc:
        return result(STATUS_UNAVAILABLE, f"driver not available in this build ({exc.name})")
    outcome: list[Outcome] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            outcome.append(module.self_test(url, context, **options))
        except BaseException as exc:  # reported below; a self-test must never crash diag
            failure.append(exc)

    worker = threading.Thread(target=work, name=f"diag-{device}", daemon=True)
    worker.start()
    deadline = context.timeout
    worker.join(deadline)
    if worker.is_alive():
        return result(STATUS_FAULT, f"no answer within {deadline:g} s")
    if outcome:
        return result(outcome[0].status, outcome[0].detail, outcome[0].facts)
    return _failed(failure[0], result)


def _failed(exc: BaseException, result: Any) -> DiagResult:
    if isinstance(exc, SelfTestUnavailable):
        return result(STATUS_UNAVAILABLE, exc.detail)
    if isinstance(exc, DeviceInUse):
        return result(STATUS_IN_USE, exc.detail)
    if isinstance(exc, ModuleNotFoundError):
        return result(STATUS_UNAVAILABLE, f"driver not available in this build ({exc.name})")
    if isinstance(exc, KioskError):
        return result(STATUS_FAULT, f"{exc.code}: {exc}")
    return result(STATUS_FAULT, f"self-test failed unexpectedly: {type(exc).__name__}: {exc}")
