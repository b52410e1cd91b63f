"""Cards the document camera reads, in the journey (R1, issue 13 item 6): the Danish driving
licence as photo ID with its CPR number from field 4d, and the yellow health card's number read
instead of typed (typing stays the fallback). The session runs over build_app and SQLite; one
visit lays a rendered licence on the simulated glass and the real camera driver reads it.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from datetime import date

import pytest

from app.bootstrap import PAPERLESS_PRINTER, App, build_app
from drivers.sim.camera.card_photo import Scene
from drivers.sim.camera.document_glass import DocumentGlass
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.identity.camera_documents import DK_DRIVING_LICENCE, DK_HEALTH_CARD, CameraDocument
from kiosk.identity.documents import card_identity_problem
from kiosk.identity.people import Person
from kiosk.journey.camera_cards import CardNotRead
from kiosk.storage.personas import persona

TODAY = date(2026, 11, 23)
RICH = persona("rich_register")
LETTERS = persona("danish_letters")
FOREIGNER = persona("foreigner_health_card")
LICENCE = CameraDocument(
    type=DK_DRIVING_LICENCE,
    surname="Sørensen",
    given_names="Karen Margrethe",
    birth_date=RICH.birth_date,
    cpr=RICH.cpr,
    expiry_date=date(2034, 6, 30),
    issue_date=date(2019, 6, 30),
    document_number="40817263",
    birth_place="Danmark",
    authority="Politiet",
    categories="B",
)
HEALTH_CARD = CameraDocument(
    type=DK_HEALTH_CARD, surname="Schmidt", given_names="Lukas", birth_date=None, cpr=FOREIGNER.cpr
)


@pytest.fixture
def app(config: KioskConfig) -> Iterator[App]:
    camera_only = config.replace(
        devices={
            "document_reader": "",
            "card_reader": "",
            "camera": "",
            "chip_reader": "",
            "document_camera": "sim://",
            "printer": PAPERLESS_PRINTER,
        }
    )
    with build_app(camera_only, clock=FixedClock.on(TODAY), rng=random.Random(5)) as built:
        yield built


def refusal(app: App) -> str:
    refused = [e.data for e in app.kiosk.audit.entries() if e.data.get("target") == "refused"]
    return str(refused[-1]["reason"]) if refused else ""


@pytest.mark.slow
def test_a_licence_laid_on_the_camera_identifies_the_citizen(app: App) -> None:
    glass = app.simulators["document_camera"]
    assert isinstance(glass, DocumentGlass)
    glass.lay(LICENCE, font="dejavu-serif", scene=Scene(rotation=2.0, blur=1.0, glare=0.2))
    camera = app.devices.document_camera
    assert camera is not None
    session = app.new_session()
    session.start()
    session.scan_licence(camera.read_card(TODAY))
    assert session.state == "confirming"
    assert session.view.masked_cpr == "150368-XXXX"


def test_a_printed_licence_is_photo_id_with_the_cpr_number_from_4d(app: App) -> None:
    session = app.new_session()
    session.start()
    session.scan_licence(LICENCE)
    assert session.state == "confirming"
    assert session.view.masked_cpr == "150368-XXXX"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"expiry_date": date(2026, 11, 22)}, "document_expired"),
        ({"expiry_date": None}, "document_invalid"),
        ({"birth_date": date(1968, 3, 16)}, "cpr_mismatch"),
        ({"surname": "Hansen"}, "name_mismatch"),
        ({"cpr": "1503689999"}, "not_in_register"),
    ],
)
def test_a_licence_that_fails_r1_is_refused(
    app: App, change: dict[str, object], reason: str
) -> None:
    session = app.new_session()
    session.start()
    session.scan_licence(dataclasses.replace(LICENCE, **change))  # type: ignore[arg-type]
    assert session.state == "refused"
    assert refusal(app) == reason


def test_an_unsure_reading_is_not_taken_and_the_citizen_lays_the_card_again(app: App) -> None:
    session = app.new_session()
    session.start()
    unsure = dataclasses.replace(LICENCE, confidence={"cpr": 0.3, "surname": 0.9})
    with pytest.raises(CardNotRead):
        session.scan_licence(unsure)
    with pytest.raises(CardNotRead):
        session.scan_licence(HEALTH_CARD)  # a health card is no photo ID
    assert session.state == "document"
    session.scan_licence(LICENCE)
    assert session.state == "confirming"


def test_the_health_card_read_by_the_camera_gives_the_cpr_number(app: App) -> None:
    session = app.new_session()
    session.start()
    session.scan_document(FOREIGNER.mrz_lines())
    assert session.state == "health_card"
    session.scan_health_card(HEALTH_CARD)
    assert session.state == "confirming"
    assert session.view.masked_cpr == f"{FOREIGNER.cpr[:6]}-XXXX"


def test_an_unsure_health_card_reading_leaves_typing_as_the_fallback(app: App) -> None:
    session = app.new_session()
    session.start()
    session.scan_document(FOREIGNER.mrz_lines())
    with pytest.raises(CardNotRead):
        session.scan_health_card(dataclasses.replace(HEALTH_CARD, confidence={"cpr": 0.4}))
    assert session.state == "health_card"
    session.scan_health_card(FOREIGNER.cpr)  # typed
    assert session.state == "confirming"


@pytest.mark.parametrize(
    ("surname", "given_names"), [("LØVGÅRD", "ÅSE ÆRBO"), ("LOVGARD", "ASE AERBO")]
)
def test_licence_names_match_the_register_after_transliteration(
    surname: str, given_names: str
) -> None:
    card = dataclasses.replace(
        LICENCE, surname=surname, given_names=given_names, birth_date=LETTERS.birth_date
    )
    person = Person(cpr=LETTERS.cpr, given_names="Åse Ærbo", surname="Løvgård")
    assert card_identity_problem(card, person) is None
    assert card_identity_problem(dataclasses.replace(card, surname="LUND"), person) == (
        "name_mismatch"
    )
