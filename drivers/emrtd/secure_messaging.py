"""Secure messaging (ICAO 9303 part 11 section 9.8: DO'87' encrypted data, DO'97' expected
length, DO'99' status, DO'8E' checksum, a MAC under KSmac over the send sequence counter and the
data objects), with the session's cipher suite: 3DES and retail MAC after BAC, 3DES or AES with
CMAC after PACE and chip authentication (:mod:`drivers.emrtd.sm_cipher`).

:class:`SecureChannel` is the terminal's side (wrap a command, unwrap and check a response);
:class:`ChipChannel` is the chip's side, for the emulator. Each side increments the SSC before
every command and every response, whether or not the other side protected it, so both stay in step.
Neither does any I/O. A response whose MAC fails raises :class:`SecureMessagingError`.
"""

from __future__ import annotations

from drivers.emrtd import tlv
from drivers.emrtd.bac import SessionKeys
from drivers.emrtd.cipher import unpad
from drivers.emrtd.sm_cipher import SmCipher, pad
from drivers.emrtd.tlv import TlvError
from drivers.iso7816.apdu import (
    EXTENDED_MAX,
    SHORT_MAX,
    SW,
    Cla,
    CommandApdu,
    ResponseApdu,
    status_bytes,
)
from kiosk.errors import BadInputError, SecureMessagingError

DO_ENCRYPTED = 0x87
DO_LE = 0x97
DO_STATUS = 0x99
DO_CHECKSUM = 0x8E
PADDING_INDICATOR = b"\x01"
SM_ERRORS = (SW.SM_DATA_MISSING, SW.SM_DATA_INCORRECT)


def _split(response: bytes) -> tuple[bytes, int]:
    parsed = ResponseApdu.from_bytes(response)
    return parsed.data, parsed.sw


def _encode_le(le: int) -> bytes:
    if le <= SHORT_MAX:
        return bytes([le % SHORT_MAX])
    return (le % EXTENDED_MAX).to_bytes(2, "big")


def _decode_le(value: bytes) -> int:
    if len(value) == 1:
        return value[0] or SHORT_MAX
    if len(value) == 2:
        return int.from_bytes(value, "big") or EXTENDED_MAX
    raise SecureMessagingError(f"DO'97' of {len(value)} bytes")


class _Counter:
    def __init__(self, session: SessionKeys) -> None:
        self.ks_enc = session.ks_enc
        self.ks_mac = session.ks_mac
        self.suite: SmCipher = session.suite
        self.ssc_size = len(session.ssc)
        self.ssc = int.from_bytes(session.ssc, "big")

    def _next(self) -> bytes:
        self.ssc = (self.ssc + 1) % (1 << (8 * self.ssc_size))
        return self.ssc.to_bytes(self.ssc_size, "big")

    def _mac(self, ssc: bytes, message: bytes) -> bytes:
        return self.suite.mac(self.ks_mac, ssc + message)

    def _pad(self, data: bytes) -> bytes:
        return pad(data, self.suite.block)

    def _encrypted_object(self, ssc: bytes, data: bytes) -> bytes:
        encrypted = self.suite.encrypt(self.ks_enc, ssc, self._pad(data))
        return tlv.encode(DO_ENCRYPTED, PADDING_INDICATOR + encrypted)

    def _decrypt_object(self, ssc: bytes, value: bytes) -> bytes:
        if not value.startswith(PADDING_INDICATOR) or (len(value) - 1) % self.suite.block:
            raise SecureMessagingError(f"DO'87' is not padding-indicated {self.suite.name} data")
        try:
            return unpad(self.suite.decrypt(self.ks_enc, ssc, value[1:]))
        except ValueError as exc:
            raise SecureMessagingError("DO'87' padding is wrong") from exc


