"""The staff-card protocol and emulator in-process (DirectCardTransport): every refusal, fast."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from drivers.iso7816.apdu import SW, ResponseApdu
from drivers.sim.cards.staff_card import DEFAULT_STAFF_AID, DEMO_STAFF, StaffCard, demo_staff_card
from drivers.sim.cards.staff_pki import StaffCardPki
from drivers.sim.cards.virtual_card import DirectCardTransport
from drivers.staff_card.protocol import (
    get_data_command,
    internal_authenticate_command,
    read_card_data,
    select_staff_application,
    sign_challenge,
    verify_card,
    verify_pin,
    verify_pin_command,
)
from kiosk.errors import PinBlocked, StaffCardError, WrongPin
from kiosk.ports import StaffIdentity

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
CHALLENGE = bytes(range(32))
PIN = DEMO_STAFF[3]


@pytest.fixture(scope="module")
def pki() -> StaffCardPki:
    return StaffCardPki()


def _session(card: StaffCard) -> DirectCardTransport:
    transport = DirectCardTransport(card)
    select_staff_application(transport, DEFAULT_STAFF_AID)
    return transport


def test_a_card_from_one_process_verifies_against_the_ca_of_another(pki: StaffCardPki) -> None:
    """The demo's emulator process and the kiosk each build StaffCardPki() from the seed."""
    assert _login(demo_staff_card(StaffCardPki()), pki).staff_id == "S1001"


def test_commands_need_the_application_selected(pki: StaffCardPki) -> None:
    card = demo_staff_card(pki)
    answer = ResponseApdu.from_bytes(card.process_apdu(get_data_command(0xDF01).to_bytes()))
    assert answer.sw == SW.CONDITIONS_NOT_SATISFIED


def test_signing_needs_the_pin(pki: StaffCardPki) -> None:
    transport = _session(demo_staff_card(pki))
    raw = transport.transmit(internal_authenticate_command(CHALLENGE).to_bytes())
    assert ResponseApdu.from_bytes(raw).sw == SW.SECURITY_STATUS_NOT_SATISFIED


def test_empty_verify_reports_the_counter(pki: StaffCardPki) -> None:
    card = demo_staff_card(pki)
    transport = _session(card)
    with pytest.raises(WrongPin):
        verify_pin(transport, "9999")
    empty = replace(verify_pin_command(PIN), data=b"")
    assert ResponseApdu.from_bytes(transport.transmit(empty.to_bytes())).sw == 0x63C4


def test_fifth_wrong_pin_blocks(pki: StaffCardPki) -> None:
    transport = _session(demo_staff_card(pki))
    left = []
    for _ in range(4):
        with pytest.raises(WrongPin) as wrong:
            verify_pin(transport, "9999")
        left.append(wrong.value.tries_left)
    with pytest.raises(PinBlocked):
        verify_pin(transport, "9999")
    assert left == [4, 3, 2, 1]


@pytest.mark.parametrize("pin", ["", "12", "123456789", "12a4", "１２３４"])
def test_badly_formed_pin_costs_no_try(pki: StaffCardPki, pin: str) -> None:
    card = demo_staff_card(pki)
    with pytest.raises(StaffCardError) as refused:
        verify_pin(_session(card), pin)
    assert refused.value.code == "pin_format_invalid"
    assert card.tries_left == 5


def _login(card: StaffCard, pki: StaffCardPki, now: datetime = NOW) -> StaffIdentity:
    transport = _session(card)
    data = read_card_data(transport)
    verify_pin(transport, PIN)
    return verify_card(
        data, CHALLENGE, sign_challenge(transport, CHALLENGE), [pki.ca_certificate], now
    )


def test_genuine_card_verifies(pki: StaffCardPki) -> None:
    identity = _login(demo_staff_card(pki), pki)
    assert identity == StaffIdentity("S1001", "Mette Testesen", "staff")


def test_card_claiming_another_role_than_its_certificate_is_refused(pki: StaffCardPki) -> None:
    staff_id, name, _, pin = DEMO_STAFF
    # A staff card must not promote itself to technician by its GET DATA answer.
    card = StaffCard(staff_id, name, "technician", pin, pki.issue(staff_id, name, "staff"))
    with pytest.raises(StaffCardError, match="differs from its certificate"):
        _login(card, pki)


def test_expired_certificate_is_refused(pki: StaffCardPki) -> None:
    staff_id, name, role, pin = DEMO_STAFF
    expired = pki.issue(staff_id, name, role, valid_until=datetime(2025, 1, 1, tzinfo=UTC))
    with pytest.raises(StaffCardError) as refused:
        _login(StaffCard(staff_id, name, role, pin, expired), pki)
    assert refused.value.code == "staff_card_expired"


def test_signature_over_another_challenge_is_refused(pki: StaffCardPki) -> None:
    transport = _session(demo_staff_card(pki))
    data = read_card_data(transport)
    verify_pin(transport, PIN)
    signature = sign_challenge(transport, CHALLENGE)
    with pytest.raises(StaffCardError) as refused:
        verify_card(data, bytes(32), signature, [pki.ca_certificate], NOW)
    assert refused.value.code == "staff_card_signature_invalid"


def test_garbage_certificate_is_refused(pki: StaffCardPki) -> None:
    transport = _session(demo_staff_card(pki))
    data = replace(read_card_data(transport), certificate=b"\x30\x03garbage")
    with pytest.raises(StaffCardError, match="unreadable"):
        verify_card(data, CHALLENGE, b"", [pki.ca_certificate], NOW)
