"""The CSCA trust store for passive authentication (ICAO 9303 part 12 sections 5 and 9): country
signing CA certificates from a folder (PEM, DER, or ICAO CSCA master lists, the CMS SignedData
of OID 2.23.136.1.1.2), and the look-up of the CSCA that issued a document signer.

A master list's own signature is checked against the signer certificate it carries; whoever
installs a master list must still trust its publisher, as ICAO part 12 section 9 says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature

from drivers.emrtd import der, tlv
from drivers.emrtd.lds.sod import digest, parse_signed_data
from drivers.emrtd.signatures import verify_signature
from drivers.emrtd.tlv import TlvError
from kiosk.errors import ConfigError

OID_CSCA_MASTER_LIST = "2.23.136.1.1.2"
PEM_MARKER = b"-----BEGIN"
MASTER_LIST_SUFFIXES = (".ml",)
CERTIFICATE_SUFFIXES = (".pem", ".crt", ".cer", ".der", *MASTER_LIST_SUFFIXES)


@dataclass(frozen=True)
class TrustStore:
    certificates: tuple[x509.Certificate, ...]

    def issuer_of(self, certificate: x509.Certificate) -> x509.Certificate | None:
        """The trusted CSCA whose name and key issued ``certificate``, or None."""
        for candidate in self.certificates:
            if candidate.subject != certificate.issuer:
                continue
            try:
                certificate.verify_directly_issued_by(candidate)
            except (ValueError, TypeError, InvalidSignature):
                continue
            return candidate
        return None

    @classmethod
    def of(cls, certificates: Iterable[x509.Certificate]) -> TrustStore:
        return cls(tuple(certificates))


def load_master_list(data: bytes) -> list[x509.Certificate]:
    """The CSCA certificates of an ICAO master list; raises ConfigError when it does not verify."""
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
    if not any(
        verify_signature(
            s.public_key(),
            signer.signature_algorithm,
            signer.digest_algorithm,
            signer.signature,
            signer.signed_attributes,
        )
        for s in signers
    ):
        raise ConfigError("the master list's signature does not verify")
    return certificates


def _load_file(path: Path) -> list[x509.Certificate]:
    data = path.read_bytes()
    try:
        if path.suffix.lower() in MASTER_LIST_SUFFIXES:
            return load_master_list(data)
        if data.lstrip().startswith(PEM_MARKER):
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise ConfigError(f"{path}: not a certificate: {exc}") from exc


def load_trust_store(folder: Path | str) -> TrustStore:
    """Every certificate and master list in ``folder``; raises ConfigError naming a bad file."""
    root = Path(folder)
    if not root.is_dir():
        raise ConfigError(f"trust store {root} is not a folder")
    certificates: list[x509.Certificate] = []
    for path in sorted(root.iterdir()):
        if path.is_file() and path.suffix.lower() in CERTIFICATE_SUFFIXES:
            certificates.extend(_load_file(path))
    return TrustStore(tuple(certificates))
