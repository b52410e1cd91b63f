"""Certificate keys and signatures as the eMRTD PKI uses them (ICAO 9303 part 12 sections 4-7):
a certificate's public key even when its EC domain parameters are explicit (which
``cryptography`` refuses: the parameters are matched to their named curve first), and checks that
one certificate or CRL was signed by another's key, with ECDSA (SHA-1 to SHA-512), RSA PKCS#1
v1.5 or RSASSA-PSS as the signature algorithm says. Every check answers True or False; none
raises for an algorithm it does not know.
"""

from __future__ import annotations

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding

from drivers.emrtd.ec_params import ec_public_key
from kiosk.errors import ChipError

PublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey
ERRORS = (ValueError, TypeError, UnsupportedAlgorithm, ChipError)


def public_key_of(certificate: x509.Certificate) -> PublicKey | None:
    """The certificate's EC or RSA key (explicit EC parameters matched), or None."""
    try:
        key = certificate.public_key()
    except UnsupportedAlgorithm:
        try:
            parsed = asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))
            spki = parsed["tbs_certificate"]["subject_public_key_info"].dump()
            return ec_public_key(spki)
        except ERRORS:
            return None
    except ValueError:
        return None
    return key if isinstance(key, ec.EllipticCurvePublicKey | rsa.RSAPublicKey) else None


def _verify(
    key: PublicKey,
    signature: bytes,
    data: bytes,
    digest: hashes.HashAlgorithm | None,
    parameters: object,
) -> bool:
    if digest is None:
        return False
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, data, ec.ECDSA(digest))
        elif isinstance(parameters, padding.PSS):
            key.verify(signature, data, parameters, digest)
        else:
            key.verify(signature, data, padding.PKCS1v15(), digest)
    except InvalidSignature:
        return False
    except ERRORS:
        return False
    return True


def signed_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether ``issuer`` names and signed ``certificate`` (any of the algorithms above)."""
    if certificate.issuer != issuer.subject:
        return False
    key = public_key_of(issuer)
    if key is None:
        return False
    try:
        digest = certificate.signature_hash_algorithm
        parameters = certificate.signature_algorithm_parameters
    except ERRORS:
        return False
    return _verify(
        key, certificate.signature, certificate.tbs_certificate_bytes, digest, parameters
    )


def crl_signed_by(crl: x509.CertificateRevocationList, issuer: x509.Certificate) -> bool:
    """Whether ``issuer`` names and signed ``crl``."""
    if crl.issuer != issuer.subject:
        return False
    key = public_key_of(issuer)
    if key is None:
        return False
    try:
        digest = crl.signature_hash_algorithm
        parameters = crl.signature_algorithm_parameters
    except ERRORS:
        return False
    return _verify(key, crl.signature, crl.tbs_certlist_bytes, digest, parameters)


def key_description(certificate: x509.Certificate) -> str:
    """ "EC brainpoolP256r1 (explicit parameters)", "RSA 3072", or "unsupported key"."""
    key = public_key_of(certificate)
    if isinstance(key, rsa.RSAPublicKey):
        return f"RSA {key.key_size}"
    if isinstance(key, ec.EllipticCurvePublicKey):
        try:
            certificate.public_key()
            return f"EC {key.curve.name}"
        except UnsupportedAlgorithm:
            return f"EC {key.curve.name} (explicit parameters)"
    return "unsupported key"
