"""PACE end to end against the emulator's chip side (issue 13 item 2): every curve and cipher
of generic mapping, DH, the MRZ and the CAN as password, PACE preferred over BAC, and the
refusals (wrong CAN, CAN for a BAC-only chip). In process, over a direct transport."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from drivers.emrtd.access import ChipKey
from drivers.emrtd.bac import mrz_information_from_lines
from drivers.emrtd.lds.card_access import PACE_VERSION, PaceInfo
from drivers.emrtd.pki import TestPki, make_test_pki
from drivers.emrtd.reader import ChipDocument, read_document
from drivers.emrtd.trust_store import TrustStore
from drivers.iso7816.transport import TracingTransport
from drivers.sim.cards.epassport_card import (
    SHORT_ONLY_ABORTING,
    ChipAccess,
    ChipFaults,
    DirectTransport,
)
from drivers.sim.cards.epassport_chips import (
    PACE_AND_BAC,
    PACE_ONLY,
    SPECIMEN_CAN,
    SPECIMEN_MRZ,
    Chip,
    make_chip,
)
from kiosk.errors import AccessDenied, ChipError

NOW = datetime.now(UTC)
INFO = mrz_information_from_lines(SPECIMEN_MRZ)
PACE = "0.4.0.127.0.7.2.2.4"


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return make_test_pki(NOW)


@pytest.fixture(scope="module")
def trust(pki: TestPki) -> TrustStore:
    return TrustStore.of([pki.csca_certificate])


@pytest.fixture(scope="module")
def chip(pki: TestPki) -> Chip:
    return make_chip(SPECIMEN_MRZ, pki, aa="ec", face_bytes=4000)


def read(
    chip: Chip, trust: TrustStore, access: ChipAccess, key: str | ChipKey = INFO
) -> tuple[ChipDocument, TracingTransport]:
    card = chip.card(access=access, length=SHORT_ONLY_ABORTING)
    traced = TracingTransport(DirectTransport(card))
    return read_document(traced, key, trust, NOW, atr=card.atr), traced


@pytest.mark.parametrize(
    ("protocol", "parameter"),
    [
        (f"{PACE}.2.2", 12),  # ECDH, AES-128, NIST P-256
        (f"{PACE}.2.2", 13),  # brainpoolP256r1
        (f"{PACE}.2.3", 15),  # AES-192, NIST P-384
        (f"{PACE}.2.3", 16),  # brainpoolP384r1
        (f"{PACE}.2.4", 17),  # AES-256, brainpoolP512r1
        (f"{PACE}.2.4", 18),  # NIST P-521
        (f"{PACE}.2.1", 13),  # 3DES
        (f"{PACE}.1.2", 0),  # DH, AES-128, RFC 5114 1024-bit group
        (f"{PACE}.1.1", 0),  # DH, 3DES
        (f"{PACE}.1.3", 1),  # DH, AES-192, RFC 5114 2048-bit group, 224-bit subgroup
        (f"{PACE}.1.4", 2),  # DH, AES-256, RFC 5114 2048-bit group, 256-bit subgroup
    ],
)
def test_pace_only_chip_reads_and_verifies(
    chip: Chip, trust: TrustStore, protocol: str, parameter: int
) -> None:
    access = ChipAccess(bac=False, pace=PaceInfo(protocol, PACE_VERSION, parameter))
    document, traced = read(chip, trust, access)
    assert document.access_control == "pace"
    assert document.mrz_lines == SPECIMEN_MRZ
    assert document.passive_verdict == "valid"
    assert document.active == "valid"
    assert any(entry.command.startswith("00 22 C1 A4") for entry in traced.entries)
    assert not any(entry.command.startswith("00 82") for entry in traced.entries)  # no BAC


def test_can_opens_a_pace_chip(chip: Chip, trust: TrustStore) -> None:
    document, traced = read(chip, trust, PACE_ONLY, ChipKey(can=SPECIMEN_CAN))
    assert document.access_control == "pace"
    assert document.mrz_lines == SPECIMEN_MRZ
    assert document.passive_verdict == "valid"
    set_at = next(e.command for e in traced.entries if e.command.startswith("00 22 C1 A4"))
    assert set_at.endswith("83 01 02")  # password reference: CAN


def test_wrong_can_is_access_denied(chip: Chip, trust: TrustStore) -> None:
    with pytest.raises(AccessDenied):
        read(chip, trust, PACE_ONLY, ChipKey(can="654321"))


def test_wrong_mrz_on_a_pace_chip_is_access_denied(chip: Chip, trust: TrustStore) -> None:
    wrong = INFO[:-1] + ("0" if INFO[-1] != "0" else "1")
    with pytest.raises(AccessDenied):
        read(chip, trust, PACE_ONLY, wrong)


def test_pace_is_preferred_when_the_chip_also_takes_bac(chip: Chip, trust: TrustStore) -> None:
    document, _ = read(chip, trust, PACE_AND_BAC)
    assert document.access_control == "pace"


def test_bac_chip_is_read_with_bac(chip: Chip, trust: TrustStore) -> None:
    document, _ = read(chip, trust, ChipAccess())
    assert document.access_control == "bac"
    assert document.passive_verdict == "valid"


def test_can_for_a_chip_without_pace_is_a_clear_chip_error(chip: Chip, trust: TrustStore) -> None:
    with pytest.raises(ChipError, match="only BAC"):
        read(chip, trust, ChipAccess(), ChipKey(can=SPECIMEN_CAN))


def test_pace_only_chip_refuses_bac() -> None:
    from drivers.emrtd.session import ChipSession

    chip = make_chip(SPECIMEN_MRZ, make_test_pki(NOW), aa="none", face_bytes=2000)
    session = ChipSession(DirectTransport(chip.card(access=PACE_ONLY)))
    session.select_application()
    with pytest.raises((AccessDenied, ChipError)):
        session.basic_access_control(INFO)


def test_chip_refusing_the_pace_it_announced_is_read_with_bac(
    chip: Chip, trust: TrustStore
) -> None:
    card = chip.card(access=PACE_AND_BAC, faults=ChipFaults(pace_refused=True))
    traced = TracingTransport(DirectTransport(card))
    document = read_document(traced, INFO, trust, NOW, atr=card.atr)
    assert document.access_control == "bac"
    assert document.passive_verdict == "valid"
    assert any(entry.response == "6A 80" for entry in traced.entries)


def test_chip_refusing_pace_with_only_the_can_is_a_chip_error(
    chip: Chip, trust: TrustStore
) -> None:
    card = chip.card(access=PACE_AND_BAC, faults=ChipFaults(pace_refused=True))
    with pytest.raises(ChipError, match="MSE:Set AT"):
        read_document(DirectTransport(card), ChipKey(can=SPECIMEN_CAN), trust, NOW)
