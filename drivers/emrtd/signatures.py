"""Signature algorithms of EF.SOD and master lists (ICAO 9303 part 12 section 4.4 and RFC 5754 /
RFC 5758 / RFC 4055 OIDs): verify a CMS signature given its AlgorithmIdentifier and digest OID.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from drivers.emrtd import der
from drivers.emrtd.lds.sod import hash_algorithm

ECDSA_OIDS: dict[str, type[hashes.HashAlgorithm]] = {
    "1.2.840.10045.4.1": hashes.SHA1,
    "1.2.840.10045.4.3.1": hashes.SHA224,
    "1.2.840.10045.4.3.2": hashes.SHA256,
    "1.2.840.10045.4.3.3": hashes.SHA384,
    "1.2.840.10045.4.3.4": hashes.SHA512,
}
RSA_PKCS1_OIDS: dict[str, type[hashes.HashAlgorithm] | None] = {
    "1.2.840.113549.1.1.1": None,  # rsaEncryption: the digest algorithm decides
    "1.2.840.113549.1.1.5": hashes.SHA1,
    "1.2.840.113549.1.1.14": hashes.SHA224,
    "1.2.840.113549.1.1.11": hashes.SHA256,
    "1.2.840.113549.1.1.12": hashes.SHA384,
    "1.2.840.113549.1.1.13": hashes.SHA512,
}
OID_RSASSA_PSS = "1.2.840.113549.1.1.10"
ECDSA_OID_BY_HASH = {algorithm.name: oid for oid, algorithm in ECDSA_OIDS.items()}


def verify_signature(
    public_key: object, algorithm_identifier: bytes, digest_oid: str, signature: bytes, data: bytes
) -> bool:
    """Whether ``signature`` over ``data`` verifies; False also for an unsupported algorithm."""
    oid = der.algorithm_oid(algorithm_identifier)
    digest = hash_algorithm(digest_oid)
    try:
        if oid in ECDSA_OIDS and isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, data, ec.ECDSA(ECDSA_OIDS[oid]()))
        elif oid in RSA_PKCS1_OIDS and isinstance(public_key, rsa.RSAPublicKey):
            algorithm = RSA_PKCS1_OIDS[oid]
            public_key.verify(
                signature, data, padding.PKCS1v15(), algorithm() if algorithm else digest
            )
        elif oid == OID_RSASSA_PSS and isinstance(public_key, rsa.RSAPublicKey):
            pss = padding.PSS(padding.MGF1(digest), padding.PSS.AUTO)
            public_key.verify(signature, data, pss, digest)
        else:
            return False
    except InvalidSignature:
        return False
    return True
