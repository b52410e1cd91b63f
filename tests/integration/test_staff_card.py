"""PcscStaffCardReader against emulated staff cards through the real pcscd and vpcd."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from drivers.iso7816.transport import ApduTransport, TracingTransport
from drivers.pcsc.reader import PcscCardReader
from drivers.sim.cards.card_slot import InsertedCard
from drivers.sim.cards.staff_card import (
    DEFAULT_STAFF_AID,
    DEMO_STAFF,
    DEMO_TECHNICIAN,
    StaffCard,
    demo_staff_card,
    demo_technician_card,
)
from drivers.sim.cards.staff_pki import StaffCardPki
from drivers.sim.cards.test_card import TestCard
from drivers.sim.cards.vpcd_runner import Fault
from drivers.staff_card.reader import PcscStaffCardReader
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.errors import CardRemoved, PinBlocked, StaffCardError, WrongPin
from kiosk.ports import StaffIdentity

pytestmark = pytest.mark.pcsc

InsertCard = Callable[..., InsertedCard]
STAFF_PIN = DEMO_STAFF[3]
WRONG_PIN = "0000"


def staff_reader(
    inserted: InsertedCard, pki: StaffCardPki, tracer: list[TracingTransport] | None = None
) -> PcscStaffCardReader:
    def wrap(transport: ApduTransport) -> ApduTransport:
        tracing = TracingTransport(transport)
        if tracer is not None:
            tracer.append(tracing)
        return tracing

    return PcscStaffCardReader.from_url(
        inserted.url, KioskConfig(), [pki.ca_certificate], FixedClock(), wrap_transport=wrap
    )


def test_staff_login_returns_the_holder(insert_card: InsertCard) -> None:
    pki = StaffCardPki()
    inserted = insert_card(demo_staff_card(pki))
    with staff_reader(inserted, pki) as reader:
        assert reader.card_present()
        identity = reader.authenticate(STAFF_PIN)
    assert identity == StaffIdentity("S1001", "Mette Testesen", "staff")


def test_technician_card_gives_the_technician_role(insert_card: InsertCard) -> None:
    pki = StaffCardPki()
    inserted = insert_card(demo_technician_card(pki))
    with staff_reader(inserted, pki) as reader:
        assert reader.authenticate(DEMO_TECHNICIAN[3]).role == "technician"


def test_wrong_pin_counts_down_and_blocks_after_five(insert_card: InsertCard) -> None:
    pki = StaffCardPki()
    card = demo_staff_card(pki)
    inserted = insert_card(card)
    tries: list[int] = []
    with staff_reader(inserted, pki) as reader:
        for _ in range(4):
            with pytest.raises(WrongPin) as wrong:
                reader.authenticate(WRONG_PIN)
            tries.append(wrong.value.tries_left)
        with pytest.raises(PinBlocked):
            reader.authenticate(WRONG_PIN)
        with pytest.raises(PinBlocked):
            reader.authenticate(STAFF_PIN)
    assert tries == [4, 3, 2, 1]
    assert card.tries_left == 0


def test_blocked_pin_stays_blocked_after_reinsertion(insert_card: InsertCard) -> None:
    pki = StaffCardPki()
    inserted = insert_card(demo_staff_card(pki))
    with staff_reader(inserted, pki) as reader:
        for _ in range(4):
            with pytest.raises(WrongPin):
                reader.authenticate(WRONG_PIN)
        with pytest.raises(PinBlocked):
            reader.authenticate(WRONG_PIN)
        inserted.remove()
        inserted.insert()
        with pytest.raises(PinBlocked):
            reader.authenticate(STAFF_PIN)


def test_right_pin_resets_the_counter(insert_card: InsertCard) -> None:
    pki = StaffCardPki()
    card = demo_staff_card(pki)
    inserted = insert_card(card)
    with staff_reader(inserted, pki) as reader:
        with pytest.raises(WrongPin):
            reader.authenticate(WRONG_PIN)
        reader.authenticate(STAFF_PIN)
    assert card.tries_left == 5


def test_challenge_signed_with_a_wrong_key_is_rejected(insert_card: InsertCard) -> None:
    pki = StaffCardPki()
    holder = DEMO_STAFF[:3]
    # The certificate is genuine, but the card holds another key: a clone without the secret.
    forged = StaffCard(*holder, STAFF_PIN, pki.issue(*holder))
    forged.key = StaffCardPki(seed=b"someone else").issue(*holder).private_key
    inserted = insert_card(forged)
    with staff_reader(inserted, pki) as reader, pytest.raises(StaffCardError) as refused:
        reader.authenticate(STAFF_PIN)
    assert refused.value.code == "staff_card_signature_invalid"


def test_card_from_an_untrusted_ca_is_rejected(insert_card: InsertCard) -> None:
    foreign = StaffCardPki(seed=b"another municipality", name="Anden Kommune")
    inserted = insert_card(demo_staff_card(foreign))
    with staff_reader(inserted, StaffCardPki()) as reader, pytest.raises(StaffCardError) as err:
        reader.authenticate(STAFF_PIN)
    assert err.value.code == "staff_card_untrusted"


def test_a_card_without_the_staff_application_is_refused(insert_card: InsertCard) -> None:
    inserted = insert_card(TestCard())
    with staff_reader(inserted, StaffCardPki()) as reader, pytest.raises(StaffCardError) as err:
        reader.authenticate(STAFF_PIN)
    assert err.value.code == "not_a_staff_card"


def test_no_card_raises_card_removed(insert_card: InsertCard) -> None:
    pki = StaffCardPki()
    inserted = insert_card(demo_staff_card(pki), inserted=False)
    with staff_reader(inserted, pki) as reader:
        assert not reader.card_present()
        with pytest.raises(CardRemoved):
            reader.authenticate(STAFF_PIN)


def test_card_pulled_during_login_raises_card_removed(insert_card: InsertCard) -> None:
    pki = StaffCardPki()
    inserted = insert_card(demo_staff_card(pki))
    inserted.arm_fault(Fault.PULL, after_apdus=3)  # SELECT and two GET DATA answered
    with staff_reader(inserted, pki) as reader, pytest.raises(CardRemoved):
        reader.authenticate(STAFF_PIN)


def test_pin_never_reaches_the_apdu_trace(insert_card: InsertCard) -> None:
    pki = StaffCardPki()
    inserted = insert_card(demo_staff_card(pki))
    tracers: list[TracingTransport] = []
    with staff_reader(inserted, pki, tracers) as reader:
        reader.authenticate(STAFF_PIN)
    trace = " ".join(e.command + e.response for e in tracers[0].entries)
    assert tracers[0].apdu_count == 7  # SELECT, 4 x GET DATA, VERIFY, INTERNAL AUTHENTICATE
    assert STAFF_PIN.encode().hex(" ").upper() not in trace
    assert "00 20 00 80 <5 bytes>" in trace


def test_pin_is_verified_on_the_card_not_cached(insert_card: InsertCard) -> None:
    """After one login the card is reset: a second login with a wrong PIN still fails."""
    pki = StaffCardPki()
    inserted = insert_card(demo_staff_card(pki))
    with staff_reader(inserted, pki) as reader:
        reader.authenticate(STAFF_PIN)
        with pytest.raises(WrongPin):
            reader.authenticate(WRONG_PIN)
    assert PcscCardReader(inserted.reader_name).health().usable
    assert DEFAULT_STAFF_AID.hex().upper() == KioskConfig().security.staff_card_aid
