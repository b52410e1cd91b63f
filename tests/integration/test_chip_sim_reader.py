"""The simulated chip reader (demo, end-to-end) and the chip-reader factory: every persona's
chip matches its print, a forged print meets the genuine chip (R1: chip_mismatch), and faults
surface as the port's errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.devices import open_chip_reader
from drivers.emrtd.chip_reader_factory import build_chip_reader
from drivers.emrtd.pcsc_chip_reader import PcscChipReader
from drivers.sim.cards.epassport_chips import Chip
from drivers.sim.cards.epassport_reader import SimulatedChipReader
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.errors import AccessDenied, CardRemoved, ConfigError, SecureMessagingError
from kiosk.identity.chip_checks import chip_matches_print, chip_refusal
from kiosk.identity.mrz import parse_mrz
from kiosk.storage.personas import Persona, load_personas

PERSONAS = load_personas()


@pytest.fixture(scope="module")
def reader() -> SimulatedChipReader:
    return SimulatedChipReader(FixedClock())


@pytest.fixture(autouse=True)
def reset(reader: SimulatedChipReader) -> None:
    reader.lay(None)
    reader.faults.wrong_mac_after = None
    reader.pull_after = None


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.id for p in PERSONAS])
def test_r1_every_persona_chip_matches_its_print(
    reader: SimulatedChipReader, persona: Persona
) -> None:
    printed = tuple(persona.mrz_lines())
    reading = reader.read_chip(printed)
    assert reading.passive_authentication == "valid"
    assert chip_matches_print(reading, parse_mrz(printed))
    assert chip_refusal(reading, parse_mrz(printed)) is None


def test_r1_forged_print_meets_the_genuine_chip(reader: SimulatedChipReader) -> None:
    genuine = tuple(PERSONAS[0].mrz_lines())
    forged = (genuine[0][:5] + "HANSEN<<JENS" + "<" * 27, genuine[1])
    reading = reader.read_chip(forged)
    assert reading.passive_authentication == "valid"
    assert chip_refusal(reading, parse_mrz(forged)) == "chip_mismatch"


def test_r1_tampered_chip_is_refused_as_chip_invalid(reader: SimulatedChipReader) -> None:
    printed = tuple(PERSONAS[1].mrz_lines())
    genuine = reader.chip_for(printed)
    reader.lay(Chip(genuine.mrz_lines, genuine.image.tampered(2)))
    reading = reader.read_chip(printed)
    assert reading.passive_authentication == "invalid:dg2_hash"
    assert chip_refusal(reading, parse_mrz(printed)) == "chip_invalid"


def test_r1_tampered_dg1_differs_from_the_print(reader: SimulatedChipReader) -> None:
    printed = tuple(PERSONAS[1].mrz_lines())
    genuine = reader.chip_for(printed)
    reader.lay(Chip(genuine.mrz_lines, genuine.image.tampered(1)))
    reading = reader.read_chip(printed)
    assert reading.passive_authentication == "invalid:dg1_hash"
    assert chip_refusal(reading, parse_mrz(printed)) == "chip_mismatch"


def test_document_outside_the_personas_gets_a_chip_of_its_print(
    reader: SimulatedChipReader,
) -> None:
    printed = (
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    )
    assert chip_matches_print(reader.read_chip(printed), parse_mrz(printed))


def test_wrong_mac_fault_is_secure_messaging_error(reader: SimulatedChipReader) -> None:
    reader.faults.wrong_mac_after = 1
    with pytest.raises(SecureMessagingError):
        reader.read_chip(tuple(PERSONAS[0].mrz_lines()))


def test_pulled_card_is_card_removed(reader: SimulatedChipReader) -> None:
    reader.pull_after = 6
    with pytest.raises(CardRemoved):
        reader.read_chip(tuple(PERSONAS[0].mrz_lines()))


def test_unparseable_print_is_access_denied(reader: SimulatedChipReader) -> None:
    with pytest.raises(AccessDenied):
        reader.read_chip(("NOT AN MRZ",))


def test_factory_builds_the_simulated_reader() -> None:
    reader = open_chip_reader("sim://", KioskConfig(), FixedClock())
    assert isinstance(reader, SimulatedChipReader)
    assert reader.health().usable


def test_factory_builds_a_pcsc_reader_with_the_trust_folder(tmp_path: Path) -> None:
    sim = SimulatedChipReader(FixedClock())
    (tmp_path / "csca.pem").write_bytes(sim.csca_pem())
    config = KioskConfig().replace(security={"trust_store": str(tmp_path)})
    assert isinstance(build_chip_reader("pcsc://Virtual PCD", config), PcscChipReader)


def test_factory_refuses_another_scheme() -> None:
    with pytest.raises(ConfigError, match="chip reader"):
        build_chip_reader("tcp://127.0.0.1:9100", KioskConfig())


def test_factory_refuses_a_missing_trust_folder(tmp_path: Path) -> None:
    config = KioskConfig().replace(security={"trust_store": str(tmp_path / "none")})
    with pytest.raises(ConfigError, match="not a folder"):
        build_chip_reader("pcsc://Virtual PCD", config)
