"""``TechnicianBench``: the technician's device tests on the kiosk's own, running devices.

Unlike ``kiosk diag`` (which opens each device from its URL, for a kiosk that is not running),
these tests go through the ports to the drivers the kiosk already holds: health of each device,
a printer test page, a scanner read (a document laid within a few seconds), a card-reader test
(reader state and whether a card is in it; no PIN is asked), and a camera frame with face
detection for the preview. Also the versions, the configuration with its secrets removed and
the recent errors. Every test is audited with the technician's id; a device error becomes a
``fault`` result with its message, never an exception on the screen.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.metadata
import platform
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from kiosk.admin.access import MODE_TECHNICIAN, AdminAccess
from kiosk.admin.lines import NOT_FITTED, DeviceLine, device_lines
from kiosk.admin.recent_errors import ErrorLine, RecentErrors
from kiosk.composed import App
from kiosk.config import KioskConfig
from kiosk.errors import DomainError, KioskError
from kiosk.ports import Device, Devices
from kiosk.storage.stores import storage_versions

STATUS_OK = "ok"
STATUS_FAULT = "fault"
STATUS_NO_DOCUMENT = "no_document"
SCANNER_WAIT_SECONDS = 5.0
MS_PER_SECOND = 1000.0
PACKAGES = (
    "nemid-kiosk",
    "kivy",
    "pyscard",
    "python-escpos",
    "pyserial",
    "opencv-python-headless",
    "cryptography",
    "python-statemachine",
)
REDACTED = "<redacted>"
NOT_SET = "<not set>"
# Config keys whose value is a secret (or derived from one): shown only as set / not set.
SECRET_CONFIG_WORDS = ("hash", "password", "secret", "pin", "token")
FittedDevice = TypeVar("FittedDevice", bound=Device)
URL_USERINFO = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)


@dataclass(frozen=True)
class DeviceTest:
    device: str
    test: str  # health | test_page | read | card | camera
    status: str  # ok | fault | not_fitted | no_document
    detail: str
    elapsed_ms: float
    facts: dict[str, object] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class CameraFrame:
    """One still for the preview: the JPEG and whether a face was found in it."""

    jpeg: bytes = field(repr=False)
    face: bool


class TechnicianBench:
    def __init__(self, core: App, access: AdminAccess, errors: RecentErrors) -> None:
        self._core = core
        self.access = access
        self._errors = errors
        self.last_results: dict[str, DeviceTest] = {}

    def device_status(self, *, touch: bool = True) -> list[DeviceLine]:
        self.access.require(MODE_TECHNICIAN, touch=touch)
        return device_lines(self._core.devices)

    def test_device(self, name: str) -> DeviceTest:
        """The device's health, then its own test where it has one without a citizen."""
        self.access.require(MODE_TECHNICIAN)
        label, test = DEVICE_TESTS.get(name, ("health", functools.partial(_health_of, name)))
        return self._run(name, label, test)

    def camera_frame(self, *, touch: bool = False) -> CameraFrame:
        """A frame for the live preview, with face detection (the Camera port)."""
        self.access.require(MODE_TECHNICIAN, touch=touch)
        camera = self._core.devices.camera
        if camera is None:
            raise DomainError("no camera is fitted", code="device_not_fitted")
        jpeg = camera.capture_still()
        return CameraFrame(jpeg, bool(camera.face_present(jpeg)))

    def _run(self, name: str, test_name: str, test: DeviceCheck) -> DeviceTest:
        device = self._core.devices.get(name)
        started = time.monotonic()
        if device is None:
            result = DeviceTest(name, test_name, NOT_FITTED, "", 0.0)
        else:
            try:
                detail, facts = test(self._core.devices)
                status = str(facts.pop("status", STATUS_OK))
            except KioskError as exc:
                detail, facts, status = f"{exc.code}: {exc}", {}, STATUS_FAULT
            elapsed = round((time.monotonic() - started) * MS_PER_SECOND, 1)
            result = DeviceTest(name, test_name, status, detail, elapsed, facts)
        self.last_results[name] = result
        self.access.audit(
            "technician.device_tested",
            MODE_TECHNICIAN,
            device=name,
            test=test_name,
            status=result.status,
        )
        return result

    def versions(self) -> dict[str, str]:
        self.access.require(MODE_TECHNICIAN)
        return software_versions(self._core)

    def configuration(self) -> dict[str, object]:
        self.access.require(MODE_TECHNICIAN)
        return redacted_config(self._core.config)

    def recent_errors(self) -> list[ErrorLine]:
        self.access.require(MODE_TECHNICIAN)
        return self._errors.lines()


