"""APDU value types of ISO/IEC 7816-4 section 5: command and response APDUs and status words.

The one APDU module of the kiosk: the class, instruction and parameter bytes, the status words
and the command/response value types, shared by the eMRTD and staff-card protocols, the PC/SC
driver and the card emulators. Short (Lc, Le up to 256) and extended (up to 65 536) lengths are
both encoded and parsed, by the rules of ISO 7816-4 5.1 (cases 1-4).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from kiosk.errors import BadInputError

HEADER_LENGTH = 4
SHORT_MAX = 256
EXTENDED_MAX = 65536
EXTENDED_MARKER = 0x00
STATUS_WORD_LENGTH = 2


class Cla(IntEnum):
    """Class bytes (ISO 7816-4 section 5.4.1)."""

    PLAIN = 0x00  # interindustry, no secure messaging, logical channel 0
    CHAINING = 0x10  # command chaining: more commands of this chain follow
    SECURE_MESSAGING = 0x0C  # secure messaging with the command header authenticated


class Ins(IntEnum):
    """Instruction bytes used by the kiosk's cards (ISO 7816-4 table 4)."""

    VERIFY = 0x20
    MANAGE_SECURITY_ENVIRONMENT = 0x22
    INTERNAL_AUTHENTICATE = 0x88
    EXTERNAL_AUTHENTICATE = 0x82
    GENERAL_AUTHENTICATE = 0x86
    GET_CHALLENGE = 0x84
    SELECT = 0xA4
    READ_BINARY = 0xB0
    GET_RESPONSE = 0xC0
    GET_DATA = 0xCA


class SW(IntEnum):
    """Status words (ISO 7816-4 section 5.6)."""

    OK = 0x9000
    END_OF_FILE = 0x6282  # fewer bytes than Le: the end of the file was reached
    AUTHENTICATION_FAILED = 0x6300  # verification failed, no further information
    VERIFY_FAILED = 0x63C0  # low nibble: tries left
    MEMORY_FAILURE = 0x6581
    WRONG_LENGTH = 0x6700
    SECURITY_STATUS_NOT_SATISFIED = 0x6982
    AUTHENTICATION_METHOD_BLOCKED = 0x6983
    CONDITIONS_NOT_SATISFIED = 0x6985
    SM_DATA_MISSING = 0x6987
    SM_DATA_INCORRECT = 0x6988
    WRONG_DATA = 0x6A80
    FILE_NOT_FOUND = 0x6A82
    INCORRECT_P1P2 = 0x6A86
    REFERENCED_DATA_NOT_FOUND = 0x6A88
    WRONG_P1P2 = 0x6B00
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00
    UNKNOWN = 0x6F00


# SW1 of "wrong Le": SW2 names the Le the card accepts (ISO 7816-4 table 6).
SW1_WRONG_LE = 0x6C

SELECT_BY_AID_P1 = 0x04
SELECT_EF_UNDER_DF_P1 = 0x02  # SELECT by file identifier, an EF under the current DF
SELECT_FIRST_OCCURRENCE_P2 = 0x0C  # first occurrence, no response data
SELECT_RETURN_FCI_P2 = 0x00


BYTE_BITS = 8
BYTE_MASK = 0xFF


def split_word(value: int) -> tuple[int, int]:
    """The high and low byte of a 16-bit value: (P1, P2) of a tag or offset, (SW1, SW2)."""
    return value >> BYTE_BITS, value & BYTE_MASK


def join_word(high: int, low: int) -> int:
    """The 16-bit value of two bytes: P1-P2 read as one parameter, SW1-SW2 as a status word."""
    return (high << BYTE_BITS) | low


def status_bytes(sw: int) -> bytes:
    """The two status bytes SW1 SW2 of status word ``sw``."""
    return sw.to_bytes(STATUS_WORD_LENGTH, "big")


TRIES_LEFT_MASK = 0x0F  # the low nibble of 63Cx


def verify_failed(tries_left: int) -> int:
    """The status word 63Cx for a failed VERIFY with ``tries_left`` (0..15) tries left."""
    return SW.VERIFY_FAILED | (tries_left & TRIES_LEFT_MASK)


def tries_left_of(sw: int) -> int | None:
    """The retry counter in a 63Cx status word, or None for any other status word."""
    return sw & TRIES_LEFT_MASK if sw & ~TRIES_LEFT_MASK == SW.VERIFY_FAILED else None


