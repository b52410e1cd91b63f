"""The CSCA trust store as the field runs it, for ``kiosk trust``: import an ICAO/BSI master list
(its CMS signature checked, its signer chained to one of its CSCAs or to one already trusted), a
single CSCA certificate (self-signed, or a link certificate a trusted CSCA signed) or a CRL
(signed by a trusted CSCA) into the folder ``security.trust_store`` names, and list what the
folder holds. Each certificate is stored once, as DER, named for its country and fingerprint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding

from drivers.emrtd.cert_keys import crl_signed_by, key_description, signed_by
from drivers.emrtd.lds.sod import parse_signed_data
from drivers.emrtd.tlv import TlvError
from drivers.emrtd.trust_store import (
    OID_CSCA_MASTER_LIST,
    PEM_CRL_MARKER,
    PEM_MARKER,
    TrustStore,
    country_of,
    load_certificates,
    load_crl,
    load_master_list,
    load_trust_store,
)
from kiosk.config import KioskConfig
from kiosk.errors import BadInputError, ConfigError
from kiosk.i18n import gettext

FINGERPRINT_CHARS = 16
MASTER_LIST, CERTIFICATE, CRL = "master_list", "certificate", "crl"


@dataclass(frozen=True)
class ImportResult:
    kind: str  # master_list | certificate | crl
    added: tuple[str, ...]  # file names written
    already_present: int


@dataclass(frozen=True)
class TrustEntry:
    kind: str  # csca | link | crl
    country: str
    subject: str
    serial: str
    valid_until: str
    key: str
    file: str


def trust_folder(config: KioskConfig, language: str) -> Path:
    """The configured trust store folder; BadInputError when the config names none."""
    if not config.security.trust_store:
        raise BadInputError(gettext(language, "trust.cli.no_store"))
    return Path(config.security.trust_store)


def _fingerprint(data: bytes) -> str:
    hasher = hashes.Hash(hashes.SHA256())
    hasher.update(data)
    return hasher.finalize().hex()[:FINGERPRINT_CHARS]


def _current(folder: Path) -> TrustStore:
    return load_trust_store(folder) if folder.is_dir() else TrustStore(())


def _write(folder: Path, name: str, data: bytes) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if target.exists():
        return False
    target.write_bytes(data)
    return True


def _certificate_name(certificate: x509.Certificate) -> str:
    kind = "csca" if certificate.issuer == certificate.subject else "link"
    der = certificate.public_bytes(Encoding.DER)
    return f"{kind}-{country_of(certificate) or 'XX'}-{_fingerprint(der)}.der"


def _store_certificates(
    folder: Path, certificates: list[x509.Certificate]
) -> tuple[list[str], int]:
    added, present = [], 0
    for certificate in certificates:
        name = _certificate_name(certificate)
        if _write(folder, name, certificate.public_bytes(Encoding.DER)):
            added.append(name)
        else:
            present += 1
    return added, present


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return bool(certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _import_certificate(
    certificate: x509.Certificate, store: TrustStore, folder: Path, language: str
) -> ImportResult:
    if not _is_ca(certificate):
        raise BadInputError(gettext(language, "trust.cli.not_ca"))
    if certificate.issuer == certificate.subject:
        if not signed_by(certificate, certificate):
            raise BadInputError(gettext(language, "trust.cli.bad_signature"))
    elif store.issuer_of(certificate) is None:
        raise BadInputError(gettext(language, "trust.cli.link_untrusted"))
    added, present = _store_certificates(folder, [certificate])
    return ImportResult(CERTIFICATE, tuple(added), present)


def _import_crl(
    crl: x509.CertificateRevocationList, store: TrustStore, folder: Path, language: str
) -> ImportResult:
    issuer = next((c for c in store.certificates if crl_signed_by(crl, c)), None)
    if issuer is None:
        raise BadInputError(gettext(language, "trust.cli.crl_untrusted"))
    der = crl.public_bytes(Encoding.DER)
    name = f"crl-{country_of(issuer) or 'XX'}-{_fingerprint(der)}.crl"
    written = _write(folder, name, der)
    return ImportResult(CRL, (name,) if written else (), 0 if written else 1)


def _is_master_list(data: bytes) -> bool:
    try:
        parse_signed_data(data, OID_CSCA_MASTER_LIST)
    except (TlvError, IndexError, ValueError):
        return False
    return True


def import_file(path: Path, folder: Path, language: str) -> ImportResult:
    """Import a master list, a CSCA or link certificate, or a CRL into ``folder``.

    Raises BadInputError (in ``language``) for an unreadable file, a file that is none of these,
    a signature that does not verify or a link certificate or CRL no trusted CSCA signed.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInputError(gettext(language, "trust.cli.unreadable", path=path)) from exc
    store = _current(folder)
    try:
        if data.lstrip().startswith(PEM_CRL_MARKER):
            return _import_crl(load_crl(data), store, folder, language)
        if data.lstrip().startswith(PEM_MARKER):
            certificates = load_certificates(data)
            if len(certificates) != 1:
                raise BadInputError(gettext(language, "trust.cli.one_certificate"))
            return _import_certificate(certificates[0], store, folder, language)
        if _is_master_list(data):
            cscas = load_master_list(data, store.certificates)
            added, present = _store_certificates(folder, cscas)
            return ImportResult(MASTER_LIST, tuple(added), present)
        for loader in (load_certificates, load_crl):
            try:
                loaded = loader(data)
            except ConfigError:
                continue
            if isinstance(loaded, x509.CertificateRevocationList):
                return _import_crl(loaded, store, folder, language)
            return _import_certificate(loaded[0], store, folder, language)
    except ConfigError as exc:
        raise BadInputError(gettext(language, "trust.cli.rejected", reason=str(exc))) from exc
    raise BadInputError(gettext(language, "trust.cli.not_recognised"))


