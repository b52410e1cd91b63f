"""Devices from their URLs: the one place that resolves ``sim://``.

Each factory of :data:`DEVICE_FACTORIES` opens the real driver for a real URL and, for
``sim://``, starts the device's simulator (``drivers/sim/``) and runs the same driver on it, or
the in-process simulated device where no transport exists to emulate. Every command and
:func:`app.bootstrap.build_app` get their devices here; nothing else imports ``drivers.sim``.
Drivers are imported inside the factories, so a command pays only for the devices it opens.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.device_startup import DeferredDevice, DeviceContext, DeviceFactory
from kiosk.clock import Clock, SystemClock
from kiosk.config import DeviceSettings, KioskConfig, PrinterSettings
from kiosk.errors import BadInputError, ConfigError
from kiosk.identity.camera_documents import CameraDocument
from kiosk.ports import (
    Camera,
    ChipReader,
    DocumentCamera,
    DocumentReader,
    ReceiptPrinter,
    StaffCardReader,
)

if TYPE_CHECKING:
    from drivers.emrtd.reader import ChipDocument
    from drivers.sim.printer.escpos_printer_device import EscposPrinterDevice

SIMULATED = "sim://"
# ``kiosk journey`` and the core's tests print on no paper: this URL gives the PaperlessPrinter.
PAPERLESS_PRINTER = "sim://paperless"
PCSC_PREFIX = "pcsc://"


def is_simulated(url: str) -> bool:
    """Whether ``url`` asks for a simulator. Raises ConfigError for a malformed URL."""
    from drivers.urls import parse_device_url

    return parse_device_url(url).is_sim


def open_document_reader(url: str, config: KioskConfig, context: DeviceContext) -> DocumentReader:
    """``serial://`` opens the reader; ``sim://`` starts the MRZ reader simulator on a pty and
    opens the same SerialMrzReader on it (the simulator plays documents: ``app.simulators``)."""
    from drivers.mrz_reader.serial_reader import SerialMrzReader
    from drivers.mrz_reader.serial_reader import open_document_reader as open_serial

    if not is_simulated(url):
        return open_serial(url, config)
    from drivers.sim.reader.mrz_reader_device import MrzReaderDevice

    simulator = MrzReaderDevice(baud=None).start()
    context.simulators["document_reader"] = simulator
    # Open now: a pty drops what the simulator plays before the reader's side is open.
    return SerialMrzReader.from_url(simulator.url).open()


def open_staff_card_reader(
    url: str,
    config: KioskConfig,
    clock: Clock | None = None,
    simulators: dict[str, object] | None = None,
) -> StaffCardReader:
    """``pcsc://`` opens the PC/SC staff-card reader; ``sim://`` the same reader class over an
    in-process reader holding the demo staff card, trusting the synthetic demo CA only."""
    from drivers.staff_card.factory import open_staff_card_reader as open_pcsc
    from drivers.staff_card.factory import staff_card_aid
    from drivers.staff_card.reader import PcscStaffCardReader

    clock = clock or SystemClock()
    if not is_simulated(url):
        return open_pcsc(url, config, clock)
    from drivers.sim.cards.inprocess_reader import InProcessCardReader
    from drivers.sim.cards.staff_card import StaffCardSlot, demo_staff_card
    from drivers.sim.cards.staff_pki import StaffCardPki

    aid = staff_card_aid(config)
    pki = StaffCardPki()
    reader = InProcessCardReader(demo_staff_card(pki))
    if simulators is not None:  # the demo's hands: take the card out, put a card in
        simulators["card_reader"] = StaffCardSlot(reader, pki)
    return PcscStaffCardReader(reader, [pki.ca_certificate], aid, clock)


def open_chip_reader(url: str, config: KioskConfig, clock: Clock | None = None) -> ChipReader:
    """``pcsc://`` gives the PC/SC chip reader trusting ``security.trust_store``; ``sim://`` the
    in-process simulated reader (the chip of the document on the scanner, its own test PKI)."""
    clock = clock or SystemClock()
    if is_simulated(url):
        from drivers.sim.cards.epassport_reader import SimulatedChipReader

        return SimulatedChipReader(clock)
    from drivers.emrtd.chip_reader_factory import build_chip_reader

    return build_chip_reader(url, config, clock)


def open_camera(url: str) -> Camera:
    """``camera://`` opens the device or file on first use; ``sim://`` generates the simulator's
    video in a temporary folder the camera removes on ``close``."""
    from drivers.camera.opencv_camera import OpenCvCamera

    if not is_simulated(url):
        return OpenCvCamera.from_url(url)
    from drivers.sim.camera.camera_video import write_camera_video

    folder = Path(tempfile.mkdtemp(prefix="kiosk-camera-"))
    video = write_camera_video(folder / "camera.avi")
    return OpenCvCamera(str(video), owned_folder=folder)


def open_document_camera(url: str, context: DeviceContext | None = None) -> DocumentCamera:
    """``camera://`` opens the camera over the glass (a device, or a still image file);
    ``sim://`` lays the simulator's empty glass in a temporary folder and opens the same
    OpenCvDocumentCamera on its image file (the simulator lays cards on it: ``DocumentGlass``)."""
    from drivers.document_camera.document_camera import OpenCvDocumentCamera

    if not is_simulated(url):
        return OpenCvDocumentCamera.from_url(url)
    from drivers.sim.camera.document_glass import DocumentGlass

    glass = DocumentGlass()
    if context is not None:
        context.simulators["document_camera"] = glass
    return OpenCvDocumentCamera.from_url(glass.url)


def read_card_photo_file(path: Path, today: date | None = None) -> CameraDocument:
    """The card in a photo file (JPEG, PNG), read as the document camera reads its glass.
    Raises CardUnreadable (no image, no card, unreadable fields) and BadInputError (no file)."""
    from drivers.document_camera.card_reader import decode_photo, read_card_photo

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInputError(f"{path}: {exc.strerror}", code="no_such_file") from exc
    return read_card_photo(decode_photo(data), today=today)


def open_printer(
    url: str,
    context: DeviceContext,
    *,
    timeout: float | None = None,
    settings: PrinterSettings | None = None,
) -> ReceiptPrinter:
    """``tcp://``, ``serial://``, ``usb://`` open EscposReceiptPrinter with the ``[printer]``
    profile and ``unconfirmed`` policy; ``sim://`` starts the ESC/POS printer simulator (playing
    that profile) on a TCP socket and opens the same EscposReceiptPrinter on it;
    ``sim://paperless`` is the in-process PaperlessPrinter (no hardware, no socket)."""
    from drivers.printer.receipt_printer import EscposReceiptPrinter

    settings = settings or PrinterSettings()
    timing = {} if timeout is None else {"timeout": timeout}
    options = {"profile": settings.profile, "unconfirmed": settings.unconfirmed}
    if url == PAPERLESS_PRINTER:
        from drivers.sim.printer.paper_printer import PaperlessPrinter

        return PaperlessPrinter()
    if not is_simulated(url):
        return EscposReceiptPrinter(url, **timing, **options)
    simulator = printer_simulator(context.printouts, profile=settings.profile or None)
    context.simulators["printer"] = simulator
    return EscposReceiptPrinter(simulator.url, **timing, **options)


