"""Chip authentication (ICAO 9303 part 11 section 6.2, BSI TR-03110 part 3 section 3.4), the
terminal's side: an ephemeral key agreed with the chip's static key from DG14 (ECDH or DH),
then secure messaging restarts under keys only the genuine chip can derive. A cloned chip,
which lacks the private key, breaks the next protected exchange.

3DES suites send the ephemeral key in MSE:Set KAT; AES suites use MSE:Set AT and GENERAL
AUTHENTICATE. Both go under the current secure messaging; the chip answers under the old keys,
then both sides switch with an SSC of zero. Randomness is injected.
"""

from __future__ import annotations

from collections.abc import Callable

from asn1crypto import keys as asn1_keys
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from drivers.emrtd import der, tlv
from drivers.emrtd.bac import SessionKeys
from drivers.emrtd.domain_params import DhGroup, Group, private_key
from drivers.emrtd.ec_params import ec_group, ec_public_key
from drivers.emrtd.lds.dg14 import (
    ID_CA,
    ID_PK,
    ChipAuthenticationInfo,
    ChipAuthenticationPublicKey,
    SecurityInfos,
)
from drivers.emrtd.sm_cipher import (
    AES_128,
    AES_192,
    AES_256,
    COUNTER_ENC,
    COUNTER_MAC,
    TDES_SUITE,
    SmCipher,
)
from drivers.iso7816.apdu import SHORT_MAX, SW, Cla, CommandApdu, Ins
from kiosk.errors import ChipError

VALID = "valid"
INVALID = "invalid"  # the chip could not continue under the agreed keys: a clone
FAILED = "failed"  # the chip refused the protocol
NOT_SUPPORTED = "not_supported"
NOT_RUN = "not_run"
ID_CA_DH, ID_CA_ECDH = f"{ID_CA}.1", f"{ID_CA}.2"
ID_PK_DH, ID_PK_ECDH = f"{ID_PK}.1", f"{ID_PK}.2"
CIPHERS: dict[str, SmCipher] = {"1": TDES_SUITE, "2": AES_128, "3": AES_192, "4": AES_256}
MSE_SET_P1 = 0x41  # MANAGE SECURITY ENVIRONMENT: set, for computation
KAT_P2, AT_P2 = 0xA6, 0xA4
TAG_EPHEMERAL_KEY = 0x91
TAG_PROTOCOL = 0x80
TAG_KEY_ID = 0x84
TAG_DYNAMIC = 0x7C
TAG_DYNAMIC_EPHEMERAL = 0x80
Send = Callable[[CommandApdu], tuple[bytes, int]]


def cipher_of(protocol: str) -> SmCipher:
    """The secure-messaging cipher an id-CA OID names; raises ChipError for an unknown one."""
    family, _, number = protocol.rpartition(".")
    if family not in (ID_CA_DH, ID_CA_ECDH) or number not in CIPHERS:
        raise ChipError(f"chip authentication protocol {protocol} is not supported")
    return CIPHERS[number]


def _agreement(protocol: str) -> str:
    return "ECDH" if protocol.startswith((ID_CA_ECDH, ID_PK_ECDH)) else "DH"


def _family(key_protocol: str) -> str:
    return ID_CA_ECDH if _agreement(key_protocol) == "ECDH" else ID_CA_DH


def choose(
    infos: SecurityInfos,
) -> tuple[ChipAuthenticationInfo, ChipAuthenticationPublicKey] | None:
    """The CA info and the public key it goes with; None when DG14 offers no usable pair. A key
    without a CA info implies the 3DES protocol of its kind (ICAO 9303 part 11 section 9.2.5)."""
    offered = list(infos.ca_infos)
    if not offered:
        offered = [
            ChipAuthenticationInfo(f"{_family(key.protocol)}.1", 1, key.key_id)
            for key in infos.ca_keys
        ]
    for info in offered:
        try:
            cipher_of(info.protocol)
        except ChipError:
            continue
        for key in infos.ca_keys:
            same_kind = _agreement(key.protocol) == _agreement(info.protocol)
            if same_kind and (info.key_id is None or key.key_id in (None, info.key_id)):
                return info, key
    return None


def chip_key(key: ChipAuthenticationPublicKey) -> tuple[Group, object]:
    """The group and the chip's static public key; raises ChipError when it does not parse."""
    if _agreement(key.protocol) == "ECDH":
        public = ec_public_key(key.spki)
        group = ec_group(public.curve.name.lower())
        point = public.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        return group, group.decode(point)
    try:
        info = asn1_keys.PublicKeyInfo.load(key.spki)
        params = info["algorithm"]["parameters"]
        group = DhGroup("DH", params["p"].native, params["g"].native, params["q"].native)
        return group, group.decode(info["public_key"].native.to_bytes(group.size, "big"))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ChipError(f"the chip authentication DH key does not parse: {exc}") from exc


def _key_id(info: ChipAuthenticationInfo) -> bytes:
    if info.key_id is None:
        return b""
    return tlv.encode(TAG_KEY_ID, der.integer(info.key_id)[2:])


def commands_for(info: ChipAuthenticationInfo, ephemeral: bytes) -> list[CommandApdu]:
    """The APDUs (before secure messaging wraps them) that hand the chip our ephemeral key."""
    mse = Ins.MANAGE_SECURITY_ENVIRONMENT
    if cipher_of(info.protocol) is TDES_SUITE:
        data = tlv.encode(TAG_EPHEMERAL_KEY, ephemeral) + _key_id(info)
        return [CommandApdu(Cla.PLAIN, mse, MSE_SET_P1, KAT_P2, data)]
    protocol = tlv.encode(TAG_PROTOCOL, der.oid(info.protocol)[2:]) + _key_id(info)
    dynamic = tlv.encode(TAG_DYNAMIC, tlv.encode(TAG_DYNAMIC_EPHEMERAL, ephemeral))
    return [
        CommandApdu(Cla.PLAIN, mse, MSE_SET_P1, AT_P2, protocol),
        CommandApdu(Cla.PLAIN, Ins.GENERAL_AUTHENTICATE, 0, 0, dynamic, le=SHORT_MAX),
    ]


def session_keys(cipher: SmCipher, secret: bytes) -> SessionKeys:
    return SessionKeys(
        cipher.derive(secret, COUNTER_ENC),
        cipher.derive(secret, COUNTER_MAC),
        bytes(cipher.block),
        cipher,
    )


def authenticate(
    send: Send,
    info: ChipAuthenticationInfo,
    key: ChipAuthenticationPublicKey,
    random_bytes: Callable[[int], bytes],
) -> SessionKeys:
    """Run chip authentication over ``send`` (secure messaging); the new session's keys.

    Raises ChipError when the chip refuses a command; the caller switches secure messaging.
    """
    group, chip_public = chip_key(key)
    secret_key = private_key(group, random_bytes)
    ephemeral = group.encode(group.multiply(secret_key, group.generator))
    for command in commands_for(info, ephemeral):
        _, sw = send(command)
        if sw != SW.OK:
            raise ChipError(f"the chip refused chip authentication (SW {sw:04X})")
    secret = group.shared_secret(group.multiply(secret_key, chip_public))
    return session_keys(cipher_of(info.protocol), secret)
