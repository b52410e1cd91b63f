"""Whether a card takes extended-length APDUs (ISO/IEC 7816-4 sections 8.1.1.2.7 and 8.2.1.1,
ICAO 9303 part 10 section 3.11.1): the card capabilities in the ATR's historical bytes
(compact-TLV tag 7, third software-function byte bit 7), or EF.ATR/INFO (file 2F01 under the
MF) with its card capabilities DO'47' or its extended length information DO'7F66'.

A card that says nothing is read with short APDUs; that is what most chips and readers take.
"""

from __future__ import annotations

from drivers.emrtd import tlv
from drivers.emrtd.tlv import TlvError

EF_ATR_INFO = 0x2F01
HISTORY_COUNT_MASK = 0x0F
INTERFACE_BYTE_FLAGS = (0x10, 0x20, 0x40, 0x80)  # TA, TB, TC, TD follow
TD_FOLLOWS = 0x80
PROTOCOL_MASK = 0x0F
CATEGORY_COMPACT_TLV = 0x80
CATEGORY_STATUS_LAST = 0x00
STATUS_INDICATOR_SIZE = 3
COMPACT_TAG_SHIFT = 4
COMPACT_LENGTH_MASK = 0x0F
COMPACT_TAG_CAPABILITIES = 0x7
CAPABILITIES_DO = 0x47
EXTENDED_LENGTH_INFO_DO = 0x7F66
EXTENDED_LENGTH_BIT = 0x40  # third byte of the card capabilities: extended Lc and Le fields
CAPABILITIES_THIRD_BYTE = 2
SHORT_RESPONSE_MAX = 256


def historical_bytes(atr: bytes) -> bytes:
    """The historical bytes of an ATR (ISO 7816-3 section 8.2); empty for a malformed ATR."""
    if len(atr) < 2:
        return b""
    count = atr[1] & HISTORY_COUNT_MASK
    offset, indicator = 2, atr[1]
    while True:
        present = [flag for flag in INTERFACE_BYTE_FLAGS if indicator & flag]
        offset += len(present)
        if not indicator & TD_FOLLOWS or offset > len(atr):
            break
        indicator = atr[offset - 1]
    history = atr[offset : offset + count]
    return history if len(history) == count else b""


def _capabilities_allow_extended(value: bytes) -> bool:
    return len(value) > CAPABILITIES_THIRD_BYTE and bool(
        value[CAPABILITIES_THIRD_BYTE] & EXTENDED_LENGTH_BIT
    )


def extended_length_in_atr(atr: bytes) -> bool:
    """True when the ATR's card capabilities (compact-TLV tag 7) announce extended lengths."""
    history = historical_bytes(atr)
    if not history or history[0] not in (CATEGORY_COMPACT_TLV, CATEGORY_STATUS_LAST):
        return False
    end = len(history) - (STATUS_INDICATOR_SIZE if history[0] == CATEGORY_STATUS_LAST else 0)
    offset = 1
    while offset < end:
        tag, length = history[offset] >> COMPACT_TAG_SHIFT, history[offset] & COMPACT_LENGTH_MASK
        value = history[offset + 1 : offset + 1 + length]
        if tag == COMPACT_TAG_CAPABILITIES:
            return _capabilities_allow_extended(value)
        offset += 1 + length
    return False


def extended_length_in_atr_info(data: bytes) -> bool:
    """True when EF.ATR/INFO announces extended lengths (DO'47' bit, or DO'7F66' over 256)."""
    try:
        objects = list(tlv.iterate(data))
    except TlvError:
        return False
    for item in objects:
        if item.tag == CAPABILITIES_DO and _capabilities_allow_extended(item.value):
            return True
        if item.tag == EXTENDED_LENGTH_INFO_DO:
            try:
                sizes = [int.from_bytes(value, "big") for _, value in tlv.children(item.value)]
            except TlvError:
                return False
            if sizes and min(sizes) > SHORT_RESPONSE_MAX:
                return True
    return False


def compact_capabilities(extended: bool) -> bytes:
    """Historical bytes announcing (or not) extended lengths: category 80, tag 73, 3 bytes."""
    third = EXTENDED_LENGTH_BIT if extended else 0
    header = (COMPACT_TAG_CAPABILITIES << COMPACT_TAG_SHIFT) | 3
    return bytes((CATEGORY_COMPACT_TLV, header, 0x00, 0x00, third))


def atr_info(max_command: int, max_response: int) -> bytes:
    """EF.ATR/INFO content with the extended length information DO'7F66' (for the emulator)."""
    body = tlv.encode(0x02, max_command.to_bytes(2, "big"))
    body += tlv.encode(0x02, max_response.to_bytes(2, "big"))
    return tlv.encode(EXTENDED_LENGTH_INFO_DO, body)
