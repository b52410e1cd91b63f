"""Chip authentication (issue 13 item 3): DG14's ECDH (brainpoolP256r1 with explicit domain
parameters) and DH keys, 3DES and AES, secure messaging under the new keys, a cloned chip told
apart, and CA after PACE. In process, over the emulator, whose chip side agrees keys with
``cryptography`` while the terminal uses python-ecdsa."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from drivers.emrtd.bac import mrz_information_from_lines
from drivers.emrtd.chip_auth import ID_CA_DH, ID_CA_ECDH
from drivers.emrtd.pki import TestPki, make_test_pki
from drivers.emrtd.reader import ChipDocument, read_document
from drivers.emrtd.trust_store import TrustStore
from drivers.iso7816.transport import TracingTransport
from drivers.sim.cards.epassport_card import (
    FALSE_PROMISE,
    SHORT_ONLY_ABORTING,
    ChipFaults,
    DirectTransport,
    EPassportCard,
)
from drivers.sim.cards.epassport_chips import PACE_ONLY, SPECIMEN_MRZ, make_chip

NOW = datetime.now(UTC)
INFO = mrz_information_from_lines(SPECIMEN_MRZ)


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return make_test_pki(NOW)


@pytest.fixture(scope="module")
def trust(pki: TestPki) -> TrustStore:
    return TrustStore.of([pki.csca_certificate])


def read(card: EPassportCard, trust: TrustStore) -> tuple[ChipDocument, TracingTransport]:
    traced = TracingTransport(DirectTransport(card))
    return read_document(traced, INFO, trust, NOW, atr=card.atr), traced


@pytest.mark.parametrize(
    ("kind", "oid"),
    [
        ("ecdh", f"{ID_CA_ECDH}.2"),  # AES-128: MSE:Set AT + GENERAL AUTHENTICATE
        ("ecdh", f"{ID_CA_ECDH}.4"),  # AES-256
        ("ecdh", f"{ID_CA_ECDH}.1"),  # 3DES: MSE:Set KAT
        ("dh", f"{ID_CA_DH}.2"),
        ("dh", f"{ID_CA_DH}.1"),
    ],
)
def test_genuine_chip_passes_chip_authentication(
    pki: TestPki, trust: TrustStore, kind: str, oid: str
) -> None:
    chip = make_chip(SPECIMEN_MRZ, pki, aa="none", ca=kind, ca_oid=oid, face_bytes=3000)
    document, traced = read(chip.card(length=SHORT_ONLY_ABORTING), trust)
    assert document.chip_authentication == "valid"
    assert document.passive_verdict == "valid"  # DG14, and so the CA key, is signed
    assert document.mrz_lines == SPECIMEN_MRZ
    kat = any(entry.command.startswith("0C 22 41 A6") for entry in traced.entries)
    assert kat == oid.endswith(".1")


def test_cloned_chip_fails_chip_authentication_but_is_read(pki: TestPki, trust: TrustStore) -> None:
    chip = make_chip(SPECIMEN_MRZ, pki, aa="none", ca="ecdh", face_bytes=3000)
    document, _ = read(chip.card(faults=ChipFaults(clone=True)), trust)
    assert document.chip_authentication == "invalid"
    assert document.passive_verdict == "valid"  # a clone copies the signed data perfectly
    assert document.to_chip_reading().chip_authentication == "invalid"


def test_chip_without_ca_key_is_not_supported(pki: TestPki, trust: TrustStore) -> None:
    chip = make_chip(SPECIMEN_MRZ, pki, aa="ec", face_bytes=3000)
    document, _ = read(chip.card(), trust)
    assert document.chip_authentication == "not_supported"
    assert document.active == "valid"


def test_pace_then_chip_authentication(pki: TestPki, trust: TrustStore) -> None:
    chip = make_chip(SPECIMEN_MRZ, pki, aa="none", ca="ecdh", face_bytes=3000)
    document, _ = read(chip.card(access=PACE_ONLY, length=SHORT_ONLY_ABORTING), trust)
    assert (document.access_control, document.chip_authentication) == ("pace", "valid")
    assert document.passive_verdict == "valid"


def test_length_fallback_then_chip_authentication_under_fresh_sm(
    pki: TestPki, trust: TrustStore
) -> None:
    chip = make_chip(SPECIMEN_MRZ, pki, aa="none", ca="ecdh")
    document, traced = read(chip.card(access=PACE_ONLY, length=FALSE_PROMISE), trust)
    assert document.stats.fallbacks == 1
    assert document.chip_authentication == "valid"
    assert document.passive_verdict == "valid"
    assert sum(entry.command.startswith("0C 22 41 A4") for entry in traced.entries) == 1
