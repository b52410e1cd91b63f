"""What the staff desk and the technician bench list: small frozen rows, never a secret.

Postal orders waiting for staff, receipts that may be reprinted, and each device's health as a
line for the status lights (a device that raises is shown offline with its message).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.devices.health import DeviceHealth, DeviceState
from kiosk.errors import KioskError
from kiosk.ports import Devices

NOT_FITTED = "not_fitted"


@dataclass(frozen=True)
class PendingOrder:
    """A postal order a fault voided, with nothing posted for the person since (R2, R4)."""

    reference: str
    masked_cpr: str
    holder_name: str
    rule: str
    language: str
    ordered_on: str
    reason: str


@dataclass(frozen=True)
class ReceiptLine:
    """A completed postal order whose receipt staff may reprint."""

    reference: str
    masked_cpr: str
    holder_name: str
    ordered_on: str


@dataclass(frozen=True)
class DeviceLine:
    device: str
    state: str  # a DeviceState value, or not_fitted
    detail: str
    usable: bool


def device_lines(devices: Devices) -> list[DeviceLine]:
    """Each device's health now; a device that raises is shown offline with its message."""
    lines = []
    for name, device in devices.named().items():
        if device is None or not hasattr(device, "health"):
            lines.append(DeviceLine(name, NOT_FITTED, "", False))
            continue
        try:
            health: DeviceHealth = device.health()
        except KioskError as exc:
            lines.append(DeviceLine(name, DeviceState.OFFLINE.value, str(exc), False))
            continue
        lines.append(DeviceLine(name, health.state.value, health.detail, health.usable))
    return lines