def printer_simulator(
    printouts: Path | None, *, profile: str | None = None, behaviour: str | None = None
) -> EscposPrinterDevice:
    """The ESC/POS printer simulator, started on a TCP port; pages render into ``printouts``.
    ``profile`` and ``behaviour`` choose the printer it plays (None: its defaults)."""
    from drivers.sim.printer.escpos_printer_device import EscposPrinterDevice

    options = {"profile": profile} if profile else {}
    if behaviour:
        options["behaviour"] = behaviour
    return EscposPrinterDevice(printouts, **options).start()


def _chip_reader(url: str, config: KioskConfig, context: DeviceContext) -> ChipReader:
    """``sim://`` is built on first use: its eMRTD and crypto imports cost about a second."""

    def build() -> ChipReader:
        return open_chip_reader(url, config, context.clock)

    return DeferredDevice(build) if url == SIMULATED else build()  # type: ignore[return-value]


def _camera(url: str, config: KioskConfig, context: DeviceContext) -> Camera:
    """``sim://`` writes its video only when first used, and imports OpenCV only then too
    (``import cv2`` costs ~0.17 s of start-up and 16 MB resident: benchmarks/bench_startup)."""

    def build() -> Camera:
        return open_camera(url)

    return DeferredDevice(build) if url == SIMULATED else build()  # type: ignore[return-value]


