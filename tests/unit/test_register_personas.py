"""The synthetic personas: every rule has someone to exercise it, and their documents read."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.errors import ScenarioError
from kiosk.identity.mrz import parse_mrz
from kiosk.identity.transliteration import names_match
from kiosk.storage.personas import PERSONAS_FILE, Persona, load_personas, persona
from kiosk.storage.stores import open_register_storage

REFERENCE_TODAY = date.fromisoformat(json.loads(PERSONAS_FILE.read_text())["reference_today"])


def age_on(p: Persona, day: date) -> int:
    born = p.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@pytest.fixture(scope="module")
def personas() -> dict[str, Persona]:
    return {p.id: p for p in load_personas()}


def test_persona_ids_and_cprs_are_unique() -> None:
    loaded = load_personas()
    assert len({p.id for p in loaded}) == len(loaded)
    assert len({p.cpr for p in loaded}) == len(loaded)


@pytest.mark.parametrize("persona_id", [p.id for p in load_personas()])
def test_every_document_mrz_parses_valid_and_matches_the_persona_r1(persona_id: str) -> None:
    p = persona(persona_id)
    mrz = parse_mrz(p.mrz_lines(), today=REFERENCE_TODAY)
    assert mrz.valid, mrz.failed_checks
    assert mrz.format == ("TD3" if p.document.kind == "passport" else "TD1")
    assert mrz.birth_date == p.birth_date
    assert mrz.expiry_date == p.document.expiry
    assert mrz.document_number == p.document.number
    assert names_match(mrz, p.given_names, p.surname)


def test_rich_register_data_for_control_questions_r5(personas: dict[str, Persona]) -> None:
    entry = personas["rich_register"].entry
    assert len(entry["previous_addresses"]) >= 2
    for field in ("mother", "father", "spouse", "birth_place"):
        assert entry[field]
    assert entry["children"]


def test_a_recent_newcomer_with_few_data_and_a_health_card_r5_r6_r9(
    personas: dict[str, Persona],
) -> None:
    newcomer = personas["newcomer"]
    assert newcomer.entry["citizenship"] != "DNK"
    assert newcomer.entry["in_denmark_since_days_ago"] <= 90
    assert not newcomer.entry.get("previous_addresses") and not newcomer.entry.get("mother")
    assert newcomer.health_card and newcomer.document_cpr is None


def test_a_foreigner_whose_cpr_is_only_on_the_yellow_card_r1(
    personas: dict[str, Persona],
) -> None:
    foreigner = personas["foreigner_health_card"]
    assert foreigner.document.kind == "id_card" and foreigner.document.nationality != "DNK"
    assert foreigner.health_card and foreigner.document_cpr is None


def test_ages_hold_on_the_reference_date(personas: dict[str, Persona]) -> None:
    assert age_on(personas["minor_14"], REFERENCE_TODAY) == 14
    assert age_on(personas["witness_aged_17"], REFERENCE_TODAY) == 17
    assert age_on(personas["witness_declaration"], REFERENCE_TODAY) >= 18


def test_a_home_bound_person_without_passport_or_licence_r8(
    personas: dict[str, Persona],
) -> None:
    entry = personas["home_bound"].entry
    assert entry["home_bound"] is True
    assert not entry.get("danish_passport") and not entry.get("danish_driving_licence")


def test_witnesses_with_nemid_40_and_10_days_old_r7b(personas: dict[str, Persona]) -> None:
    assert personas["witness_nemid_40_days"].entry["nemid"]["active_days_ago"] == 40
    assert personas["witness_nemid_10_days"].entry["nemid"]["active_days_ago"] == 10
    assert personas["witness_nemid_40_days"].code_card
    assert personas["witness_nemid_40_days"].nemid_password


def test_a_witness_not_in_the_register_r7(personas: dict[str, Persona]) -> None:
    assert personas["witness_not_in_register"].in_register is False


def test_names_with_ae_oe_and_aa(personas: dict[str, Persona]) -> None:
    p = personas["danish_letters"]
    name = p.given_names + p.surname
    assert {"Æ", "Ø", "Å"} <= set(name.upper())
    assert p.mrz_lines()[0].startswith("P<DNKLOEVGAARD<<AASE<AERBO")


def test_an_expired_document(personas: dict[str, Persona]) -> None:
    assert personas["expired_document"].document.expiry < REFERENCE_TODAY


def test_seeding_resolves_relative_dates_on_any_day(tmp_path: Path) -> None:
    today = date(2027, 3, 1)
    config = KioskConfig().replace(storage={"database": str(tmp_path / "kiosk.sqlite")})
    with open_register_storage(config, FixedClock.on(today)) as storage:
        assert storage.db.path == tmp_path / "register.sqlite"
        witness = storage.register.find(persona("witness_nemid_40_days").cpr)
        assert witness is not None and witness.nemid is not None
        assert witness.nemid.active_since == today - timedelta(days=40)
        newcomer = storage.register.find(persona("newcomer").cpr)
        assert newcomer is not None and newcomer.in_denmark_since == today - timedelta(days=45)
        assert storage.register.find(persona("witness_not_in_register").cpr) is None
        assert storage.register.find(persona("has_nemid").cpr).nemid is not None
        seeded = storage.register.count()
    assert seeded == sum(1 for p in load_personas() if p.in_register)
    with open_register_storage(config, FixedClock.on(today)) as again:
        assert again.register.count() == seeded


def test_an_unknown_persona_names_the_known_ones() -> None:
    with pytest.raises(ScenarioError, match=r"known: .*rich_register"):
        persona("nobody")


def test_a_malformed_persona_file_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "personas.json"
    broken.write_text('{"personas": [{"id": "x", "register": {}}]}')
    with pytest.raises(ScenarioError, match=r"personas\[0\]: missing 'document'"):
        load_personas(broken)
    broken.write_text("{not json")
    with pytest.raises(ScenarioError, match="not valid JSON"):
        load_personas(broken)
