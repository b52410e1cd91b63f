"""The chip's side of PACE with generic mapping (ICAO 9303 part 11 section 4.4), for the
ePassport emulator: MSE:Set AT picks the protocol and password, then GENERAL AUTHENTICATE
answers the encrypted nonce, the chip's mapping key, its ephemeral key and its token.

The chip computes everything from its own secrets and checks the terminal's token against its
own key agreement, so a terminal that maps, agrees or MACs wrongly is refused (SW 6300), as a
real chip would. Randomness is injected: appendix G's chip answers reproduce byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from drivers.emrtd import der, tlv
from drivers.emrtd.bac import SessionKeys
from drivers.emrtd.domain_params import Group, private_key, standardized
from drivers.emrtd.lds.card_access import PaceInfo
from drivers.emrtd.pace_crypto import (
    PASSWORD_CAN,
    PASSWORD_MRZ,
    TAG_ENCRYPTED_NONCE,
    TAG_EPHEMERAL_IC,
    TAG_EPHEMERAL_PCD,
    TAG_MAP_IC,
    TAG_MAP_PCD,
    TAG_TOKEN_IC,
    TAG_TOKEN_PCD,
    PacePassword,
    PaceSuite,
    dynamic_data,
    password_key,
    public_key_object,
    session_keys,
    suite_of,
)
from drivers.iso7816.apdu import SW, CommandApdu, Ins
from kiosk.errors import ChipError

NONCE_SIZE = 16
TAG_PROTOCOL = 0x80
TAG_PASSWORD_REFERENCE = 0x83
TAG_DYNAMIC = 0x7C


@dataclass
class _Run:
    suite: PaceSuite
    group: Group
    password: PacePassword
    nonce: int = 0
    generator: object = None
    chip_public: bytes = b""
    terminal_public: bytes = b""
    keys: SessionKeys | None = None


class ChipPace:
    """PACE as the chip runs it. ``passwords``: reference (1 MRZ, 2 CAN) -> password."""

    def __init__(
        self,
        info: PaceInfo,
        passwords: dict[int, PacePassword],
        random_bytes: Callable[[int], bytes],
    ) -> None:
        self.info = info
        self.passwords = passwords
        self._random = random_bytes
        self._run: _Run | None = None

    def handles(self, command: CommandApdu) -> bool:
        return command.ins in (Ins.MANAGE_SECURITY_ENVIRONMENT, Ins.GENERAL_AUTHENTICATE)

    def handle(self, command: CommandApdu) -> tuple[bytes, int, SessionKeys | None]:
        """(answer data, SW, the session keys once the terminal's token verified)."""
        try:
            if command.ins == Ins.MANAGE_SECURITY_ENVIRONMENT:
                return b"", self._set_at(command.data), None
            if self._run is None:
                return b"", SW.CONDITIONS_NOT_SATISFIED, None
            return self._general_authenticate(self._run, command.data)
        except (ChipError, ValueError, IndexError):
            self._run = None
            return b"", SW.WRONG_DATA, None

    def _set_at(self, data: bytes) -> int:
        fields = dict(tlv.children(data))
        protocol = der.decode_oid(fields.get(TAG_PROTOCOL, b""))
        reference = int.from_bytes(fields.get(TAG_PASSWORD_REFERENCE, b"\x00"), "big")
        password = self.passwords.get(reference)
        if protocol != self.info.protocol or reference not in (PASSWORD_MRZ, PASSWORD_CAN):
            return SW.REFERENCED_DATA_NOT_FOUND
        if password is None or self.info.parameter_id is None:
            return SW.REFERENCED_DATA_NOT_FOUND
        suite = suite_of(protocol)
        self._run = _Run(suite, standardized(self.info.parameter_id), password)
        return SW.OK

    def _general_authenticate(
        self, run: _Run, data: bytes
    ) -> tuple[bytes, int, SessionKeys | None]:
        objects = tlv.children(tlv.unwrap(data, TAG_DYNAMIC))
        group, suite = run.group, run.suite
        if not objects:
            nonce = self._random(NONCE_SIZE)
            run.nonce = int.from_bytes(nonce, "big")
            encrypted = suite.cipher.encrypt_block(password_key(suite, run.password), nonce)
            return dynamic_data(TAG_ENCRYPTED_NONCE, encrypted), SW.OK, None
        tag, value = objects[0]
        if tag == TAG_MAP_PCD:
            key = private_key(group, self._random)
            shared = group.multiply(key, group.decode(value))
            run.generator = group.combine(group.multiply(run.nonce, group.generator), shared)
            answer = group.encode(group.multiply(key, group.generator))
            return dynamic_data(TAG_MAP_IC, answer), SW.OK, None
        if tag == TAG_EPHEMERAL_PCD and run.generator is not None:
            key = private_key(group, self._random)
            run.terminal_public = value
            run.chip_public = group.encode(group.multiply(key, run.generator))
            secret = group.shared_secret(group.multiply(key, group.decode(value)))
            run.keys = session_keys(suite, secret)
            return dynamic_data(TAG_EPHEMERAL_IC, run.chip_public), SW.OK, None
        if tag == TAG_TOKEN_PCD and run.keys is not None:
            self._run = None
            mac_key = run.keys.ks_mac
            expected = suite.cipher.raw_mac(
                mac_key, public_key_object(self.info.protocol, suite, run.chip_public)
            )
            if value != expected:
                return b"", SW.AUTHENTICATION_FAILED, None
            ours = suite.cipher.raw_mac(
                mac_key, public_key_object(self.info.protocol, suite, run.terminal_public)
            )
            return dynamic_data(TAG_TOKEN_IC, ours), SW.OK, run.keys
        self._run = None
        return b"", SW.CONDITIONS_NOT_SATISFIED, None
