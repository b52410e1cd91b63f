"""The eMRTD reader through real pcscd and the vpcd ePassport emulator (ICAO 9303 parts 10-11):
every persona's chip read and verified with the test CSCA, and each fault rejected with a
clear reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from drivers.emrtd.bac import mrz_information_from_lines
from drivers.emrtd.pcsc_chip_reader import PcscChipReader
from drivers.emrtd.pki import TestPki, make_test_pki
from drivers.emrtd.trust_store import TrustStore
from drivers.sim.cards.card_slot import InsertedCard
from drivers.sim.cards.epassport_card import SHORT_ONLY_ABORTING, ChipFaults, EPassportCard
from drivers.sim.cards.epassport_chips import (
    PACE_ONLY,
    SPECIMEN_MRZ,
    Chip,
    make_chip,
    persona_chip,
)
from drivers.sim.cards.vpcd_runner import Fault
from kiosk.clock import FixedClock
from kiosk.errors import AccessDenied, CardRemoved, SecureMessagingError
from kiosk.storage.personas import load_personas

pytestmark = pytest.mark.pcsc

InsertCard = Callable[..., InsertedCard]
NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return make_test_pki(NOW)


@pytest.fixture(scope="module")
def trust(pki: TestPki) -> TrustStore:
    return TrustStore.of([pki.csca_certificate])


@pytest.fixture(scope="module")
def chip(pki: TestPki) -> Chip:
    return make_chip(SPECIMEN_MRZ, pki)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def test_every_persona_chip_reads_and_verifies_through_pcscd(
    insert_card: InsertCard, pki: TestPki, trust: TrustStore, clock: FixedClock
) -> None:
    personas = [p.id for p in load_personas()]
    first = persona_chip(personas[0], pki)
    card = first.card()
    inserted = insert_card(card)
    with PcscChipReader.from_url(inserted.url, trust, clock) as reader:
        assert reader.chip_present()
        for index, persona_id in enumerate(personas):
            chip = first if index == 0 else persona_chip(persona_id, pki, aa="rsa")
            card.swap(chip.image, mrz_information_from_lines(chip.mrz_lines))
            reading = reader.read_chip(chip.mrz_lines)
            assert reading.dg1_mrz == chip.mrz_lines, persona_id
            assert reading.passive_authentication == "valid", persona_id
            assert reading.active_authentication == "valid", persona_id
            assert reading.photo_format == "jpeg" and len(reading.photo) > 19_000


def test_extended_length_passes_pcscd_and_vpcd(
    insert_card: InsertCard, chip: Chip, trust: TrustStore, clock: FixedClock
) -> None:
    inserted = insert_card(chip.card())
    with PcscChipReader.from_url(inserted.url, trust, clock) as reader:
        document = reader.read_document(chip.mrz_lines)
    assert document.stats.apdu_count == 17  # EF.CardAccess probe; DG2 in one READ BINARY
    assert inserted.runner.apdu_count == 17


def test_short_apdu_only_chip_reads_and_verifies_through_pcscd(
    insert_card: InsertCard, chip: Chip, trust: TrustStore, clock: FixedClock
) -> None:
    card = EPassportCard(
        chip.image, mrz_information_from_lines(chip.mrz_lines), length=SHORT_ONLY_ABORTING
    )
    inserted = insert_card(card)
    with PcscChipReader.from_url(inserted.url, trust, clock) as reader:
        document = reader.read_document(chip.mrz_lines)
    assert document.mrz_lines == chip.mrz_lines
    assert document.face is not None and len(document.face.image) > 19_000
    assert document.passive_verdict == "valid"
    assert not document.stats.extended_length and document.stats.fallbacks == 0
    dg2 = len(document.files[2])
    assert document.stats.read_binaries(0x0102) == -(-dg2 // 0xDF)
    assert inserted.runner.apdu_count == document.stats.apdu_count


@pytest.mark.parametrize("ca", ["ecdh", "dh"])
def test_pace_and_chip_authentication_chip_reads_through_pcscd(
    insert_card: InsertCard, pki: TestPki, trust: TrustStore, clock: FixedClock, ca: str
) -> None:
    chip = make_chip(SPECIMEN_MRZ, pki, aa="none", ca=ca)
    inserted = insert_card(chip.card(access=PACE_ONLY, length=SHORT_ONLY_ABORTING))
    with PcscChipReader.from_url(inserted.url, trust, clock) as reader:
        document = reader.read_document(chip.mrz_lines)
    assert (document.access_control, document.chip_authentication) == ("pace", "valid")
    assert document.passive_verdict == "valid"
    assert document.face is not None and len(document.face.image) > 19_000
    assert {1, 2, 14} <= set(document.files)


def test_chip_rejecting_large_le_is_read_in_small_chunks(
    insert_card: InsertCard, chip: Chip, trust: TrustStore, clock: FixedClock
) -> None:
    inserted = insert_card(chip.card(faults=ChipFaults(max_le=0x80)))
    with PcscChipReader.from_url(inserted.url, trust, clock) as reader:
        document = reader.read_document(chip.mrz_lines)
    assert document.passive_verdict == "valid"
    assert document.stats.apdu_count > len(document.files[2]) // 0x80


def test_wrong_mac_is_secure_messaging_error(
    insert_card: InsertCard, chip: Chip, trust: TrustStore, clock: FixedClock
) -> None:
    inserted = insert_card(chip.card(faults=ChipFaults(wrong_mac_after=3)))
    with (
        PcscChipReader.from_url(inserted.url, trust, clock) as reader,
        pytest.raises(SecureMessagingError, match="MAC"),
    ):
        reader.read_chip(chip.mrz_lines)


def test_tampered_dg1_is_invalid(
    insert_card: InsertCard, chip: Chip, trust: TrustStore, clock: FixedClock
) -> None:
    tampered = Chip(chip.mrz_lines, chip.image.tampered(1))
    inserted = insert_card(tampered.card())
    with PcscChipReader.from_url(inserted.url, trust, clock) as reader:
        assert reader.read_chip(chip.mrz_lines).passive_authentication == "invalid:dg1_hash"


def test_expired_signer_is_invalid(insert_card: InsertCard, clock: FixedClock) -> None:
    expired = make_test_pki(NOW, signer_expired=True)
    chip = make_chip(SPECIMEN_MRZ, expired, aa="none")
    inserted = insert_card(chip.card())
    trust = TrustStore.of([expired.csca_certificate])
    with PcscChipReader.from_url(inserted.url, trust, clock) as reader:
        reading = reader.read_chip(chip.mrz_lines)
    assert reading.passive_authentication == "invalid:signer_validity"
    assert reading.active_authentication == "not_supported"


def test_foreign_signer_is_unknown_issuer(
    insert_card: InsertCard, chip: Chip, clock: FixedClock
) -> None:
    foreign = TrustStore.of([make_test_pki(NOW, "UT", label="Foreign").csca_certificate])
    inserted = insert_card(chip.card())
    with PcscChipReader.from_url(inserted.url, foreign, clock) as reader:
        assert reader.read_chip(chip.mrz_lines).passive_authentication == "unknown_issuer"


def test_card_pulled_mid_read_is_card_removed(
    insert_card: InsertCard, chip: Chip, trust: TrustStore, clock: FixedClock
) -> None:
    inserted = insert_card(chip.card())
    inserted.arm_fault(Fault.PULL, after_apdus=8)
    with (
        PcscChipReader.from_url(inserted.url, trust, clock) as reader,
        pytest.raises(CardRemoved),
    ):
        reader.read_chip(chip.mrz_lines)


def test_mrz_of_another_document_is_access_denied(
    insert_card: InsertCard, chip: Chip, trust: TrustStore, clock: FixedClock
) -> None:
    other = persona_chip("rich_register", make_test_pki(NOW))
    inserted = insert_card(chip.card())
    with (
        PcscChipReader.from_url(inserted.url, trust, clock) as reader,
        pytest.raises(AccessDenied),
    ):
        reader.read_chip(other.mrz_lines)


def test_card_swap_keeps_the_card_object(chip: Chip) -> None:
    card: EPassportCard = chip.card()
    card.swap(chip.image, mrz_information_from_lines(chip.mrz_lines))
    assert card.image is chip.image
