"""The ChipReader port's contract, held by both implementations: PcscChipReader through real
pcscd and the vpcd ePassport emulator, and the in-process SimulatedChipReader of the demo."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime

import pytest

from drivers.emrtd.pcsc_chip_reader import PcscChipReader
from drivers.emrtd.pki import make_test_pki
from drivers.emrtd.trust_store import TrustStore
from drivers.sim.cards.epassport_chips import persona_chip
from drivers.sim.cards.epassport_reader import SimulatedChipReader
from kiosk.clock import FixedClock
from kiosk.errors import AccessDenied, DeviceError
from kiosk.ports import ChipReader
from kiosk.storage.personas import persona

PERSONA = "rich_register"
NOW = datetime.now(UTC)


@pytest.fixture(params=[pytest.param("pcsc", marks=pytest.mark.pcsc), "simulated"])
def reader(request: pytest.FixtureRequest) -> Iterator[ChipReader]:
    clock = FixedClock(NOW)
    pki = make_test_pki(NOW)
    if request.param == "simulated":
        simulated = SimulatedChipReader(clock, pki)
        yield simulated
        simulated.close()
        return
    from drivers.sim.cards.card_slot import emulated_card

    with ExitStack() as stack:
        try:
            inserted = stack.enter_context(emulated_card(persona_chip(PERSONA, pki).card()))
        except DeviceError as exc:
            if os.geteuid() != 0:
                pytest.skip(f"no pcscd: {exc}")
            raise
        trust = TrustStore.of([pki.csca_certificate])
        with PcscChipReader.from_url(inserted.url, trust, clock) as pcsc:
            yield pcsc


def printed() -> tuple[str, ...]:
    return tuple(persona(PERSONA).mrz_lines())


def test_reader_is_healthy_and_sees_the_chip(reader: ChipReader) -> None:
    assert reader.health().usable
    assert reader.chip_present()


def test_read_chip_returns_the_verified_reading(reader: ChipReader) -> None:
    reading = reader.read_chip(printed())
    assert reading.dg1_mrz == printed()
    assert reading.photo_format == "jpeg" and reading.photo[:2] == b"\xff\xd8"
    assert (reading.passive_authentication, reading.active_authentication) == ("valid", "valid")
    assert reading.apdu_count > 0 and reading.bytes_read > len(reading.photo)


def test_read_twice_gives_the_same_data(reader: ChipReader) -> None:
    assert reader.read_chip(printed()).dg1_mrz == reader.read_chip(printed()).dg1_mrz


def test_print_of_another_document_is_access_denied(reader: ChipReader) -> None:
    other = tuple(persona("danish_letters").mrz_lines())
    if isinstance(reader, SimulatedChipReader):
        genuine = reader.chip_for(printed())
        reader.lay(genuine)  # the rich_register passport lies on the reader
    with pytest.raises(AccessDenied):
        reader.read_chip(other)


def test_unparseable_print_is_access_denied(reader: ChipReader) -> None:
    with pytest.raises(AccessDenied):
        reader.read_chip(("NOT", "AN", "MRZ"))
