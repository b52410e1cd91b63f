"""The whole kiosk from ``build_app`` on an all-``sim://`` config: every device a live driver
over its simulator, and one citizen's visit through them (R1 document and chip, R3 questions,
R12 the NemID printed by the REAL EscposReceiptPrinter on the ESC/POS simulator over TCP).

The document lies on the MRZ reader simulator (a pseudo-terminal) and is read by
SerialMrzReader; the chip is read by the simulated chip reader; the staff card answers its PIN;
the camera sees a face; the pages the printer simulator renders hold the NemID number.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.bootstrap import App, build_app
from drivers.sim.cards.staff_card import DEMO_STAFF
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.journey.chip_step import CHIP_AUDIT_EVENT, read_document_chip
from kiosk.rules.questions import truthful_choice
from kiosk.storage.personas import persona

TODAY = date(2026, 11, 23)
RICH = persona("rich_register")
READ_TIMEOUT_SECONDS = 5.0
STAFF_ID, _NAME, _ROLE, STAFF_PIN = DEMO_STAFF


@pytest.fixture
def app(config: KioskConfig, tmp_path: Path) -> Iterator[App]:
    assert {getattr(config.devices, name) for name in config.devices.required} == {"sim://"}
    with build_app(
        config, clock=FixedClock.on(TODAY), rng=random.Random(11), printouts=tmp_path / "paper"
    ) as built:
        yield built


def test_every_sim_device_is_a_live_driver(app: App) -> None:
    assert app.device_faults == {}
    assert all(device is not None for device in app.devices.named().values()), app.devices
    assert app.devices.card_reader.card_present()
    assert app.devices.card_reader.authenticate(STAFF_PIN).staff_id == STAFF_ID
    camera = app.devices.camera
    assert camera.face_present(camera.capture_still())
    assert app.devices.chip_reader.chip_present()
    assert app.devices.printer.health().usable


def test_r12_nemid_issued_through_reader_chip_and_escpos_printer(app: App, tmp_path: Path) -> None:
    app.simulators["document_reader"].play(RICH.mrz_lines())
    document = app.devices.document_reader.read_document(READ_TIMEOUT_SECONDS)
    assert document is not None and document.lines == tuple(RICH.mrz_lines())
    chip = read_document_chip(app.devices.chip_reader, document.lines)
    assert chip is not None

    session = app.new_session()
    session.start()
    session.scan_document(document.lines, RICH.document_cpr, chip=chip)
    session.confirm()
    session.choose("questions")
    person = app.services.register.find(RICH.cpr)
    assert person is not None
    while session.state == "questions":
        question = session.view.question
        assert question is not None
        session.answer(truthful_choice(person, question.kind, question.choices))

    assert session.state == "issued"
    outcome = session.outcome
    assert outcome is not None and len(outcome.nemid_number) == 9
    pages = app.simulators["printer"].wait_for_pages(2)
    assert sum(outcome.nemid_number in page.text for page in pages) == 2  # slip and code card
    assert all(not page.torn for page in pages)
    assert len(sorted((tmp_path / "paper").glob("*.png"))) == len(pages)
    (checks,) = [e.data for e in app.kiosk.audit.entries() if e.event == CHIP_AUDIT_EVENT]
    assert checks["passive_authentication"] == "valid"
