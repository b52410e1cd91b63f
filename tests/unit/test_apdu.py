"""APDU value types: ISO 7816-4 cases 1-4, short and extended, status words, PIN redaction."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.iso7816.apdu import (
    SW,
    CommandApdu,
    Ins,
    ResponseApdu,
    select_aid,
    tries_left_of,
    verify_failed,
)
from drivers.iso7816.transport import TracingTransport, exchange, redact
from kiosk.errors import BadInputError, ReadError


@pytest.mark.parametrize(
    ("apdu", "encoded"),
    [
        (CommandApdu(0x00, 0x84, 0x00, 0x00), "00840000"),  # case 1
        (CommandApdu(0x00, 0x84, 0x00, 0x00, le=8), "0084000008"),  # case 2 short
        (CommandApdu(0x00, 0xB0, 0x00, 0x00, le=256), "00B0000000"),  # Le 256 is 00
        (CommandApdu(0x00, 0xA4, 0x02, 0x0C, b"\x01\x1e"), "00A4020C02011E"),  # case 3
        (CommandApdu(0x00, 0x88, 0x00, 0x00, b"\xaa" * 2, 0x80), "0088000002AAAA80"),  # case 4
        (CommandApdu(0x00, 0xB0, 0x00, 0x00, le=65536), "00B00000000000"),  # case 2 extended
        (CommandApdu(0x00, 0xB0, 0x00, 0x00, le=1000), "00B000000003E8"),
    ],
)
def test_command_encoding_matches_iso_7816_4(apdu: CommandApdu, encoded: str) -> None:
    assert apdu.to_bytes().hex().upper() == encoded
    assert CommandApdu.from_bytes(bytes.fromhex(encoded)) == apdu


def test_extended_case_4_round_trip() -> None:
    apdu = CommandApdu(0x0C, 0xB0, 0x01, 0x02, bytes(300), 4096)
    raw = apdu.to_bytes()
    assert raw[4:7] == b"\x00\x01\x2c"  # extended Lc 300
    assert raw[-2:] == b"\x10\x00"  # extended Le, no marker after data
    assert CommandApdu.from_bytes(raw) == apdu


@given(
    st.integers(0, 255),
    st.binary(max_size=600),
    st.one_of(st.none(), st.integers(1, 65536)),
)
def test_any_command_round_trips(ins: int, data: bytes, le: int | None) -> None:
    apdu = CommandApdu(0x00, ins, 0x01, 0x02, data, le)
    assert CommandApdu.from_bytes(apdu.to_bytes()) == apdu


@pytest.mark.parametrize("raw", ["00A4", "00A4040C05A0", "00A4040C000005AA"])
def test_malformed_command_is_bad_input(raw: str) -> None:
    with pytest.raises(BadInputError):
        CommandApdu.from_bytes(bytes.fromhex(raw))


def test_out_of_range_fields_are_bad_input() -> None:
    with pytest.raises(BadInputError, match="one byte"):
        CommandApdu(0x100, 0xA4, 0, 0)
    with pytest.raises(BadInputError, match="Le"):
        CommandApdu(0, 0xB0, 0, 0, le=70000)


def test_response_splits_data_and_status_word() -> None:
    response = ResponseApdu.from_bytes(bytes.fromhex("0102039000"))
    assert (response.data, response.sw, response.sw1, response.sw2) == (b"\1\2\3", SW.OK, 0x90, 0)
    assert response.ok
    assert response.to_bytes().hex() == "0102039000"


def test_response_without_status_word_is_bad_input() -> None:
    with pytest.raises(BadInputError, match="no status word"):
        ResponseApdu.from_bytes(b"\x90")


def test_verify_counter_status_words() -> None:
    assert verify_failed(3) == 0x63C3
    assert tries_left_of(0x63C3) == 3
    assert tries_left_of(SW.OK) is None
    assert tries_left_of(SW.AUTHENTICATION_METHOD_BLOCKED) is None


def test_select_aid_builds_select_by_name() -> None:
    assert select_aid(bytes.fromhex("A0000002471001")).to_bytes().hex().upper() == (
        "00A4040C07A0000002471001"
    )


class _Echo:
    def __init__(self, answer: bytes) -> None:
        self.answer = answer

    def transmit(self, apdu: bytes) -> bytes:
        return self.answer


def test_trace_masks_the_pin_of_verify() -> None:
    verify = CommandApdu(0x00, Ins.VERIFY, 0x00, 0x80, b"123456").to_bytes()
    assert redact(verify) == "00 20 00 80 <7 bytes>"
    tracer = TracingTransport(_Echo(b"\x90\x00"))
    tracer.transmit(verify)
    assert "313233" not in tracer.entries[0].command
    assert (tracer.apdu_count, tracer.bytes_sent, tracer.bytes_received) == (1, 11, 2)


def test_exchange_turns_a_short_answer_into_read_error() -> None:
    with pytest.raises(ReadError, match="no status word"):
        exchange(_Echo(b"\x42"), select_aid(b"\xa0\x00"))
