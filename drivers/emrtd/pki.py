"""A test PKI for synthetic eMRTDs (ICAO 9303 part 12: CSCA -> document signer -> EF.SOD), made
with ``cryptography`` at run time so no private key is ever committed.

:func:`make_test_pki` creates a country signing CA and a document signer (optionally already
expired, or issued by a foreign CSCA for the fault cases; keys on P-256, on brainpoolP256r1 with
explicit domain parameters in the certificate as many real CSCAs and signers have them, or RSA
signing with RSASSA-PSS); :func:`sign_sod` hashes data groups into an LDSSecurityObject and signs
it as EF.SOD; :func:`link_certificate` and :func:`revocation_list` make a CSCA link certificate
and a CRL. Synthetic data only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from drivers.emrtd import der
from drivers.emrtd.lds import sod
from drivers.emrtd.pki_explicit import with_explicit_parameters
from drivers.emrtd.signatures import ECDSA_OID_BY_HASH
from drivers.emrtd.trust_store import OID_CSCA_MASTER_LIST

CSCA_YEARS = 15
SIGNER_YEARS = 11
EXPIRED_SIGNER_DAYS = 30
MASTER_LIST_VERSION = 0
RSA_BITS = 2048
RSA_EXPONENT = 65537
KEY_KINDS = ("ec", "ec-explicit", "rsa-pss")
SigningKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


@dataclass(frozen=True)
class TestPki:
    __test__ = False  # not a pytest class

    csca_key: SigningKey
    csca_certificate: x509.Certificate
    signer_key: SigningKey
    signer_certificate: x509.Certificate
    hash_name: str = "sha256"


def _name(country: str, common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, country),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "NemID kiosk test PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _new_key(kind: str) -> SigningKey:
    if kind == "rsa-pss":
        return rsa.generate_private_key(RSA_EXPONENT, RSA_BITS)
    if kind == "ec-explicit":
        return ec.generate_private_key(ec.BrainpoolP256R1())
    return ec.generate_private_key(ec.SECP256R1())


def _certificate(
    subject: x509.Name,
    key: SigningKey,
    issuer: x509.Name,
    issuer_key: SigningKey,
    not_before: datetime,
    not_after: datetime,
    *,
    ca: bool,
    kind: str = "ec",
    hash_name: str = "sha256",
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    digest = sod.hash_algorithm(sod.OID_BY_HASH[hash_name])
    if isinstance(issuer_key, rsa.RSAPrivateKey):
        pss = padding.PSS(padding.MGF1(digest), digest.digest_size)
        certificate = builder.sign(issuer_key, digest, rsa_padding=pss)
    else:
        certificate = builder.sign(issuer_key, digest)
    if kind == "ec-explicit":
        return with_explicit_parameters(certificate, issuer_key, digest)
    return certificate


def make_test_pki(
    now: datetime,
    country: str = "DK",
    *,
    signer_expired: bool = False,
    label: str = "Test",
    kind: str = "ec",
    hash_name: str = "sha256",
) -> TestPki:
    """A CSCA valid around ``now`` and a document signer it issued (expired when asked), both
    with keys of ``kind`` (:data:`KEY_KINDS`), signing with ``hash_name`` (sha224..sha512)."""
    csca_key = _new_key(kind)
    csca_name = _name(country, f"{label} CSCA {country}")
    csca = _certificate(
        csca_name,
        csca_key,
        csca_name,
        csca_key,
        now - timedelta(days=365),
        now + timedelta(days=365 * CSCA_YEARS),
        ca=True,
        kind=kind,
        hash_name=hash_name,
    )
    signer_key = _new_key(kind)
    if signer_expired:
        start, end = now - timedelta(days=365 * 2), now - timedelta(days=EXPIRED_SIGNER_DAYS)
    else:
        start, end = now - timedelta(days=30), now + timedelta(days=365 * SIGNER_YEARS)
    signer = _certificate(
        _name(country, f"{label} Document Signer {country}"),
        signer_key,
        csca_name,
        csca_key,
        start,
        end,
        ca=False,
        kind=kind,
        hash_name=hash_name,
    )
    return TestPki(csca_key, csca, signer_key, signer, hash_name)


def _signed(pki: TestPki, econtent_type: str, econtent: bytes, hash_name: str) -> bytes:
    hash_oid = sod.OID_BY_HASH[hash_name]
    attributes = sod.encode_signed_attributes(econtent_type, sod.digest(hash_oid, econtent))
    digest = sod.hash_algorithm(hash_oid)
    key = pki.signer_key
    if isinstance(key, rsa.RSAPrivateKey):
        signature = key.sign(
            attributes, padding.PSS(padding.MGF1(digest), digest.digest_size), digest
        )
        algorithm = rsassa_pss_identifier(hash_name)
    else:
        signature = key.sign(attributes, ec.ECDSA(digest))
        algorithm = der.algorithm_identifier(ECDSA_OID_BY_HASH[hash_name])
    certificate = pki.signer_certificate
    return sod.encode_signed_data(
        econtent_type,
        econtent,
        hash_oid,
        attributes,
        algorithm,
        signature,
        certificate.public_bytes(Encoding.DER),
        certificate.issuer.public_bytes(),
        certificate.serial_number,
    )


def rsassa_pss_identifier(hash_name: str) -> bytes:
    """The AlgorithmIdentifier of RSASSA-PSS with ``hash_name``, MGF1 of it, salt = hash size."""
    from asn1crypto import algos

    size = sod.hash_algorithm(sod.OID_BY_HASH[hash_name]).digest_size
    identifier = algos.SignedDigestAlgorithm(
        {
            "algorithm": "rsassa_pss",
            "parameters": {
                "hash_algorithm": {"algorithm": hash_name},
                "mask_gen_algorithm": {
                    "algorithm": "mgf1",
                    "parameters": {"algorithm": hash_name},
                },
                "salt_length": size,
            },
        }
    )
    return bytes(identifier.dump())


def sign_sod(pki: TestPki, data_groups: dict[int, bytes], hash_name: str = "") -> bytes:
    """EF.SOD over ``data_groups`` (number -> whole file bytes), signed by the document signer."""
    hash_name = hash_name or pki.hash_name
    hash_oid = sod.OID_BY_HASH[hash_name]
    econtent = sod.encode_lds_security_object(
        hash_oid, {number: sod.digest(hash_oid, data) for number, data in data_groups.items()}
    )
    return sod.encode_sod(_signed(pki, sod.OID_LDS_SECURITY_OBJECT, econtent, hash_name))


def sign_master_list(pki: TestPki, cscas: list[x509.Certificate]) -> bytes:
    """An ICAO CSCA master list of ``cscas``, signed by the PKI's signer (as master-list signer)."""
    cert_list = der.set_of(*(c.public_bytes(Encoding.DER) for c in cscas))
    econtent = der.sequence(der.integer(MASTER_LIST_VERSION), cert_list)
    return _signed(pki, OID_CSCA_MASTER_LIST, econtent, pki.hash_name)