def _entry(certificate: x509.Certificate, file: str) -> TrustEntry:
    return TrustEntry(
        "csca" if certificate.issuer == certificate.subject else "link",
        country_of(certificate),
        certificate.subject.rfc4514_string(),
        format(certificate.serial_number, "x"),
        certificate.not_valid_after_utc.date().isoformat(),
        key_description(certificate),
        file,
    )


def list_store(folder: Path) -> list[TrustEntry]:
    """What the trust store folder holds, certificates first, then CRLs; raises ConfigError."""
    if not folder.is_dir():
        return []
    entries: list[TrustEntry] = []
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        if path.suffix.lower() == ".crl":
            crl = load_crl(path.read_bytes())
            revoked = sum(1 for _ in crl)
            issuer_country = crl.issuer.get_attributes_for_oid(x509.NameOID.COUNTRY_NAME)
            country = str(issuer_country[0].value) if issuer_country else ""
            next_update = crl.next_update_utc
            until = next_update.date().isoformat() if isinstance(next_update, datetime) else ""
            subject = crl.issuer.rfc4514_string()
            entry = TrustEntry("crl", country, subject, f"{revoked} revoked", until, "", path.name)
            entries.append(entry)
            continue
        entries.extend(_entry(c, path.name) for c in load_trust_store_file(path))
    kinds = {"csca": 0, "link": 1, "crl": 2}
    return sorted(entries, key=lambda e: (kinds[e.kind], e.country, e.subject))


def load_trust_store_file(path: Path) -> list[x509.Certificate]:
    """The certificates of one trust-store file (certificate or master list); [] for others."""
    from drivers.emrtd.trust_store import CERTIFICATE_SUFFIXES, MASTER_LIST_SUFFIXES

    suffix = path.suffix.lower()
    if suffix in MASTER_LIST_SUFFIXES:
        return load_master_list(path.read_bytes())
    if suffix in CERTIFICATE_SUFFIXES:
        return load_certificates(path.read_bytes())
    return []
