"""The diagnostic test card: SELECT its AID, then GET DATA returns a known answer.

``kiosk diag`` and the technicians' self-test insert it to prove that the whole chain (pcscd,
the reader, the driver, APDU exchange) works, independently of any real card's logic. The AID
is a proprietary one (RID F0, ISO 7816-5) spelling "KIOSKTEST"; the known answer is fixed so a
driver that garbles bytes fails the check.
"""

from __future__ import annotations

from drivers.iso7816.apdu import (
    SELECT_BY_AID_P1,
    SHORT_MAX,
    SW,
    Cla,
    CommandApdu,
    Ins,
    ResponseApdu,
    split_word,
)
from drivers.sim.cards.virtual_card import VirtualCard
from drivers.sim.cards.vpcd_protocol import atr_with_history

TEST_CARD_AID = bytes.fromhex("F04B494F534B54455354")
TEST_CARD_ATR = atr_with_history(b"KIOSKTEST")
KNOWN_ANSWER_TAG = 0x0101
KNOWN_ANSWER = b"NemID kiosk test card OK \x00\x01\x7f\x80\xff"


def known_answer_command() -> CommandApdu:
    """GET DATA for the known answer (P1-P2 = the tag, Le = all)."""
    return CommandApdu(Cla.PLAIN, Ins.GET_DATA, *split_word(KNOWN_ANSWER_TAG), le=SHORT_MAX)


class TestCard(VirtualCard):
    """A card that answers SELECT of TEST_CARD_AID and GET DATA KNOWN_ANSWER_TAG."""

    __test__ = False  # not a pytest test class, despite the name
    atr = TEST_CARD_ATR

    def __init__(self) -> None:
        self.selected = False

    def on_power_on(self) -> None:
        self.selected = False

    def handle(self, command: CommandApdu) -> ResponseApdu:
        if command.ins == Ins.SELECT:
            if command.p1 != SELECT_BY_AID_P1:
                return ResponseApdu.status(SW.INCORRECT_P1P2)
            self.selected = command.data == TEST_CARD_AID
            return ResponseApdu.status(SW.OK if self.selected else SW.FILE_NOT_FOUND)
        if command.ins == Ins.GET_DATA:
            if not self.selected:
                return ResponseApdu.status(SW.CONDITIONS_NOT_SATISFIED)
            if command.p1p2 != KNOWN_ANSWER_TAG:
                return ResponseApdu.status(SW.REFERENCED_DATA_NOT_FOUND)
            return ResponseApdu(KNOWN_ANSWER, SW.OK)
        return ResponseApdu.status(SW.INS_NOT_SUPPORTED)
