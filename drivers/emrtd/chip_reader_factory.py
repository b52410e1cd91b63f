"""Builds the configured chip reader from its device URL, for the composition root:
``pcsc://<reader name>`` gives a :class:`PcscChipReader` trusting the CSCA folder of
``security.trust_store`` (``sim://`` is resolved by the composition root, ``app/devices.py``).
"""

from __future__ import annotations

from drivers.emrtd.pcsc_chip_reader import PcscChipReader
from drivers.emrtd.trust_store import TrustStore, load_trust_store
from drivers.urls import parse_device_url
from kiosk.clock import Clock, SystemClock
from kiosk.config import KioskConfig
from kiosk.errors import ConfigError

PCSC_SCHEME = "pcsc"


def build_chip_reader(url: str, config: KioskConfig, clock: Clock | None = None) -> PcscChipReader:
    """A ChipReader for ``url``; raises ConfigError for another scheme or a bad trust folder."""
    device = parse_device_url(url)
    clock = clock or SystemClock()
    if device.scheme != PCSC_SCHEME:
        raise ConfigError(f"{url!r}: a chip reader is pcsc://<reader name> or sim://")
    folder = config.security.trust_store
    trust = load_trust_store(folder) if folder else TrustStore(())
    return PcscChipReader(device.location, trust, clock)