def _fitted(device: FittedDevice | None) -> FittedDevice:
    """The device a test runs on; ``TechnicianBench._run`` runs no test of a device not fitted."""
    if device is None:
        raise DomainError("the device is not fitted", code="device_not_fitted")
    return device


def _health_of(name: str, devices: Devices) -> tuple[str, dict[str, object]]:
    return _health(_fitted(devices.get(name)))


def _health(device: Device) -> tuple[str, dict[str, object]]:
    health = device.health()
    status = STATUS_OK if health.usable else STATUS_FAULT
    return f"{health.state.value} {health.detail}".strip(), {"status": status}


def _print_test_page(devices: Devices) -> tuple[str, dict[str, object]]:
    printer = _fitted(devices.printer)
    _raise_unless_usable(printer)
    printer.print_test_page()
    return "test page printed", {}


def _read_document(devices: Devices) -> tuple[str, dict[str, object]]:
    reader = _fitted(devices.document_reader)
    _raise_unless_usable(reader)
    document = reader.read_document(SCANNER_WAIT_SECONDS)
    if document is None:
        return f"no document within {SCANNER_WAIT_SECONDS:.0f} s", {"status": STATUS_NO_DOCUMENT}
    lengths = [len(line) for line in document.lines]
    # Only the shape of the MRZ: its text names a person.
    return f"{len(lengths)} lines of {'/'.join(map(str, lengths))} characters", {
        "lines": len(lengths)
    }


def _card_test(devices: Devices) -> tuple[str, dict[str, object]]:
    reader = _fitted(devices.card_reader)
    detail, facts = _health(reader)
    present = bool(reader.card_present())
    facts["card_present"] = present
    return f"{detail}; card {'in the reader' if present else 'absent'}", facts


def _chip_test(devices: Devices) -> tuple[str, dict[str, object]]:
    reader = _fitted(devices.chip_reader)
    detail, facts = _health(reader)
    present = bool(reader.chip_present())
    facts["chip_present"] = present
    return f"{detail}; chip {'on the reader' if present else 'absent'}", facts


def _camera_test(devices: Devices) -> tuple[str, dict[str, object]]:
    camera = _fitted(devices.camera)
    jpeg = camera.capture_still()
    face = bool(camera.face_present(jpeg))
    return f"frame of {len(jpeg)} bytes; face {'found' if face else 'not found'}", {
        "jpeg_bytes": len(jpeg),
        "face": face,
    }


def _raise_unless_usable(device: Device) -> None:
    health = device.health()
    if not health.usable:
        raise KioskError(f"{health.state.value} {health.detail}".strip(), code="device_unusable")


def software_versions(core: App) -> dict[str, str]:
    versions = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        **storage_versions(core.kiosk, core.register),
    }
    for package in PACKAGES:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


def redacted_config(config: KioskConfig) -> dict[str, object]:
    """The config as a dict; secret-named keys as set / not set, passwords cut from URLs."""
    return {name: _redact(item, name) for name, item in dataclasses.asdict(config).items()}


def _redact(value: object, key: str = "") -> object:
    if isinstance(value, dict):
        return {name: _redact(item, name) for name, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_redact(item) for item in value]
    if any(word in key.lower() for word in SECRET_CONFIG_WORDS):
        return REDACTED if value else NOT_SET
    if isinstance(value, str):
        return URL_USERINFO.sub(r"\g<scheme>" + REDACTED + "@", value)
    return value


# A device's test: it runs on the kiosk's devices, the one it tests being fitted.
DeviceCheck = Callable[[Devices], tuple[str, dict[str, object]]]
# Each device's own test (label, check); a device without one gets its health.
DEVICE_TESTS: dict[str, tuple[str, DeviceCheck]] = {
    "printer": ("test_page", _print_test_page),
    "document_reader": ("read", _read_document),
    "card_reader": ("card", _card_test),
    "chip_reader": ("chip", _chip_test),
    "camera": ("camera", _camera_test),
}
