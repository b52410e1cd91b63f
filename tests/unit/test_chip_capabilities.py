"""Extended-length announcements (ISO/IEC 7816-4 sections 8.1.1.2.7 and 8.2.1.1): the card
capabilities in an ATR's historical bytes and EF.ATR/INFO's DO'47' and DO'7F66'."""

from __future__ import annotations

from functools import reduce
from operator import xor

from drivers.emrtd.capabilities import (
    atr_info,
    compact_capabilities,
    extended_length_in_atr,
    extended_length_in_atr_info,
    historical_bytes,
)
from drivers.sim.cards.vpcd_protocol import atr_with_history

# A contactless ATR as PC/SC part 3 builds it for an ISO 14443-4 type B card: 3B 8x 80 01, the
# historical bytes, TCK. Here with the card-capabilities history 80 73 00 00 40 (extended).
PCSC_BODY = bytes.fromhex("858001" + "8073000040")
PCSC_STYLE_ATR = b"\x3b" + PCSC_BODY + bytes([reduce(xor, PCSC_BODY)])


def test_historical_bytes_follow_the_interface_bytes() -> None:
    assert historical_bytes(atr_with_history(b"EPASSPORT")) == b"EPASSPORT"
    assert historical_bytes(PCSC_STYLE_ATR) == bytes.fromhex("8073000040")


def test_capabilities_with_the_extended_bit_announce_extended_length() -> None:
    assert extended_length_in_atr(atr_with_history(compact_capabilities(extended=True)))
    assert extended_length_in_atr(PCSC_STYLE_ATR)


def test_capabilities_without_the_bit_or_no_compact_tlv_announce_nothing() -> None:
    assert not extended_length_in_atr(atr_with_history(compact_capabilities(extended=False)))
    assert not extended_length_in_atr(atr_with_history(b"EPASSPORT"))
    assert not extended_length_in_atr(b"")
    assert not extended_length_in_atr(bytes.fromhex("3B8F"))  # history cut short


def test_status_category_history_skips_its_last_three_bytes() -> None:
    history = bytes.fromhex("00730000" + "40" + "009000")
    assert extended_length_in_atr(atr_with_history(history))


def test_atr_info_extended_length_information_over_256_announces() -> None:
    assert extended_length_in_atr_info(atr_info(0xFFFF, 0xFF00))
    assert not extended_length_in_atr_info(atr_info(0xFF, 0x100))


def test_atr_info_card_capabilities_do_announces() -> None:
    assert extended_length_in_atr_info(bytes.fromhex("4703000040"))
    assert not extended_length_in_atr_info(bytes.fromhex("4703000000"))
    assert not extended_length_in_atr_info(b"\x47\x09garbage")
