"""Passive authentication (ICAO 9303 part 11 section 5.1 and part 12 section 4): check EF.SOD's
signature with the document signer certificate it carries (EC keys with explicit parameters
included), every read data group's hash against the LDSSecurityObject, and the document signer
against the trusted CSCAs (and link certificates), their CRLs and the date.

The result is a verdict and the list of checks that ran; the caller decides what a verdict
means for the citizen. Verdicts: ``valid``, ``invalid:<check>`` naming the first check that
failed, or ``unknown_issuer`` when everything verifies but no trusted CSCA issued the signer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm

from drivers.emrtd.cert_keys import public_key_of
from drivers.emrtd.lds.sod import OID_LDS_SECURITY_OBJECT, SodFile, digest
from drivers.emrtd.signatures import verify_signature
from drivers.emrtd.trust_store import TrustStore

VALID = "valid"
UNKNOWN_ISSUER = "unknown_issuer"
INVALID_PREFIX = "invalid:"
CHECK_SIGNER_CERTIFICATE = "signer_certificate"
CHECK_CONTENT_TYPE = "content_type"
CHECK_MESSAGE_DIGEST = "message_digest"
CHECK_SIGNATURE = "signature"
CHECK_SIGNER_VALIDITY = "signer_validity"
CHECK_ISSUER = "issuer"
CHECK_NOT_REVOKED = "not_revoked"


@dataclass(frozen=True)
class PassiveAuthResult:
    verdict: str
    checks: tuple[tuple[str, bool], ...]  # (check name, passed) in the order they ran
    signer: str = ""  # the document signer's subject, for the audit

    @property
    def valid(self) -> bool:
        return self.verdict == VALID

    @property
    def failed_check(self) -> str:
        return self.verdict.removeprefix(INVALID_PREFIX) if self.verdict != VALID else ""


def _signer_certificate(sod: SodFile) -> x509.Certificate | None:
    for der_bytes in sod.certificates:
        try:
            certificate = x509.load_der_x509_certificate(der_bytes)
            # Parts are parsed lazily; a key or name that does not load makes no usable signer.
            if public_key_of(certificate) is None:
                continue
            certificate.subject.rfc4514_string()
            _validity = (certificate.not_valid_before_utc, certificate.not_valid_after_utc)
            if (
                certificate.serial_number == sod.signer.serial_number
                and certificate.issuer.public_bytes() == sod.signer.issuer
            ):
                return certificate
        except (ValueError, TypeError, UnsupportedAlgorithm, x509.InvalidVersion):
            continue
    return None


def verify_passive(
    sod: SodFile, data_groups: dict[int, bytes], trust: TrustStore, now: datetime
) -> PassiveAuthResult:
    """Run every check over EF.SOD and the data groups read (number -> whole file bytes)."""
    checks: list[tuple[str, bool]] = []
    signer = _signer_certificate(sod)
    checks.append((CHECK_SIGNER_CERTIFICATE, signer is not None))
    if signer is None:
        return PassiveAuthResult(INVALID_PREFIX + CHECK_SIGNER_CERTIFICATE, tuple(checks))
    info = sod.signer
    checks.append((CHECK_CONTENT_TYPE, info.content_type == OID_LDS_SECURITY_OBJECT))
    checks.append(
        (CHECK_MESSAGE_DIGEST, digest(info.digest_algorithm, sod.econtent) == info.message_digest)
    )
    checks.append(
        (
            CHECK_SIGNATURE,
            verify_signature(
                public_key_of(signer),
                info.signature_algorithm,
                info.digest_algorithm,
                info.signature,
                info.signed_attributes,
            ),
        )
    )
    for number, content in sorted(data_groups.items()):
        expected = sod.data_group_hashes.get(number)
        checks.append((f"dg{number}_hash", expected == digest(sod.hash_algorithm, content)))
    valid_from, valid_to = signer.not_valid_before_utc, signer.not_valid_after_utc
    checks.append((CHECK_SIGNER_VALIDITY, valid_from <= now <= valid_to))
    issuer = trust.issuer_of(signer)
    checks.append((CHECK_ISSUER, issuer is not None))
    if issuer is not None:
        checks.append((CHECK_NOT_REVOKED, not trust.revoked(signer, issuer)))
    subject = signer.subject.rfc4514_string()
    failed = next((name for name, passed in checks if not passed), None)
    if failed is None:
        verdict = VALID
    elif failed == CHECK_ISSUER:
        verdict = UNKNOWN_ISSUER
    else:
        verdict = INVALID_PREFIX + failed
    return PassiveAuthResult(verdict, tuple(checks), subject)
