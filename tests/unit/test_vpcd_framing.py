"""The vpcd wire protocol: 2-byte big-endian length framing, control messages, card dispatch."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.iso7816.apdu import SW, ResponseApdu, select_aid
from drivers.sim.cards.test_card import KNOWN_ANSWER, TEST_CARD_AID, TestCard, known_answer_command
from drivers.sim.cards.virtual_card import DEFAULT_ATR, VirtualCard
from drivers.sim.cards.vpcd_protocol import Control, FrameDecoder, atr_with_history, encode_message
from kiosk.errors import BadInputError


def test_control_codes_match_vsmartcard() -> None:
    assert [Control.POWER_OFF, Control.POWER_ON, Control.RESET, Control.GET_ATR] == [0, 1, 2, 4]


def test_message_is_length_prefixed_big_endian() -> None:
    assert encode_message(b"\x04") == b"\x00\x01\x04"
    assert encode_message(bytes(300))[:2] == b"\x01\x2c"


@pytest.mark.parametrize("size", [0, 0x10000])
def test_payload_out_of_range_is_bad_input(size: int) -> None:
    with pytest.raises(BadInputError):
        encode_message(bytes(size))


def test_decoder_waits_for_a_whole_message() -> None:
    decoder = FrameDecoder()
    stream = encode_message(b"\x00\xa4\x04\x00") + encode_message(b"\x01")
    assert decoder.feed(stream[:1]) == []
    assert decoder.feed(stream[1:5]) == []
    assert decoder.pending == 5
    assert decoder.feed(stream[5:]) == [b"\x00\xa4\x04\x00", b"\x01"]
    assert decoder.pending == 0


@given(st.lists(st.binary(min_size=1, max_size=400), max_size=8), st.integers(1, 64))
def test_decoder_reassembles_any_split(payloads: list[bytes], piece: int) -> None:
    stream = b"".join(encode_message(p) for p in payloads)
    decoder = FrameDecoder()
    out: list[bytes] = []
    for start in range(0, len(stream), piece):
        out += decoder.feed(stream[start : start + piece])
    assert out == payloads


def test_atr_check_byte_makes_the_xor_zero() -> None:
    atr = atr_with_history(b"TEST")
    check = 0
    for byte in atr[1:]:
        check ^= byte
    assert check == 0
    assert atr[1] & 0x0F == 4
    assert DEFAULT_ATR[0] == 0x3B


def test_base_card_refuses_unknown_instructions_and_garbage() -> None:
    card = VirtualCard()
    assert card.process_apdu(bytes.fromhex("00CA000000")) == b"\x6d\x00"
    assert card.process_apdu(b"\x00\xa4") == b"\x67\x00"


def test_test_card_needs_select_then_gives_the_known_answer() -> None:
    card = TestCard()
    before = ResponseApdu.from_bytes(card.process_apdu(known_answer_command().to_bytes()))
    assert before.sw == SW.CONDITIONS_NOT_SATISFIED
    assert card.process_apdu(select_aid(TEST_CARD_AID).to_bytes()) == b"\x90\x00"
    answer = ResponseApdu.from_bytes(card.process_apdu(known_answer_command().to_bytes()))
    assert answer == ResponseApdu(KNOWN_ANSWER, SW.OK)
    card.power_off()
    assert not card.selected
