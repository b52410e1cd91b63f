"""Chip versus print through REAL pcscd + vpcd (R1, issue 4 item 5): ``build_app`` on a
``pcsc://`` chip reader URL gives the PcscChipReader trusting ``security.trust_store``; the
ePassport emulator holds the chip, and the journey session decides on what it read."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from app.bootstrap import PAPERLESS_PRINTER, build_app
from drivers.emrtd.bac import mrz_information_from_lines
from drivers.emrtd.pcsc_chip_reader import PcscChipReader
from drivers.emrtd.pki import make_test_pki
from drivers.sim.cards.card_slot import InsertedCard
from drivers.sim.cards.epassport_chips import make_chip, persona_chip
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.journey.chip_step import CHIP_AUDIT_EVENT, read_document_chip
from kiosk.storage.personas import persona

pytestmark = pytest.mark.pcsc

InsertCard = Callable[..., InsertedCard]
TODAY = date(2026, 11, 23)
RICH = persona("rich_register")
PRINTED = tuple(RICH.mrz_lines())
# The passport's real holder: same number and dates (BAC opens the chip), another name.
OWNER = (PRINTED[0][:5] + "HANSEN<<JENS" + "<" * 27, PRINTED[1])


def test_r1_chip_through_pcscd_genuine_proceeds_forged_print_is_chip_mismatch(
    insert_card: InsertCard, config: KioskConfig, tmp_path: Path
) -> None:
    clock = FixedClock.on(TODAY)
    pki = make_test_pki(clock.now())
    trust = tmp_path / "csca"
    trust.mkdir()
    (trust / "csca.pem").write_bytes(pki.csca_certificate.public_bytes(Encoding.PEM))
    genuine = persona_chip(RICH.id, pki)
    card = genuine.card()
    inserted = insert_card(card)
    none = dict.fromkeys(("document_reader", "card_reader", "camera"), "")
    pcsc = config.replace(
        devices={**none, "chip_reader": inserted.url, "printer": PAPERLESS_PRINTER},
        security={"trust_store": str(trust)},
    )
    with build_app(pcsc, clock=clock, rng=random.Random(3)) as app:
        reader = app.devices.chip_reader
        assert isinstance(reader, PcscChipReader)
        session = app.new_session()
        session.start()
        session.scan_document(PRINTED, RICH.document_cpr, chip=read_document_chip(reader, PRINTED))
        assert session.state == "confirming"

        forged = make_chip(OWNER, pki)
        card.swap(forged.image, mrz_information_from_lines(forged.mrz_lines))
        session.cancel()
        session.start()
        session.scan_document(PRINTED, RICH.document_cpr, chip=read_document_chip(reader, PRINTED))
        assert session.state == "refused"
        assert session.view.refusal is not None
        assert session.view.refusal.reason == "chip_mismatch"
        checks = [e.data for e in app.kiosk.audit.entries() if e.event == CHIP_AUDIT_EVENT]
    assert [c["passive_authentication"] for c in checks] == ["valid", "valid"]
    assert [c["chip_matches_print"] for c in checks] == ["yes", "no"]
