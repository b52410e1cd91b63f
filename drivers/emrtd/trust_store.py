"""The CSCA trust store for passive authentication (ICAO 9303 part 12 sections 5-9): country
signing CA certificates (self-signed, and link certificates a trusted CSCA signed for its next
key), CRLs, and ICAO/BSI master lists (CMS SignedData of OID 2.23.136.1.1.2 holding a SET of
CSCA certificates) from a folder; the look-up of the CSCA that issued a document signer and
whether a CRL of that CSCA revokes it.

A master list counts only when its signature verifies with the signer certificate it carries
and that signer chains to a CSCA in the list (or already trusted). EC keys with explicit domain
parameters work throughout (:mod:`drivers.emrtd.cert_keys`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509

from drivers.emrtd import der, tlv
from drivers.emrtd.cert_keys import crl_signed_by, public_key_of, signed_by
from drivers.emrtd.lds.sod import digest, parse_signed_data
from drivers.emrtd.signatures import verify_signature
from drivers.emrtd.tlv import TlvError
from kiosk.errors import ConfigError

OID_CSCA_MASTER_LIST = "2.23.136.1.1.2"
PEM_MARKER = b"-----BEGIN"
PEM_CRL_MARKER = b"-----BEGIN X509 CRL"
MASTER_LIST_SUFFIXES = (".ml",)
CRL_SUFFIXES = (".crl",)
CERTIFICATE_SUFFIXES = (".pem", ".crt", ".cer", ".der", *MASTER_LIST_SUFFIXES)


@dataclass(frozen=True)
class TrustStore:
    certificates: tuple[x509.Certificate, ...]
    crls: tuple[x509.CertificateRevocationList, ...] = ()

    def issuer_of(self, certificate: x509.Certificate) -> x509.Certificate | None:
        """The trusted CSCA (or link certificate) whose name and key issued ``certificate``."""
        return next((c for c in self.certificates if signed_by(certificate, c)), None)

    def revoked(self, certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
        """Whether a CRL that ``issuer`` signed lists ``certificate``'s serial number."""
        serial = certificate.serial_number
        return any(
            crl_signed_by(crl, issuer) and crl.get_revoked_certificate_by_serial_number(serial)
            for crl in self.crls
        )

    def countries(self) -> frozenset[str]:
        """The countries (C= of the subject) the store holds a CSCA for."""
        return frozenset(country_of(c) for c in self.certificates)

    @classmethod
    def of(
        cls,
        certificates: Iterable[x509.Certificate],
        crls: Iterable[x509.CertificateRevocationList] = (),
    ) -> TrustStore:
        return cls(tuple(certificates), tuple(crls))


def country_of(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(x509.NameOID.COUNTRY_NAME)
    return str(names[0].value).upper() if names else ""


def load_master_list(
    data: bytes, anchors: Iterable[x509.Certificate] = ()
) -> list[x509.Certificate]:
    """The CSCA certificates of an ICAO master list; raises ConfigError when it does not verify
    or its signer chains to none of its own CSCAs (nor to ``anchors``)."""
    try:
        econtent, carried, signer = parse_signed_data(data, OID_CSCA_MASTER_LIST)
        cert_list = der.expect(econtent, der.SEQUENCE)[1][1]
        certificates = [
            x509.load_der_x509_certificate(tlv.encode(tag, value))
            for tag, value in tlv.children(cert_list)
        ]
        signers = [x509.load_der_x509_certificate(c) for c in carried]
    except (TlvError, IndexError, ValueError) as exc:
        raise ConfigError(f"not an ICAO CSCA master list: {exc}") from exc
    if digest(signer.digest_algorithm, econtent) != signer.message_digest:
        raise ConfigError("the master list's message digest does not match its content")
    verified = [
        s
        for s in signers
        if (key := public_key_of(s)) is not None
        and verify_signature(
            key,
            signer.signature_algorithm,
            signer.digest_algorithm,
            signer.signature,
            signer.signed_attributes,
        )
    ]
    if not verified:
        raise ConfigError("the master list's signature does not verify")
    roots = [*certificates, *anchors]
    if not any(signed_by(s, root) for s in verified for root in roots):
        raise ConfigError("the master list's signer was issued by none of its CSCAs")
    return certificates


def load_crl(data: bytes) -> x509.CertificateRevocationList:
    """A CRL from PEM or DER; raises ConfigError."""
    try:
        if data.lstrip().startswith(PEM_CRL_MARKER):
            return x509.load_pem_x509_crl(data)
        return x509.load_der_x509_crl(data)
    except ValueError as exc:
        raise ConfigError(f"not a certificate revocation list: {exc}") from exc


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """Certificates from PEM (one or more) or DER; raises ConfigError."""
    try:
        if data.lstrip().startswith(PEM_MARKER):
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise ConfigError(f"not a certificate: {exc}") from exc


def _load_file(path: Path) -> list[x509.Certificate]:
    data = path.read_bytes()
    try:
        if path.suffix.lower() in MASTER_LIST_SUFFIXES:
            return load_master_list(data)
        return load_certificates(data)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def load_trust_store(folder: Path | str) -> TrustStore:
    """Every certificate, master list and CRL in ``folder``; raises ConfigError naming a bad
    file."""
    root = Path(folder)
    if not root.is_dir():
        raise ConfigError(f"trust store {root} is not a folder")
    certificates: list[x509.Certificate] = []
    crls: list[x509.CertificateRevocationList] = []
    for path in sorted(root.iterdir()):
        if not path.is_file():
            continue
        suffix = path.suffix.lower()
        if suffix in CERTIFICATE_SUFFIXES:
            certificates.extend(_load_file(path))
        elif suffix in CRL_SUFFIXES:
            try:
                crls.append(load_crl(path.read_bytes()))
            except ConfigError as exc:
                raise ConfigError(f"{path}: {exc}") from exc
    return TrustStore(tuple(certificates), tuple(crls))
