"""A test PKI for synthetic eMRTDs (ICAO 9303 part 12: CSCA -> document signer -> EF.SOD), made
with ``cryptography`` at run time so no private key is ever committed.

:func:`make_test_pki` creates a country signing CA and a document signer (optionally already
expired, or issued by a foreign CSCA for the fault cases); :func:`sign_sod` hashes data groups
into an LDSSecurityObject and signs it as EF.SOD. Synthetic data only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from drivers.emrtd import der
from drivers.emrtd.lds import sod
from drivers.emrtd.signatures import ECDSA_OID_BY_HASH
from drivers.emrtd.trust_store import OID_CSCA_MASTER_LIST

CSCA_YEARS = 15
SIGNER_YEARS = 11
EXPIRED_SIGNER_DAYS = 30
MASTER_LIST_VERSION = 0


@dataclass(frozen=True)
class TestPki:
    __test__ = False  # not a pytest class

    csca_key: ec.EllipticCurvePrivateKey
    csca_certificate: x509.Certificate
    signer_key: ec.EllipticCurvePrivateKey
    signer_certificate: x509.Certificate


def _name(country: str, common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, country),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "NemID kiosk test PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(
    subject: x509.Name,
    key: ec.EllipticCurvePrivateKey,
    issuer: x509.Name,
    issuer_key: ec.EllipticCurvePrivateKey,
    not_before: datetime,
    not_after: datetime,
    *,
    ca: bool,
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
    return builder.sign(issuer_key, hashes.SHA256())


def make_test_pki(
    now: datetime, country: str = "DK", *, signer_expired: bool = False, label: str = "Test"
) -> TestPki:
    """A CSCA valid around ``now`` and a document signer it issued (expired when asked)."""
    csca_key = ec.generate_private_key(ec.SECP256R1())
    csca_name = _name(country, f"{label} CSCA {country}")
    csca = _certificate(
        csca_name,
        csca_key,
        csca_name,
        csca_key,
        now - timedelta(days=365),
        now + timedelta(days=365 * CSCA_YEARS),
        ca=True,
    )
    signer_key = ec.generate_private_key(ec.SECP256R1())
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
    )
    return TestPki(csca_key, csca, signer_key, signer)


def _signed(pki: TestPki, econtent_type: str, econtent: bytes, hash_name: str) -> bytes:
    hash_oid = sod.OID_BY_HASH[hash_name]
    attributes = sod.encode_signed_attributes(econtent_type, sod.digest(hash_oid, econtent))
    signature = pki.signer_key.sign(attributes, ec.ECDSA(sod.hash_algorithm(hash_oid)))
    certificate = pki.signer_certificate
    return sod.encode_signed_data(
        econtent_type,
        econtent,
        hash_oid,
        attributes,
        der.algorithm_identifier(ECDSA_OID_BY_HASH[hash_name]),
        signature,
        certificate.public_bytes(Encoding.DER),
        certificate.issuer.public_bytes(),
        certificate.serial_number,
    )


def sign_sod(pki: TestPki, data_groups: dict[int, bytes], hash_name: str = "sha256") -> bytes:
    """EF.SOD over ``data_groups`` (number -> whole file bytes), signed by the document signer."""
    hash_oid = sod.OID_BY_HASH[hash_name]
    econtent = sod.encode_lds_security_object(
        hash_oid, {number: sod.digest(hash_oid, data) for number, data in data_groups.items()}
    )
    return sod.encode_sod(_signed(pki, sod.OID_LDS_SECURITY_OBJECT, econtent, hash_name))


def sign_master_list(pki: TestPki, cscas: list[x509.Certificate]) -> bytes:
    """An ICAO CSCA master list of ``cscas``, signed by the PKI's signer (as master-list signer)."""
    cert_list = der.set_of(*(c.public_bytes(Encoding.DER) for c in cscas))
    econtent = der.sequence(der.integer(MASTER_LIST_VERSION), cert_list)
    return _signed(pki, OID_CSCA_MASTER_LIST, econtent, "sha256")
