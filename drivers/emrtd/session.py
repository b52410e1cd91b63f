"""One chip session over an ApduTransport (ICAO 9303 part 11 sections 4.3 and 9.8, part 10
section 3.6): select the eMRTD application, run Basic Access Control, then send every command
under secure messaging and read elementary files in the largest chunks the chip accepts.

Reading starts with an extended-length READ BINARY when allowed, drops to the largest short Le
that fits a protected response (0xDF) when the chip refuses, and halves from there on each
further refusal (SW 6700, 6F00, or 6Cxx, which names the right Le). What was learnt holds for
the rest of the session. APDUs, bytes both ways and time are counted. A secure-messaging failure
ends the session: every later command raises SecureMessagingError too.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from drivers.emrtd import bac, commands, tlv
from drivers.emrtd.secure_messaging import SecureChannel
from drivers.emrtd.tlv import TlvError
from drivers.iso7816.apdu import SW, SW1_WRONG_LE, CommandApdu, ResponseApdu, split_word
from drivers.iso7816.transport import ApduTransport
from kiosk.errors import AccessDenied, BadInputError, ChipError, SecureMessagingError

EXTENDED_LE = 0xFF00  # leaves room for the SM objects in a 64 KB response
SHORT_LE = 0xDF  # largest plain length whose protected response fits 256 bytes
MIN_LE = 8
HEADER_PROBE = 8  # bytes enough for any LDS file's tag and length
MAX_OFFSET = 0x7FFF  # READ BINARY with even INS addresses 15 bits
WRONG_LENGTH_SWS = (SW.WRONG_LENGTH, SW.UNKNOWN)
ACCESS_DENIED_SWS = (SW.AUTHENTICATION_FAILED, SW.SECURITY_STATUS_NOT_SATISFIED)
CHALLENGE_SIZE = commands.CHALLENGE_LENGTH
K_IFD_SIZE = 16


@dataclass(frozen=True)
class ReadStats:
    apdu_count: int
    bytes_sent: int
    bytes_received: int
    elapsed_ms: float


class ChipSession:
    """BAC and secure messaging over ``transport``; randomness and the clock are injected."""

    def __init__(
        self,
        transport: ApduTransport,
        *,
        extended_length: bool = True,
        random_bytes: Callable[[int], bytes] = os.urandom,
        monotonic: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._transport = transport
        self._random = random_bytes
        self._monotonic = monotonic
        self._started = monotonic()
        self._le = EXTENDED_LE if extended_length else SHORT_LE
        self._channel: SecureChannel | None = None
        self._ended = False
        self.apdu_count = 0
        self.bytes_sent = 0
        self.bytes_received = 0

    def stats(self) -> ReadStats:
        elapsed = (self._monotonic() - self._started) * 1000.0
        return ReadStats(self.apdu_count, self.bytes_sent, self.bytes_received, elapsed)

    def _transmit(self, raw: bytes) -> bytes:
        self.apdu_count += 1
        self.bytes_sent += len(raw)
        response = self._transport.transmit(raw)
        self.bytes_received += len(response)
        return response

    def send_plain(self, command: CommandApdu) -> tuple[bytes, int]:
        try:
            response = ResponseApdu.from_bytes(self._transmit(command.to_bytes()))
        except BadInputError as exc:
            raise ChipError(f"chip answered something that is not a response: {exc}") from exc
        return response.data, response.sw

    def send(self, command: CommandApdu) -> tuple[bytes, int]:
        """(data, SW) of ``command`` sent under secure messaging; raises SecureMessagingError."""
        if self._channel is None or self._ended:
            raise SecureMessagingError("no secure-messaging session (ended or never started)")
        protected = self._channel.wrap(command)
        try:
            return self._channel.unwrap(self._transmit(protected))
        except SecureMessagingError:
            self._ended = True
            self._channel = None
            raise

    def select_application(self) -> None:
        _, sw = self.send_plain(commands.select_applet())
        if sw != SW.OK:
            raise ChipError(f"the chip has no eMRTD application (SW {sw:04X})")

    def basic_access_control(self, mrz_info: str) -> bac.SessionKeys:
        """GET CHALLENGE and EXTERNAL AUTHENTICATE; raises AccessDenied when the key is wrong."""
        keys = bac.access_keys(mrz_info)
        rnd_ic, sw = self.send_plain(commands.get_challenge())
        if sw != SW.OK or len(rnd_ic) != CHALLENGE_SIZE:
            raise ChipError(f"GET CHALLENGE failed (SW {sw:04X})")
        rnd_ifd, k_ifd = self._random(CHALLENGE_SIZE), self._random(K_IFD_SIZE)
        data = bac.terminal_authentication_data(keys, rnd_ic, rnd_ifd, k_ifd)
        answer, sw = self.send_plain(commands.external_authenticate(data))
        if sw in ACCESS_DENIED_SWS:
            raise AccessDenied("the chip refused the access key from the printed MRZ")
        if sw != SW.OK:
            raise ChipError(f"EXTERNAL AUTHENTICATE failed (SW {sw:04X})")
        session = bac.terminal_finish(keys, rnd_ic, rnd_ifd, k_ifd, answer)
        self._channel = SecureChannel(session)
        return session

    def select_file(self, file_id: int) -> bool:
        """Select an EF; False when the chip has no such file."""
        _, sw = self.send(commands.select_file(file_id))
        if sw == SW.FILE_NOT_FOUND:
            return False
        if sw != SW.OK:
            raise ChipError(f"SELECT {file_id:04X} failed (SW {sw:04X})")
        return True

    def _read_chunk(self, offset: int, wanted: int) -> bytes:
        while True:
            le = min(wanted, self._le)
            data, sw = self.send(commands.read_binary(offset, le))
            if sw in (SW.OK, SW.END_OF_FILE) and data:
                return data
            sw1, right_le = split_word(sw)
            if sw1 == SW1_WRONG_LE and 0 < right_le < le:
                self._le = right_le
            elif sw in WRONG_LENGTH_SWS and le > MIN_LE:
                self._le = SHORT_LE if le > SHORT_LE else max(MIN_LE, le // 2)
            else:
                raise ChipError(f"READ BINARY at {offset} failed (SW {sw:04X})")

    def read_file(self, file_id: int) -> bytes | None:
        """The whole EF ``file_id``, or None when absent. Raises ChipError, SecureMessagingError."""
        if not self.select_file(file_id):
            return None
        data = self._read_chunk(0, max(HEADER_PROBE, self._le))
        try:
            header, length = tlv.header_size(data)
        except TlvError as exc:
            raise ChipError(f"file {file_id:04X} does not start with a TLV header") from exc
        total = header + length
        content = bytearray(data[:total])
        while len(content) < total:
            if len(content) > MAX_OFFSET:
                raise ChipError(f"file {file_id:04X} is larger than 32 KB")
            content += self._read_chunk(len(content), total - len(content))
        return bytes(content[:total])
