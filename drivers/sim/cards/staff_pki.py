"""A synthetic staff-card PKI for tests and the demo: a test CA that issues staff-card keys.

Keys are derived from a seed (SHA-256 of seed and label, reduced to a P-256 scalar), so two
processes built from the same seed agree on the CA without sharing files: the demo's card
emulator process and the kiosk that trusts its CA. Synthetic people and TEST in every name;
never a production key.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

# Order of the P-256 group (SEC 2, section 2.4.2).
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
DEMO_SEED = b"nemid-kiosk demo staff-card CA (TEST)"
VALID_FROM = datetime(2020, 1, 1, tzinfo=UTC)
VALID_UNTIL = datetime(2045, 1, 1, tzinfo=UTC)


def derive_key(seed: bytes, label: str) -> ec.EllipticCurvePrivateKey:
    """A P-256 private key determined by ``seed`` and ``label``."""
    digest = hashlib.sha256(seed + b"/" + label.encode("utf-8")).digest()
    scalar = int.from_bytes(digest, "big") % (P256_ORDER - 1) + 1
    return ec.derive_private_key(scalar, ec.SECP256R1())


@dataclass(frozen=True)
class IssuedCardKey:
    private_key: ec.EllipticCurvePrivateKey = field(repr=False)
    certificate: x509.Certificate


class StaffCardPki:
    """The staff-card CA of a test municipality; ``issue`` makes a card's key and certificate."""

    def __init__(self, seed: bytes = DEMO_SEED, name: str = "Eksempel Kommune") -> None:
        self.seed = seed
        self.ca_key = derive_key(seed, "ca")
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{name} staff-card CA TEST")])
        self.ca_certificate = (
            x509.CertificateBuilder()
            .subject_name(ca_name)
            .issuer_name(ca_name)
            .public_key(self.ca_key.public_key())
            .serial_number(_serial(seed, "ca"))
            .not_valid_before(VALID_FROM)
            .not_valid_after(VALID_UNTIL)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .sign(self.ca_key, hashes.SHA256())
        )

    def ca_pem(self) -> bytes:
        return self.ca_certificate.public_bytes(serialization.Encoding.PEM)

    def issue(
        self,
        staff_id: str,
        name: str,
        role: str,
        valid_until: datetime = VALID_UNTIL,
    ) -> IssuedCardKey:
        """A key and a certificate naming the holder (serialNumber, CN, title = role)."""
        key = derive_key(self.seed, f"card/{staff_id}")
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.SERIAL_NUMBER, staff_id),
                x509.NameAttribute(NameOID.COMMON_NAME, name),
                x509.NameAttribute(NameOID.TITLE, role),
            ]
        )
        certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.ca_certificate.subject)
            .public_key(key.public_key())
            .serial_number(_serial(self.seed, staff_id))
            .not_valid_before(VALID_FROM)
            .not_valid_after(valid_until)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(self.ca_key, hashes.SHA256())
        )
        return IssuedCardKey(key, certificate)


def _serial(seed: bytes, label: str) -> int:
    return int.from_bytes(hashlib.sha256(seed + b"#" + label.encode()).digest()[:16], "big") >> 1