@dataclass(frozen=True)
class CommandApdu:
    """A command APDU. ``le``: expected response length, None for none, 256 or 65536 for all."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    def __post_init__(self) -> None:
        for name in ("cla", "ins", "p1", "p2"):
            if not 0 <= getattr(self, name) <= BYTE_MASK:
                raise BadInputError(f"APDU {name} must be one byte, not {getattr(self, name)}")
        if len(self.data) >= EXTENDED_MAX:
            raise BadInputError(f"APDU data of {len(self.data)} bytes is too long")
        if self.le is not None and not 1 <= self.le <= EXTENDED_MAX:
            raise BadInputError(f"APDU Le must be 1..{EXTENDED_MAX}, not {self.le}")

    @property
    def p1p2(self) -> int:
        """P1 and P2 read as one 16-bit parameter (a tag, an offset)."""
        return join_word(self.p1, self.p2)

    @property
    def extended(self) -> bool:
        """True when the lengths need the extended (3-byte Lc, 2- or 3-byte Le) encoding."""
        return len(self.data) > SHORT_MAX - 1 or (self.le is not None and self.le > SHORT_MAX)

    def to_bytes(self) -> bytes:
        header = bytes((self.cla, self.ins, self.p1, self.p2))
        if not self.extended:
            body = bytes((len(self.data),)) + self.data if self.data else b""
            le = b"" if self.le is None else bytes((self.le % SHORT_MAX,))
            return header + body + le
        body = b""
        if self.data:
            body = bytes((EXTENDED_MARKER,)) + len(self.data).to_bytes(2, "big") + self.data
        le = b""
        if self.le is not None:
            le_field = (self.le % EXTENDED_MAX).to_bytes(2, "big")
            le = le_field if self.data else bytes((EXTENDED_MARKER,)) + le_field
        return header + body + le

    @classmethod
    def from_bytes(cls, raw: bytes) -> CommandApdu:
        """Parse any of the cases 1-4, short or extended. Raises BadInputError."""
        if len(raw) < HEADER_LENGTH:
            raise BadInputError(f"command APDU of {len(raw)} bytes is shorter than its header")
        cla, ins, p1, p2 = raw[:HEADER_LENGTH]
        body = raw[HEADER_LENGTH:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0] or SHORT_MAX)
        if body[0] != EXTENDED_MARKER:
            lc = body[0]
            if len(body) == 1 + lc:
                return cls(cla, ins, p1, p2, body[1:])
            if len(body) == 2 + lc:
                return cls(cla, ins, p1, p2, body[1 : 1 + lc], body[-1] or SHORT_MAX)
            raise BadInputError(f"command APDU Lc {lc} does not match its {len(body)} body bytes")
        if len(body) == 3:
            return cls(cla, ins, p1, p2, le=int.from_bytes(body[1:], "big") or EXTENDED_MAX)
        lc = int.from_bytes(body[1:3], "big")
        if len(body) == 3 + lc:
            return cls(cla, ins, p1, p2, body[3:])
        if len(body) == 5 + lc:
            le = int.from_bytes(body[-2:], "big") or EXTENDED_MAX
            return cls(cla, ins, p1, p2, body[3 : 3 + lc], le)
        raise BadInputError(f"extended APDU Lc {lc} does not match its {len(body)} body bytes")


@dataclass(frozen=True)
class ResponseApdu:
    """A response APDU: the data field and the two status bytes."""

    data: bytes
    sw: int

    @property
    def sw1(self) -> int:
        return split_word(self.sw)[0]

    @property
    def sw2(self) -> int:
        return split_word(self.sw)[1]

    @property
    def ok(self) -> bool:
        return self.sw == SW.OK

    def to_bytes(self) -> bytes:
        return self.data + status_bytes(self.sw)

    @classmethod
    def from_bytes(cls, raw: bytes) -> ResponseApdu:
        """Split a response into data and status word. Raises BadInputError when under 2 bytes."""
        if len(raw) < STATUS_WORD_LENGTH:
            raise BadInputError(f"response APDU of {len(raw)} bytes has no status word")
        return cls(raw[:-STATUS_WORD_LENGTH], int.from_bytes(raw[-STATUS_WORD_LENGTH:], "big"))

    @classmethod
    def status(cls, sw: int) -> ResponseApdu:
        """A response with no data."""
        return cls(b"", sw)


def select_aid(aid: bytes) -> CommandApdu:
    """SELECT by DF name (application identifier), first occurrence, no FCI returned."""
    return CommandApdu(Cla.PLAIN, Ins.SELECT, SELECT_BY_AID_P1, SELECT_FIRST_OCCURRENCE_P2, aid)
