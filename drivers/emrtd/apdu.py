"""Command APDUs and status words of the eMRTD application (ISO/IEC 7816-4 as profiled by ICAO
9303 part 10 section 3.6 and part 11 section 9).

A :class:`CommandApdu` is a value: header, data and the expected length ``le`` (None when no
response data is expected; 256 or 65536 stand for "as much as possible" in short and extended
form). :func:`parse_command` is its inverse, used by the ePassport emulator.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.emrtd.tlv import TlvError

CLA_PLAIN = 0x00
CLA_SECURE_MESSAGING = 0x0C
INS_SELECT = 0xA4
INS_READ_BINARY = 0xB0
INS_GET_CHALLENGE = 0x84
INS_EXTERNAL_AUTHENTICATE = 0x82
INS_INTERNAL_AUTHENTICATE = 0x88
P1_SELECT_BY_NAME = 0x04
P1_SELECT_EF_UNDER_DF = 0x02
P2_NO_RESPONSE_DATA = 0x0C
EMRTD_AID = bytes.fromhex("A0000002471001")  # ICAO 9303 part 10 section 3.6.2 (LDS1 applet)

SW_OK = 0x9000
SW_END_OF_FILE = 0x6282
SW_AUTHENTICATION_FAILED = 0x6300
SW_WRONG_LENGTH = 0x6700
SW_SECURITY_NOT_SATISFIED = 0x6982
SW_SM_OBJECTS_MISSING = 0x6987
SW_SM_OBJECTS_INCORRECT = 0x6988
SW_CONDITIONS_NOT_SATISFIED = 0x6985
SW_FILE_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6B00
SW_INS_NOT_SUPPORTED = 0x6D00
SW_CLA_NOT_SUPPORTED = 0x6E00
SW_CORRECT_LE_PREFIX = 0x6C
SW_BYTES_REMAINING_PREFIX = 0x61

SHORT_MAX = 256
EXTENDED_MAX = 65536
SW_SIZE = 2
HEADER_SIZE = 4


@dataclass(frozen=True)
class CommandApdu:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    @property
    def header(self) -> bytes:
        return bytes([self.cla, self.ins, self.p1, self.p2])

    def needs_extended(self) -> bool:
        return len(self.data) > SHORT_MAX - 1 or (self.le or 0) > SHORT_MAX

    def to_bytes(self, *, extended: bool | None = None) -> bytes:
        """The APDU in short form, or extended form when asked or when it does not fit short."""
        ext = self.needs_extended() if extended is None else extended
        out = bytearray(self.header)
        if self.data:
            out += len(self.data).to_bytes(3, "big") if ext else bytes([len(self.data)])
            out += self.data
        if self.le is not None:
            le = self.le % EXTENDED_MAX if ext else self.le % SHORT_MAX
            if ext:
                out += le.to_bytes(2 if self.data else 3, "big")
            else:
                out.append(le)
        return bytes(out)


def parse_command(apdu: bytes) -> CommandApdu:
    """The command an APDU in short or extended form encodes; raises TlvError when malformed."""
    if len(apdu) < HEADER_SIZE:
        raise TlvError("APDU shorter than its header")
    cla, ins, p1, p2 = apdu[:HEADER_SIZE]
    body = apdu[HEADER_SIZE:]
    if not body:
        return CommandApdu(cla, ins, p1, p2)
    if len(body) == 1:
        return CommandApdu(cla, ins, p1, p2, le=body[0] or SHORT_MAX)
    if body[0] == 0 and len(body) >= 3:
        return _parse_extended(cla, ins, p1, p2, body)
    length = body[0]
    data = body[1 : 1 + length]
    rest = body[1 + length :]
    if len(data) != length or len(rest) > 1:
        raise TlvError("APDU length byte does not match its data")
    le = (rest[0] or SHORT_MAX) if rest else None
    return CommandApdu(cla, ins, p1, p2, data, le)


def _parse_extended(cla: int, ins: int, p1: int, p2: int, body: bytes) -> CommandApdu:
    if len(body) == 3:
        return CommandApdu(cla, ins, p1, p2, le=int.from_bytes(body[1:3], "big") or EXTENDED_MAX)
    length = int.from_bytes(body[1:3], "big")
    data = body[3 : 3 + length]
    rest = body[3 + length :]
    if len(data) != length or len(rest) not in (0, 2):
        raise TlvError("extended APDU length does not match its data")
    le = (int.from_bytes(rest, "big") or EXTENDED_MAX) if rest else None
    return CommandApdu(cla, ins, p1, p2, data, le)


def split_response(response: bytes) -> tuple[bytes, int]:
    """(data, status word) of a response APDU; raises TlvError when shorter than 2 bytes."""
    if len(response) < SW_SIZE:
        raise TlvError("response shorter than a status word")
    return response[:-SW_SIZE], int.from_bytes(response[-SW_SIZE:], "big")


def select_applet(aid: bytes = EMRTD_AID) -> CommandApdu:
    return CommandApdu(CLA_PLAIN, INS_SELECT, P1_SELECT_BY_NAME, P2_NO_RESPONSE_DATA, aid)


def select_file(file_id: int) -> CommandApdu:
    return CommandApdu(
        CLA_PLAIN,
        INS_SELECT,
        P1_SELECT_EF_UNDER_DF,
        P2_NO_RESPONSE_DATA,
        file_id.to_bytes(2, "big"),
    )


def read_binary(offset: int, length: int) -> CommandApdu:
    """READ BINARY of ``length`` bytes (1..65536) at ``offset`` (0..32767) of the selected EF."""
    return CommandApdu(CLA_PLAIN, INS_READ_BINARY, offset >> 8, offset & 0xFF, le=length)


def get_challenge() -> CommandApdu:
    return CommandApdu(CLA_PLAIN, INS_GET_CHALLENGE, 0, 0, le=8)


def external_authenticate(data: bytes) -> CommandApdu:
    return CommandApdu(CLA_PLAIN, INS_EXTERNAL_AUTHENTICATE, 0, 0, data, le=len(data))


def internal_authenticate(challenge: bytes) -> CommandApdu:
    return CommandApdu(CLA_PLAIN, INS_INTERNAL_AUTHENTICATE, 0, 0, challenge, le=SHORT_MAX)


def status_bytes(sw: int) -> bytes:
    return sw.to_bytes(SW_SIZE, "big")
