"""open_staff_card_reader: pcsc:// through the real pcscd with a CA file, sim:// in-process."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.devices import open_staff_card_reader
from drivers.sim.cards.card_slot import InsertedCard
from drivers.sim.cards.inprocess_reader import InProcessCardReader
from drivers.sim.cards.staff_card import (
    DEMO_STAFF,
    DEMO_TECHNICIAN,
    demo_staff_card,
    demo_technician_card,
)
from drivers.sim.cards.staff_pki import StaffCardPki
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.errors import CardRemoved, ConfigError, WrongPin

InsertCard = Callable[..., InsertedCard]


def _config(ca_file: Path | str) -> KioskConfig:
    return KioskConfig().replace(security={"staff_card_ca": str(ca_file)})


@pytest.mark.pcsc
def test_pcsc_reader_trusts_the_configured_ca_file(insert_card: InsertCard, tmp_path: Path) -> None:
    pki = StaffCardPki()
    ca_file = tmp_path / "staff-ca.pem"
    ca_file.write_bytes(pki.ca_pem())
    inserted = insert_card(demo_staff_card(pki))
    with open_staff_card_reader(inserted.url, _config(ca_file), FixedClock()) as reader:
        assert reader.authenticate(DEMO_STAFF[3]).staff_id == DEMO_STAFF[0]


def test_sim_reader_authenticates_the_demo_card_and_takes_other_cards() -> None:
    reader = open_staff_card_reader("sim://", KioskConfig(), FixedClock())
    slot = reader.reader
    assert isinstance(slot, InProcessCardReader)
    with reader:
        assert reader.authenticate(DEMO_STAFF[3]).role == "staff"
        with pytest.raises(WrongPin):
            reader.authenticate("0000")
        slot.remove()
        assert not reader.card_present()
        with pytest.raises(CardRemoved):
            reader.authenticate(DEMO_STAFF[3])
        slot.insert(demo_technician_card())
        assert reader.authenticate(DEMO_TECHNICIAN[3]).role == "technician"


def test_pcsc_reader_without_a_ca_file_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="staff_card_ca"):
        open_staff_card_reader("pcsc://Virtual PCD 00 00", KioskConfig())


def test_missing_or_garbage_ca_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        open_staff_card_reader("pcsc://Virtual PCD 00 00", _config(tmp_path / "absent.pem"))
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate\n")
    with pytest.raises(ConfigError, match="no PEM certificate"):
        open_staff_card_reader("pcsc://Virtual PCD 00 00", _config(garbage))


def test_other_schemes_and_bad_aid_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="pcsc://"):
        open_staff_card_reader("tcp://127.0.0.1:9100", KioskConfig())
    bad_aid = KioskConfig().replace(security={"staff_card_aid": "not hex"})
    with pytest.raises(ConfigError, match="hex"):
        open_staff_card_reader("sim://", bad_aid)