def link_certificate(old: TestPki, new: TestPki, now: datetime) -> x509.Certificate:
    """A CSCA link certificate: ``new``'s CSCA name and key, signed by ``old``'s CSCA."""
    return _certificate(
        new.csca_certificate.subject,
        new.csca_key,
        old.csca_certificate.subject,
        old.csca_key,
        now - timedelta(days=1),
        now + timedelta(days=365 * CSCA_YEARS),
        ca=True,
        hash_name=old.hash_name,
    )


def revocation_list(
    pki: TestPki, revoked: list[x509.Certificate], now: datetime
) -> x509.CertificateRevocationList:
    """A CRL of ``pki``'s CSCA listing ``revoked`` (document signers it issued)."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(pki.csca_certificate.subject)
        .last_update(now - timedelta(days=1))
        .next_update(now + timedelta(days=90))
    )
    for certificate in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(certificate.serial_number)
            .revocation_date(now - timedelta(hours=1))
            .build()
        )
    digest = sod.hash_algorithm(sod.OID_BY_HASH[pki.hash_name])
    if isinstance(pki.csca_key, rsa.RSAPrivateKey):
        pss = padding.PSS(padding.MGF1(digest), digest.digest_size)
        return builder.sign(pki.csca_key, digest, rsa_padding=pss)
    return builder.sign(pki.csca_key, digest)
