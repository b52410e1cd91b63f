"""The two cipher suites of secure messaging and PACE (ICAO 9303 part 11 sections 9.7 and 9.8):
3DES (two-key, CBC with a zero IV, retail MAC, 8-byte SSC) and AES (CBC with the IV
E(KSenc, SSC), CMAC truncated to 8 bytes, 16-byte SSC), and the key derivation function KDF(K, c)
of section 9.7.1 that gives each its keys (SHA-1 for 3DES and AES-128, SHA-256 above).

Each suite pads with ISO/IEC 9797-1 method 2 to its block size. No I/O.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from drivers.emrtd.cipher import adjust_parity, retail_mac, tdes_decrypt, tdes_encrypt
from kiosk.errors import ChipError

TDES = "3des"
AES = "aes"
MAC_SIZE = 8
COUNTER_ENC = 1
COUNTER_MAC = 2
COUNTER_PASSWORD = 3
PAD_MARKER = 0x80


def pad(data: bytes, block: int) -> bytes:
    """ISO/IEC 9797-1 padding method 2 to a multiple of ``block`` bytes."""
    data = data + bytes((PAD_MARKER,))
    return data + bytes(-len(data) % block)


@dataclass(frozen=True)
class SmCipher:
    """One cipher suite: ``name`` 3des or aes, ``key_size`` in bytes (16, 24 or 32)."""

    name: str
    key_size: int = 16

    @property
    def block(self) -> int:
        return 16 if self.name == AES else 8

    def _iv(self, key: bytes, ssc: bytes) -> bytes:
        if self.name == TDES:
            return bytes(8)
        encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
        return encryptor.update(ssc) + encryptor.finalize()

    def encrypt(self, key: bytes, ssc: bytes, data: bytes) -> bytes:
        """Block-aligned ``data`` encrypted for a DO'87' under the SSC of this message."""
        if self.name == TDES:
            return tdes_encrypt(key, data)
        encryptor = Cipher(algorithms.AES(key), modes.CBC(self._iv(key, ssc))).encryptor()
        return encryptor.update(data) + encryptor.finalize()

    def decrypt(self, key: bytes, ssc: bytes, data: bytes) -> bytes:
        if len(data) % self.block:
            raise ValueError(f"{len(data)} bytes are not whole {self.block}-byte blocks")
        if self.name == TDES:
            return tdes_decrypt(key, data)
        decryptor = Cipher(algorithms.AES(key), modes.CBC(self._iv(key, ssc))).decryptor()
        return decryptor.update(data) + decryptor.finalize()

    def mac(self, key: bytes, message: bytes) -> bytes:
        """The 8-byte MAC over ``message`` padded to the block (retail MAC or AES-CMAC)."""
        if self.name == TDES:
            return retail_mac(key, message)
        signer = cmac.CMAC(algorithms.AES(key))
        signer.update(pad(message, self.block))
        return signer.finalize()[:MAC_SIZE]

    def raw_mac(self, key: bytes, message: bytes) -> bytes:
        """The 8-byte MAC over ``message`` as it is (PACE authentication tokens, AES-CMAC)."""
        if self.name == TDES:
            return retail_mac(key, message)
        signer = cmac.CMAC(algorithms.AES(key))
        signer.update(message)
        return signer.finalize()[:MAC_SIZE]

    def encrypt_block(self, key: bytes, data: bytes) -> bytes:
        """CBC with a zero IV (the PACE nonce z = E(Kpi, s))."""
        if self.name == TDES:
            return tdes_encrypt(key, data)
        encryptor = Cipher(algorithms.AES(key), modes.CBC(bytes(16))).encryptor()
        return encryptor.update(data) + encryptor.finalize()

    def decrypt_block(self, key: bytes, data: bytes) -> bytes:
        if len(data) % self.block or not data:
            raise ChipError(f"an encrypted nonce of {len(data)} bytes is no whole block")
        if self.name == TDES:
            return tdes_decrypt(key, data)
        decryptor = Cipher(algorithms.AES(key), modes.CBC(bytes(16))).decryptor()
        return decryptor.update(data) + decryptor.finalize()

    def derive(self, secret: bytes, counter: int) -> bytes:
        """KDF(K, c): SHA-1 (3DES, AES-128) or SHA-256 (AES-192/256) over K || c, truncated."""
        hasher = hashlib.sha1 if self.key_size == 16 else hashlib.sha256
        digest = hasher(secret + counter.to_bytes(4, "big")).digest()[: self.key_size]
        return adjust_parity(digest) if self.name == TDES else digest


TDES_SUITE = SmCipher(TDES)
AES_128 = SmCipher(AES, 16)
AES_192 = SmCipher(AES, 24)
AES_256 = SmCipher(AES, 32)
