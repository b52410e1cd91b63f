"""PcscCardReader against the real pcscd and an emulated test card in a vpcd slot."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from drivers.iso7816.apdu import SW, ResponseApdu, select_aid
from drivers.iso7816.transport import exchange
from drivers.pcsc.reader import PcscCardReader, reader_name_from_url
from drivers.pcsc.status import list_readers
from drivers.sim.cards.card_slot import InsertedCard
from drivers.sim.cards.test_card import (
    KNOWN_ANSWER,
    TEST_CARD_AID,
    TEST_CARD_ATR,
    TestCard,
    known_answer_command,
)
from drivers.sim.cards.vpcd_runner import Fault
from kiosk.devices.health import DeviceState
from kiosk.errors import CardRemoved, ConfigError, DeviceUnavailable, ReadError

pytestmark = pytest.mark.pcsc

InsertCard = Callable[..., InsertedCard]


def test_vpcd_reader_is_listed(insert_card: InsertCard) -> None:
    inserted = insert_card(TestCard())
    assert inserted.reader_name in list_readers()


def test_atr_is_the_emulated_cards(insert_card: InsertCard) -> None:
    inserted = insert_card(TestCard())
    with PcscCardReader.from_url(inserted.url) as reader:
        assert reader.card_present()
        assert reader.atr == TEST_CARD_ATR


def test_apdus_exchanged_with_the_test_card(insert_card: InsertCard) -> None:
    inserted = insert_card(TestCard())
    with PcscCardReader.from_url(inserted.url) as reader:
        assert exchange(reader, select_aid(TEST_CARD_AID)).sw == SW.OK
        answer = exchange(reader, known_answer_command())
    assert answer == ResponseApdu(KNOWN_ANSWER, SW.OK)
    assert inserted.runner.apdu_count == 2


def test_card_pulled_mid_exchange_raises_card_removed(insert_card: InsertCard) -> None:
    inserted = insert_card(TestCard())
    with PcscCardReader.from_url(inserted.url) as reader:
        exchange(reader, select_aid(TEST_CARD_AID))
        inserted.arm_fault(Fault.PULL)
        with pytest.raises(CardRemoved):
            reader.transmit(known_answer_command().to_bytes())
        assert not reader.card_present()


def test_card_removed_before_exchange_raises_card_removed(insert_card: InsertCard) -> None:
    inserted = insert_card(TestCard())
    with PcscCardReader.from_url(inserted.url) as reader:
        reader.connect()
        inserted.remove()
        with pytest.raises(CardRemoved):
            reader.transmit(select_aid(TEST_CARD_AID).to_bytes())


def test_nonsense_answer_is_a_read_error(insert_card: InsertCard) -> None:
    inserted = insert_card(TestCard())
    with PcscCardReader.from_url(inserted.url) as reader:
        inserted.arm_fault(Fault.NONSENSE, after_apdus=1)
        exchange(reader, select_aid(TEST_CARD_AID))
        with pytest.raises(ReadError, match="not a response APDU"):
            reader.transmit(known_answer_command().to_bytes())


def test_card_reinserted_answers_again(insert_card: InsertCard) -> None:
    inserted = insert_card(TestCard())
    with PcscCardReader.from_url(inserted.url) as reader:
        inserted.remove()
        assert not reader.card_present()
        inserted.insert()
        assert exchange(reader, select_aid(TEST_CARD_AID)).sw == SW.OK


def test_unknown_reader_is_unavailable(insert_card: InsertCard) -> None:
    insert_card(TestCard())
    with pytest.raises(DeviceUnavailable, match="no reader named"):
        PcscCardReader("No Such Reader 99").open()


def test_no_card_connect_raises_card_removed(insert_card: InsertCard) -> None:
    inserted = insert_card(TestCard(), inserted=False)
    with PcscCardReader(inserted.reader_name) as reader, pytest.raises(CardRemoved):
        reader.connect()


def test_health_online_and_offline(insert_card: InsertCard) -> None:
    inserted = insert_card(TestCard())
    assert PcscCardReader(inserted.reader_name).health().state == DeviceState.ONLINE
    assert PcscCardReader("No Such Reader 99").health().state == DeviceState.OFFLINE


def test_a_prefix_naming_two_readers_is_refused(insert_card: InsertCard) -> None:
    inserted = insert_card(TestCard())
    ambiguous = inserted.reader_name[:-1]  # "Virtual PCD 00 0": both vpcd slots
    with pytest.raises(DeviceUnavailable, match="no reader named"):
        PcscCardReader(ambiguous).open()


def test_url_names_the_reader_with_percent_escapes() -> None:
    assert reader_name_from_url("pcsc://Virtual%20PCD%2000%2001") == "Virtual PCD 00 01"
    with pytest.raises(ConfigError, match="not a PC/SC device URL"):
        reader_name_from_url("tcp://127.0.0.1:9100")
