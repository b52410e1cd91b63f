"""Certificates whose EC key carries explicit domain parameters, as many real CSCA and document
signer certificates do (BSI TR-03111 section 5.1). ``cryptography`` cannot issue such a
certificate, so the test PKI issues it on the named curve and this module rewrites the
SubjectPublicKeyInfo with asn1crypto and signs the new TBS again with the issuer's key.
"""

from __future__ import annotations

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding

from drivers.emrtd.ec_params import explicit_spki


def with_explicit_parameters(
    certificate: x509.Certificate,
    issuer_key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
    digest: hashes.HashAlgorithm,
) -> x509.Certificate:
    """``certificate`` with its EC key spelt out in explicit parameters, signed again."""
    key = certificate.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise TypeError("only an EC key has domain parameters to spell out")
    parsed = asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))
    tbs = parsed["tbs_certificate"]
    tbs["subject_public_key_info"] = asn1_keys.PublicKeyInfo.load(explicit_spki(key))
    tbs_der = tbs.dump(force=True)
    if isinstance(issuer_key, rsa.RSAPrivateKey):
        signature = issuer_key.sign(
            tbs_der, padding.PSS(padding.MGF1(digest), digest.digest_size), digest
        )
    else:
        signature = issuer_key.sign(tbs_der, ec.ECDSA(digest))
    rebuilt = asn1_x509.Certificate(
        {
            "tbs_certificate": asn1_x509.TbsCertificate.load(tbs_der),
            "signature_algorithm": parsed["signature_algorithm"],
            "signature_value": signature,
        }
    )
    return x509.load_der_x509_certificate(rebuilt.dump())
