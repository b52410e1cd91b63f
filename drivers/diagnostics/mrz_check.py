"""Self-test of the MRZ document reader: port, framing and a read of a known document.

With ``sim://`` the caller's pty simulator plays the ICAO specimen documents (one in STX/ETX,
one in 5-byte pieces after line noise) and the driver must read both back unchanged. With a
serial URL served by ``kiosk sim`` the simulator is asked over its control socket to lay the
specimen passport down. On a real reader the port must open; a document laid down during the
test is read. A port another process has locked (a running kiosk opens it exclusively) is
reported ``in_use`` at once, not waited on.
"""

from __future__ import annotations

from drivers.diagnostics.outcome import DeviceInUse, DiagContext, Outcome
from drivers.diagnostics.simulated import MrzLines
from drivers.mrz_reader.serial_reader import SerialMrzReader
from drivers.urls import DeviceUrl
from kiosk.errors import DeviceUnavailable, ReadError

SPLIT_BYTES = 5
NOISE = b"\x00READY\r\n"
REAL_READ_SECONDS = 1.0
PORT_LOCKED = "exclusively lock"  # pyserial's words when another process holds the port


def self_test(url: DeviceUrl, context: DiagContext) -> Outcome:
    if url.is_sim:
        return _simulated(context)
    reader = SerialMrzReader.from_url(url)
    try:
        reader.open()
    except DeviceUnavailable as exc:
        if PORT_LOCKED in str(exc.__cause__):
            raise DeviceInUse(f"{url.location} is held by another process") from exc
        raise
    with reader:
        simulators = context.simulators
        player = simulators.served_document_reader(str(url)) if simulators else None
        if simulators and player:
            passport, _ = simulators.specimen_documents()
            player.play(list(passport), framed=True)
            return _expect(reader, [passport], context, "simulator behind the port")
        try:
            document = reader.read_document(min(REAL_READ_SECONDS, context.timeout / 2))
        except ReadError as exc:
            raise ReadError(f"{url.location}: the reader sent a garbled read: {exc}") from exc
        facts = {
            "port": reader.port_name,
            "baud": reader.baud,
            "noise_lines": reader.noise_lines,
            "health": str(reader.health().state),
        }
        if document is None:
            return Outcome(
                f"{reader.port_name} open at {reader.baud} baud; no document laid down", facts
            )
        return Outcome(f"{reader.port_name}: read a {len(document.lines)}-line MRZ", facts)


def _simulated(context: DiagContext) -> Outcome:
    simulators = context.require_simulators()
    passport, id_card = simulators.specimen_documents()
    with (
        simulators.document_reader() as device,
        SerialMrzReader.from_url(device.url) as reader,
    ):
        device.play(passport, framed=True)
        device.write(NOISE)
        device.play(id_card, chunk=SPLIT_BYTES)
        return _expect(reader, [passport, id_card], context, "pty simulator")


def _expect(
    reader: SerialMrzReader, expected: list[MrzLines], context: DiagContext, where: str
) -> Outcome:
    for lines in expected:
        document = reader.read_document(context.timeout)
        if document is None:
            raise ReadError(f"{where}: no document arrived within {context.timeout:.0f} s")
        if document.lines != lines:
            raise ReadError(f"{where}: read {document.lines!r}, expected {lines!r}")
    return Outcome(
        f"{where}: framing and read of {len(expected)} document(s) ok",
        {
            "port": reader.port_name,
            "documents": len(expected),
            "noise_lines": reader.noise_lines,
            "health": str(reader.health().state),
        },
    )
