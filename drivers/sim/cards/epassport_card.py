"""The ePassport emulator: a :class:`VirtualCard` serving one synthetic chip image with Basic
Access Control, secure messaging, chunked and extended-length READ BINARY and active
authentication (ICAO 9303 parts 10 and 11), for real pcscd through vpcd or in-process through
:class:`DirectTransport`.

Faults are set on :attr:`EPassportCard.faults`: a wrong response MAC, a chip that rejects large
Le or extended-length APDUs. A tampered data group and an expired document signer are chip
images (see ``drivers.emrtd.personalisation`` and ``drivers.emrtd.pki``); a card pulled mid-read
is the vpcd runner's PULL fault, or ``DirectTransport(pull_after=n)`` in-process.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from drivers.emrtd import active_auth, apdu, bac
from drivers.emrtd.apdu import CommandApdu, parse_command, status_bytes
from drivers.emrtd.personalisation import ChipImage
from drivers.emrtd.secure_messaging import ChipChannel
from drivers.emrtd.tlv import TlvError
from drivers.sim.cards.virtual_card import VirtualCard
from drivers.sim.cards.vpcd_protocol import atr_with_history
from kiosk.errors import AccessDenied, CardRemoved, SecureMessagingError

EPASSPORT_ATR = atr_with_history(b"EPASSPORT")
EXTENDED_RESPONSE_LIMIT = 0xFF00
NONCE_SIZE = 8
K_IC_SIZE = 16
FILE_ID_SIZE = 2
OFFSET_MASK = 0x7FFF


@dataclass
class ChipFaults:
    """Faults on command. ``wrong_mac_after``: that many good protected responses, then bad MACs."""

    wrong_mac_after: int | None = None
    max_le: int | None = None  # READ BINARY asking more than this gets SW 6700
    le_hint: bool = False  # with max_le: answer SW 6Cxx naming the right Le instead
    extended_length: bool = True  # False: extended-length APDUs get SW 6700


class EPassportCard(VirtualCard):
    atr = EPASSPORT_ATR

    def __init__(
        self,
        image: ChipImage,
        mrz_info: str,
        *,
        random_bytes: Callable[[int], bytes] = os.urandom,
        faults: ChipFaults | None = None,
    ) -> None:
        self.image = image
        self.keys = bac.access_keys(mrz_info)
        self.faults = faults or ChipFaults()
        self._random = random_bytes
        self.protected_responses = 0
        self.on_power_on()

    def swap(self, image: ChipImage, mrz_info: str) -> None:
        """Become another document's chip (the next passport laid on the reader)."""
        self.image = image
        self.keys = bac.access_keys(mrz_info)
        self.on_power_on()

    def on_power_on(self) -> None:
        self._application = False
        self._rnd_ic: bytes | None = None
        self._channel: ChipChannel | None = None
        self._selected: bytes | None = None

    def process_apdu(self, apdu_bytes: bytes) -> bytes:
        try:
            command = parse_command(apdu_bytes)
        except TlvError:
            return status_bytes(apdu.SW_WRONG_LENGTH)
        if command.cla & apdu.CLA_SECURE_MESSAGING:
            return self._protected(apdu_bytes)
        return self._plain(command)

    def _plain(self, command: CommandApdu) -> bytes:
        if command.ins == apdu.INS_SELECT and command.p1 == apdu.P1_SELECT_BY_NAME:
            self.on_power_on()
            self._application = command.data == apdu.EMRTD_AID
            return status_bytes(apdu.SW_OK if self._application else apdu.SW_FILE_NOT_FOUND)
        if not self._application:
            return status_bytes(apdu.SW_CONDITIONS_NOT_SATISFIED)
        if command.ins == apdu.INS_GET_CHALLENGE:
            self._rnd_ic = self._random(NONCE_SIZE)
            return self._rnd_ic + status_bytes(apdu.SW_OK)
        if command.ins == apdu.INS_EXTERNAL_AUTHENTICATE and self._rnd_ic is not None:
            rnd_ic, self._rnd_ic = self._rnd_ic, None
            try:
                answer, session = bac.chip_respond(
                    self.keys, rnd_ic, self._random(K_IC_SIZE), command.data
                )
            except AccessDenied:
                return status_bytes(apdu.SW_SECURITY_NOT_SATISFIED)
            self._channel = ChipChannel(session)
            return answer + status_bytes(apdu.SW_OK)
        # Files are readable only under secure messaging once BAC has run.
        return status_bytes(apdu.SW_SECURITY_NOT_SATISFIED)

    def _protected(self, raw: bytes) -> bytes:
        channel = self._channel
        if channel is None:
            return status_bytes(apdu.SW_SM_OBJECTS_MISSING)
        try:
            command = channel.unwrap_command(raw)
        except SecureMessagingError:
            self._channel = None  # a broken command ends the session, as on a real chip
            return status_bytes(apdu.SW_SM_OBJECTS_INCORRECT)
        extended = len(raw) > apdu.HEADER_SIZE + 1 and raw[apdu.HEADER_SIZE] == 0
        if extended and not self.faults.extended_length:
            return channel.plain_status(apdu.SW_WRONG_LENGTH)
        data, sw = self._dispatch(command)
        if sw == apdu.SW_WRONG_LENGTH or sw >> 8 == apdu.SW_CORRECT_LE_PREFIX:
            return channel.plain_status(sw)
        limit = self.faults.wrong_mac_after
        corrupt = limit is not None and self.protected_responses >= limit
        self.protected_responses += 1
        return channel.wrap_response(data, sw, corrupt_mac=corrupt)

    def _dispatch(self, command: CommandApdu) -> tuple[bytes, int]:
        if command.ins == apdu.INS_SELECT and len(command.data) == FILE_ID_SIZE:
            file_id = int.from_bytes(command.data, "big")
            found = file_id in self.image.files
            self._selected = self.image.files.get(file_id)
            return b"", apdu.SW_OK if found else apdu.SW_FILE_NOT_FOUND
        if command.ins == apdu.INS_READ_BINARY:
            return self._read_binary(command)
        if command.ins == apdu.INS_INTERNAL_AUTHENTICATE:
            if self.image.aa_key is None:
                return b"", apdu.SW_INS_NOT_SUPPORTED
            signature = active_auth.sign_challenge(
                self.image.aa_key, command.data, self._random, self.image.aa_algorithm
            )
            return signature, apdu.SW_OK
        return b"", apdu.SW_INS_NOT_SUPPORTED

    def _read_binary(self, command: CommandApdu) -> tuple[bytes, int]:
        if self._selected is None:
            return b"", apdu.SW_CONDITIONS_NOT_SATISFIED
        le = command.le or apdu.SHORT_MAX
        if self.faults.max_le is not None and le > self.faults.max_le:
            if self.faults.le_hint:
                hint = (apdu.SW_CORRECT_LE_PREFIX << 8) | (self.faults.max_le & 0xFF)
                return b"", hint
            return b"", apdu.SW_WRONG_LENGTH
        offset = ((command.p1 << 8) | command.p2) & OFFSET_MASK
        if offset > len(self._selected):
            return b"", apdu.SW_WRONG_P1P2
        data = self._selected[offset : offset + min(le, EXTENDED_RESPONSE_LIMIT)]
        return data, apdu.SW_OK if len(data) == le else apdu.SW_END_OF_FILE


class DirectTransport:
    """An in-process ApduTransport straight into a card; ``pull_after`` APDUs, then CardRemoved."""

    def __init__(self, card: VirtualCard, pull_after: int | None = None) -> None:
        self.card = card
        self.pull_after = pull_after
        self.count = 0

    def transmit(self, apdu_bytes: bytes) -> bytes:
        if self.pull_after is not None and self.count >= self.pull_after:
            raise CardRemoved("the document was taken off the reader mid-read")
        self.count += 1
        return self.card.process_apdu(apdu_bytes)
