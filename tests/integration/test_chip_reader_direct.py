"""The eMRTD reader against the ePassport emulator in-process (a direct transport, no pcscd):
the whole reading sequence, chunking and fallback, and every fault the emulator injects."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime

import pytest

from drivers.emrtd.bac import mrz_information_from_lines
from drivers.emrtd.pki import TestPki, make_test_pki
from drivers.emrtd.reader import ChipDocument, read_document
from drivers.emrtd.session import ChipSession
from drivers.emrtd.trust_store import TrustStore
from drivers.sim.cards.epassport_card import ChipFaults, DirectTransport, EPassportCard
from drivers.sim.cards.epassport_chips import SPECIMEN_MRZ, Chip, make_chip, persona_chip
from kiosk.errors import AccessDenied, CardRemoved, ChipError, SecureMessagingError
from kiosk.storage.personas import load_personas

NOW = datetime.now(UTC)
SPECIMEN_INFO = mrz_information_from_lines(SPECIMEN_MRZ)


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return make_test_pki(NOW)


@pytest.fixture(scope="module")
def trust(pki: TestPki) -> TrustStore:
    return TrustStore.of([pki.csca_certificate])


@pytest.fixture(scope="module")
def chip(pki: TestPki) -> Chip:
    return make_chip(SPECIMEN_MRZ, pki, aa="ec")


def read(card: EPassportCard, trust: TrustStore, **options: object) -> ChipDocument:
    pull_after = options.pop("pull_after", None)
    transport = DirectTransport(card, pull_after=pull_after)  # type: ignore[arg-type]
    options.setdefault("atr", card.atr)
    return read_document(transport, SPECIMEN_INFO, trust, NOW, **options)  # type: ignore[arg-type]


def test_genuine_chip_reads_whole_and_verifies(chip: Chip, trust: TrustStore) -> None:
    document = read(chip.card(), trust)
    assert document.mrz_lines == SPECIMEN_MRZ
    assert document.com.data_groups == (1, 2, 14, 15)
    assert document.face is not None and document.face.image_format == "jpeg"
    assert len(document.face.image) > 19_000
    assert document.passive_verdict == "valid"
    assert document.active == "valid"


def test_extended_length_reads_dg2_in_one_apdu(chip: Chip, trust: TrustStore) -> None:
    document = read(chip.card(), trust)
    # SELECT EF.CardAccess (absent), SELECT app, GET CHALLENGE, EXT AUTH, then SELECT + READ for
    # COM, DG1, DG2, DG14, DG15, SOD, then INTERNAL AUTHENTICATE.
    assert document.stats.apdu_count == 1 + 3 + 2 * 6 + 1
    assert document.stats.bytes_received > len(document.files[2])


def test_short_apdus_read_in_chunks_of_0xdf(chip: Chip, trust: TrustStore) -> None:
    document = read(chip.card(), trust, extended_length=False)
    dg2_reads = -(-len(document.files[2]) // 0xDF)
    assert document.passive_verdict == "valid"
    assert document.stats.apdu_count >= 3 + dg2_reads


def test_chip_without_extended_length_falls_back_to_short(chip: Chip, trust: TrustStore) -> None:
    card = chip.card(faults=ChipFaults(extended_length=False))
    document = read(card, trust)
    assert document.passive_verdict == "valid"
    short = read(chip.card(), trust, extended_length=False)
    assert document.stats.fallbacks == 1
    # One refused READ BINARY, then SELECT app, GET CHALLENGE, EXTERNAL AUTHENTICATE, SELECT EF.
    assert document.stats.apdu_count == short.stats.apdu_count + 5


def test_chip_rejecting_large_le_is_read_with_smaller_chunks(chip: Chip, trust: TrustStore) -> None:
    card = chip.card(faults=ChipFaults(max_le=0x80))
    document = read(card, trust)
    assert document.passive_verdict == "valid"
    assert document.face is not None
    assert document.stats.apdu_count > len(document.files[2]) // 0x80


def test_wrong_response_mac_ends_the_session(chip: Chip) -> None:
    card = chip.card(faults=ChipFaults(wrong_mac_after=2))
    session = ChipSession(DirectTransport(card))
    session.select_application()
    session.basic_access_control(SPECIMEN_INFO)
    assert session.read_file(0x011E) is not None  # SELECT and one READ: two good MACs
    with pytest.raises(SecureMessagingError, match="MAC"):
        session.read_file(0x0101)
    card.faults.wrong_mac_after = None
    with pytest.raises(SecureMessagingError, match="ended"):
        session.read_file(0x0101)


def test_wrong_mac_during_a_read_raises(chip: Chip, trust: TrustStore) -> None:
    with pytest.raises(SecureMessagingError):
        read(chip.card(faults=ChipFaults(wrong_mac_after=5)), trust)


def test_tampered_dg1_fails_passive_authentication(chip: Chip, trust: TrustStore) -> None:
    tampered = Chip(chip.mrz_lines, chip.image.tampered(1))
    document = read(tampered.card(), trust)
    assert document.passive_verdict == "invalid:dg1_hash"
    assert document.to_chip_reading().passive_authentication == "invalid:dg1_hash"


def test_tampered_dg2_fails_passive_authentication(chip: Chip, trust: TrustStore) -> None:
    document = read(Chip(chip.mrz_lines, chip.image.tampered(2)).card(), trust)
    assert document.passive_verdict == "invalid:dg2_hash"


def test_expired_signer_fails_passive_authentication() -> None:
    expired = make_test_pki(NOW, signer_expired=True)
    chip = make_chip(SPECIMEN_MRZ, expired, aa="none")
    document = read(chip.card(), TrustStore.of([expired.csca_certificate]))
    assert document.passive_verdict == "invalid:signer_validity"
    assert document.active == "not_supported"


def test_foreign_signer_is_unknown_issuer(chip: Chip) -> None:
    foreign = make_test_pki(NOW, "UT", label="Foreign")
    document = read(chip.card(), TrustStore.of([foreign.csca_certificate]))
    assert document.passive_verdict == "unknown_issuer"


def test_card_pulled_mid_read_raises_card_removed(chip: Chip, trust: TrustStore) -> None:
    with pytest.raises(CardRemoved):
        read(chip.card(), trust, extended_length=False, pull_after=20)


def test_wrong_printed_mrz_is_access_denied(chip: Chip, trust: TrustStore) -> None:
    wrong = mrz_information_from_lines(
        (SPECIMEN_MRZ[0], SPECIMEN_MRZ[1][:13] + "7408132F1204159ZE184226B<<<<<10")
    )
    with pytest.raises(AccessDenied):
        read_document(DirectTransport(chip.card()), wrong, trust, NOW)


def test_chip_without_the_application_is_a_chip_error(trust: TrustStore) -> None:
    class BlankCard:
        def process_apdu(self, apdu: bytes) -> bytes:
            return bytes.fromhex("6A82")

    with pytest.raises(ChipError, match="no eMRTD application"):
        read_document(DirectTransport(BlankCard()), SPECIMEN_INFO, trust, NOW)  # type: ignore[arg-type]


def test_rsa_active_authentication(pki: TestPki, trust: TrustStore) -> None:
    document = read(make_chip(SPECIMEN_MRZ, pki, aa="rsa").card(), trust)
    assert document.active == "valid"
    assert document.security_infos is None


def test_cloned_chip_fails_active_authentication(
    chip: Chip, pki: TestPki, trust: TrustStore
) -> None:
    clone_key = make_chip(SPECIMEN_MRZ, pki, aa="ec").image.aa_key
    clone = Chip(chip.mrz_lines, dataclasses.replace(chip.image, aa_key=clone_key))
    document = read(clone.card(), trust)
    assert document.passive_verdict == "valid"  # data copied whole still passes PA
    assert document.active == "invalid"


def test_injected_randomness_makes_the_exchange_repeatable(chip: Chip, trust: TrustStore) -> None:
    def run() -> list[bytes]:
        rng = random.Random(7)
        sent: list[bytes] = []

        class Recording(DirectTransport):
            def transmit(self, apdu: bytes) -> bytes:
                sent.append(apdu)
                return super().transmit(apdu)

        card = chip.card(random_bytes=rng.randbytes)
        read_document(Recording(card), SPECIMEN_INFO, trust, NOW, random_bytes=rng.randbytes)
        return sent

    assert run() == run()


@pytest.mark.parametrize("persona_id", [p.id for p in load_personas()])
def test_every_persona_chip_reads_and_verifies(
    persona_id: str, pki: TestPki, trust: TrustStore
) -> None:
    chip = persona_chip(persona_id, pki)
    info = mrz_information_from_lines(chip.mrz_lines)
    document = read_document(DirectTransport(chip.card()), info, trust, NOW)
    assert document.mrz_lines == chip.mrz_lines
    assert (document.passive_verdict, document.active) == ("valid", "valid")
