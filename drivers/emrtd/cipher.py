"""The block-cipher primitives of Basic Access Control and its secure messaging (ICAO 9303 part
11 sections 9.7.1 and 9.8.4): two-key 3DES in CBC mode with a zero IV, ISO/IEC 9797-1 padding
method 2, and the ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC") with DES.

Keys are 16 bytes (K1 || K2). 3DES comes from cryptography's ``decrepit`` module, where
cryptography 50 keeps the legacy ciphers.
"""

from __future__ import annotations

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes

BLOCK = 8
KEY_SIZE = 16
ZERO_IV = bytes(BLOCK)
PAD_MARKER = 0x80


def pad(data: bytes) -> bytes:
    """ISO/IEC 9797-1 padding method 2: 0x80, then zeros up to a multiple of 8 bytes."""
    data = data + bytes([PAD_MARKER])
    return data + bytes(-len(data) % BLOCK)


def unpad(data: bytes) -> bytes:
    """Strip method-2 padding; raises ValueError when the padding is not there."""
    stripped = data.rstrip(b"\x00")
    if not stripped or stripped[-1] != PAD_MARKER:
        raise ValueError("padding method 2 marker missing")
    return stripped[:-1]


def _three_key(key: bytes) -> bytes:
    if len(key) != KEY_SIZE:
        raise ValueError(f"a 3DES key here is {KEY_SIZE} bytes, not {len(key)}")
    return key + key[:BLOCK]


def tdes_encrypt(key: bytes, data: bytes, iv: bytes = ZERO_IV) -> bytes:
    """3DES-CBC encryption of block-aligned ``data`` under a 16-byte key."""
    encryptor = Cipher(TripleDES(_three_key(key)), modes.CBC(iv)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def tdes_decrypt(key: bytes, data: bytes, iv: bytes = ZERO_IV) -> bytes:
    """3DES-CBC decryption of block-aligned ``data`` under a 16-byte key."""
    decryptor = Cipher(TripleDES(_three_key(key)), modes.CBC(iv)).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def _des(key8: bytes, block: bytes, *, decrypt: bool = False) -> bytes:
    # Single DES is 3DES with K1 = K2 = K3.
    cipher = Cipher(TripleDES(key8 * 3), modes.ECB())
    worker = cipher.decryptor() if decrypt else cipher.encryptor()
    return worker.update(block) + worker.finalize()


def retail_mac(key: bytes, message: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 over ``pad(message)``: 8 bytes.

    DES-CBC under K1 over every block, then the last result decrypted under K2 and encrypted
    again under K1.
    """
    if len(key) != KEY_SIZE:
        raise ValueError(f"a retail-MAC key is {KEY_SIZE} bytes, not {len(key)}")
    k1, k2 = key[:BLOCK], key[BLOCK:]
    chain = Cipher(TripleDES(k1 * 3), modes.CBC(ZERO_IV)).encryptor()
    state = (chain.update(pad(message)) + chain.finalize())[-BLOCK:]
    return _des(k1, _des(k2, state, decrypt=True))


def adjust_parity(key: bytes) -> bytes:
    """Set each byte's lowest bit so the byte has odd parity, as DES keys require."""
    out = bytearray()
    for byte in key:
        high = byte & 0xFE
        out.append(high | (bin(high).count("1") % 2 == 0))
    return bytes(out)
