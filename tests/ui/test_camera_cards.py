"""The document camera in the real UI (R1, issue 13): a Danish driving licence laid on the
simulated glass on the document screen identifies the citizen, and the yellow health card laid
there on the health-card screen gives the CPR number nobody has to type. The glass shows
Pillow-drawn cards; the real camera driver, OpenCV and Tesseract read them."""

from __future__ import annotations

from datetime import date

import pytest

from drivers.sim.camera.card_photo import Scene
from drivers.sim.camera.document_glass import DocumentGlass
from kiosk.identity.camera_documents import DK_DRIVING_LICENCE, DK_HEALTH_CARD, CameraDocument
from screens import ui_driver as ui
from tests.ui.conftest import Kiosk

pytestmark = [pytest.mark.ui, pytest.mark.slow]
READ_SECONDS = 30.0


def glass(kiosk: Kiosk) -> DocumentGlass:
    simulated = kiosk.rig.app.simulators["document_camera"]
    assert isinstance(simulated, DocumentGlass)
    return simulated


def test_a_licence_on_the_glass_identifies_the_citizen(kiosk: Kiosk) -> None:
    rich = kiosk.rig.personas["rich_register"]
    licence = CameraDocument(
        type=DK_DRIVING_LICENCE,
        surname=rich.surname,
        given_names=rich.given_names,
        birth_date=rich.birth_date,
        cpr=rich.cpr,
        expiry_date=date(2034, 6, 30),
        issue_date=date(2019, 6, 30),
        document_number="40817263",
        birth_place="Danmark",
        authority="Politiet",
        categories="B",
    )
    kiosk.run.start()
    glass(kiosk).lay(licence, font="dejavu-serif", scene=Scene(rotation=2.0, blur=0.8))
    ui.wait_for(lambda: kiosk.app.manager.current == "confirming", "the licence", READ_SECONDS)
    assert any(rich.cpr[:6] in text for text in kiosk.texts())  # the masked CPR number


def test_the_health_card_on_the_glass_saves_typing_the_cpr_number(kiosk: Kiosk) -> None:
    foreigner = kiosk.rig.personas["foreigner_health_card"]
    card = CameraDocument(
        type=DK_HEALTH_CARD,
        surname=foreigner.surname,
        given_names=foreigner.given_names,
        birth_date=foreigner.birth_date,
        cpr=foreigner.cpr,
        address=("Møllevej 15", "8200 Aarhus N"),
    )
    kiosk.run.start()
    kiosk.run.lay("foreigner_health_card")
    ui.wait_for(lambda: kiosk.app.manager.current == "health_card", "the ID card", READ_SECONDS)
    glass(kiosk).lay(card, scene=Scene(rotation=-2.0, blur=0.8))
    ui.wait_for(lambda: kiosk.app.manager.current == "confirming", "the health card", READ_SECONDS)
