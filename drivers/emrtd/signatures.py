"""Signature algorithms of EF.SOD and master lists (ICAO 9303 part 12 section 4.4 and RFC 5754 /
RFC 5758 / RFC 4055 OIDs): verify a CMS signature given its AlgorithmIdentifier and digest OID.
"""

from __future__ import annotations

from asn1crypto import algos
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from drivers.emrtd import der, tlv
from drivers.emrtd.lds.sod import hash_algorithm
from drivers.emrtd.tlv import TlvError

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
PSS_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


def pss_padding(
    algorithm_identifier: bytes, fallback: hashes.HashAlgorithm
) -> tuple[padding.PSS, hashes.HashAlgorithm]:
    """The PSS padding and hash that RSASSA-PSS-params (RFC 4055) name; defaults otherwise."""
    items = tlv.children(algorithm_identifier)
    if len(items) < 2 or items[1][0] != der.SEQUENCE:
        return padding.PSS(padding.MGF1(fallback), padding.PSS.AUTO), fallback
    params = algos.RSASSAPSSParams.load(tlv.encode(items[1][0], items[1][1]))
    digest = PSS_HASHES[params["hash_algorithm"]["algorithm"].native]()
    mgf_hash = PSS_HASHES[params["mask_gen_algorithm"]["parameters"]["algorithm"].native]()
    salt = int(params["salt_length"].native)
    return padding.PSS(padding.MGF1(mgf_hash), salt), digest


def verify_signature(
    public_key: object, algorithm_identifier: bytes, digest_oid: str, signature: bytes, data: bytes
) -> bool:
    """Whether ``signature`` over ``data`` verifies; False also for an unsupported algorithm."""
    try:
        oid = der.algorithm_oid(algorithm_identifier)
        digest = hash_algorithm(digest_oid)
        if oid in ECDSA_OIDS and isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, data, ec.ECDSA(ECDSA_OIDS[oid]()))
        elif oid in RSA_PKCS1_OIDS and isinstance(public_key, rsa.RSAPublicKey):
            algorithm = RSA_PKCS1_OIDS[oid]
            public_key.verify(
                signature, data, padding.PKCS1v15(), algorithm() if algorithm else digest
            )
        elif oid == OID_RSASSA_PSS and isinstance(public_key, rsa.RSAPublicKey):
            pss, pss_digest = pss_padding(algorithm_identifier, digest)
            public_key.verify(signature, data, pss, pss_digest)
        else:
            return False
    except (InvalidSignature, UnsupportedAlgorithm, TlvError, ValueError, KeyError, TypeError):
        return False
    return True
