"""Passive authentication (ICAO 9303 part 11 section 5.1): valid, invalid naming the failed
check, unknown issuer; and the CSCA trust store from a folder and from a master list."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from drivers.emrtd.lds.dg1 import encode_dg1
from drivers.emrtd.lds.sod import parse_sod
from drivers.emrtd.passive_auth import verify_passive
from drivers.emrtd.pki import TestPki, make_test_pki, sign_master_list, sign_sod
from drivers.emrtd.trust_store import TrustStore, load_master_list, load_trust_store
from kiosk.errors import ConfigError

NOW = datetime.now(UTC)
TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
GROUPS = {1: encode_dg1(TD3), 2: b"\x75\x03\x01\x02\x03"}


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return make_test_pki(NOW)


@pytest.fixture(scope="module")
def trust(pki: TestPki) -> TrustStore:
    return TrustStore.of([pki.csca_certificate])


def test_genuine_document_is_valid(pki: TestPki, trust: TrustStore) -> None:
    result = verify_passive(parse_sod(sign_sod(pki, GROUPS)), GROUPS, trust, NOW)
    assert result.verdict == "valid"
    assert dict(result.checks)["dg1_hash"] and dict(result.checks)["issuer"]
    assert "Document Signer" in result.signer


def test_tampered_dg1_fails_its_hash(pki: TestPki, trust: TrustStore) -> None:
    sod = parse_sod(sign_sod(pki, GROUPS))
    tampered = {**GROUPS, 1: encode_dg1((TD3[0].replace("ANNA", "ANNE"), TD3[1]))}
    result = verify_passive(sod, tampered, trust, NOW)
    assert result.verdict == "invalid:dg1_hash"
    assert result.failed_check == "dg1_hash"


def test_data_group_missing_from_the_sod_fails(pki: TestPki, trust: TrustStore) -> None:
    sod = parse_sod(sign_sod(pki, {1: GROUPS[1]}))
    assert verify_passive(sod, GROUPS, trust, NOW).verdict == "invalid:dg2_hash"


def test_foreign_signer_is_unknown_issuer(pki: TestPki) -> None:
    foreign = make_test_pki(NOW, "UT", label="Foreign")
    sod = parse_sod(sign_sod(foreign, GROUPS))
    assert verify_passive(sod, GROUPS, TrustStore.of([pki.csca_certificate]), NOW).verdict == (
        "unknown_issuer"
    )


def test_signer_claiming_a_trusted_name_but_another_key_is_unknown(pki: TestPki) -> None:
    impostor = make_test_pki(NOW)  # same names as pki, different keys
    sod = parse_sod(sign_sod(impostor, GROUPS))
    trust = TrustStore.of([pki.csca_certificate])
    assert verify_passive(sod, GROUPS, trust, NOW).verdict == "unknown_issuer"


def test_expired_signer_is_invalid() -> None:
    expired = make_test_pki(NOW, signer_expired=True)
    sod = parse_sod(sign_sod(expired, GROUPS))
    trust = TrustStore.of([expired.csca_certificate])
    assert verify_passive(sod, GROUPS, trust, NOW).verdict == "invalid:signer_validity"


def test_signer_not_yet_valid_is_invalid(pki: TestPki, trust: TrustStore) -> None:
    sod = parse_sod(sign_sod(pki, GROUPS))
    early = NOW - timedelta(days=400)
    assert verify_passive(sod, GROUPS, trust, early).verdict == "invalid:signer_validity"


def test_broken_signature_is_invalid(pki: TestPki, trust: TrustStore) -> None:
    sod = parse_sod(sign_sod(pki, GROUPS))
    bad = bytearray(sod.signer.signature)
    bad[-1] ^= 0xFF
    forged = dataclasses.replace(sod, signer=dataclasses.replace(sod.signer, signature=bytes(bad)))
    assert verify_passive(forged, GROUPS, trust, NOW).verdict == "invalid:signature"


def test_changed_security_object_fails_its_message_digest(pki: TestPki, trust: TrustStore) -> None:
    sod = parse_sod(sign_sod(pki, GROUPS))
    other = parse_sod(sign_sod(pki, {1: GROUPS[1]}))
    swapped = dataclasses.replace(sod, econtent=other.econtent)
    assert verify_passive(swapped, GROUPS, trust, NOW).verdict == "invalid:message_digest"


def test_sod_without_its_signer_certificate_is_invalid(pki: TestPki, trust: TrustStore) -> None:
    sod = dataclasses.replace(parse_sod(sign_sod(pki, GROUPS)), certificates=())
    assert verify_passive(sod, GROUPS, trust, NOW).verdict == "invalid:signer_certificate"


def test_trust_store_folder_reads_pem_der_and_master_lists(tmp_path: Path, pki: TestPki) -> None:
    second, third = make_test_pki(NOW, "SE"), make_test_pki(NOW, "NO")
    (tmp_path / "dk.pem").write_bytes(pki.csca_certificate.public_bytes(Encoding.PEM))
    (tmp_path / "se.cer").write_bytes(second.csca_certificate.public_bytes(Encoding.DER))
    (tmp_path / "icao.ml").write_bytes(sign_master_list(third, [third.csca_certificate]))
    (tmp_path / "README.txt").write_text("not a certificate, ignored")
    store = load_trust_store(tmp_path)
    assert len(store.certificates) == 3
    assert store.issuer_of(third.signer_certificate) == third.csca_certificate


def test_trust_store_names_a_bad_certificate_file(tmp_path: Path) -> None:
    (tmp_path / "broken.pem").write_text("-----BEGIN CERTIFICATE-----\nxx\n")
    with pytest.raises(ConfigError, match=r"broken\.pem"):
        load_trust_store(tmp_path)


def test_trust_store_must_be_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not a folder"):
        load_trust_store(tmp_path / "missing")


def test_master_list_lists_its_cscas(pki: TestPki) -> None:
    other = make_test_pki(NOW, "FI")
    listed = load_master_list(sign_master_list(pki, [pki.csca_certificate, other.csca_certificate]))
    assert {c.subject for c in listed} == {
        pki.csca_certificate.subject,
        other.csca_certificate.subject,
    }


def test_master_list_with_a_broken_signature_is_refused(pki: TestPki) -> None:
    data = bytearray(sign_master_list(pki, [pki.csca_certificate]))
    data[-5] ^= 0x01  # inside the signature at the end of the SignerInfo
    with pytest.raises(ConfigError, match="master list"):
        load_master_list(bytes(data))


def test_garbage_is_no_master_list() -> None:
    with pytest.raises(ConfigError, match="master list"):
        load_master_list(b"\x30\x03\x02\x01\x00")
