"""EF.SOD signature algorithms (ICAO 9303 part 12 section 4.4): ECDSA, RSA PKCS#1 v1.5 (named or
plain rsaEncryption) and RSASSA-PSS verify; a wrong key, algorithm or key type does not."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from drivers.emrtd import der, tlv
from drivers.emrtd.signatures import verify_signature

DATA = b"signed attributes"
SHA256 = "2.16.840.1.101.3.4.2.1"


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(65537, 2048)


def algorithm(oid: str) -> bytes:
    """The AlgorithmIdentifier's content, as SignerInfo keeps it."""
    return tlv.unwrap(der.algorithm_identifier(oid), der.SEQUENCE)


@pytest.mark.parametrize("oid", ["1.2.840.113549.1.1.11", "1.2.840.113549.1.1.1"])
def test_rsa_pkcs1_v1_5_verifies(rsa_key: rsa.RSAPrivateKey, oid: str) -> None:
    signature = rsa_key.sign(DATA, padding.PKCS1v15(), hashes.SHA256())
    assert verify_signature(rsa_key.public_key(), algorithm(oid), SHA256, signature, DATA)


def test_rsassa_pss_verifies(rsa_key: rsa.RSAPrivateKey) -> None:
    pss = padding.PSS(padding.MGF1(hashes.SHA256()), 32)
    signature = rsa_key.sign(DATA, pss, hashes.SHA256())
    oid = "1.2.840.113549.1.1.10"
    assert verify_signature(rsa_key.public_key(), algorithm(oid), SHA256, signature, DATA)


def test_rsa_signature_over_other_data_fails(rsa_key: rsa.RSAPrivateKey) -> None:
    signature = rsa_key.sign(DATA, padding.PKCS1v15(), hashes.SHA256())
    oid = "1.2.840.113549.1.1.11"
    assert not verify_signature(rsa_key.public_key(), algorithm(oid), SHA256, signature, b"x")


def test_ecdsa_verifies_and_an_rsa_algorithm_for_an_ec_key_does_not() -> None:
    key = ec.generate_private_key(ec.SECP384R1())
    signature = key.sign(DATA, ec.ECDSA(hashes.SHA384()))
    ecdsa384 = algorithm("1.2.840.10045.4.3.3")
    assert verify_signature(key.public_key(), ecdsa384, SHA256, signature, DATA)
    rsa_oid = algorithm("1.2.840.113549.1.1.11")
    assert not verify_signature(key.public_key(), rsa_oid, SHA256, signature, DATA)


def test_unknown_algorithm_does_not_verify(rsa_key: rsa.RSAPrivateKey) -> None:
    signature = rsa_key.sign(DATA, padding.PKCS1v15(), hashes.SHA256())
    unknown = algorithm("1.2.3.4")
    assert not verify_signature(rsa_key.public_key(), unknown, SHA256, signature, DATA)
