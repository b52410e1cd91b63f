"""Contract of the DocumentReader port: SerialMrzReader over the simulated reader on a pty.

The byte traces below are the output styles of serial OCR readers (Access-IS/Thales class)
as their manuals describe them, replayed through a real pty, so the driver and the simulator
cannot drift apart from what a device sends. All MRZ data is synthetic (ICAO specimens).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import pytest

from drivers.mrz_reader.serial_reader import SerialMrzReader
from drivers.sim.reader.mrz_reader_device import SPECIMEN_TD1, SPECIMEN_TD3, MrzReaderDevice
from kiosk.devices.health import DeviceHealth, DeviceState
from kiosk.errors import ReadError
from kiosk.ports import DocumentReader, ScannedDocument

TD3_BYTES = "\r".join(SPECIMEN_TD3).encode()
TD1_BYTES = "\r".join(SPECIMEN_TD1).encode()
TRACES: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "cr-terminated lines": (TD3_BYTES + b"\r", SPECIMEN_TD3),
    "crlf lines, blank line after": (TD3_BYTES.replace(b"\r", b"\r\n") + b"\r\n\r\n", SPECIMEN_TD3),
    "stx/etx, cr inside": (b"\x02" + TD1_BYTES + b"\r\x03", SPECIMEN_TD1),
    "stx/etx, no final cr": (b"\x02" + TD1_BYTES + b"\x03", SPECIMEN_TD1),
    "lf lines after a banner": (
        b"ACCESS-IS OCR READY\n" + TD3_BYTES.replace(b"\r", b"\n") + b"\n",
        SPECIMEN_TD3,
    ),
}


@pytest.fixture
def pair() -> Iterator[tuple[MrzReaderDevice, SerialMrzReader]]:
    with MrzReaderDevice(baud=None) as device, SerialMrzReader.from_url(device.url) as reader:
        yield device, reader


def test_the_driver_has_every_method_of_the_port() -> None:
    for name, member in inspect.getmembers(DocumentReader, inspect.isfunction):
        if not name.startswith("_"):
            assert callable(getattr(SerialMrzReader, name, None)), name
            ours = inspect.signature(getattr(SerialMrzReader, name))
            assert list(ours.parameters) == list(inspect.signature(member).parameters), name


@pytest.mark.parametrize("trace", sorted(TRACES))
def test_each_reader_trace_yields_its_document(pair, trace: str) -> None:
    device, reader = pair
    data, lines = TRACES[trace]
    device.write(data)
    document = reader.read_document(2.0)
    assert isinstance(document, ScannedDocument)
    assert document.lines == lines


def test_read_document_returns_none_when_nothing_is_laid_down(pair) -> None:
    assert pair[1].read_document(0.1) is None


def test_a_garbled_read_raises_read_error_never_another_error(pair) -> None:
    device, reader = pair
    device.write(b"\x02" + SPECIMEN_TD3[0].encode() + b"\r\xfe\xfe\r\x03")
    with pytest.raises(ReadError):
        reader.read_document(2.0)


def test_health_names_the_device_and_is_online(pair) -> None:
    health = pair[1].health()
    assert isinstance(health, DeviceHealth)
    assert (health.device, health.state, health.usable) == (
        "document_reader",
        DeviceState.ONLINE,
        True,
    )


def test_close_twice_is_harmless_and_health_then_reopens(pair) -> None:
    _, reader = pair
    reader.close()
    reader.close()
    assert reader.health().state == DeviceState.ONLINE