# Every device family's factory, by its config name.
DEVICE_FACTORIES: dict[str, DeviceFactory] = {
    "document_reader": open_document_reader,
    "card_reader": lambda url, config, context: open_staff_card_reader(
        url, config, context.clock, context.simulators
    ),
    "chip_reader": _chip_reader,
    "printer": lambda url, config, context: open_printer(url, context, settings=config.printer),
    "camera": _camera,
    "document_camera": lambda url, config, context: open_document_camera(url, context),
}


def read_chip_document(
    reader_url: str,
    lines: tuple[str, ...],
    trust_folder: Path | None,
    clock: Clock,
    can: str = "",
) -> ChipDocument:
    """Read the chip on ``reader_url`` (``pcsc://NAME``, a bare reader name, or ``sim://``: a chip
    made from ``lines`` and signed by a fresh test PKI, which alone is trusted; with a ``can``, a
    PACE-only chip of the ICAO specimen holding that CAN). The key is the MRZ ``lines`` or the
    6-digit ``can``. ``trust_folder`` holds the CSCA certificates and master lists for a real
    chip (None: trust nothing)."""
    from drivers.emrtd.pcsc_chip_reader import PcscChipReader
    from drivers.emrtd.trust_store import TrustStore, load_trust_store

    if reader_url == SIMULATED:
        return _read_simulated_chip(lines, clock, can)
    trust = load_trust_store(trust_folder) if trust_folder is not None else TrustStore(())
    with PcscChipReader(reader_url.removeprefix(PCSC_PREFIX), trust, clock) as chip_reader:
        return chip_reader.read_document(lines, can=can)


def _read_simulated_chip(lines: tuple[str, ...], clock: Clock, can: str) -> ChipDocument:
    from drivers.emrtd.access import ChipKey
    from drivers.emrtd.bac import mrz_information_from_lines
    from drivers.emrtd.pki import make_test_pki
    from drivers.emrtd.reader import read_document
    from drivers.emrtd.trust_store import TrustStore
    from drivers.sim.cards.epassport_card import BAC_ONLY, ChipAccess, DirectTransport
    from drivers.sim.cards.epassport_chips import PACE_ECDH, SPECIMEN_MRZ, make_chip

    pki = make_test_pki(clock.now())
    chip = make_chip(lines or SPECIMEN_MRZ, pki)
    trust = TrustStore.of([pki.csca_certificate])
    access = ChipAccess(bac=False, pace=PACE_ECDH, can=can) if can else BAC_ONLY
    transport = DirectTransport(chip.card(access=access))
    key = ChipKey(can=can) if can else ChipKey(mrz_info=mrz_information_from_lines(lines))
    return read_document(transport, key, trust, clock.now(), atr=transport.atr)


def device_problems(devices: Mapping[str, object], *, probe: bool) -> list[str]:
    """Each malformed (or, with ``probe``, unreachable) URL of a config's ``[devices]`` table."""
    from drivers.reachability import unreachable_reason
    from drivers.urls import parse_device_url

    defaults = KioskConfig().devices
    problems = []
    for field in dataclasses.fields(DeviceSettings):
        if field.name == "required":
            continue
        text = devices.get(field.name, getattr(defaults, field.name))
        if not isinstance(text, str) or not text:
            continue
        try:
            url = parse_device_url(text)
        except ConfigError as exc:
            problems.append(f"'devices.{field.name}': {exc}")
            continue
        reason = unreachable_reason(url) if probe else None
        if reason:
            problems.append(f"'devices.{field.name}' unreachable: {reason}")
    return problems
