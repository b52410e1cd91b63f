"""Chip versus print in the journey (R1, issue 4 item 5): the session over build_app's simulated
chip reader (the real eMRTD reading code over the in-process ePassport emulator) and SQLite.

A forged print meets the genuine chip (chip_mismatch), a DG1 rewritten to match a forged print
fails passive authentication (chip_invalid), a genuine chip identifies the citizen from its DG1
and the audit says which checks ran; a chip pulled or garbled mid-read is no refusal.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from datetime import date

import pytest

from app.bootstrap import PAPERLESS_PRINTER, App, build_app
from app.device_startup import DeferredDevice
from drivers.emrtd.lds.dg1 import encode_dg1
from drivers.emrtd.lds.files import data_group
from drivers.sim.cards.epassport_chips import Chip, make_chip
from drivers.sim.cards.epassport_reader import SimulatedChipReader
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.journey.chip_step import (
    ACCESS_DENIED,
    CHIP_AUDIT_EVENT,
    LayDocumentAgain,
    read_document_chip,
)
from kiosk.storage.personas import persona

TODAY = date(2026, 11, 23)
RICH = persona("rich_register")
PRINTED = tuple(RICH.mrz_lines())
# The passport's real holder: same number and dates (so BAC opens the chip), another name.
OWNER = (PRINTED[0][:5] + "HANSEN<<JENS" + "<" * 27, PRINTED[1])


@pytest.fixture
def app(config: KioskConfig) -> Iterator[App]:
    chip_only = config.replace(
        devices={
            "document_reader": "",
            "card_reader": "",
            "camera": "",
            "chip_reader": "sim://",
            "printer": PAPERLESS_PRINTER,
        }
    )
    with build_app(chip_only, clock=FixedClock.on(TODAY), rng=random.Random(5)) as built:
        yield built


@pytest.fixture
def reader(app: App) -> SimulatedChipReader:
    deferred = app.devices.chip_reader
    assert isinstance(deferred, DeferredDevice)  # sim:// builds the reader on first use
    chip_reader = deferred.device()
    assert isinstance(chip_reader, SimulatedChipReader)
    return chip_reader


def scan(app: App, reader: SimulatedChipReader, printed: tuple[str, ...] = PRINTED) -> str:
    session = app.new_session()
    session.start()
    session.scan_document(printed, RICH.document_cpr, chip=read_document_chip(reader, printed))
    return session.state


def chip_checks(app: App) -> list[dict[str, object]]:
    return [e.data for e in app.kiosk.audit.entries() if e.event == CHIP_AUDIT_EVENT]


def refusal(app: App) -> str:
    refused = [e.data for e in app.kiosk.audit.entries() if e.data.get("target") == "refused"]
    return str(refused[-1]["reason"]) if refused else ""


def test_r1_genuine_chip_proceeds_and_audits_passive_authentication(
    app: App, reader: SimulatedChipReader
) -> None:
    assert scan(app, reader) == "confirming"
    (checks,) = chip_checks(app)
    assert checks["passive_authentication"] == "valid"
    assert checks["chip_matches_print"] == "yes"
    assert checks["active_authentication"] == "valid"


def test_r1_forged_print_on_a_genuine_chip_is_chip_mismatch(
    app: App, reader: SimulatedChipReader
) -> None:
    reader.lay(make_chip(OWNER, reader.pki))
    assert scan(app, reader) == "refused"
    assert refusal(app) == "chip_mismatch"
    assert chip_checks(app)[0]["chip_matches_print"] == "no"


def test_r1_the_same_forged_print_passes_without_a_chip(app: App) -> None:
    """Positive control: the print alone is accepted, so the refusal above is the chip's."""
    session = app.new_session()
    session.start()
    session.scan_document(PRINTED, RICH.document_cpr)
    assert session.state == "confirming"
    assert chip_checks(app) == []


