"""Decoding of ESC/POS status bytes: DLE EOT fixed bits, ASB packets, the reply stream."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.printer import codes
from drivers.printer.status import (
    PrinterStatus,
    ReplyStream,
    decode_asb,
    decode_realtime,
    is_asb_packet,
    is_realtime_reply,
)
from drivers.sim.printer.escpos_faults import PrinterFaults, asb_packet, realtime_reply
from kiosk.devices.health import DeviceState, MediaState

READY = 0x12  # 0001 0010: the fixed bits alone


@pytest.mark.parametrize("byte", [0x12, 0x16, 0x1A, 0x1E, 0x32, 0x52, 0x7E])
def test_realtime_replies_with_fixed_bits_are_accepted(byte: int) -> None:
    assert is_realtime_reply(byte)


@pytest.mark.parametrize("byte", [0x00, 0xFF, 0x10, 0x13, 0x02, 0x92, 0x37, ord("A")])
def test_bytes_without_the_fixed_bits_are_not_status(byte: int) -> None:
    assert not is_realtime_reply(byte)


def test_printer_status_offline_bit() -> None:
    assert decode_realtime({1: READY | codes.PRINTER_OFFLINE_BIT}).offline
    assert not decode_realtime({1: READY}).offline


def test_offline_cause_cover_open_and_paper_end() -> None:
    status = decode_realtime({2: READY | codes.COVER_OPEN_BIT | codes.PAPER_END_STOP_BIT})
    assert status.cover_open and status.paper_end


def test_paper_sensor_near_end_needs_both_bits() -> None:
    assert decode_realtime({4: READY | codes.NEAR_END_BITS}).near_end
    assert not decode_realtime({4: READY | 0x04}).near_end


def test_paper_sensor_paper_end() -> None:
    assert decode_realtime({4: READY | codes.PAPER_END_BITS}).paper_end


def test_error_cause_bits() -> None:
    status = decode_realtime({3: READY | codes.CUTTER_ERROR_BIT | codes.UNRECOVERABLE_ERROR_BIT})
    assert status.cutter_error and status.unrecoverable_error and status.hardware_error


def test_decode_realtime_rejects_a_byte_without_fixed_bits() -> None:
    with pytest.raises(ValueError, match="0xx1xx10"):
        decode_realtime({4: 0x00})


def test_near_end_health_is_media_low() -> None:
    health = decode_realtime({4: READY | codes.NEAR_END_BITS}).health()
    assert health.state == DeviceState.ONLINE and health.media == MediaState.LOW
    assert health.usable


def test_paper_out_health_is_media_out_and_unusable() -> None:
    health = PrinterStatus(offline=True, paper_end=True).health()
    assert health.media == MediaState.OUT and not health.usable


def test_cover_open_health_is_user_error() -> None:
    assert PrinterStatus(offline=True, cover_open=True).health().state == DeviceState.USER_ERROR


def test_cutter_error_health_is_jammed_hardware_error() -> None:
    health = PrinterStatus(cutter_error=True).health()
    assert health.state == DeviceState.HARDWARE_ERROR and health.media == MediaState.JAMMED


def test_asb_packet_decodes_paper_end_and_cover() -> None:
    status = decode_asb(bytes((0x10 | 0x08 | 0x20, 0x00, 0x0F, 0x00)))
    assert status.offline and status.cover_open and status.paper_end and status.near_end


@pytest.mark.parametrize(
    "packet", [b"\x12\x00\x00\x00", b"\x10\x10\x00\x00", b"\x10\x00\x80\x00", b"\x10\x00\x00"]
)
def test_asb_packets_with_wrong_fixed_bits_are_rejected(packet: bytes) -> None:
    assert not is_asb_packet(packet)
    with pytest.raises(ValueError):
        decode_asb(packet)


def test_simulator_status_bytes_round_trip_through_the_decoder() -> None:
    faults = PrinterFaults(near_end=True, paper_end=True, cover_open=True)
    replies = {n: realtime_reply(faults, n) for n in (1, 2, 3, 4)}
    realtime = decode_realtime(replies)
    asb = decode_asb(asb_packet(faults))
    assert (
        realtime
        == asb
        == PrinterStatus(offline=True, cover_open=True, paper_end=True, near_end=True)
    )


def test_stream_skips_garbage_before_a_status_reply() -> None:
    stream = ReplyStream()
    stream.feed(b"\xff\x00\x7f\x80A" + bytes((READY | codes.NEAR_END_BITS,)))
    assert stream.realtime == [READY | codes.NEAR_END_BITS]
    assert stream.dropped == 5


def test_stream_separates_asb_process_id_and_realtime() -> None:
    stream = ReplyStream()
    stream.feed(b"\x10\x00\x00\x00" + b"\x37\x22" + b"0042\x00" + bytes((READY,)))
    assert stream.asb == [PrinterStatus()]
    assert stream.completed == [b"0042"]
    assert stream.realtime == [READY]


def test_stream_reassembles_a_process_id_split_across_reads() -> None:
    stream = ReplyStream()
    for piece in (b"\x37", b"\x22", b"00", b"42", b"\x00"):
        stream.feed(piece)
    assert stream.completed == [b"0042"]


def test_stream_rejects_a_process_id_with_non_digits() -> None:
    stream = ReplyStream()
    stream.feed(b"\x37\x22AB42\x00")
    assert stream.completed == []


@given(st.binary(max_size=200))
def test_stream_never_crashes_and_only_keeps_valid_replies(data: bytes) -> None:
    stream = ReplyStream()
    stream.feed(data)
    assert all(is_realtime_reply(byte) for byte in stream.realtime)
    assert all(len(ident) == codes.PROCESS_ID_LENGTH for ident in stream.completed)
