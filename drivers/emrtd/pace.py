"""PACE, the terminal's side (ICAO 9303 part 11 section 4.4, generic mapping): MSE:Set AT with
the protocol and password reference, then four GENERAL AUTHENTICATE steps (encrypted nonce,
mapping keys, ephemeral keys, authentication tokens), each a chained command but the last.

:func:`establish` runs it over a ``send`` callable (plain APDUs, before secure messaging) and
returns the session keys; the caller starts secure messaging with an SSC of zero. Randomness is
injected, so appendix G's worked examples reproduce byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable

from drivers.emrtd import der
from drivers.emrtd.bac import SessionKeys
from drivers.emrtd.domain_params import private_key, standardized
from drivers.emrtd.lds.card_access import PaceInfo
from drivers.emrtd.pace_crypto import (
    EMPTY_DYNAMIC_DATA,
    TAG_ENCRYPTED_NONCE,
    TAG_EPHEMERAL_IC,
    TAG_EPHEMERAL_PCD,
    TAG_MAP_IC,
    TAG_MAP_PCD,
    TAG_TOKEN_IC,
    TAG_TOKEN_PCD,
    PacePassword,
    dynamic_data,
    dynamic_value,
    mapped_generator,
    password_key,
    session_keys,
    suite_of,
    token,
)
from drivers.iso7816.apdu import SHORT_MAX, SW, Cla, CommandApdu, Ins
from kiosk.errors import AccessDenied, ChipError

MSE_SET_P1 = 0xC1  # MANAGE SECURITY ENVIRONMENT: set, for computation and verification
MSE_AT_P2 = 0xA4  # authentication template
TAG_PROTOCOL = 0x80
TAG_PASSWORD_REFERENCE = 0x83
TAG_PARAMETER_REFERENCE = 0x84
PASSWORD_REFUSED_SWS = (SW.AUTHENTICATION_FAILED, SW.SECURITY_STATUS_NOT_SATISFIED)
SW1_RETRIES = 0x63
Send = Callable[[CommandApdu], tuple[bytes, int]]


def mse_set_at(protocol: str, password_reference: int, parameter: int | None = None) -> bytes:
    """The MSE:Set AT data: 80 protocol OID, 83 password reference, optionally 84 parameters."""
    data = bytes((TAG_PROTOCOL,)) + der.oid(protocol)[1:]
    data += bytes((TAG_PASSWORD_REFERENCE, 1, password_reference))
    if parameter is not None:
        data += bytes((TAG_PARAMETER_REFERENCE, 1, parameter))
    return data


def general_authenticate(data: bytes, *, last: bool = False) -> CommandApdu:
    cla = Cla.PLAIN if last else Cla.CHAINING
    return CommandApdu(cla, Ins.GENERAL_AUTHENTICATE, 0, 0, data, le=SHORT_MAX)


def _step(send: Send, data: bytes, answer_tag: int, *, last: bool = False) -> bytes:
    answer, sw = send(general_authenticate(data, last=last))
    if sw in PASSWORD_REFUSED_SWS or (sw >> 8) == SW1_RETRIES:
        raise AccessDenied(f"the chip refused the PACE password (SW {sw:04X})")
    if sw != SW.OK:
        raise ChipError(f"PACE GENERAL AUTHENTICATE failed (SW {sw:04X})")
    return dynamic_value(answer, answer_tag)


def establish(
    send: Send,
    info: PaceInfo,
    password: PacePassword,
    random_bytes: Callable[[int], bytes],
    *,
    parameter_reference: int | None = None,
) -> SessionKeys:
    """Run PACE; raises AccessDenied for a wrong password or token, ChipError otherwise."""
    suite = suite_of(info.protocol)
    if info.parameter_id is None:
        raise ChipError("PACE without standardized domain parameters is not supported")
    group = standardized(info.parameter_id)
    _, sw = send(
        CommandApdu(
            Cla.PLAIN,
            Ins.MANAGE_SECURITY_ENVIRONMENT,
            MSE_SET_P1,
            MSE_AT_P2,
            mse_set_at(info.protocol, password.reference, parameter_reference),
        )
    )
    if sw != SW.OK:
        raise ChipError(f"the chip refused MSE:Set AT for PACE (SW {sw:04X})")
    encrypted = _step(send, EMPTY_DYNAMIC_DATA, TAG_ENCRYPTED_NONCE)
    nonce = suite.cipher.decrypt_block(password_key(suite, password), encrypted)
    map_key = private_key(group, random_bytes)
    map_public = group.encode(group.multiply(map_key, group.generator))
    chip_map = group.decode(_step(send, dynamic_data(TAG_MAP_PCD, map_public), TAG_MAP_IC))
    generator = mapped_generator(group, nonce, group.multiply(map_key, chip_map))
    key = private_key(group, random_bytes)
    public = group.encode(group.multiply(key, generator))
    chip_public_bytes = _step(send, dynamic_data(TAG_EPHEMERAL_PCD, public), TAG_EPHEMERAL_IC)
    if chip_public_bytes == public:
        raise AccessDenied("the chip echoed the terminal's ephemeral key")
    chip_public = group.decode(chip_public_bytes)
    keys = session_keys(suite, group.shared_secret(group.multiply(key, chip_public)))
    ours = token(suite, keys.ks_mac, info.protocol, chip_public_bytes)
    theirs = _step(send, dynamic_data(TAG_TOKEN_PCD, ours), TAG_TOKEN_IC, last=True)
    if theirs != token(suite, keys.ks_mac, info.protocol, public):
        raise AccessDenied("the chip's PACE authentication token does not verify")
    return keys
