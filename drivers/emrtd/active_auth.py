"""Active authentication (ICAO 9303 part 11 section 6.1): the chip signs an 8-byte challenge
from INTERNAL AUTHENTICATE with the private key whose public half is in DG15, which a cloned chip
cannot do. RSA keys use ISO/IEC 9796-2 digital signature scheme 1 with partial message recovery
(trailer BC for SHA-1, or xxCC naming the hash); EC keys use plain ECDSA (BSI TR-03111 r||s)
with the hash named by DG14's ActiveAuthenticationInfo.

:func:`verify_response` is the terminal's check; :func:`sign_challenge` the chip's answer, for
the emulator. Neither does I/O; the random M1 is injected.
"""

from __future__ import annotations

from collections.abc import Callable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

CHALLENGE_SIZE = 8
VALID = "valid"
INVALID = "invalid"
NOT_SUPPORTED = "not_supported"
NOT_RUN = "not_run"

HEADER_PARTIAL_RECOVERY = 0x6A
HEADER_TOP_BITS_MASK = 0xC0
HEADER_TOP_BITS = 0x40
PARTIAL_RECOVERY_BIT = 0x20
TRAILER_SHA1 = 0xBC
TRAILER_EXPLICIT = 0xCC
TRAILER_HASH_IDS: dict[int, type[hashes.HashAlgorithm]] = {
    0x33: hashes.SHA1,
    0x34: hashes.SHA256,
    0x35: hashes.SHA512,
    0x36: hashes.SHA384,
    0x38: hashes.SHA224,
}
ECDSA_PLAIN_OIDS: dict[str, type[hashes.HashAlgorithm]] = {
    "0.4.0.127.0.7.1.1.4.1.1": hashes.SHA1,
    "0.4.0.127.0.7.1.1.4.1.2": hashes.SHA224,
    "0.4.0.127.0.7.1.1.4.1.3": hashes.SHA256,
    "0.4.0.127.0.7.1.1.4.1.4": hashes.SHA384,
    "0.4.0.127.0.7.1.1.4.1.5": hashes.SHA512,
    "1.2.840.10045.4.3.2": hashes.SHA256,
    "1.2.840.10045.4.3.3": hashes.SHA384,
    "1.2.840.10045.4.3.4": hashes.SHA512,
}
OID_ECDSA_PLAIN_SHA256 = "0.4.0.127.0.7.1.1.4.1.3"


def _hash(algorithm: hashes.HashAlgorithm, data: bytes) -> bytes:
    hasher = hashes.Hash(algorithm)
    hasher.update(data)
    return hasher.finalize()


def _ecdsa_hash(key: ec.EllipticCurvePublicKey, algorithm_oid: str) -> hashes.HashAlgorithm:
    if algorithm_oid in ECDSA_PLAIN_OIDS:
        return ECDSA_PLAIN_OIDS[algorithm_oid]()
    bits = key.curve.key_size
    return hashes.SHA256() if bits <= 256 else hashes.SHA384() if bits <= 384 else hashes.SHA512()


def _verify_iso9796_2(key: rsa.RSAPublicKey, challenge: bytes, signature: bytes) -> bool:
    numbers = key.public_numbers()
    size = (numbers.n.bit_length() + 7) // 8
    value = pow(int.from_bytes(signature, "big"), numbers.e, numbers.n)
    for candidate in (value, numbers.n - value):  # some chips send min(s, n - s)
        recovered = candidate.to_bytes(size, "big")
        if recovered[-1] == TRAILER_SHA1:
            algorithm: hashes.HashAlgorithm = hashes.SHA1()
            trailer = 1
        elif recovered[-1] == TRAILER_EXPLICIT and recovered[-2] in TRAILER_HASH_IDS:
            algorithm, trailer = TRAILER_HASH_IDS[recovered[-2]](), 2
        else:
            continue
        header = recovered[0]
        if header & HEADER_TOP_BITS_MASK != HEADER_TOP_BITS or not header & PARTIAL_RECOVERY_BIT:
            return False
        digest_end = size - trailer
        digest_start = digest_end - algorithm.digest_size
        m1 = recovered[1:digest_start]
        return _hash(algorithm, m1 + challenge) == recovered[digest_start:digest_end]
    return False


def verify_response(
    public_key: object, challenge: bytes, signature: bytes, algorithm_oid: str = ""
) -> str:
    """'valid', 'invalid', or 'not_supported' for a key type AA does not use."""
    if isinstance(public_key, rsa.RSAPublicKey):
        return VALID if _verify_iso9796_2(public_key, challenge, signature) else INVALID
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        half = (public_key.curve.key_size + 7) // 8
        if len(signature) != 2 * half:
            return INVALID
        der_signature = encode_dss_signature(
            int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big")
        )
        algorithm = _ecdsa_hash(public_key, algorithm_oid)
        try:
            public_key.verify(der_signature, challenge, ec.ECDSA(algorithm))
        except InvalidSignature:
            return INVALID
        return VALID
    return NOT_SUPPORTED


def sign_challenge(
    private_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
    challenge: bytes,
    random_bytes: Callable[[int], bytes],
    algorithm_oid: str = OID_ECDSA_PLAIN_SHA256,
) -> bytes:
    """The chip's INTERNAL AUTHENTICATE answer to ``challenge``."""
    if isinstance(private_key, rsa.RSAPrivateKey):
        numbers = private_key.private_numbers()
        n = numbers.public_numbers.n
        size = (n.bit_length() + 7) // 8
        algorithm = hashes.SHA1()
        m1 = random_bytes(size - algorithm.digest_size - 2)
        message = (
            bytes([HEADER_PARTIAL_RECOVERY])
            + m1
            + _hash(algorithm, m1 + challenge)
            + bytes([TRAILER_SHA1])
        )
        return pow(int.from_bytes(message, "big"), numbers.d, n).to_bytes(size, "big")

    algorithm = _ecdsa_hash(private_key.public_key(), algorithm_oid)
    r, s = decode_dss_signature(private_key.sign(challenge, ec.ECDSA(algorithm)))
    half = (private_key.curve.key_size + 7) // 8
    return r.to_bytes(half, "big") + s.to_bytes(half, "big")
