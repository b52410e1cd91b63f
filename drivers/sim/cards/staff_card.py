"""StaffCard: the emulated municipal staff smart card (the protocol is in drivers.staff_card).

It answers SELECT of its AID, GET DATA for the staff id, name, role and certificate, VERIFY with
a PIN retry counter (63Cx, blocked with 6983 after 5 wrong PINs; a right PIN resets it; the
counter survives removal and power cycles, as on a real card), and INTERNAL AUTHENTICATE (ECDSA
P-256 over the challenge, only after the PIN). The PIN is kept as a salted hash. ``demo_staff_card``
and ``demo_technician_card`` are synthetic holders whose CA is ``StaffCardPki()``.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from drivers.iso7816.apdu import SELECT_BY_AID_P1, SW, CommandApdu, Ins, ResponseApdu, verify_failed
from drivers.sim.cards.staff_pki import IssuedCardKey, StaffCardPki
from drivers.sim.cards.virtual_card import VirtualCard
from drivers.sim.cards.vpcd_protocol import atr_with_history
from drivers.staff_card.protocol import (
    CERTIFICATE_TAG,
    MAX_PIN_TRIES,
    NAME_TAG,
    PIN_REFERENCE,
    ROLE_TAG,
    STAFF_ID_TAG,
)
from kiosk.config import SecuritySettings

STAFF_CARD_ATR = atr_with_history(b"NEMIDSTAFF")
DEFAULT_STAFF_AID = bytes.fromhex(SecuritySettings().staff_card_aid)
PIN_SALT_BYTES = 16
# Synthetic demo holders; their PINs are printed in the demo's help, never real people.
DEMO_STAFF = ("S1001", "Mette Testesen", "staff", "1234")
DEMO_TECHNICIAN = ("T2001", "Jens Prøvemand", "technician", "2468")


class StaffCard(VirtualCard):
    """One staff card. ``key`` signs challenges; ``certificate`` is what it shows the kiosk."""

    atr = STAFF_CARD_ATR

    def __init__(
        self,
        staff_id: str,
        name: str,
        role: str,
        pin: str,
        issued: IssuedCardKey,
        aid: bytes = DEFAULT_STAFF_AID,
    ) -> None:
        self.aid = aid
        self.key: ec.EllipticCurvePrivateKey = issued.private_key
        self._data = {
            STAFF_ID_TAG: staff_id.encode("utf-8"),
            NAME_TAG: name.encode("utf-8"),
            ROLE_TAG: role.encode("utf-8"),
            CERTIFICATE_TAG: issued.certificate.public_bytes(serialization.Encoding.DER),
        }
        self._salt = os.urandom(PIN_SALT_BYTES)
        self._pin_hash = self._hash(pin)
        self.tries_left = MAX_PIN_TRIES
        self.selected = False
        self.pin_verified = False

    def _hash(self, pin: bytes | str) -> bytes:
        raw = pin.encode("ascii") if isinstance(pin, str) else pin
        return hashlib.sha256(self._salt + raw).digest()

    def on_power_on(self) -> None:
        self.selected = False
        self.pin_verified = False

    def handle(self, command: CommandApdu) -> ResponseApdu:
        if command.ins == Ins.SELECT:
            return self._select(command)
        if not self.selected:
            return ResponseApdu.status(SW.CONDITIONS_NOT_SATISFIED)
        if command.ins == Ins.GET_DATA:
            value = self._data.get(command.p1p2)
            if value is None:
                return ResponseApdu.status(SW.REFERENCED_DATA_NOT_FOUND)
            return ResponseApdu(value, SW.OK)
        if command.ins == Ins.VERIFY:
            return self._verify(command)
        if command.ins == Ins.INTERNAL_AUTHENTICATE:
            if not self.pin_verified:
                return ResponseApdu.status(SW.SECURITY_STATUS_NOT_SATISFIED)
            if not command.data:
                return ResponseApdu.status(SW.WRONG_DATA)
            return ResponseApdu(self.key.sign(command.data, ec.ECDSA(hashes.SHA256())), SW.OK)
        return ResponseApdu.status(SW.INS_NOT_SUPPORTED)

    def _select(self, command: CommandApdu) -> ResponseApdu:
        if command.p1 != SELECT_BY_AID_P1:
            return ResponseApdu.status(SW.INCORRECT_P1P2)
        self.selected = command.data == self.aid
        self.pin_verified = False
        return ResponseApdu.status(SW.OK if self.selected else SW.FILE_NOT_FOUND)

    def _verify(self, command: CommandApdu) -> ResponseApdu:
        if command.p2 != PIN_REFERENCE:
            return ResponseApdu.status(SW.REFERENCED_DATA_NOT_FOUND)
        if self.tries_left == 0:
            return ResponseApdu.status(SW.AUTHENTICATION_METHOD_BLOCKED)
        if not command.data:  # ISO 7816-4: an empty VERIFY asks for the counter
            return ResponseApdu.status(
                SW.OK if self.pin_verified else verify_failed(self.tries_left)
            )
        if hmac.compare_digest(self._hash(command.data), self._pin_hash):
            self.tries_left = MAX_PIN_TRIES
            self.pin_verified = True
            return ResponseApdu.status(SW.OK)
        self.tries_left -= 1
        self.pin_verified = False
        return ResponseApdu.status(verify_failed(self.tries_left))


def issue_staff_card(pki: StaffCardPki, staff_id: str, name: str, role: str, pin: str) -> StaffCard:
    """A new card for a holder, with a key and certificate from ``pki``."""
    return StaffCard(staff_id, name, role, pin, pki.issue(staff_id, name, role))


def demo_staff_card(pki: StaffCardPki | None = None) -> StaffCard:
    return issue_staff_card(pki or StaffCardPki(), *DEMO_STAFF)


def demo_technician_card(pki: StaffCardPki | None = None) -> StaffCard:
    return issue_staff_card(pki or StaffCardPki(), *DEMO_TECHNICIAN)


class StaffCardSlot:
    """The simulated staff-card reader's slot as the demo's hands see it: a staff member's or a
    technician's demo card goes in, the card comes out."""

    def __init__(self, reader: Any, pki: StaffCardPki) -> None:
        self.reader = reader  # an InProcessCardReader
        self.pki = pki

    def insert(self, role: str) -> None:
        card = demo_technician_card(self.pki) if role == "technician" else demo_staff_card(self.pki)
        self.reader.insert(card)

    def remove(self) -> None:
        self.reader.remove()

    def stop(self) -> None:
        """Nothing runs: the slot is in process."""