def test_r1_dg1_rewritten_to_match_the_print_is_chip_invalid(
    app: App, reader: SimulatedChipReader
) -> None:
    genuine = make_chip(OWNER, reader.pki)
    dg1 = data_group(1).file_id
    rewritten = {**genuine.image.files, dg1: encode_dg1(PRINTED)}
    reader.lay(Chip(PRINTED, dataclasses.replace(genuine.image, files=rewritten)))
    assert scan(app, reader) == "refused"
    assert refusal(app) == "chip_invalid"
    assert chip_checks(app)[0]["passive_authentication"] == "invalid:dg1_hash"


def test_r1_tampered_face_is_chip_invalid(app: App, reader: SimulatedChipReader) -> None:
    genuine = reader.chip_for(PRINTED)
    reader.lay(Chip(genuine.mrz_lines, genuine.image.tampered(2)))
    assert scan(app, reader) == "refused"
    assert refusal(app) == "chip_invalid"


def test_r1_dg1_with_a_flipped_byte_is_refused(app: App, reader: SimulatedChipReader) -> None:
    """chip_refusal compares first: a DG1 that no longer reads as the print is a mismatch."""
    genuine = reader.chip_for(PRINTED)
    reader.lay(Chip(genuine.mrz_lines, genuine.image.tampered(1)))
    assert scan(app, reader) == "refused"
    assert refusal(app) == "chip_mismatch"
    assert chip_checks(app)[0]["passive_authentication"] == "invalid:dg1_hash"


def test_r1_access_denied_is_chip_mismatch(app: App, reader: SimulatedChipReader) -> None:
    """The printed MRZ does not open the chip (BAC refused): the print is not this chip's."""
    other = persona("danish_letters")
    reader.lay(reader.chip_for(tuple(other.mrz_lines())))
    assert read_document_chip(reader, PRINTED) is ACCESS_DENIED
    assert scan(app, reader) == "refused"
    assert refusal(app) == "chip_mismatch"


@pytest.mark.parametrize("fault", ["card_pulled", "wrong_mac"])
def test_chip_pulled_or_garbled_means_lay_the_document_again(
    app: App, reader: SimulatedChipReader, fault: str
) -> None:
    if fault == "card_pulled":
        reader.pull_after = 4
    else:
        reader.faults.wrong_mac_after = 2
    with pytest.raises(LayDocumentAgain) as raised:
        read_document_chip(reader, PRINTED)
    assert raised.value.code == "chip_lay_again"  # no refusal: the citizen lays it again
    assert chip_checks(app) == []


def test_no_chip_on_the_reader_leaves_the_print_to_decide(
    app: App, reader: SimulatedChipReader
) -> None:
    reader.present = False
    assert read_document_chip(reader, PRINTED) is None
    assert read_document_chip(None, PRINTED) is None
    assert scan(app, reader) == "confirming"


def test_r1_unreadable_print_is_document_invalid_even_with_a_chip(
    app: App, reader: SimulatedChipReader
) -> None:
    chip = reader.read_chip(PRINTED)
    session = app.new_session()
    session.start()
    session.scan_document(("P<GARBAGE", "NOT AN MRZ"), None, chip=chip)
    assert session.state == "refused"
    assert refusal(app) == "document_invalid"


def test_r1_genuine_chip_gives_the_document_data(app: App, reader: SimulatedChipReader) -> None:
    """The chip's DG1 is what the health-card step and the journey keep, not the print."""
    chip = reader.read_chip(PRINTED)
    session = app.new_session()
    session.start()
    # An OCR slip the MRZ parser repairs ('O' for '0' in the birth date) is no mismatch.
    slipped = (PRINTED[0], PRINTED[1][:13] + PRINTED[1][13:19].replace("0", "O") + PRINTED[1][19:])
    session.scan_document(slipped, RICH.document_cpr, chip=chip)
    assert session.state == "confirming"
    document = session._context.document
    assert document is not None and document.lines == chip.dg1_mrz
