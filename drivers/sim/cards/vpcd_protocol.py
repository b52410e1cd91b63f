"""The vsmartcard vpcd wire protocol: message framing, control codes and ATR building.

Every message either way is a 2-byte big-endian length and a payload. A 1-byte payload from
vpcd is a control message (power off 0x00, power on 0x01, reset 0x02, get ATR 0x04, the last
answered with the ATR); anything longer is a command APDU, answered with a response APDU
(vsmartcard documentation, "Creating a virtual smart card"). Pure code, no sockets: the runner
in :mod:`drivers.sim.cards.vpcd_runner` does the I/O.
"""

from __future__ import annotations

from enum import IntEnum

from kiosk.errors import BadInputError

LENGTH_PREFIX_BYTES = 2
MAX_PAYLOAD = 0xFFFF
CONTROL_PAYLOAD_BYTES = 1
ATR_DIRECT_CONVENTION = 0x3B
ATR_TD1_FOLLOWS = 0x80
ATR_TD1_T0_TD2_FOLLOWS = 0x80
ATR_TD2_T1 = 0x01
MAX_HISTORICAL_BYTES = 15


def atr_with_history(historical: bytes) -> bytes:
    """A direct-convention ATR offering T=0 and T=1 with these historical bytes and its TCK.

    ISO 7816-3 section 8.2: TS, T0 (TD1 present, K historical bytes), TD1 (T=0, TD2 present),
    TD2 (T=1), the historical bytes, then TCK, the XOR of every byte from T0 on.
    """
    if len(historical) > MAX_HISTORICAL_BYTES:
        raise BadInputError(f"an ATR holds at most {MAX_HISTORICAL_BYTES} historical bytes")
    body = bytes((ATR_TD1_FOLLOWS | len(historical), ATR_TD1_T0_TD2_FOLLOWS, ATR_TD2_T1))
    body += historical
    tck = 0
    for byte in body:
        tck ^= byte
    return bytes((ATR_DIRECT_CONVENTION,)) + body + bytes((tck,))


class Control(IntEnum):
    """The 1-byte control messages vpcd sends."""

    POWER_OFF = 0x00
    POWER_ON = 0x01
    RESET = 0x02
    GET_ATR = 0x04


def encode_message(payload: bytes) -> bytes:
    """Frame one payload: 2-byte big-endian length, then the bytes. Raises BadInputError."""
    if not payload or len(payload) > MAX_PAYLOAD:
        raise BadInputError(f"vpcd payload must be 1..{MAX_PAYLOAD} bytes, not {len(payload)}")
    return len(payload).to_bytes(LENGTH_PREFIX_BYTES, "big") + payload


class FrameDecoder:
    """Reassembles vpcd messages from a byte stream that arrives in arbitrary pieces."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, chunk: bytes) -> list[bytes]:
        """Add received bytes; return every payload now complete, in order."""
        self._buffer += chunk
        payloads: list[bytes] = []
        while len(self._buffer) >= LENGTH_PREFIX_BYTES:
            length = int.from_bytes(self._buffer[:LENGTH_PREFIX_BYTES], "big")
            end = LENGTH_PREFIX_BYTES + length
            if len(self._buffer) < end:
                break
            payloads.append(bytes(self._buffer[LENGTH_PREFIX_BYTES:end]))
            del self._buffer[:end]
        return payloads

    @property
    def pending(self) -> int:
        """Bytes received that do not yet make a whole message."""
        return len(self._buffer)
