"""The staff-card protocol: SELECT, GET DATA, VERIFY PIN and INTERNAL AUTHENTICATE, verified.

The card (ISO 7816-4 commands, proprietary application ``security.staff_card_aid``) holds the
staff id, name and role, an X.509 certificate issued by the municipality's staff-card CA, and
the matching ECDSA P-256 private key. After the PIN is verified (VERIFY, P2 = 0x80; 63Cx counts
the tries left, 6983 means blocked after 5 wrong PINs) the card signs a fresh 32-byte kiosk
challenge (INTERNAL AUTHENTICATE; ECDSA with SHA-256, DER signature). The kiosk trusts the card
only when the certificate chains to a trusted CA, is valid today, names the same staff id, name
and role the card reports, and its key verifies the signature over the challenge. Pure code: it
talks to the card through an ApduTransport and does no other I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from drivers.iso7816.apdu import (
    EXTENDED_MAX,
    SW,
    Cla,
    CommandApdu,
    Ins,
    ResponseApdu,
    select_aid,
    split_word,
    tries_left_of,
)
from drivers.iso7816.transport import ApduTransport, exchange
from kiosk.errors import PinBlocked, StaffCardError, WrongPin
from kiosk.ports import StaffIdentity

STAFF_ID_TAG = 0xDF01
NAME_TAG = 0x5F20  # cardholder name (ISO 7816-6)
ROLE_TAG = 0xDF02
CERTIFICATE_TAG = 0xDF03
NO_PARAMETER = 0x00  # P1 of VERIFY and INTERNAL AUTHENTICATE
PIN_REFERENCE = 0x80  # P2 of VERIFY: the cardholder PIN
SIGNING_KEY_REFERENCE = 0x01  # P2 of INTERNAL AUTHENTICATE
CHALLENGE_BYTES = 32
PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8
MAX_PIN_TRIES = 5
ROLES = ("staff", "technician")
ALL_BYTES_LE = EXTENDED_MAX  # extended Le: the certificate is longer than a short APDU carries


@dataclass(frozen=True)
class StaffCardData:
    """What the card says about its holder, before it is verified."""

    staff_id: str
    name: str
    role: str
    certificate: bytes = field(repr=False)


def get_data_command(tag: int) -> CommandApdu:
    return CommandApdu(Cla.PLAIN, Ins.GET_DATA, *split_word(tag), le=ALL_BYTES_LE)


def verify_pin_command(pin: str) -> CommandApdu:
    return CommandApdu(Cla.PLAIN, Ins.VERIFY, NO_PARAMETER, PIN_REFERENCE, pin.encode("ascii"))


def internal_authenticate_command(challenge: bytes) -> CommandApdu:
    return CommandApdu(
        Cla.PLAIN,
        Ins.INTERNAL_AUTHENTICATE,
        NO_PARAMETER,
        SIGNING_KEY_REFERENCE,
        challenge,
        ALL_BYTES_LE,
    )


def check_pin_format(pin: str) -> None:
    """Refuse a PIN that is not 4-8 ASCII digits before it costs the holder a try."""
    if not (pin.isascii() and pin.isdigit() and PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS):
        raise StaffCardError(
            f"a PIN is {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits", code="pin_format_invalid"
        )


def _expect_ok(response: ResponseApdu, doing: str) -> bytes:
    if not response.ok:
        raise StaffCardError(f"card refused to {doing}: SW {response.sw:04X}")
    return response.data


def select_staff_application(transport: ApduTransport, aid: bytes) -> None:
    response = exchange(transport, select_aid(aid))
    if not response.ok:
        raise StaffCardError(
            f"not a staff card (SELECT answered {response.sw:04X})", code="not_a_staff_card"
        )


def read_card_data(transport: ApduTransport) -> StaffCardData:
    """GET DATA of the staff id, name, role and certificate. Raises StaffCardError."""
    values = {}
    for tag in (STAFF_ID_TAG, NAME_TAG, ROLE_TAG):
        raw = _expect_ok(exchange(transport, get_data_command(tag)), f"give data {tag:04X}")
        try:
            values[tag] = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StaffCardError(f"card data {tag:04X} is not text") from exc
    certificate = _expect_ok(exchange(transport, get_data_command(CERTIFICATE_TAG)), "give cert")
    return StaffCardData(values[STAFF_ID_TAG], values[NAME_TAG], values[ROLE_TAG], certificate)


def verify_pin(transport: ApduTransport, pin: str) -> None:
    """VERIFY the PIN. Raises WrongPin(tries_left), PinBlocked or StaffCardError."""
    check_pin_format(pin)
    response = exchange(transport, verify_pin_command(pin))
    if response.ok:
        return
    if response.sw == SW.AUTHENTICATION_METHOD_BLOCKED:
        raise PinBlocked("the staff card's PIN is blocked")
    tries_left = tries_left_of(response.sw)
    if tries_left == 0:
        raise PinBlocked("wrong PIN; the staff card's PIN is now blocked")
    if tries_left is not None:
        raise WrongPin(tries_left)
    raise StaffCardError(f"card refused the PIN check: SW {response.sw:04X}")


def sign_challenge(transport: ApduTransport, challenge: bytes) -> bytes:
    """INTERNAL AUTHENTICATE: the card's DER ECDSA signature over ``challenge`` (32 bytes)."""
    response = exchange(transport, internal_authenticate_command(challenge))
    return _expect_ok(response, "sign the challenge")


def verify_card(
    data: StaffCardData,
    challenge: bytes,
    signature: bytes,
    trusted_cas: Sequence[x509.Certificate],
    now: datetime,
) -> StaffIdentity:
    """Check certificate, data and signature as the module docstring says. Raises StaffCardError."""
    try:
        certificate = x509.load_der_x509_certificate(data.certificate)
    except ValueError as exc:
        raise StaffCardError("card certificate is unreadable", code="staff_card_untrusted") from exc
    if not any(_issued_by(certificate, ca) for ca in trusted_cas):
        raise StaffCardError(
            "card certificate is not from a trusted CA", code="staff_card_untrusted"
        )
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        raise StaffCardError("card certificate is not valid today", code="staff_card_expired")
    subject = certificate.subject
    claimed = (
        _attribute(subject, NameOID.SERIAL_NUMBER),
        _attribute(subject, NameOID.COMMON_NAME),
        _attribute(subject, NameOID.TITLE),
    )
    if claimed != (data.staff_id, data.name, data.role) or data.role not in ROLES:
        raise StaffCardError("card data differs from its certificate", code="staff_card_untrusted")
    public_key = certificate.public_key()
    if not isinstance(public_key, ec.EllipticCurvePublicKey):
        raise StaffCardError("card key is not an EC key", code="staff_card_untrusted")
    try:
        public_key.verify(signature, challenge, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise StaffCardError(
            "card failed the challenge-response", code="staff_card_signature_invalid"
        ) from exc
    return StaffIdentity(staff_id=data.staff_id, name=data.name, role=data.role)


def _issued_by(certificate: x509.Certificate, ca: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""
