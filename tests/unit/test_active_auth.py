"""Active authentication (ICAO 9303 part 11 section 6.1): RSA ISO/IEC 9796-2 scheme 1 and
plain ECDSA, chip side and terminal side."""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from drivers.emrtd.active_auth import sign_challenge, verify_response

CHALLENGE = bytes.fromhex("0011223344556677")


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(65537, 1024)


@pytest.fixture(scope="module")
def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def test_rsa_iso9796_2_signature_verifies(rsa_key: rsa.RSAPrivateKey) -> None:
    signature = sign_challenge(rsa_key, CHALLENGE, os.urandom)
    assert len(signature) == 128
    assert verify_response(rsa_key.public_key(), CHALLENGE, signature) == "valid"


def test_rsa_signature_over_another_challenge_is_invalid(rsa_key: rsa.RSAPrivateKey) -> None:
    signature = sign_challenge(rsa_key, CHALLENGE, os.urandom)
    assert verify_response(rsa_key.public_key(), bytes(8), signature) == "invalid"


def test_rsa_signature_from_a_cloned_chip_key_is_invalid(rsa_key: rsa.RSAPrivateKey) -> None:
    clone = rsa.generate_private_key(65537, 1024)
    signature = sign_challenge(clone, CHALLENGE, os.urandom)
    assert verify_response(rsa_key.public_key(), CHALLENGE, signature) == "invalid"


def test_rsa_signature_sent_as_n_minus_s_verifies(rsa_key: rsa.RSAPrivateKey) -> None:
    signature = int.from_bytes(sign_challenge(rsa_key, CHALLENGE, os.urandom), "big")
    n = rsa_key.public_key().public_numbers().n
    assert verify_response(rsa_key.public_key(), CHALLENGE, (n - signature).to_bytes(128)) == (
        "valid"
    )


def test_ecdsa_plain_signature_verifies(ec_key: ec.EllipticCurvePrivateKey) -> None:
    signature = sign_challenge(ec_key, CHALLENGE, os.urandom)
    assert len(signature) == 64
    assert verify_response(ec_key.public_key(), CHALLENGE, signature) == "valid"


def test_ecdsa_signature_of_wrong_length_is_invalid(ec_key: ec.EllipticCurvePrivateKey) -> None:
    signature = sign_challenge(ec_key, CHALLENGE, os.urandom)
    assert verify_response(ec_key.public_key(), CHALLENGE, signature[:-1]) == "invalid"


def test_ecdsa_over_another_challenge_is_invalid(ec_key: ec.EllipticCurvePrivateKey) -> None:
    signature = sign_challenge(ec_key, CHALLENGE, os.urandom)
    assert verify_response(ec_key.public_key(), CHALLENGE[::-1], signature) == "invalid"


def test_unsupported_key_type_is_not_supported() -> None:
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    assert verify_response(key, CHALLENGE, bytes(64)) == "not_supported"


def test_rsa_with_explicit_sha256_trailer_verifies(rsa_key: rsa.RSAPrivateKey) -> None:
    # ISO/IEC 9796-2 trailer 34CC names SHA-256 (hash identifier 0x34).
    numbers = rsa_key.private_numbers()
    n = numbers.public_numbers.n
    m1 = os.urandom(128 - 32 - 3)
    digest = hashes.Hash(hashes.SHA256())
    digest.update(m1 + CHALLENGE)
    message = b"\x6a" + m1 + digest.finalize() + b"\x34\xcc"
    signature = pow(int.from_bytes(message, "big"), numbers.d, n).to_bytes(128, "big")
    assert verify_response(rsa_key.public_key(), CHALLENGE, signature) == "valid"
    assert verify_response(rsa_key.public_key(), bytes(8), signature) == "invalid"


def test_rsa_total_recovery_header_is_invalid(rsa_key: rsa.RSAPrivateKey) -> None:
    numbers = rsa_key.private_numbers()
    message = b"\x4a" + os.urandom(128 - 20 - 2) + bytes(20) + b"\xbc"
    signature = pow(int.from_bytes(message, "big"), numbers.d, numbers.public_numbers.n)
    assert verify_response(rsa_key.public_key(), CHALLENGE, signature.to_bytes(128)) == "invalid"
