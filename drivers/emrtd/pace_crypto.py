"""The computations of PACE with generic mapping (ICAO 9303 part 11 sections 4.4 and 9.5,
BSI TR-03110 part 3 appendix A.3), shared by the terminal (:mod:`drivers.emrtd.pace`) and the
chip emulator: the protocol suites by OID, the password key Kpi, the mapped generator
G~ = s*G + H (ECDH) or g~ = g^s * h (DH), the public-key data object 7F49 and the
authentication tokens, and the session keys with an SSC of zero.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from drivers.emrtd import der, tlv
from drivers.emrtd.bac import SessionKeys
from drivers.emrtd.domain_params import Group
from drivers.emrtd.lds.card_access import ID_PACE
from drivers.emrtd.sm_cipher import (
    AES_128,
    AES_192,
    AES_256,
    COUNTER_ENC,
    COUNTER_MAC,
    COUNTER_PASSWORD,
    TDES_SUITE,
    SmCipher,
)
from kiosk.errors import BadInputError, ChipError

DH = "DH"
ECDH = "ECDH"
PASSWORD_MRZ = 1
PASSWORD_CAN = 2
CAN_LENGTH = 6
TAG_DYNAMIC_AUTH = 0x7C
TAG_ENCRYPTED_NONCE = 0x80
TAG_MAP_PCD, TAG_MAP_IC = 0x81, 0x82
TAG_EPHEMERAL_PCD, TAG_EPHEMERAL_IC = 0x83, 0x84
TAG_TOKEN_PCD, TAG_TOKEN_IC = 0x85, 0x86
TAG_PUBLIC_KEY = 0x7F49
TAG_DH_PUBLIC, TAG_EC_POINT = 0x84, 0x86
TAG_OID = 0x06


@dataclass(frozen=True)
class PaceSuite:
    """One PACE protocol: key agreement and cipher suite (generic mapping only)."""

    oid: str
    agreement: str
    cipher: SmCipher


_CIPHERS = {"1": TDES_SUITE, "2": AES_128, "3": AES_192, "4": AES_256}
PACE_SUITES: dict[str, PaceSuite] = {
    f"{ID_PACE}.{mapping}.{number}": PaceSuite(f"{ID_PACE}.{mapping}.{number}", agreement, cipher)
    for mapping, agreement in (("1", DH), ("2", ECDH))
    for number, cipher in _CIPHERS.items()
}


def suite_of(oid: str) -> PaceSuite:
    """The suite of a PACE OID; raises ChipError for integrated or chip-authentication mapping."""
    try:
        return PACE_SUITES[oid]
    except KeyError as exc:
        raise ChipError(f"PACE protocol {oid} is not supported (generic mapping only)") from exc


@dataclass(frozen=True)
class PacePassword:
    """The PACE password: the MRZ information (reference 1) or the 6-digit CAN (reference 2)."""

    reference: int
    secret: bytes  # K: SHA-1 of the MRZ information, or the CAN's digits

    @classmethod
    def from_mrz_information(cls, mrz_info: str) -> PacePassword:
        return cls(PASSWORD_MRZ, hashlib.sha1(mrz_info.encode("ascii")).digest())

    @classmethod
    def from_can(cls, can: str) -> PacePassword:
        """Raises BadInputError unless ``can`` is exactly six digits."""
        if len(can) != CAN_LENGTH or not can.isascii() or not can.isdigit():
            raise BadInputError("the card access number (CAN) is six digits")
        return cls(PASSWORD_CAN, can.encode("ascii"))


def password_key(suite: PaceSuite, password: PacePassword) -> bytes:
    """Kpi = KDF(K, 3), the key that encrypts the chip's nonce."""
    return suite.cipher.derive(password.secret, COUNTER_PASSWORD)


def mapped_generator(group: Group, nonce: bytes, shared: object) -> object:
    """Generic mapping: s*G + H for curves, g^s * h for DH."""
    mapped = group.combine(group.multiply(int.from_bytes(nonce, "big"), group.generator), shared)
    if mapped == group.generator:
        raise ChipError("the mapping gave the standard generator back")
    return mapped


def public_key_object(oid: str, suite: PaceSuite, encoded_key: bytes) -> bytes:
    """The public-key data object 7F49 { 06 OID, 86 point | 84 value } a token is computed over."""
    key_tag = TAG_EC_POINT if suite.agreement == ECDH else TAG_DH_PUBLIC
    body = tlv.encode(TAG_OID, der.oid(oid)[2:]) + tlv.encode(key_tag, encoded_key)
    return tlv.encode(TAG_PUBLIC_KEY, body)


def token(suite: PaceSuite, ks_mac: bytes, oid: str, peer_key: bytes) -> bytes:
    """The 8-byte authentication token: the MAC under KSmac of the peer's public-key object."""
    return suite.cipher.raw_mac(ks_mac, public_key_object(oid, suite, peer_key))


def session_keys(suite: PaceSuite, shared_secret: bytes) -> SessionKeys:
    """KSenc = KDF(K, 1), KSmac = KDF(K, 2), and an SSC of zero as long as the cipher block."""
    cipher = suite.cipher
    return SessionKeys(
        cipher.derive(shared_secret, COUNTER_ENC),
        cipher.derive(shared_secret, COUNTER_MAC),
        bytes(cipher.block),
        cipher,
    )


EMPTY_DYNAMIC_DATA = bytes((TAG_DYNAMIC_AUTH, 0))


def dynamic_data(tag: int, value: bytes) -> bytes:
    """The GENERAL AUTHENTICATE data field 7C { tag value }."""
    return tlv.encode(TAG_DYNAMIC_AUTH, tlv.encode(tag, value))


def dynamic_value(data: bytes, tag: int) -> bytes:
    """The value of ``tag`` inside a 7C template; raises ChipError when it is not there."""
    try:
        return tlv.require(tlv.unwrap(data, TAG_DYNAMIC_AUTH), tag)
    except ChipError as exc:
        raise ChipError(f"GENERAL AUTHENTICATE data lacks tag {tag:02X}: {exc}") from exc
