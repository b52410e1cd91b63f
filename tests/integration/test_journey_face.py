"""Face against the document in the journey (R1, issue 13 item 7): the real dlib matcher on real
photos gives the verdict; a mismatch or no face sends the citizen to the counter; the audit keeps
the decision and the distance, never an image."""

from __future__ import annotations

import io
import json
import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from app.bootstrap import PAPERLESS_PRINTER, App, build_app
from app.faces import face_matcher
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.identity.faces import FACE_MATCH, FACE_MISMATCH, FACE_NONE, FaceVerdict
from kiosk.journey.face_step import FACE_AUDIT_EVENT, check_face
from kiosk.storage.personas import persona

TODAY = date(2026, 11, 23)
RICH = persona("rich_register")
FACES = Path(__file__).resolve().parents[2] / "benchmarks" / "faces"


@pytest.fixture
def app(config: KioskConfig) -> Iterator[App]:
    no_devices = dict.fromkeys(
        ("document_reader", "card_reader", "camera", "chip_reader", "document_camera"), ""
    )
    plain = config.replace(
        devices={**no_devices, "printer": PAPERLESS_PRINTER},
        documents={"chip_required": False},
    )
    with build_app(plain, clock=FixedClock.on(TODAY), rng=random.Random(3)) as built:
        yield built


def photo(name: str) -> bytes:
    return (FACES / name).read_bytes()


def wall() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 130, 140)).save(out, "JPEG")
    return out.getvalue()


def test_the_real_matcher_gives_match_mismatch_and_none() -> None:
    matcher = face_matcher()
    assert check_face(matcher, photo("obama_1.jpg"), photo("obama_5.jpg")).decision == FACE_MATCH
    other = check_face(matcher, photo("obama_1.jpg"), photo("hopper_1.jpg"))
    assert other.decision == FACE_MISMATCH and other.distance is not None
    assert other.distance > 0.6
    assert check_face(matcher, wall(), photo("obama_1.jpg")) == FaceVerdict(FACE_NONE)


@pytest.mark.parametrize(
    ("live", "state", "reason"),
    [
        ("biden_1.jpg", "refused", "face_mismatch"),
        (None, "refused", "face_not_found"),
    ],
)
def test_a_face_that_is_not_the_documents_sends_the_citizen_to_the_counter(
    app: App, live: str | None, state: str, reason: str
) -> None:
    verdict = check_face(face_matcher(), photo(live) if live else wall(), photo("obama_2.jpg"))
    session = app.new_session()
    session.start()
    session.scan_document(RICH.mrz_lines(), RICH.document_cpr, face=verdict)
    assert session.state == state
    assert session.outcome is not None and session.outcome.reason == reason


def test_a_matching_face_goes_on_and_the_audit_keeps_only_decision_and_distance(app: App) -> None:
    verdict = check_face(face_matcher(), photo("obama_3.jpg"), photo("obama_4.jpg"))
    session = app.new_session()
    session.start()
    session.scan_document(RICH.mrz_lines(), RICH.document_cpr, face=verdict)
    assert session.state == "confirming"
    checks = [e.data for e in app.kiosk.audit.entries() if e.event == FACE_AUDIT_EVENT]
    assert len(checks) == 1
    assert set(checks[0]) == {"decision", "distance"}
    assert checks[0]["decision"] == "match" and 0 < float(checks[0]["distance"]) < 0.6
    everything = json.dumps([e.data for e in app.kiosk.audit.entries()])
    assert len(everything) < 20_000  # no photo bytes, base64 or otherwise


def test_without_a_face_check_the_journey_is_as_before(app: App) -> None:
    session = app.new_session()
    session.start()
    session.scan_document(RICH.mrz_lines(), RICH.document_cpr)
    assert session.state == "confirming"
    assert not [e for e in app.kiosk.audit.entries() if e.event == FACE_AUDIT_EVENT]


@pytest.mark.slow
def test_the_licences_printed_photo_is_compared_with_the_face_in_front_of_the_kiosk(
    app: App,
) -> None:
    from app.devices import open_document_camera
    from drivers.sim.camera.card_photo import Scene
    from drivers.sim.camera.document_glass import DocumentGlass
    from kiosk.identity.camera_documents import DK_DRIVING_LICENCE, CameraDocument

    licence = CameraDocument(
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
    glass = DocumentGlass()
    try:
        portrait = Image.open(FACES / "obama_1.jpg")
        glass.lay(licence, scene=Scene(rotation=-2.0, blur=0.8), portrait=portrait)
        read = open_document_camera(glass.url).read_card(TODAY)
    finally:
        glass.stop()
    assert read.portrait.startswith(b"\xff\xd8")
    matcher = face_matcher()
    assert check_face(matcher, photo("obama_3.jpg"), read.portrait).decision == FACE_MATCH
    stranger = check_face(matcher, photo("hopper_1.jpg"), read.portrait)
    assert stranger.decision == FACE_MISMATCH
    session = app.new_session()
    session.start()
    session.scan_licence(read, face=stranger)
    assert session.state == "refused"
    assert session.outcome is not None and session.outcome.reason == "face_mismatch"
