"""Command APDUs and status words of the eMRTD application (ISO/IEC 7816-4 as profiled by ICAO
9303 part 10 section 3.6 and part 11 section 9).

Commands are the shared :class:`drivers.pcsc.apdu.CommandApdu` values (``le`` None when no
response data is expected; 256 or 65536 for "as much as possible"); :func:`parse_command`
parses one for the ePassport emulator and reports a malformed APDU as a chip error.
"""

from __future__ import annotations

from drivers.emrtd.tlv import TlvError
from drivers.pcsc.apdu import CommandApdu
from kiosk.errors import BadInputError

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


def parse_command(apdu: bytes) -> CommandApdu:
    """The command an APDU in short or extended form encodes; raises TlvError when malformed."""
    try:
        return CommandApdu.from_bytes(apdu)
    except BadInputError as exc:
        raise TlvError(str(exc)) from exc


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
