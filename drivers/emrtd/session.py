"""One chip session over an ApduTransport (ICAO 9303 part 11 sections 4.3 and 9.8, part 10
section 3.6): select the eMRTD application, establish secure messaging (BAC here, PACE and chip
authentication hand in their channel), then send every command under it and read elementary
files in chunks.

Reading uses short APDUs (Le 0xDF, the largest plain length whose protected response fits 256
bytes) unless the chip announced extended lengths. When an extended READ BINARY fails (6700,
6F00, or a chip that aborts secure messaging with 6987/6988), the session asks its
``reestablish`` hook for fresh secure messaging and goes on with short APDUs from the same
offset. A 6Cxx names the right Le; 6282 or 6B00 without data ends the file; 61xx is answered
with GET RESPONSE (T=0 readers). APDUs, bytes both ways, READ BINARY commands per file and time
are counted. Any other secure-messaging failure ends the session.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from drivers.emrtd import bac, commands, tlv
from drivers.emrtd.secure_messaging import SecureChannel
from drivers.emrtd.tlv import TlvError
from drivers.iso7816.apdu import (
    SW,
    SW1_WRONG_LE,
    CommandApdu,
    ResponseApdu,
    split_word,
)
from drivers.iso7816.transport import ApduTransport
from kiosk.errors import AccessDenied, BadInputError, ChipError, SecureMessagingError

EXTENDED_LE = 0xFF00  # leaves room for the SM objects in a 64 KB response
SHORT_LE = 0xDF  # largest plain length whose protected response fits 256 bytes
MIN_LE = 8
HEADER_PROBE = 8  # bytes enough for any LDS file's tag and length
MAX_OFFSET = 0x7FFF  # READ BINARY with even INS addresses 15 bits
WRONG_LENGTH_SWS = (SW.WRONG_LENGTH, SW.UNKNOWN)
END_OF_FILE_SWS = (SW.END_OF_FILE, SW.WRONG_P1P2)
ACCESS_DENIED_SWS = (SW.AUTHENTICATION_FAILED, SW.SECURITY_STATUS_NOT_SATISFIED)
SW1_MORE_DATA = 0x61
MAX_GET_RESPONSES = 256
CHALLENGE_SIZE = commands.CHALLENGE_LENGTH
K_IFD_SIZE = 16


@dataclass(frozen=True)
class FileRead:
    """How one elementary file was read: its id, its size and the READ BINARY commands it took."""

    file_id: int
    size: int
    read_binaries: int


@dataclass(frozen=True)
class ReadStats:
    apdu_count: int
    bytes_sent: int
    bytes_received: int
    elapsed_ms: float
    extended_length: bool = False
    fallbacks: int = 0  # times the chip refused extended length and SM was re-established
    files: tuple[FileRead, ...] = ()

    def read_binaries(self, file_id: int) -> int:
        """READ BINARY commands that file ``file_id`` took (0 when it was not read)."""
        return sum(item.read_binaries for item in self.files if item.file_id == file_id)


class ChipSession:
    """Secure messaging over ``transport``; randomness and the clock are injected."""

    def __init__(
        self,
        transport: ApduTransport,
        *,
        extended_length: bool = False,
        random_bytes: Callable[[int], bytes] = os.urandom,
        monotonic: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._transport = transport
        self._random = random_bytes
        self._monotonic = monotonic
        self._started = monotonic()
        self.set_extended_length(extended_length)
        self._channel: SecureChannel | None = None
        self._ended = False
        self.reestablish: Callable[[], None] | None = None
        self.apdu_count = 0
        self.bytes_sent = 0
        self.bytes_received = 0
        self.fallbacks = 0
        self._files: list[FileRead] = []
        self._read_binaries = 0

    def stats(self) -> ReadStats:
        elapsed = (self._monotonic() - self._started) * 1000.0
        return ReadStats(
            self.apdu_count,
            self.bytes_sent,
            self.bytes_received,
            elapsed,
            self.extended_length,
            self.fallbacks,
            tuple(self._files),
        )

    def set_extended_length(self, allowed: bool) -> None:
        """Read with extended-length APDUs (when the chip announced them) or short ones."""
        self.extended_length = allowed
        self._le = EXTENDED_LE if allowed else SHORT_LE

    @property
    def random_bytes(self) -> Callable[[int], bytes]:
        return self._random

    def _exchange(self, raw: bytes) -> bytes:
        self.apdu_count += 1
        self.bytes_sent += len(raw)
        response = self._transport.transmit(raw)
        self.bytes_received += len(response)
        return response

    def _transmit(self, raw: bytes) -> bytes:
        """Send ``raw``; a 61xx (T=0: more data waiting) is collected with GET RESPONSE."""
        response = self._exchange(raw)
        collected = b""
        for _ in range(MAX_GET_RESPONSES):
            if len(response) < 2 or response[-2] != SW1_MORE_DATA:
                return collected + response
            collected += response[:-2]
            response = self._exchange(commands.get_response(response[-1]).to_bytes())
        raise ChipError("the chip kept answering 61xx to GET RESPONSE")

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

    def use_channel(self, channel: SecureChannel) -> None:
        """Go on under ``channel`` (after PACE, BAC again, or chip authentication)."""
        self._channel = channel
        self._ended = False

    @property
    def secure(self) -> bool:
        return self._channel is not None and not self._ended

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
        self.use_channel(SecureChannel(session))
        return session

    def select_file(self, file_id: int) -> bool:
        """Select an EF; False when the chip has no such file."""
        _, sw = self.send(commands.select_file(file_id))
        if sw == SW.FILE_NOT_FOUND:
            return False
        if sw != SW.OK:
            raise ChipError(f"SELECT {file_id:04X} failed (SW {sw:04X})")
        return True

    def _fall_back_to_short(self, file_id: int) -> None:
        """The chip refused extended length: fresh secure messaging, short APDUs from now on."""
        if self.reestablish is None:
            raise ChipError("the chip refused extended length and SM cannot be re-established")
        self.set_extended_length(False)
        self.fallbacks += 1
        self._channel = None
        self.reestablish()
        if not self.select_file(file_id):
            raise ChipError(f"file {file_id:04X} vanished after secure messaging restarted")

    def _read_chunk(self, file_id: int, offset: int, wanted: int) -> bytes:
        """Up to ``wanted`` bytes at ``offset``; empty at the end of the file."""
        while True:
            le = min(wanted, self._le)
            extended = le > SHORT_LE
            self._read_binaries += 1
            try:
                data, sw = self.send(commands.read_binary(offset, le))
            except SecureMessagingError:
                if not extended:
                    raise
                self._fall_back_to_short(file_id)
                continue
            if sw in (SW.OK, SW.END_OF_FILE) and data:
                return data
            if sw in END_OF_FILE_SWS:
                return b""
            sw1, right_le = split_word(sw)
            if sw1 == SW1_WRONG_LE and 0 < right_le < le:
                self._le = right_le
            elif sw in WRONG_LENGTH_SWS and extended:
                self._fall_back_to_short(file_id)
            elif sw in WRONG_LENGTH_SWS and le > MIN_LE:
                self._le = max(MIN_LE, le // 2)
            else:
                raise ChipError(f"READ BINARY at {offset} failed (SW {sw:04X})")

    def read_file(self, file_id: int) -> bytes | None:
        """The whole EF ``file_id``, or None when absent. Raises ChipError, SecureMessagingError."""
        if not self.select_file(file_id):
            return None
        before = self._read_binaries
        data = self._read_chunk(file_id, 0, max(HEADER_PROBE, self._le))
        try:
            header, length = tlv.header_size(data)
        except TlvError as exc:
            raise ChipError(f"file {file_id:04X} does not start with a TLV header") from exc
        total = header + length
        content = bytearray(data[:total])
        while len(content) < total:
            if len(content) > MAX_OFFSET:
                raise ChipError(f"file {file_id:04X} is larger than 32 KB")
            chunk = self._read_chunk(file_id, len(content), total - len(content))
            if not chunk:
                break  # 6282/6B00: the file ends before its header says; the hash will tell
            content += chunk
        self._files.append(FileRead(file_id, len(content), self._read_binaries - before))
        return bytes(content[:total])

    def read_plain_file(self, file_id: int) -> bytes | None:
        """A file of the master file read without secure messaging (EF.CardAccess, EF.ATR/INFO)
        in short chunks until one comes back short; None when the chip has no such file."""
        _, sw = self.send_plain(commands.select_file(file_id))
        if sw != SW.OK:
            return None
        content = b""
        while len(content) <= MAX_OFFSET:
            data, sw = self.send_plain(commands.read_binary(len(content), SHORT_LE))
            if sw not in (SW.OK, SW.END_OF_FILE):
                break
            content += data
            if len(data) < SHORT_LE:
                break
        return content or None
