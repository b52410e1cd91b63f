"""PcscStaffCardReader: the StaffCardReader port over a PC/SC reader and the staff-card protocol.

``authenticate(pin)`` connects to the card, selects the staff application, reads the holder's
data and certificate, verifies the PIN, has the card sign a fresh challenge, and verifies it
all against the trusted staff-card CAs (see :mod:`drivers.staff_card.protocol`). The card is
reset when it is released, so a verified PIN never outlives one authentication.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Protocol

from cryptography import x509

from drivers.iso7816.transport import ApduTransport
from drivers.pcsc.reader import PcscCardReader
from drivers.staff_card.protocol import (
    CHALLENGE_BYTES,
    check_pin_format,
    read_card_data,
    select_staff_application,
    sign_challenge,
    verify_card,
    verify_pin,
)
from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.devices.health import DeviceHealth
from kiosk.errors import ConfigError
from kiosk.ports import StaffIdentity

TransportWrapper = Callable[[ApduTransport], ApduTransport]


class CardLink(ApduTransport, Protocol):
    """The reader surface the staff-card code needs: PcscCardReader, or InProcessCardReader."""

    def open(self) -> None: ...

    def close(self) -> None: ...

    def card_present(self) -> bool: ...

    def disconnect(self, reset: bool = False) -> None: ...

    def health(self) -> DeviceHealth: ...


def load_trusted_cas(pem: bytes) -> list[x509.Certificate]:
    """Certificates from a PEM bundle. Raises ConfigError when there are none."""
    try:
        certificates = x509.load_pem_x509_certificates(pem)
    except ValueError as exc:
        raise ConfigError(f"staff-card CA file holds no PEM certificate: {exc}") from exc
    return certificates


class PcscStaffCardReader:
    """A staff-card reader over a CardLink. Wrap its APDUs (tracing) with ``wrap_transport``."""

    def __init__(
        self,
        reader: CardLink,
        trusted_cas: Sequence[x509.Certificate],
        aid: bytes,
        clock: Clock,
        random_bytes: Callable[[int], bytes] = os.urandom,
        wrap_transport: TransportWrapper | None = None,
    ) -> None:
        if not trusted_cas:
            raise ConfigError("a staff-card reader needs at least one trusted CA certificate")
        self.reader = reader
        self.trusted_cas = list(trusted_cas)
        self.aid = aid
        self.clock = clock
        self.random_bytes = random_bytes
        self.transport: ApduTransport = wrap_transport(reader) if wrap_transport else reader

    @classmethod
    def from_url(
        cls,
        url: str,
        config: KioskConfig,
        trusted_cas: Sequence[x509.Certificate],
        clock: Clock,
        wrap_transport: TransportWrapper | None = None,
    ) -> PcscStaffCardReader:
        """For ``pcsc://<reader name>``, with the AID of ``config.security.staff_card_aid``."""
        try:
            aid = bytes.fromhex(config.security.staff_card_aid)
        except ValueError as exc:
            raise ConfigError("security.staff_card_aid must be hex") from exc
        reader = PcscCardReader.from_url(url, device="card_reader")
        return cls(reader, trusted_cas, aid, clock, wrap_transport=wrap_transport)

    def __enter__(self) -> PcscStaffCardReader:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def open(self) -> None:
        self.reader.open()

    def close(self) -> None:
        self.reader.close()

    def card_present(self) -> bool:
        return self.reader.card_present()

    def authenticate(self, pin: str) -> StaffIdentity:
        """Verify the PIN and the card's challenge-response; the holder it proves.

        Raises WrongPin (tries left), PinBlocked, CardRemoved, DeviceUnavailable or
        StaffCardError (not a staff card, untrusted or expired certificate, bad signature).
        """
        check_pin_format(pin)
        self.reader.open()
        try:
            select_staff_application(self.transport, self.aid)
            data = read_card_data(self.transport)
            verify_pin(self.transport, pin)
            challenge = self.random_bytes(CHALLENGE_BYTES)
            signature = sign_challenge(self.transport, challenge)
        finally:
            self.reader.disconnect(reset=True)
        return verify_card(data, challenge, signature, self.trusted_cas, self.clock.now())

    def health(self) -> DeviceHealth:
        return self.reader.health()
