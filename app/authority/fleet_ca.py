"""The fleet CA in ``--tls-dir``: the service's certificate, kiosk certificates, revocation.

The first ``serve`` or ``init`` makes the CA (EC P-256) and the service's certificate;
``enrol`` issues a kiosk a client certificate whose common name is its kiosk id, and writes
``ca.pem``, ``kiosk.pem`` and ``kiosk.key.pem``; ``revoke`` marks the kiosk revoked in
``kiosks.json`` and reissues the CRL the service checks at the TLS handshake.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kiosk.errors import BadInputError, ConfigError

CA_CERT, CA_KEY = "ca.pem", "ca.key.pem"
SERVER_CERT, SERVER_KEY = "server.pem", "server.key.pem"
CRL_FILE, KIOSKS_FILE = "crl.pem", "kiosks.json"
KIOSK_CERT, KIOSK_KEY = "kiosk.pem", "kiosk.key.pem"
KIOSK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
CA_YEARS, LEAF_DAYS, CRL_DAYS = 10, 825, 3650


@dataclass(frozen=True)
class Enrolment:
    kiosk_id: str
    serial: int
    out_dir: Path


def _now() -> datetime:
    return datetime.now(UTC)


def _new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    data = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.touch(mode=0o600, exist_ok=True)
    os.chmod(path, 0o600)
    path.write_bytes(data)


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def ensure_ca(tls_dir: Path, hostnames: tuple[str, ...] = ()) -> None:
    """Make the CA, its empty CRL and the service's certificate when ``tls_dir`` has none."""
    tls_dir.mkdir(parents=True, exist_ok=True)
    if not (tls_dir / CA_CERT).is_file():
        key = _new_key()
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "NemID kiosk fleet CA")])
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(_now() - timedelta(minutes=5))
            .not_valid_after(_now() + timedelta(days=365 * CA_YEARS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .sign(key, hashes.SHA256())
        )
        _write_key(tls_dir / CA_KEY, key)
        _write_cert(tls_dir / CA_CERT, cert)
        (tls_dir / KIOSKS_FILE).write_text("{}\n", encoding="utf-8")
        write_crl(tls_dir)
    if not (tls_dir / SERVER_CERT).is_file():
        names = ("localhost", socket.gethostname(), "127.0.0.1", *hostnames)
        _issue(tls_dir, "authority", tls_dir / SERVER_CERT, tls_dir / SERVER_KEY, names)


def _load_ca(tls_dir: Path) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    try:
        cert = x509.load_pem_x509_certificate((tls_dir / CA_CERT).read_bytes())
        key = serialization.load_pem_private_key((tls_dir / CA_KEY).read_bytes(), None)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"no fleet CA in {tls_dir}: run 'kiosk authority init'") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ConfigError(f"{tls_dir / CA_KEY} is not the fleet CA's key")
    return cert, key


def _issue(
    tls_dir: Path, common_name: str, cert_path: Path, key_path: Path, server_names: tuple[str, ...]
) -> x509.Certificate:
    ca_cert, ca_key = _load_ca(tls_dir)
    key = _new_key()
    usage = ExtendedKeyUsageOID.SERVER_AUTH if server_names else ExtendedKeyUsageOID.CLIENT_AUTH
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - timedelta(minutes=5))
        .not_valid_after(_now() + timedelta(days=LEAF_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
    )
    if server_names:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(
                [_general_name(name) for name in dict.fromkeys(server_names)]
            ),
            critical=False,
        )
    cert = builder.sign(ca_key, hashes.SHA256())
    _write_key(key_path, key)
    _write_cert(cert_path, cert)
    return cert


def _general_name(name: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)


def enrol(tls_dir: Path, kiosk_id: str, out_dir: Path) -> Enrolment:
    """Issue ``kiosk_id`` a client certificate into ``out_dir``; a re-enrolment replaces the
    kiosk's earlier certificates (they are revoked)."""
    if not KIOSK_ID.match(kiosk_id):
        raise BadInputError(f"a kiosk id is letters, digits, '.', '_' and '-': {kiosk_id!r}")
    ensure_ca(tls_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cert = _issue(tls_dir, kiosk_id, out_dir / KIOSK_CERT, out_dir / KIOSK_KEY, ())
    (out_dir / CA_CERT).write_bytes((tls_dir / CA_CERT).read_bytes())
    kiosks = read_kiosks(tls_dir)
    entry = kiosks.get(kiosk_id, {})
    revoked = [*entry.get("revoked_serials", []), *([entry["serial"]] if "serial" in entry else [])]
    kiosks[kiosk_id] = {
        "serial": str(cert.serial_number),
        "enrolled_at": _now().isoformat(),
        "revoked": False,
        "revoked_serials": revoked,
    }
    _write_kiosks(tls_dir, kiosks)
    write_crl(tls_dir)
    return Enrolment(kiosk_id, cert.serial_number, out_dir)


def revoke(tls_dir: Path, kiosk_id: str) -> None:
    """Refuse ``kiosk_id`` from now on; raises BadInputError for a kiosk never enrolled."""
    kiosks = read_kiosks(tls_dir)
    if kiosk_id not in kiosks:
        raise BadInputError(f"no kiosk {kiosk_id!r} is enrolled in {tls_dir}")
    kiosks[kiosk_id]["revoked"] = True
    kiosks[kiosk_id]["revoked_at"] = _now().isoformat()
    _write_kiosks(tls_dir, kiosks)
    write_crl(tls_dir)


def read_kiosks(tls_dir: Path) -> dict[str, dict[str, object]]:
    try:
        raw = json.loads((tls_dir / KIOSKS_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{tls_dir / KIOSKS_FILE} cannot be read: {exc}") from exc
    return raw if isinstance(raw, dict) else {}


def _write_kiosks(tls_dir: Path, kiosks: dict[str, dict[str, object]]) -> None:
    temporary = tls_dir / (KIOSKS_FILE + ".tmp")
    temporary.write_text(json.dumps(kiosks, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    temporary.replace(tls_dir / KIOSKS_FILE)


def revoked_serials(kiosks: dict[str, dict[str, object]]) -> set[int]:
    serials: set[int] = set()
    for entry in kiosks.values():
        old = entry.get("revoked_serials", [])
        serials.update(int(str(s)) for s in (old if isinstance(old, list) else []))
        if entry.get("revoked") and "serial" in entry:
            serials.add(int(str(entry["serial"])))
    return serials


def write_crl(tls_dir: Path) -> None:
    """The CRL of every revoked kiosk certificate, signed by the CA."""
    ca_cert, ca_key = _load_ca(tls_dir)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_cert.subject)
        .last_update(_now() - timedelta(minutes=5))
        .next_update(_now() + timedelta(days=CRL_DAYS))
    )
    for serial in sorted(revoked_serials(read_kiosks(tls_dir))):
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(_now() - timedelta(minutes=1))
            .build()
        )
    crl = builder.sign(ca_key, hashes.SHA256())
    (tls_dir / CRL_FILE).write_bytes(crl.public_bytes(serialization.Encoding.PEM))


def peer_identity(der: bytes) -> tuple[str, int]:
    """(kiosk id, serial) of a client certificate the TLS handshake verified."""
    cert = x509.load_der_x509_certificate(der)
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return (str(names[0].value) if names else ""), cert.serial_number
