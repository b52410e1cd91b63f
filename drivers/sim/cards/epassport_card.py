"""The ePassport emulator: a :class:`VirtualCard` serving one synthetic chip image with Basic
Access Control, secure messaging, chunked and extended-length READ BINARY and active
authentication (ICAO 9303 parts 10 and 11), for real pcscd through vpcd or in-process through
:class:`DirectTransport`.

How the chip treats extended length is its :class:`LengthSupport`: announced in the ATR's card
capabilities or in EF.ATR/INFO and honoured, taken silently, or refused the way real chips do
(6700 keeping secure messaging, or 6988 aborting it). Faults are set on
:attr:`EPassportCard.faults`: a wrong response MAC, a chip that rejects large Le, a T=0 reader
that answers 61xx for GET RESPONSE. A tampered data group and an expired document signer are chip
images (see ``drivers.emrtd.personalisation`` and ``drivers.emrtd.pki``); a card pulled mid-read
is the vpcd runner's PULL fault, or ``DirectTransport(pull_after=n)`` in-process.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from drivers.emrtd import active_auth, bac
from drivers.emrtd.capabilities import EF_ATR_INFO, atr_info, compact_capabilities
from drivers.emrtd.commands import EMRTD_AID, FILE_ID_LENGTH
from drivers.emrtd.lds.card_access import EF_CARD_ACCESS, PaceInfo, encode_card_access
from drivers.emrtd.pace_crypto import PASSWORD_CAN, PASSWORD_MRZ, PacePassword
from drivers.emrtd.personalisation import ChipImage
from drivers.emrtd.secure_messaging import ChipChannel
from drivers.iso7816.apdu import (
    BYTE_MASK,
    EXTENDED_MARKER,
    HEADER_LENGTH,
    SELECT_BY_AID_P1,
    SELECT_EF_UNDER_DF_P1,
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
from drivers.sim.cards.epassport_ca import ChipCa
from drivers.sim.cards.epassport_pace import ChipPace
from drivers.sim.cards.virtual_card import VirtualCard
from drivers.sim.cards.vpcd_protocol import atr_with_history
from kiosk.errors import AccessDenied, BadInputError, CardRemoved, SecureMessagingError

EPASSPORT_ATR = atr_with_history(compact_capabilities(extended=True))
SHORT_ONLY_ATR = atr_with_history(compact_capabilities(extended=False))
EXTENDED_RESPONSE_LIMIT = 0xFF00
SW1_MORE_DATA = 0x61
NONCE_SIZE = 8
K_IC_SIZE = 16
OFFSET_MASK = 0x7FFF


@dataclass(frozen=True)
class LengthSupport:
    """How a chip treats extended length. ``announce``: "atr", "atr_info" or "" (says nothing);
    ``refusal``: None when it takes extended APDUs, else the SW it answers them with (6700
    keeps secure messaging, 6987/6988 abort it, as on real chips)."""

    announce: str = "atr"
    refusal: int | None = None

    @property
    def accepts(self) -> bool:
        return self.refusal is None


EXTENDED = LengthSupport()
EXTENDED_IN_ATR_INFO = LengthSupport(announce="atr_info")
SHORT_ONLY = LengthSupport(announce="", refusal=SW.WRONG_LENGTH)
SHORT_ONLY_ABORTING = LengthSupport(announce="", refusal=SW.SM_DATA_INCORRECT)
# Says it can, then refuses: the terminal must fall back and re-establish secure messaging.
FALSE_PROMISE = LengthSupport(announce="atr", refusal=SW.SM_DATA_INCORRECT)
LENGTH_KINDS = {
    "extended": EXTENDED,
    "extended-atr-info": EXTENDED_IN_ATR_INFO,
    "short-only": SHORT_ONLY,
    "short-only-6988": SHORT_ONLY_ABORTING,
    "false-promise": FALSE_PROMISE,
}


@dataclass(frozen=True)
class ChipAccess:
    """How the chip lets a terminal in: BAC, PACE (its PACEInfo in EF.CardAccess), or both.
    ``can``: the card access number printed on the card, a second PACE password."""

    bac: bool = True
    pace: PaceInfo | None = None
    can: str = ""


BAC_ONLY = ChipAccess()


@dataclass
class ChipFaults:
    """Faults on command. ``wrong_mac_after``: that many good protected responses, then bad MACs."""

    wrong_mac_after: int | None = None
    max_le: int | None = None  # READ BINARY asking more than this gets SW 6700
    le_hint: bool = False  # with max_le: answer SW 6Cxx naming the right Le instead
    extended_length: bool = True  # False: extended-length APDUs get SW 6700
    t0_get_response: bool = False  # answer data as 61xx, collected with GET RESPONSE (T=0)
    clone: bool = False  # a copied chip: right data, but not the chip-authentication key
    pace_refused: bool = False  # announces PACE in EF.CardAccess, then refuses MSE:Set AT (6A80)


class EPassportCard(VirtualCard):
    atr = EPASSPORT_ATR

    def __init__(
        self,
        image: ChipImage,
        mrz_info: str,
        *,
        random_bytes: Callable[[int], bytes] = os.urandom,
        faults: ChipFaults | None = None,
        length: LengthSupport = EXTENDED,
        access: ChipAccess = BAC_ONLY,
    ) -> None:
        self.image = image
        self.access = access
        self._mrz_info = mrz_info
        self.keys = bac.access_keys(mrz_info)
        self.faults = faults or ChipFaults()
        self.length = length
        self.atr = EPASSPORT_ATR if length.announce == "atr" else SHORT_ONLY_ATR
        self._pending = b""
        self._random = random_bytes
        self.protected_responses = 0
        self.on_power_on()

    def swap(self, image: ChipImage, mrz_info: str) -> None:
        """Become another document's chip (the next passport laid on the reader)."""
        self.image = image
        self._mrz_info = mrz_info
        self.keys = bac.access_keys(mrz_info)
        self.on_power_on()

    def _chip_pace(self) -> ChipPace | None:
        if self.access.pace is None:
            return None
        passwords = {PASSWORD_MRZ: PacePassword.from_mrz_information(self._mrz_info)}
        if self.access.can:
            passwords[PASSWORD_CAN] = PacePassword.from_can(self.access.can)
        return ChipPace(self.access.pace, passwords, self._random)

    def _chip_ca(self) -> ChipCa | None:
        if self.image.ca_key is None:
            return None
        genuine = not self.faults.clone
        return ChipCa(self.image.ca_key, self.image.ca_protocol, self._random, genuine=genuine)

    def on_power_on(self) -> None:
        self._pace = self._chip_pace()
        self._ca = self._chip_ca()
        self._application = False
        self._rnd_ic: bytes | None = None
        self._channel: ChipChannel | None = None
        self._selected: bytes | None = None
        self._pending = b""

    def process_apdu(self, apdu_bytes: bytes) -> bytes:
        try:
            command = CommandApdu.from_bytes(apdu_bytes)
        except BadInputError:
            return status_bytes(SW.WRONG_LENGTH)
        if command.ins == Ins.GET_RESPONSE and not command.cla & Cla.SECURE_MESSAGING:
            return self._get_response(command)
        self._pending = b""
        if command.cla & Cla.SECURE_MESSAGING:
            response = self._protected(apdu_bytes)
        else:
            response = self._plain(command)
        if self.faults.t0_get_response and len(response) > 2:
            self._pending = response
            return bytes((SW1_MORE_DATA, min(len(response) - 2, SHORT_MAX) % SHORT_MAX))
        return response

    def _get_response(self, command: CommandApdu) -> bytes:
        """T=0: hand out the held response, up to Le bytes at a time, 61xx while more is left."""
        if not self._pending:
            return status_bytes(SW.CONDITIONS_NOT_SATISFIED)
        data, sw = self._pending[:-2], self._pending[-2:]
        chunk, rest = data[: command.le or SHORT_MAX], data[command.le or SHORT_MAX :]
        if rest:
            self._pending = rest + sw
            return chunk + bytes((SW1_MORE_DATA, min(len(rest), SHORT_MAX) % SHORT_MAX))
        self._pending = b""
        return chunk + sw

    def _master_file(self, command: CommandApdu) -> bytes | None:
        """EF.ATR/INFO under the master file, readable without secure messaging."""
        if command.ins == Ins.SELECT and command.p1 == SELECT_EF_UNDER_DF_P1:
            file_id = int.from_bytes(command.data, "big")
            content = self._master_files().get(file_id)
            if content is None:
                return None if self._application else status_bytes(SW.FILE_NOT_FOUND)
            # A plain SELECT of a master-file EF leaves the application and its secure messaging.
            self._application, self._channel = False, None
            self._selected = content
            return status_bytes(SW.OK)
        if command.ins == Ins.READ_BINARY and not self._application and self._selected:
            data, sw = self._read_binary(command)
            return data + status_bytes(sw)
        return None

    def _master_files(self) -> dict[int, bytes]:
        files: dict[int, bytes] = {}
        if self.length.announce == "atr_info":
            files[EF_ATR_INFO] = atr_info(EXTENDED_RESPONSE_LIMIT, EXTENDED_RESPONSE_LIMIT)
        if self.access.pace is not None:
            files[EF_CARD_ACCESS] = encode_card_access((self.access.pace,))
        return files

    def _run_pace(self, pace: ChipPace, command: CommandApdu) -> bytes:
        data, sw, session = pace.handle(command)
        if session is not None:
            self._channel = ChipChannel(session)
            self._application = False  # the terminal selects the application under SM
        return data + status_bytes(sw)

    def _plain(self, command: CommandApdu) -> bytes:
        master = self._master_file(command)
        if master is not None:
            return master
        if command.ins == Ins.SELECT and command.p1 == SELECT_BY_AID_P1:
            self.on_power_on()
            self._application = command.data == EMRTD_AID
            return status_bytes(SW.OK if self._application else SW.FILE_NOT_FOUND)
        if self._pace is not None and self._pace.handles(command):
            if self.faults.pace_refused:
                return status_bytes(SW.WRONG_DATA)
            return self._run_pace(self._pace, command)
        if not self._application:
            return status_bytes(SW.CONDITIONS_NOT_SATISFIED)
        if not self.access.bac:
            return status_bytes(SW.SECURITY_STATUS_NOT_SATISFIED)  # PACE only
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
        if extended and self.length.refusal is not None:
            if self.length.refusal != SW.WRONG_LENGTH:
                self._channel = None  # 6987/6988: the chip aborts secure messaging
            return channel.plain_status(self.length.refusal)
        switch_to = None
        if self._ca is not None and self._ca.handles(command):
            data, sw, switch_to = self._ca.handle(command)
        else:
            data, sw = self._dispatch(command)
        if sw == SW.WRONG_LENGTH or split_word(sw)[0] == SW1_WRONG_LE:
            return channel.plain_status(sw)
        limit = self.faults.wrong_mac_after
        corrupt = limit is not None and self.protected_responses >= limit
        self.protected_responses += 1
        response = channel.wrap_response(data, sw, corrupt_mac=corrupt)
        if switch_to is not None:
            self._channel = ChipChannel(switch_to)  # chip authentication: new keys from now on
        return response

    def _dispatch(self, command: CommandApdu) -> tuple[bytes, int]:
        if command.ins == Ins.SELECT and command.p1 == SELECT_BY_AID_P1:
            self._application = command.data == EMRTD_AID
            return b"", SW.OK if self._application else SW.FILE_NOT_FOUND
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

    @property
    def atr(self) -> bytes:
        return self.card.atr

    def transmit(self, apdu_bytes: bytes) -> bytes:
        if self.pull_after is not None and self.count >= self.pull_after:
            raise CardRemoved("the document was taken off the reader mid-read")
        self.count += 1
        return self.card.process_apdu(apdu_bytes)
