"""Basic Access Control (ICAO 9303 part 11 section 4.3, with the key derivation of section 9.7.1
and the worked example of appendix D).

The access key comes from the MRZ information (document number, date of birth, date of expiry,
each with its check digit). Kseed = SHA-1(MRZ information)[0:16]; Kenc and Kmac come from
SHA-1(Kseed || counter). Mutual authentication exchanges RND.IFD, RND.IC, K.IFD and K.IC under
3DES with a retail MAC and yields the session keys KSenc and KSmac and the send sequence counter.
Both sides live here as pure functions (the terminal's for the reader, the chip's for the
emulator); randomness is passed in so appendix D reproduces byte for byte.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from drivers.emrtd.cipher import adjust_parity, retail_mac, tdes_decrypt, tdes_encrypt
from drivers.emrtd.sm_cipher import TDES_SUITE, SmCipher
from kiosk.errors import AccessDenied
from kiosk.identity.check_digit import check_digit
from kiosk.identity.mrz import parse_mrz

DOCUMENT_NUMBER_FIELD = 9
FILLER = "<"
KEY_SEED_SIZE = 16
COUNTER_ENC = 1
COUNTER_MAC = 2
NONCE_SIZE = 8
KEY_MATERIAL_SIZE = 16
MAC_SIZE = 8
AUTH_DATA_SIZE = 2 * NONCE_SIZE + KEY_MATERIAL_SIZE  # 32 bytes: S or R
SSC_HALF = 4
# Date fields on the second MRZ line (ICAO 9303 parts 4-6).
TD1_BIRTH, TD1_EXPIRY = slice(0, 6), slice(8, 14)
TD23_BIRTH, TD23_EXPIRY = slice(13, 19), slice(21, 27)


@dataclass(frozen=True)
class AccessKeys:
    """Kenc and Kmac: the document basic access keys (16 bytes each)."""

    k_enc: bytes
    k_mac: bytes


@dataclass(frozen=True)
class SessionKeys:
    """Secure-messaging keys: KSenc, KSmac, the SSC (8 bytes for 3DES, 16 for AES) and the
    cipher suite (3DES after BAC; PACE and chip authentication may choose AES)."""

    ks_enc: bytes
    ks_mac: bytes
    ssc: bytes
    suite: SmCipher = TDES_SUITE


def mrz_information(document_number: str, date_of_birth: str, date_of_expiry: str) -> str:
    """Document number (padded to 9 with '<') + CD, YYMMDD birth + CD, YYMMDD expiry + CD."""
    number = document_number.upper().ljust(DOCUMENT_NUMBER_FIELD, FILLER)
    return "".join(field + check_digit(field) for field in (number, date_of_birth, date_of_expiry))


def key_seed(mrz_info: str) -> bytes:
    """Kseed: the first 16 bytes of SHA-1 over the MRZ information."""
    return hashlib.sha1(mrz_info.encode("ascii")).digest()[:KEY_SEED_SIZE]


def derive_key(seed: bytes, counter: int) -> bytes:
    """A 16-byte 3DES key from SHA-1(seed || counter), parity adjusted (section 9.7.1)."""
    digest = hashlib.sha1(seed + counter.to_bytes(4, "big")).digest()
    return adjust_parity(digest[:KEY_MATERIAL_SIZE])


def access_keys(mrz_info: str) -> AccessKeys:
    seed = key_seed(mrz_info)
    return AccessKeys(derive_key(seed, COUNTER_ENC), derive_key(seed, COUNTER_MAC))


def session_keys(k_ifd: bytes, k_ic: bytes, rnd_ic: bytes, rnd_ifd: bytes) -> SessionKeys:
    """KSenc, KSmac from K.IFD xor K.IC; SSC = last 4 bytes of RND.IC || last 4 of RND.IFD."""
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic, strict=True))
    return SessionKeys(
        derive_key(seed, COUNTER_ENC),
        derive_key(seed, COUNTER_MAC),
        rnd_ic[-SSC_HALF:] + rnd_ifd[-SSC_HALF:],
    )


def _encrypt_and_mac(keys: AccessKeys, plain: bytes) -> bytes:
    encrypted = tdes_encrypt(keys.k_enc, plain)
    return encrypted + retail_mac(keys.k_mac, encrypted)


def _check_and_decrypt(keys: AccessKeys, data: bytes) -> bytes:
    if len(data) != AUTH_DATA_SIZE + MAC_SIZE:
        raise AccessDenied(f"mutual-authentication data of {len(data)} bytes, expected 40")
    encrypted, mac = data[:AUTH_DATA_SIZE], data[AUTH_DATA_SIZE:]
    if retail_mac(keys.k_mac, encrypted) != mac:
        raise AccessDenied("mutual-authentication MAC does not verify")
    return tdes_decrypt(keys.k_enc, encrypted)


def terminal_authentication_data(
    keys: AccessKeys, rnd_ic: bytes, rnd_ifd: bytes, k_ifd: bytes
) -> bytes:
    """E.IFD || M.IFD (40 bytes): the EXTERNAL AUTHENTICATE data, S = RND.IFD||RND.IC||K.IFD."""
    return _encrypt_and_mac(keys, rnd_ifd + rnd_ic + k_ifd)


def terminal_finish(
    keys: AccessKeys, rnd_ic: bytes, rnd_ifd: bytes, k_ifd: bytes, response: bytes
) -> SessionKeys:
    """Check the chip's E.IC || M.IC and derive the session; raises AccessDenied on any mismatch."""
    r = _check_and_decrypt(keys, response)
    if r[:NONCE_SIZE] != rnd_ic or r[NONCE_SIZE : 2 * NONCE_SIZE] != rnd_ifd:
        raise AccessDenied("the chip answered with the wrong nonces")
    return session_keys(k_ifd, r[2 * NONCE_SIZE :], rnd_ic, rnd_ifd)


def chip_respond(
    keys: AccessKeys, rnd_ic: bytes, k_ic: bytes, command_data: bytes
) -> tuple[bytes, SessionKeys]:
    """The chip's side: check E.IFD || M.IFD, answer E.IC || M.IC, and derive the session.

    Raises AccessDenied when the terminal's data does not verify or echoes the wrong RND.IC.
    """
    s = _check_and_decrypt(keys, command_data)
    rnd_ifd, echoed, k_ifd = s[:NONCE_SIZE], s[NONCE_SIZE : 2 * NONCE_SIZE], s[2 * NONCE_SIZE :]
    if echoed != rnd_ic:
        raise AccessDenied("the terminal echoed the wrong RND.IC")
    response = _encrypt_and_mac(keys, rnd_ic + rnd_ifd + k_ic)
    return response, session_keys(k_ifd, k_ic, rnd_ic, rnd_ifd)


def mrz_information_from_lines(lines: tuple[str, ...] | list[str]) -> str:
    """The MRZ information of a printed MRZ (TD1, TD2 or TD3), document-number overflow included.

    Raises MRZError when the lines are not an MRZ.
    """
    mrz = parse_mrz(list(lines))
    second = mrz.lines[1]
    birth, expiry = (
        (second[TD1_BIRTH], second[TD1_EXPIRY])
        if mrz.format == "TD1"
        else (second[TD23_BIRTH], second[TD23_EXPIRY])
    )
    return mrz_information(mrz.document_number, birth, expiry)
