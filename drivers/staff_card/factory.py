"""Builds the configured staff-card reader from its device URL, for the composition root.

``pcsc://<reader name>`` gives a :class:`PcscStaffCardReader` on that PC/SC reader, trusting
the CA certificates of ``security.staff_card_ca`` (a PEM file; required for pcsc://).
``sim://`` is the composition root's (``app/devices.py``): the same reader class over an
in-process reader holding the demo staff card.
"""

from __future__ import annotations

from pathlib import Path

from drivers.staff_card.reader import PcscStaffCardReader, load_trusted_cas
from drivers.urls import parse_device_url
from kiosk.clock import Clock, SystemClock
from kiosk.config import KioskConfig
from kiosk.errors import ConfigError

PCSC_SCHEME = "pcsc"


def open_staff_card_reader(
    url: str, config: KioskConfig, clock: Clock | None = None
) -> PcscStaffCardReader:
    """A StaffCardReader for ``url``. Raises ConfigError for another scheme or a bad CA file."""
    device = parse_device_url(url)
    clock = clock or SystemClock()
    staff_card_aid(config)
    if device.scheme != PCSC_SCHEME:
        raise ConfigError(f"{url!r}: a staff-card reader is pcsc://<reader name> or sim://")
    ca_file = config.security.staff_card_ca
    if not ca_file:
        raise ConfigError("security.staff_card_ca must name the staff-card CA (PEM) for pcsc://")
    try:
        pem = Path(ca_file).read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read security.staff_card_ca {ca_file}: {exc.strerror}") from exc
    return PcscStaffCardReader.from_url(url, config, load_trusted_cas(pem), clock)


def staff_card_aid(config: KioskConfig) -> bytes:
    """The staff-card application's AID from ``security.staff_card_aid``. Raises ConfigError."""
    try:
        return bytes.fromhex(config.security.staff_card_aid)
    except ValueError as exc:
        raise ConfigError("security.staff_card_aid must be hex") from exc
