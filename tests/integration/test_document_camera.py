"""The document camera reads cards it has never seen: Danish licences and health cards drawn by
the simulator in fonts the reader was not tuned on (it was tuned on DejaVu Sans and Roboto),
for people, dates and card sizes it was not tuned on, photographed at 3 degrees with mild blur
and glare; then the real OpenCvDocumentCamera, OpenCV and Tesseract read them.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.cli.main import main
from app.device_startup import DeviceContext
from app.devices import open_document_camera
from drivers.sim.camera.card_photo import Scene, photograph
from drivers.sim.camera.card_render import available_fonts, render_card
from drivers.sim.camera.document_glass import DocumentGlass
from kiosk.clock import FixedClock
from kiosk.devices.health import DeviceState
from kiosk.identity.camera_documents import (
    DK_DRIVING_LICENCE,
    DK_HEALTH_CARD,
    MRZ_DOCUMENT,
    CameraDocument,
)
from kiosk.identity.card_text import CardUnreadable
from kiosk.ports import DocumentCamera
from kiosk.storage.personas import persona

TODAY = date(2026, 12, 6)
UNSEEN_FONTS = ("dejavu-serif", "dejavu-mono", "roboto-italic")

LICENCE = CameraDocument(
    type=DK_DRIVING_LICENCE,
    surname="Østergaard",
    given_names="Søren Bjørn",
    birth_date=date(1962, 11, 23),
    cpr="2311624417",
    expiry_date=date(2034, 6, 30),
    issue_date=date(2019, 6, 30),
    document_number="48201937",
    birth_place="Danmark",
    authority="Aarhus Kommune",
    categories="B",
)
HEALTH_CARD = CameraDocument(
    type=DK_HEALTH_CARD,
    surname="Kjær",
    given_names="Ida Marie",
    birth_date=date(2003, 2, 7),
    cpr="0702034682",
    address=("Åboulevarden 47, 3. th", "8000 Aarhus C"),
)
UNSEEN_CARDS = [
    pytest.param(card, font, rotation, id=f"{card.type}-{font}-{rotation:+.0f}")
    for card in (LICENCE, HEALTH_CARD)
    for font, rotation in zip(UNSEEN_FONTS, (3.0, -3.0, 3.0), strict=True)
]


@pytest.fixture
def glass() -> Iterator[DocumentGlass]:
    glass = DocumentGlass()
    yield glass
    glass.stop()


@pytest.mark.slow
@pytest.mark.parametrize(("card", "font", "rotation"), UNSEEN_CARDS)
def test_a_card_never_seen_gives_its_cpr_number_names_and_dates(
    glass: DocumentGlass, card: CameraDocument, font: str, rotation: float
) -> None:
    scene = Scene(rotation=rotation, blur=1.2, glare=0.3, offset=(40, -30), seed=7)
    glass.lay(card, font=font, scene=scene)
    camera: DocumentCamera = open_document_camera(glass.url)
    read = camera.read_card(TODAY)
    assert read.type == card.type
    assert read.cpr == card.cpr
    assert read.surname.casefold() == card.surname.casefold()
    assert read.given_names.casefold() == card.given_names.casefold()
    assert (read.birth_date, read.expiry_date) == (card.birth_date, card.expiry_date)
    assert all(0.5 < read.confidence[name] <= 1.0 for name in ("cpr", "surname", "birth_date"))


@pytest.mark.slow
def test_an_id_cards_mrz_is_read_as_an_mrz_document(glass: DocumentGlass) -> None:
    id_card = CameraDocument(
        type=MRZ_DOCUMENT,
        surname="",
        given_names="",
        birth_date=None,
        cpr="",
        authority="PERSONALAUSWEIS",
        mrz_lines=tuple(persona("foreigner_health_card").mrz_lines()),
    )
    glass.lay(id_card, scene=Scene(rotation=-3.0, blur=1.0, glare=0.2, seed=4))
    read = open_document_camera(glass.url).read_card(TODAY)
    assert read.type == MRZ_DOCUMENT
    assert (read.surname, read.given_names) == ("SCHMIDT", "LUKAS")
    assert (read.birth_date, read.expiry_date) == (date(1988, 8, 22), date(2029, 6, 30))
    assert read.mrz_lines == id_card.mrz_lines


def test_the_empty_glass_holds_no_card(glass: DocumentGlass) -> None:
    camera = open_document_camera(glass.url)
    with pytest.raises(CardUnreadable) as refused:
        camera.read_card(TODAY)
    assert refused.value.code == "no_card"
    assert camera.health().state is DeviceState.ONLINE


def test_sim_url_gives_the_real_driver_on_the_simulated_glass() -> None:
    context = DeviceContext(clock=FixedClock.on(TODAY))
    camera = open_document_camera("sim://", context)
    glass = context.simulators["document_camera"]
    assert isinstance(glass, DocumentGlass)
    try:
        glass.lay(dataclasses.replace(HEALTH_CARD, cpr="1205851234", birth_date=date(1985, 5, 12)))
        assert camera.read_card(TODAY).cpr == "1205851234"
    finally:
        camera.close()
        glass.stop()
    assert not glass.folder.exists()


def test_a_missing_still_is_an_offline_camera(tmp_path: Path) -> None:
    camera = open_document_camera(f"camera://{tmp_path / 'none.jpg'}")
    assert camera.health().state is DeviceState.OFFLINE


def test_kiosk_document_read_prints_one_json_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photo = tmp_path / "licence.jpg"
    card = render_card(LICENCE, available_fonts()["dejavu-serif"])
    photograph(card, Scene(rotation=-3.0, blur=1.0, glare=0.2, seed=3)).save(photo)
    assert main(["document", "read", str(photo), "--json", "--today", TODAY.isoformat()]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["type"] == "dk_driving_licence"
    assert (report["cpr"], report["birth_date"]) == ("2311624417", "1962-11-23")
    assert report["expiry_date"] == "2034-06-30"
    assert set(report["confidence"]) >= {"surname", "given_names", "birth_date", "cpr"}


@pytest.mark.parametrize(("language", "words"), [("en", "no driving licence"), ("da", "intet")])
def test_a_photo_without_a_card_exits_2_with_a_message_in_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], language: str, words: str
) -> None:
    empty = DocumentGlass(tmp_path)
    assert main(["document", "read", str(empty.path), "--language", language]) == 2
    assert words in capsys.readouterr().err


def test_a_file_that_is_no_image_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "card.jpg"
    text.write_text("not a photo")
    assert main(["document", "read", str(text), "--json", "--language", "en"]) == 2
    assert json.loads(capsys.readouterr().out)["error"] == "not_an_image"
