"""Passive authentication with the PKIs real countries run (issue 13 item 4): document signers
and CSCAs with P-256, brainpoolP256r1 keys with explicit domain parameters (which
``cryptography`` alone refuses) and RSA-PSS keys, signing with SHA-224 to SHA-512; a country
without a trust anchor ends as ``unknown_issuer``, never a crash and never ``valid``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.exceptions import UnsupportedAlgorithm

from drivers.emrtd.bac import mrz_information_from_lines
from drivers.emrtd.pki import make_test_pki, sign_master_list
from drivers.emrtd.reader import ChipDocument, read_document
from drivers.emrtd.trust_store import TrustStore, load_trust_store
from drivers.sim.cards.epassport_card import DirectTransport
from drivers.sim.cards.epassport_chips import SPECIMEN_MRZ, make_chip

NOW = datetime.now(UTC)
INFO = mrz_information_from_lines(SPECIMEN_MRZ)


def read(kind: str, hash_name: str, trusted: bool) -> ChipDocument:
    pki = make_test_pki(NOW, kind=kind, hash_name=hash_name)
    chip = make_chip(SPECIMEN_MRZ, pki, aa="none", face_bytes=2000)
    trust = TrustStore.of([pki.csca_certificate] if trusted else [])
    return read_document(DirectTransport(chip.card()), INFO, trust, NOW)


@pytest.mark.parametrize("hash_name", ["sha224", "sha256", "sha384", "sha512"])
@pytest.mark.parametrize("kind", ["ec", "ec-explicit", "rsa-pss"])
def test_signer_of_every_kind_and_hash_verifies(kind: str, hash_name: str) -> None:
    document = read(kind, hash_name, trusted=True)
    assert document.passive_verdict == "valid"
    assert document.passive is not None and all(passed for _, passed in document.passive.checks)


def test_explicit_parameters_are_what_cryptography_refuses() -> None:
    pki = make_test_pki(NOW, kind="ec-explicit")
    with pytest.raises(UnsupportedAlgorithm):
        pki.signer_certificate.public_key()


@pytest.mark.parametrize("kind", ["ec", "ec-explicit", "rsa-pss"])
def test_country_without_a_trust_anchor_cannot_be_verified(kind: str) -> None:
    document = read(kind, "sha256", trusted=False)
    assert document.passive_verdict == "unknown_issuer"


def test_master_list_file_in_the_trust_folder(tmp_path: Path) -> None:
    pkis = [make_test_pki(NOW, country) for country in ("DK", "SE")]
    explicit = make_test_pki(NOW, "DE", kind="ec-explicit")
    cscas = [p.csca_certificate for p in (*pkis, explicit)]
    (tmp_path / "icao.ml").write_bytes(sign_master_list(pkis[0], cscas))
    trust = load_trust_store(tmp_path)
    assert trust.countries() == {"DK", "SE", "DE"}
    chip = make_chip(SPECIMEN_MRZ, explicit, aa="none", face_bytes=2000)
    document = read_document(DirectTransport(chip.card()), INFO, trust, NOW)
    assert document.passive_verdict == "valid"
