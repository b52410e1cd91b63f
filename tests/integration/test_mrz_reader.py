"""SerialMrzReader over a real pseudo-terminal, driven by the MrzReaderDevice simulator (R1)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from drivers.mrz_reader.serial_reader import SerialMrzReader, open_document_reader
from drivers.sim.control_channel import ControlServer
from drivers.sim.reader.mrz_reader_device import MrzReaderControl, MrzReaderDevice
from kiosk.devices.health import DeviceState
from kiosk.errors import ConfigError, DeviceUnavailable, ReadError
from kiosk.identity.mrz_builder import build_td1, build_td3

PASSPORT = tuple(
    build_td3(
        surname="JENSEN",
        given_names="KARINA",
        document_number="A12345678",
        birth_date=date(1980, 3, 14),
        expiry_date=date(2031, 6, 30),
        sex="F",
    )
)
ID_CARD = tuple(
    build_td1(
        surname="NIELSEN",
        given_names="PETER",
        document_number="ID9876543",
        birth_date=date(1975, 11, 2),
        expiry_date=date(2030, 1, 31),
        sex="M",
    )
)


@pytest.fixture
def device() -> Iterator[MrzReaderDevice]:
    with MrzReaderDevice(baud=None) as simulated:
        yield simulated


@pytest.fixture
def reader(device: MrzReaderDevice) -> Iterator[SerialMrzReader]:
    with SerialMrzReader.from_url(device.url, idle_gap=0.2) as opened:
        yield opened


def wait_until_online(reader: SerialMrzReader, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while reader.health().state != DeviceState.ONLINE:
        assert time.monotonic() < deadline, reader.health().detail
        time.sleep(0.05)


def test_a_plain_document_is_read(device: MrzReaderDevice, reader: SerialMrzReader) -> None:
    device.play(PASSPORT)
    assert reader.read_document(2.0).lines == PASSPORT


def test_a_document_wrapped_in_stx_etx_is_read(device, reader) -> None:
    device.play(ID_CARD, framed=True, line_ending="crlf")
    assert reader.read_document(2.0).lines == ID_CARD


def test_a_document_split_into_small_writes_is_reassembled(device, reader) -> None:
    device.play(PASSPORT, chunk=3, gap=0.005)
    assert reader.read_document(3.0).lines == PASSPORT


def test_a_document_paced_at_9600_baud_is_read(tmp_path: Path) -> None:
    with (
        MrzReaderDevice(tmp_path / "ttyMRZ", baud=9600) as paced,
        SerialMrzReader.from_url(paced.url) as reader,
    ):
        assert reader.baud == 9600
        player = threading.Thread(target=paced.play, args=(PASSPORT,), kwargs={"framed": True})
        started = time.monotonic()
        player.start()
        assert reader.read_document(3.0).lines == PASSPORT
        player.join()
        # 92 bytes of 10 bits at 9600 baud take 96 ms on the wire: the pace is real.
        assert time.monotonic() - started >= 0.09


def test_garbage_between_documents_is_skipped(device, reader) -> None:
    device.write(b"\x00\xffBOOT v1.2\r\n")
    device.play(PASSPORT)
    device.write(b"\x7f\x7f\r\nOK\r\n")
    device.play(ID_CARD, framed=True)
    assert reader.read_document(2.0).lines == PASSPORT
    assert reader.read_document(2.0).lines == ID_CARD
    assert reader.noise_lines == 3


def test_a_misread_check_digit_is_a_read_error_and_the_next_document_reads(device, reader):
    misread = (PASSPORT[0], PASSPORT[1][:-1] + str((int(PASSPORT[1][-1]) + 1) % 10))
    device.play(misread)
    device.play(PASSPORT)
    with pytest.raises(ReadError, match="MRZ check failed: composite"):
        reader.read_document(2.0)
    assert reader.read_document(2.0).lines == PASSPORT
    assert reader.faults == 1


def test_a_structurally_wrong_mrz_is_a_read_error(device, reader) -> None:
    device.play(("X" + PASSPORT[0][1:], PASSPORT[1]))  # "X" is no ICAO document code
    with pytest.raises(ReadError):
        reader.read_document(2.0)


def test_a_torn_document_is_a_read_error_after_the_line_goes_quiet(device, reader) -> None:
    device.play(ID_CARD[:2])
    with pytest.raises(ReadError, match="torn document"):
        reader.read_document(2.0)
    assert "torn document" in reader.health().detail


def test_no_document_within_the_timeout_gives_none(reader: SerialMrzReader) -> None:
    started = time.monotonic()
    assert reader.read_document(0.2) is None
    assert time.monotonic() - started >= 0.2


def test_unplug_reports_unavailable_and_replug_reads_again(device, reader) -> None:
    device.unplug()
    with pytest.raises(DeviceUnavailable, match="disconnected"):
        reader.read_document(1.0)
    assert reader.health().state == DeviceState.OFFLINE
    with pytest.raises(DeviceUnavailable):
        reader.read_document(0.1)  # still unplugged: unavailable, not a hang
    device.replug()
    wait_until_online(reader)
    device.play(PASSPORT)
    assert reader.read_document(2.0).lines == PASSPORT


def test_a_document_cut_by_an_unplug_is_dropped_not_glued_to_the_next(device, reader) -> None:
    device.write(PASSPORT[0].encode() + b"\r")
    assert reader.read_document(0.05) is None
    device.unplug()
    with pytest.raises(DeviceUnavailable):
        reader.read_document(1.0)
    device.replug()
    wait_until_online(reader)
    device.play(ID_CARD)
    assert reader.read_document(2.0).lines == ID_CARD


def test_a_missing_port_is_unavailable_and_offline(tmp_path: Path) -> None:
    reader = SerialMrzReader(str(tmp_path / "ttyNONE"))
    with pytest.raises(DeviceUnavailable, match="cannot open"):
        reader.open()
    health = reader.health()
    assert health.state == DeviceState.OFFLINE
    assert health.device == "document_reader"
    assert not health.usable


def test_a_second_reader_cannot_take_a_port_in_use(device, reader) -> None:
    with pytest.raises(DeviceUnavailable):
        SerialMrzReader.from_url(device.url).open()


def test_the_simulator_obeys_its_control_socket(tmp_path: Path) -> None:
    with (
        MrzReaderDevice(tmp_path / "ttyMRZ", baud=None) as simulated,
        ControlServer(tmp_path / "control.sock", simulated.handle),
        SerialMrzReader.from_url(simulated.url, idle_gap=0.2) as reader,
    ):
        control = MrzReaderControl(tmp_path / "control.sock")
        assert control.play(list(PASSPORT), framed=True)["ok"]
        assert reader.read_document(2.0).lines == PASSPORT
        assert control.garbage(b"\x00junk\r")["bytes"] == 6
        assert control.unplug()["plugged"] is False
        with pytest.raises(DeviceUnavailable):
            reader.read_document(1.0)
        assert control.replug()["plugged"] is True
        assert control.call({"command": "explode"})["ok"] is False
        assert control.play(["lowercase é"], framed=True)["ok"]
        assert control.status()["played"] == 2


def test_the_factory_builds_a_reader_for_a_serial_url(device: MrzReaderDevice) -> None:
    with open_document_reader(device.url) as reader:
        device.play(PASSPORT)
        assert reader.read_document(2.0).lines == PASSPORT


def test_the_factory_refuses_a_url_that_is_not_serial() -> None:
    with pytest.raises(ConfigError, match="serial://"):
        open_document_reader("tcp://127.0.0.1:9100")


def test_the_factory_leaves_sim_to_whoever_plays_the_documents() -> None:
    assert open_document_reader("sim://") is None


def test_health_sees_an_unplugged_reader_before_any_read(device, reader) -> None:
    assert reader.health().state == DeviceState.ONLINE
    device.unplug()
    health = reader.health()
    assert health.state == DeviceState.OFFLINE
    assert "unplugged" in health.detail


def test_an_unplug_in_the_middle_of_a_paced_document(tmp_path: Path) -> None:
    with (
        MrzReaderDevice(tmp_path / "ttyMRZ", baud=9600) as paced,
        SerialMrzReader.from_url(paced.url, idle_gap=0.2) as reader,
    ):
        failures: list[BaseException] = []

        def lay_slowly() -> None:
            try:
                paced.play(PASSPORT, chunk=4, gap=0.02)
            except ConnectionError as exc:
                failures.append(exc)

        player = threading.Thread(target=lay_slowly)
        player.start()
        time.sleep(0.1)
        paced.unplug()
        player.join(5)
        assert failures and "unplugged" in str(failures[0])
        with pytest.raises(DeviceUnavailable):
            reader.read_document(1.0)
        paced.replug()
        wait_until_online(reader)
        paced.play(ID_CARD)
        assert reader.read_document(2.0).lines == ID_CARD


def test_the_link_points_at_the_current_pty_slave(device: MrzReaderDevice) -> None:
    first = device.slave_path
    assert first.startswith("/dev/pts/")
    assert os.path.realpath(device.link_path) == first
    device.unplug()
    assert device.slave_path == "" and not device.link_path.exists()
    device.replug()
    assert os.path.realpath(device.link_path) == device.slave_path
