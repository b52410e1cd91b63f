"""The chip's side of chip authentication (ICAO 9303 part 11 section 6.2), for the ePassport
emulator: MSE:Set KAT (3DES) or MSE:Set AT and GENERAL AUTHENTICATE (AES) bring the terminal's
ephemeral key; the chip agrees a secret with its static private key and restarts secure
messaging under the derived keys after answering.

The EC agreement runs through ``cryptography``'s ECDH (the terminal uses python-ecdsa's point
arithmetic), so the two sides are computed independently. A clone (``genuine=False``) holds a
different private key, as a copied chip without the key would: its keys never match.
"""

from __future__ import annotations

from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric import ec

from drivers.emrtd import der, tlv
from drivers.emrtd.bac import SessionKeys
from drivers.emrtd.ca_keys import CaPrivateKey, DhChipKey, make_ca_key
from drivers.emrtd.chip_auth import (
    AT_P2,
    KAT_P2,
    MSE_SET_P1,
    TAG_DYNAMIC,
    TAG_DYNAMIC_EPHEMERAL,
    TAG_EPHEMERAL_KEY,
    TAG_PROTOCOL,
    cipher_of,
    session_keys,
)
from drivers.emrtd.tlv import TlvError
from drivers.iso7816.apdu import SW, CommandApdu, Ins
from kiosk.errors import ChipError


class ChipCa:
    """Chip authentication as the chip runs it, with its static ``key`` and ``protocol``."""

    def __init__(
        self,
        key: CaPrivateKey,
        protocol: str,
        random_bytes: Callable[[int], bytes],
        *,
        genuine: bool = True,
    ) -> None:
        kind = "dh" if isinstance(key, DhChipKey) else "ecdh"
        self.key = key if genuine else make_ca_key(kind, random_bytes)
        self.protocol = protocol
        self._chosen = ""

    def handles(self, command: CommandApdu) -> bool:
        mse = command.ins == Ins.MANAGE_SECURITY_ENVIRONMENT and command.p1 == MSE_SET_P1
        return (mse and command.p2 in (KAT_P2, AT_P2)) or (
            command.ins == Ins.GENERAL_AUTHENTICATE and self._chosen != ""
        )

    def handle(self, command: CommandApdu) -> tuple[bytes, int, SessionKeys | None]:
        """(answer, SW, the new session keys to switch to after this answer, or None)."""
        try:
            fields = dict(tlv.children(command.data))
            if command.ins == Ins.MANAGE_SECURITY_ENVIRONMENT and command.p2 == AT_P2:
                protocol = der.decode_oid(fields[TAG_PROTOCOL])
                if protocol != self.protocol:
                    return b"", SW.REFERENCED_DATA_NOT_FOUND, None
                self._chosen = protocol
                return b"", SW.OK, None
            if command.ins == Ins.MANAGE_SECURITY_ENVIRONMENT:
                return b"", SW.OK, self._agree(fields[TAG_EPHEMERAL_KEY])
            inner = dict(tlv.children(fields[TAG_DYNAMIC]))
            self._chosen = ""
            return tlv.encode(TAG_DYNAMIC, b""), SW.OK, self._agree(inner[TAG_DYNAMIC_EPHEMERAL])
        except (KeyError, TlvError, ChipError, ValueError):
            self._chosen = ""
            return b"", SW.WRONG_DATA, None

    def _agree(self, ephemeral: bytes) -> SessionKeys:
        key = self.key
        if isinstance(key, DhChipKey):
            group = key.group
            peer = int.from_bytes(ephemeral, "big")
            if not 1 < peer < group.p - 1:
                raise ValueError("DH public key out of range")
            secret = pow(peer, key.x, group.p).to_bytes(group.size, "big")
        else:
            peer_key = ec.EllipticCurvePublicKey.from_encoded_point(key.curve, ephemeral)
            secret = key.exchange(ec.ECDH(), peer_key)
        return session_keys(cipher_of(self.protocol), secret)