class SecureChannel(_Counter):
    """The terminal's side of a secure-messaging session."""

    def wrap(self, command: CommandApdu) -> bytes:
        """The protected APDU for a plain ``command``; advances the SSC by one."""
        ssc = self._next()
        header = bytes([command.cla | Cla.SECURE_MESSAGING, command.ins, command.p1, command.p2])
        body = b""
        if command.data:
            body += self._encrypted_object(ssc, command.data)
        if command.le is not None:
            body += tlv.encode(DO_LE, _encode_le(command.le))
        body += tlv.encode(DO_CHECKSUM, self._mac(ssc, self._pad(header) + body))
        # The protected APDU asks for everything: Le 00, or 0000 when the plain one is extended.
        extended = (command.le or 0) > SHORT_MAX or len(body) >= SHORT_MAX
        le = EXTENDED_MAX if extended else SHORT_MAX
        return CommandApdu(header[0], command.ins, command.p1, command.p2, body, le).to_bytes()

    def unwrap(self, response: bytes) -> tuple[bytes, int]:
        """(plain data, status word) of a protected response; advances the SSC by one.

        A bare status word (no data objects) is returned as is unless it reports a
        secure-messaging error. Raises SecureMessagingError when the checksum is missing or
        wrong, or the chip reported broken secure messaging.
        """
        ssc = self._next()
        try:
            data, sw = _split(response)
            if not data:
                if sw in SM_ERRORS or sw == SW.OK:
                    raise SecureMessagingError(f"chip answered SW {sw:04X} without protection")
                return b"", sw
            objects = list(tlv.iterate(data))
        except (BadInputError, TlvError) as exc:
            raise SecureMessagingError(f"protected response is malformed: {exc}") from exc
        if not objects or objects[-1].tag != DO_CHECKSUM:
            raise SecureMessagingError("protected response has no DO'8E'")
        checksum_start = len(data) - len(tlv.encode(DO_CHECKSUM, objects[-1].value))
        if self._mac(ssc, data[:checksum_start]) != objects[-1].value:
            raise SecureMessagingError("response MAC does not verify")
        by_tag = {item.tag: item.value for item in objects[:-1]}
        if DO_STATUS not in by_tag:
            raise SecureMessagingError("protected response has no DO'99'")
        plain = b""
        if DO_ENCRYPTED in by_tag:
            plain = self._decrypt_object(ssc, by_tag[DO_ENCRYPTED])
        return plain, int.from_bytes(by_tag[DO_STATUS], "big")


class ChipChannel(_Counter):
    """The chip's side of a secure-messaging session (for the ePassport emulator)."""

    def unwrap_command(self, apdu: bytes) -> CommandApdu:
        """The plain command inside a protected APDU; advances the SSC by one.

        Raises SecureMessagingError when the APDU is unprotected, malformed or its MAC fails.
        """
        ssc = self._next()
        try:
            command = CommandApdu.from_bytes(apdu)
            objects = list(tlv.iterate(command.data))
        except (BadInputError, TlvError) as exc:
            raise SecureMessagingError(f"protected command is malformed: {exc}") from exc
        if command.cla & Cla.SECURE_MESSAGING != Cla.SECURE_MESSAGING:
            raise SecureMessagingError("command is not protected")
        if not objects or objects[-1].tag != DO_CHECKSUM:
            raise SecureMessagingError("protected command has no DO'8E'")
        covered = command.data[: len(command.data) - len(objects[-1].value) - 2]
        header = bytes([command.cla, command.ins, command.p1, command.p2])
        if self._mac(ssc, self._pad(header) + covered) != objects[-1].value:
            raise SecureMessagingError("command MAC does not verify")
        by_tag = {item.tag: item.value for item in objects[:-1]}
        encrypted = by_tag.get(DO_ENCRYPTED)
        data = b"" if encrypted is None else self._decrypt_object(ssc, encrypted)
        le = _decode_le(by_tag[DO_LE]) if DO_LE in by_tag else None
        cla = command.cla & ~Cla.SECURE_MESSAGING
        return CommandApdu(cla, command.ins, command.p1, command.p2, data, le)

    def wrap_response(self, data: bytes, sw: int, *, corrupt_mac: bool = False) -> bytes:
        """The protected response for plain ``data`` and ``sw``; advances the SSC by one.

        ``corrupt_mac`` flips a checksum bit, for the emulator's wrong-MAC fault.
        """
        ssc = self._next()
        body = self._encrypted_object(ssc, data) if data else b""
        body += tlv.encode(DO_STATUS, status_bytes(sw))
        mac = bytearray(self._mac(ssc, body))
        if corrupt_mac:
            mac[0] ^= 0x01
        return body + tlv.encode(DO_CHECKSUM, bytes(mac)) + status_bytes(sw)

    def plain_status(self, sw: int) -> bytes:
        """An unprotected status word (an error the chip does not wrap); advances the SSC."""
        self._next()
        return status_bytes(sw)
