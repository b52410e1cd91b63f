"""Chip required (R1, issue 13 item 5): a passport or ID card must pass the chip read and passive
authentication, over build_app's simulated chip reader (the real eMRTD reading code over the
in-process emulator). No readable chip sends the citizen to the counter (``chip_required``), a
chip no trusted CSCA signed to the staff (``chip_unverified``), a clone is ``chip_invalid``; the
``[documents] chip_exceptions`` list lets the print alone decide for the issuers it names."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from app.bootstrap import PAPERLESS_PRINTER, App, build_app
from app.device_startup import DeferredDevice
from drivers.emrtd.pki import make_test_pki
from drivers.sim.cards.epassport_chips import make_chip
from drivers.sim.cards.epassport_reader import SimulatedChipReader
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.journey.chip_step import CHIP_AUDIT_EVENT, read_document_chip
from kiosk.storage.personas import persona

TODAY = date(2026, 11, 23)
RICH = persona("rich_register")
PRINTED = tuple(RICH.mrz_lines())
EXPIRED = persona("expired_document")


def build(config: KioskConfig, **documents: object) -> App:
    chip_only = config.replace(
        devices={
            "document_reader": "",
            "card_reader": "",
            "camera": "",
            "chip_reader": "sim://",
            "printer": PAPERLESS_PRINTER,
        },
        documents={"chip_required": True, **documents},
    )
    return build_app(chip_only, clock=FixedClock.on(TODAY), rng=random.Random(5))


@pytest.fixture
def app(config: KioskConfig) -> Iterator[App]:
    with build(config) as built:
        yield built


def reader_of(app: App) -> SimulatedChipReader:
    deferred = app.devices.chip_reader
    assert isinstance(deferred, DeferredDevice)
    chip_reader = deferred.device()
    assert isinstance(chip_reader, SimulatedChipReader)
    return chip_reader


def scan(app: App, printed: tuple[str, ...] = PRINTED, cpr: str | None = None) -> str:
    session = app.new_session()
    session.start()
    chip = read_document_chip(reader_of(app), printed)
    session.scan_document(printed, cpr or RICH.document_cpr, chip=chip)
    return session.state


def refusal(app: App) -> str:
    refused = [e.data for e in app.kiosk.audit.entries() if e.data.get("target") == "refused"]
    return str(refused[-1]["reason"]) if refused else ""


def chip_checks(app: App) -> list[dict[str, object]]:
    return [e.data for e in app.kiosk.audit.entries() if e.event == CHIP_AUDIT_EVENT]


def test_r1_danish_passport_without_a_readable_chip_goes_to_the_counter(app: App) -> None:
    reader_of(app).present = False
    assert scan(app) == "refused"
    assert refusal(app) == "chip_required"
    assert chip_checks(app)[-1] == {"chip_read": "no", "chip_required": "yes"}


def test_r1_genuine_chip_passes_under_the_rule(app: App) -> None:
    assert scan(app) == "confirming"
    assert chip_checks(app)[-1]["chip_required"] == "yes"
    assert chip_checks(app)[-1]["passive_authentication"] == "valid"


def test_r1_chip_from_a_country_without_trust_anchor_goes_to_the_staff(app: App) -> None:
    reader = reader_of(app)
    foreign = make_test_pki(datetime.now(UTC), "DK", label="Unknown")
    reader.lay(make_chip(PRINTED, foreign, aa="none", face_bytes=2000))
    assert scan(app) == "refused"
    assert refusal(app) == "chip_unverified"
    assert chip_checks(app)[-1]["passive_authentication"] == "unknown_issuer"


def test_r1_cloned_chip_fails_chip_authentication(app: App) -> None:
    reader = reader_of(app)
    reader.lay(make_chip(PRINTED, reader.pki, aa="none", ca="ecdh", face_bytes=2000))
    reader.faults.clone = True
    assert scan(app) == "refused"
    assert refusal(app) == "chip_invalid"
    checks = chip_checks(app)[-1]
    assert checks["chip_authentication"] == "invalid"
    assert checks["clone_check"] == "chip_authentication:invalid"


def test_r1_genuine_chip_authentication_is_audited(app: App) -> None:
    reader = reader_of(app)
    reader.lay(make_chip(PRINTED, reader.pki, aa="none", ca="ecdh", face_bytes=2000))
    assert scan(app) == "confirming"
    assert chip_checks(app)[-1]["clone_check"] == "chip_authentication:valid"


def test_r1_listed_exception_lets_the_print_decide(config: KioskConfig) -> None:
    with build(config, chip_exceptions=("DNK:P",)) as app:
        reader_of(app).present = False
        assert scan(app) == "confirming"
        assert chip_checks(app) == []


def test_r1_other_exceptions_do_not_excuse_a_danish_passport(config: KioskConfig) -> None:
    with build(config, chip_exceptions=("XXA:P", "DNK:I")) as app:
        reader_of(app).present = False
        assert scan(app) == "refused"
        assert refusal(app) == "chip_required"


def test_r1_expired_document_is_refused_for_its_date_before_its_chip(app: App) -> None:
    reader_of(app).present = False
    printed = tuple(EXPIRED.mrz_lines())
    assert scan(app, printed, EXPIRED.document_cpr) == "refused"
    assert refusal(app) == "document_expired"


def test_chip_exception_of_a_bad_form_is_a_config_error() -> None:
    from kiosk.config import config_from_mapping
    from kiosk.errors import ConfigError

    with pytest.raises(ConfigError, match="ISSUER:TYPE"):
        config_from_mapping({"documents": {"chip_exceptions": ["Denmark passports"]}})
