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

from drivers.emrtd import active_auth, bac
from drivers.emrtd.commands import EMRTD_AID, FILE_ID_LENGTH
from drivers.emrtd.personalisation import ChipImage
from drivers.emrtd.secure_messaging import ChipChannel
from drivers.iso7816.apdu import (
    BYTE_MASK,
    EXTENDED_MARKER,
    HEADER_LENGTH,
    SELECT_BY_AID_P1,
    SHORT_MAX,
    SW,
    SW1_WRONG_LE,
    Cla,
    CommandApdu,
    Ins,
    join_word,
    split_word,
    status_bytes,
)
from drivers.sim.cards.virtual_card import VirtualCard
from drivers.sim.cards.vpcd_protocol import atr_with_history
from kiosk.errors import AccessDenied, BadInputError, CardRemoved, SecureMessagingError

EPASSPORT_ATR = atr_with_history(b"EPASSPORT")
EXTENDED_RESPONSE_LIMIT = 0xFF00
NONCE_SIZE = 8
K_IC_SIZE = 16
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
            command = CommandApdu.from_bytes(apdu_bytes)
        except BadInputError:
            return status_bytes(SW.WRONG_LENGTH)
        if command.cla & Cla.SECURE_MESSAGING:
            return self._protected(apdu_bytes)
        return self._plain(command)

    def _plain(self, command: CommandApdu) -> bytes:
        if command.ins == Ins.SELECT and command.p1 == SELECT_BY_AID_P1:
            self.on_power_on()
            self._application = command.data == EMRTD_AID
            return status_bytes(SW.OK if self._application else SW.FILE_NOT_FOUND)
        if not self._application:
            return status_bytes(SW.CONDITIONS_NOT_SATISFIED)
        if command.ins == Ins.GET_CHALLENGE:
            self._rnd_ic = self._random(NONCE_SIZE)
            return self._rnd_ic + status_bytes(SW.OK)
        if command.ins == Ins.EXTERNAL_AUTHENTICATE and self._rnd_ic is not None:
            rnd_ic, self._rnd_ic = self._rnd_ic, None
            try:
                answer, session = bac.chip_respond(
                    self.keys, rnd_ic, self._random(K_IC_SIZE), command.data
                )
            except AccessDenied:
                return status_bytes(SW.SECURITY_STATUS_NOT_SATISFIED)
            self._channel = ChipChannel(session)
            return answer + status_bytes(SW.OK)
        # Files are readable only under secure messaging once BAC has run.
        return status_bytes(SW.SECURITY_STATUS_NOT_SATISFIED)

    def _protected(self, raw: bytes) -> bytes:
        channel = self._channel
        if channel is None:
            return status_bytes(SW.SM_DATA_MISSING)
        try:
            command = channel.unwrap_command(raw)
        except SecureMessagingError:
            self._channel = None  # a broken command ends the session, as on a real chip
            return status_bytes(SW.SM_DATA_INCORRECT)
        extended = len(raw) > HEADER_LENGTH + 1 and raw[HEADER_LENGTH] == EXTENDED_MARKER
        if extended and not self.faults.extended_length:
            return channel.plain_status(SW.WRONG_LENGTH)
        data, sw = self._dispatch(command)
        if sw == SW.WRONG_LENGTH or split_word(sw)[0] == SW1_WRONG_LE:
            return channel.plain_status(sw)
        limit = self.faults.wrong_mac_after
        corrupt = limit is not None and self.protected_responses >= limit
        self.protected_responses += 1
        return channel.wrap_response(data, sw, corrupt_mac=corrupt)

    def _dispatch(self, command: CommandApdu) -> tuple[bytes, int]:
        if command.ins == Ins.SELECT and len(command.data) == FILE_ID_LENGTH:
            file_id = int.from_bytes(command.data, "big")
            found = file_id in self.image.files
            self._selected = self.image.files.get(file_id)
            return b"", SW.OK if found else SW.FILE_NOT_FOUND
        if command.ins == Ins.READ_BINARY:
            return self._read_binary(command)
        if command.ins == Ins.INTERNAL_AUTHENTICATE:
            if self.image.aa_key is None:
                return b"", SW.INS_NOT_SUPPORTED
            signature = active_auth.sign_challenge(
                self.image.aa_key, command.data, self._random, self.image.aa_algorithm
            )
            return signature, SW.OK
        return b"", SW.INS_NOT_SUPPORTED

    def _read_binary(self, command: CommandApdu) -> tuple[bytes, int]:
        if self._selected is None:
            return b"", SW.CONDITIONS_NOT_SATISFIED
        le = command.le or SHORT_MAX
        if self.faults.max_le is not None and le > self.faults.max_le:
            if self.faults.le_hint:
                hint = join_word(SW1_WRONG_LE, self.faults.max_le & BYTE_MASK)
                return b"", hint
            return b"", SW.WRONG_LENGTH
        offset = command.p1p2 & OFFSET_MASK
        if offset > len(self._selected):
            return b"", SW.WRONG_P1P2
        data = self._selected[offset : offset + min(le, EXTENDED_RESPONSE_LIMIT)]
        return data, SW.OK if len(data) == le else SW.END_OF_FILE


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
