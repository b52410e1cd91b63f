"""Abuse: the staff PIN brute-forced at the kiosk, over the real pcscd and an emulated staff card.

The PIN is verified on the card, which blocks itself after 5 wrong tries: trying every PIN in
turn never opens admin mode, the right PIN after the block is refused too, the block travels
with the card to another kiosk, and every refusal is audited without the PIN typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from drivers.sim.cards.card_slot import InsertedCard
from drivers.sim.cards.staff_card import DEMO_STAFF, demo_staff_card
from drivers.sim.cards.staff_pki import StaffCardPki
from drivers.staff_card.reader import PcscStaffCardReader
from kiosk.admin.access import AdminAccess
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.errors import PinBlocked, WrongPin
from kiosk.storage.stores import KioskStorage, open_kiosk_storage

pytestmark = pytest.mark.pcsc

STAFF_PIN = DEMO_STAFF[3]
PIN_TRIES = 5
GUESSES = [f"{n:04d}" for n in range(20) if f"{n:04d}" != STAFF_PIN]


def _config(folder: Path) -> KioskConfig:
    folder.mkdir(exist_ok=True)
    return KioskConfig().replace(
        storage={"database": str(folder / "kiosk.sqlite")},
        security={"kiosk_key_file": str(folder / "kiosk.key")},
    )


class Kiosk:
    """One kiosk's admin access on its own database, over the staff card in pcscd."""

    def __init__(self, stack: ExitStack, folder: Path, inserted: InsertedCard, pki: StaffCardPki):
        clock = FixedClock()
        config = _config(folder)
        self.storage: KioskStorage = stack.enter_context(
            _closing(open_kiosk_storage(config, clock))
        )
        reader = PcscStaffCardReader.from_url(inserted.url, config, [pki.ca_certificate], clock)
        reader.open()
        stack.callback(reader.close)
        self.access = AdminAccess(
            config, self.storage.audit, clock, reader, self.storage.pin_lockouts
        )

    def refusals(self) -> list[dict]:
        return [e.data for e in self.storage.audit.entries() if e.event == "staff.login_refused"]


class _closing:
    def __init__(self, storage: KioskStorage) -> None:
        self.storage = storage

    def __enter__(self) -> KioskStorage:
        return self.storage

    def __exit__(self, *exc_info: object) -> None:
        self.storage.close()


@pytest.fixture
def kiosks(
    tmp_path: Path, insert_card: Callable[..., InsertedCard]
) -> Iterator[tuple[Kiosk, Kiosk]]:
    pki = StaffCardPki()
    inserted = insert_card(demo_staff_card(pki))
    with ExitStack() as stack:
        yield (
            Kiosk(stack, tmp_path / "a", inserted, pki),
            Kiosk(stack, tmp_path / "b", inserted, pki),
        )


def test_trying_every_pin_blocks_the_card_after_five_and_never_unlocks(
    kiosks: tuple[Kiosk, Kiosk],
) -> None:
    kiosk, _ = kiosks
    answers: list[str] = []
    for guess in [*GUESSES[:PIN_TRIES], STAFF_PIN, *GUESSES[PIN_TRIES:]]:
        try:
            kiosk.access.unlock_with_card(guess)
            answers.append("unlocked")
        except WrongPin as wrong:
            answers.append(f"wrong:{wrong.tries_left}")
        except PinBlocked:
            answers.append("blocked")
    assert answers[:PIN_TRIES] == ["wrong:4", "wrong:3", "wrong:2", "wrong:1", "blocked"]
    assert set(answers[PIN_TRIES:]) == {"blocked"}  # the right PIN too
    assert kiosk.access.session is None


def test_the_block_travels_with_the_card_to_another_kiosk(kiosks: tuple[Kiosk, Kiosk]) -> None:
    first, second = kiosks
    for guess in GUESSES[:PIN_TRIES]:
        with pytest.raises((WrongPin, PinBlocked)):
            first.access.unlock_with_card(guess)
    with pytest.raises(PinBlocked):
        second.access.unlock_with_card(STAFF_PIN)
    assert second.access.session is None


def test_every_refused_pin_is_audited_without_the_pin(kiosks: tuple[Kiosk, Kiosk]) -> None:
    kiosk, _ = kiosks
    tried = GUESSES[: PIN_TRIES + 1]
    for guess in tried:
        with pytest.raises((WrongPin, PinBlocked)):
            kiosk.access.unlock_with_card(guess)
    refusals = kiosk.refusals()
    assert [r["reason"] for r in refusals] == ["wrong_pin"] * 4 + ["pin_blocked"] * 2
    written = repr(refusals)
    assert not any(guess in written for guess in tried)
    assert kiosk.storage.audit.verify().intact
