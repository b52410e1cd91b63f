"""The command APDUs of the eMRTD application (ISO/IEC 7816-4 as profiled by ICAO 9303 part 10
section 3.6 and part 11 section 9).

Commands are :class:`drivers.iso7816.apdu.CommandApdu` values (``le`` None when no response data
is expected; 256 or 65536 for "as much as possible"); the bytes and status words they use are
those of :mod:`drivers.iso7816.apdu`.
"""

from __future__ import annotations

from drivers.iso7816.apdu import (
    SELECT_BY_AID_P1,
    SELECT_EF_UNDER_DF_P1,
    SELECT_FIRST_OCCURRENCE_P2,
    SHORT_MAX,
    Cla,
    CommandApdu,
    Ins,
    split_word,
)

EMRTD_AID = bytes.fromhex("A0000002471001")  # ICAO 9303 part 10 section 3.6.2 (LDS1 applet)
FILE_ID_LENGTH = 2
CHALLENGE_LENGTH = 8  # GET CHALLENGE: the chip's 8-byte nonce RND.IC


def select_applet(aid: bytes = EMRTD_AID) -> CommandApdu:
    return CommandApdu(Cla.PLAIN, Ins.SELECT, SELECT_BY_AID_P1, SELECT_FIRST_OCCURRENCE_P2, aid)


def select_file(file_id: int) -> CommandApdu:
    return CommandApdu(
        Cla.PLAIN,
        Ins.SELECT,
        SELECT_EF_UNDER_DF_P1,
        SELECT_FIRST_OCCURRENCE_P2,
        file_id.to_bytes(FILE_ID_LENGTH, "big"),
    )


def read_binary(offset: int, length: int) -> CommandApdu:
    """READ BINARY of ``length`` bytes (1..65536) at ``offset`` (0..32767) of the selected EF."""
    return CommandApdu(Cla.PLAIN, Ins.READ_BINARY, *split_word(offset), le=length)


def get_challenge() -> CommandApdu:
    return CommandApdu(Cla.PLAIN, Ins.GET_CHALLENGE, 0, 0, le=CHALLENGE_LENGTH)


def external_authenticate(data: bytes) -> CommandApdu:
    return CommandApdu(Cla.PLAIN, Ins.EXTERNAL_AUTHENTICATE, 0, 0, data, le=len(data))


def internal_authenticate(challenge: bytes) -> CommandApdu:
    return CommandApdu(Cla.PLAIN, Ins.INTERNAL_AUTHENTICATE, 0, 0, challenge, le=SHORT_MAX)


def get_response(length: int) -> CommandApdu:
    """GET RESPONSE for the ``length`` bytes a 61xx announced (0 for 256), always unprotected."""
    return CommandApdu(Cla.PLAIN, Ins.GET_RESPONSE, 0, 0, le=length or SHORT_MAX)
