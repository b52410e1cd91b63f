"""The ApduTransport port and the behaviour stacked on it: tracing, and typed exchange.

Protocol code (the staff-card client, the eMRTD chip session) talks to a card only through
``ApduTransport.transmit(apdu: bytes) -> bytes``; the PC/SC reader and the emulators'
in-process transports implement it, and wrappers such as :class:`TracingTransport` add
behaviour without touching the driver (the way pyscard's connection decorators do). Nothing
here imports pyscard.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from drivers.iso7816.apdu import HEADER_LENGTH, CommandApdu, Ins, ResponseApdu
from kiosk.errors import BadInputError, ReadError

LOG = logging.getLogger(__name__)

# Commands whose data field is a secret (a PIN) and must never reach a log.
SECRET_INSTRUCTIONS = frozenset({Ins.VERIFY})


class ApduTransport(Protocol):
    def transmit(self, apdu: bytes) -> bytes:
        """Send one command APDU, return the whole response APDU (data + SW1 SW2).

        Raises CardRemoved when the card left mid-exchange, DeviceUnavailable when the reader
        or pcscd is gone, and ReadError when the answer is not a response APDU.
        """


def redact(apdu: bytes) -> str:
    """Hex of a command APDU for a log, with the data of a VERIFY (the PIN) masked."""
    if len(apdu) > HEADER_LENGTH and apdu[1] in SECRET_INSTRUCTIONS:
        return apdu[:HEADER_LENGTH].hex(" ").upper() + f" <{len(apdu) - HEADER_LENGTH} bytes>"
    return apdu.hex(" ").upper()


@dataclass(frozen=True)
class TraceEntry:
    command: str  # redacted hex
    response: str  # hex, or the error code when the exchange failed


@dataclass
class TracingTransport:
    """An ApduTransport that records and logs each exchange of the transport it wraps."""

    inner: ApduTransport
    sink: Callable[[TraceEntry], None] | None = None
    entries: list[TraceEntry] = field(default_factory=list)
    bytes_sent: int = 0
    bytes_received: int = 0

    def transmit(self, apdu: bytes) -> bytes:
        try:
            response = self.inner.transmit(apdu)
        except Exception as exc:
            self._record(TraceEntry(redact(apdu), f"! {getattr(exc, 'code', type(exc).__name__)}"))
            raise
        self.bytes_sent += len(apdu)
        self.bytes_received += len(response)
        self._record(TraceEntry(redact(apdu), response.hex(" ").upper()))
        return response

    @property
    def apdu_count(self) -> int:
        return len(self.entries)

    def _record(self, entry: TraceEntry) -> None:
        self.entries.append(entry)
        LOG.debug("> %s\n< %s", entry.command, entry.response)
        if self.sink is not None:
            self.sink(entry)


def exchange(transport: ApduTransport, command: CommandApdu) -> ResponseApdu:
    """Send a typed command and parse the answer. Raises ReadError for a malformed response."""
    raw = transport.transmit(command.to_bytes())
    try:
        return ResponseApdu.from_bytes(raw)
    except BadInputError as exc:
        raise ReadError(f"card answered {raw.hex()!r}: {exc}") from exc
