"""Seeding the register database from scenario-format entries, and reading it back."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.clock import FixedClock
from kiosk.errors import ScenarioError
from kiosk.storage.sqlite.authority import SqliteNemIdAuthority
from kiosk.storage.sqlite.database import Database
from kiosk.storage.sqlite.register import SqliteCprRegister
from kiosk.storage.sqlite.register_seed import seed_register
from tests.keys import cheap_keys

TODAY = date(2026, 11, 23)
KEYS = cheap_keys()
ENTRY: dict[str, Any] = {
    "cpr": "2811901234",
    "given_names": "Søs Ærbø",
    "surname": "Åberg",
    "address": "Kastanievej 3, 5000 Odense C",
    "previous_addresses": ["Lindevej 1, 5000 Odense C"],
    "mother": "Mona Åberg",
    "father": "Frits Åberg",
    "citizenship": "DNK",
    "in_denmark_since": "1990-11-28",
    "nemid": {
        "number": "987654321",
        "active_since": "2026-09-01",
        "password": "246810",
        "code_card": {"0042": "318224", "1337": "902211"},
    },
}


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database.open(tmp_path / "register.sqlite", "register")
    yield database
    database.close()


def entry(**changes: Any) -> dict[str, Any]:
    result = copy.deepcopy(ENTRY)
    result.update(changes)
    return result


def test_a_scenario_entry_is_seeded_and_found(db: Database) -> None:
    assert seed_register(db, [entry()], TODAY, KEYS) == 1
    person = SqliteCprRegister(db).find("281190-1234")
    assert person is not None
    assert (person.given_names, person.surname) == ("Søs Ærbø", "Åberg")
    assert person.previous_addresses == ("Lindevej 1, 5000 Odense C",)
    assert person.in_denmark_since == date(1990, 11, 28)
    assert person.nemid is not None and person.nemid.number == "987654321"
    assert person.nemid.active_since == date(2026, 9, 1)


def test_only_hashes_of_the_secrets_are_stored(db: Database) -> None:
    seed_register(db, [entry()], TODAY, KEYS)
    dump = "\n".join(db.query_one("SELECT group_concat(password_hash) FROM nemid_holdings"))
    codes = [row[0] for row in db.query("SELECT code_hmac FROM code_card_codes")]
    assert "246810" not in dump and dump.startswith("scrypt-pepper$1$")
    assert not {"318224", "902211"} & set(codes)
    authority = SqliteNemIdAuthority(db, FixedClock.on(TODAY), KEYS)
    assert authority.verify_password("987654321", "246810")
    assert not authority.verify_password("987654321", "246811")
    assert authority.verify_code("987654321", "1337", "902211")
    assert not authority.verify_code("987654321", "1337", "318224")
    assert authority.card_keys("987654321") == ["0042", "1337"]


def test_relative_dates_resolve_against_today(db: Database) -> None:
    relative = entry(in_denmark_since_days_ago=30)
    del relative["in_denmark_since"]
    relative["nemid"] = dict(relative["nemid"], active_days_ago=40)
    del relative["nemid"]["active_since"]
    seed_register(db, [relative], TODAY, KEYS)
    person = SqliteCprRegister(db).find("2811901234")
    assert person is not None and person.nemid is not None
    assert person.nemid.active_since == TODAY - timedelta(days=40)
    assert person.in_denmark_since == TODAY - timedelta(days=30)


def test_a_minimal_entry_has_empty_register_fields(db: Database) -> None:
    seed_register(
        db, [{"cpr": "010203-4005", "given_names": "Ny", "surname": "Borger"}], TODAY, KEYS
    )
    person = SqliteCprRegister(db).find("0102034005")
    assert person is not None
    assert (person.address, person.mother, person.previous_addresses) == ("", "", ())
    assert person.nemid is None and person.citizenship == "DNK"


def test_a_later_seed_replaces_a_person_and_their_nemid(db: Database) -> None:
    seed_register(db, [entry()], TODAY, KEYS)
    newer = entry(address="Ny vej 1, 8000 Aarhus C")
    newer["nemid"] = dict(newer["nemid"], number="987654322", card_serial="NKX1")
    seed_register(db, [newer], TODAY, KEYS)
    person = SqliteCprRegister(db).find("2811901234")
    assert person is not None and person.address == "Ny vej 1, 8000 Aarhus C"
    assert person.nemid is not None and person.nemid.number == "987654322"
    assert SqliteNemIdAuthority(db, FixedClock.on(TODAY), KEYS).card_keys("987654321") == []


def test_unknown_cpr_is_none_and_others_exclude_the_person(db: Database) -> None:
    people = [entry(), {"cpr": "0102034005", "given_names": "A", "surname": "B"}]
    people.append({"cpr": "0203045006", "given_names": "C", "surname": "D"})
    seed_register(db, people, TODAY, KEYS)
    register = SqliteCprRegister(db)
    assert register.find("0101011234") is None
    assert register.find("not a cpr") is None
    others = register.others("2811901234", 5)
    assert sorted(p.cpr for p in others) == ["0102034005", "0203045006"]
    assert len(register.others("2811901234", 1)) == 1


BAD_ENTRIES = [
    ({"given_names": "A", "surname": "B"}, r"register\[0\]\.cpr: a CPR number is required"),
    (entry(cpr="12345"), r"register\[0\]\.cpr: .* is not 10 digits"),
    (entry(cpr="3213901234"), r"register\[0\]\.cpr: 321390-XXXX has no valid birth date"),
    (entry(cpr="0101304234"), r"register\[0\]\.cpr: 010130-XXXX is born after 2026-11-23"),
    (entry(given_names=""), r"register\[0\]\.given_names: is required"),
    (entry(surname=7), r"register\[0\]\.surname: must be a string"),
    (entry(previous_addresses="Lindevej 1"), r"previous_addresses: must be a list of strings"),
    (entry(in_denmark_since="28/11/1990"), r"in_denmark_since: '28/11/1990' is not an ISO date"),
    (entry(citizenship="Denmark"), r"citizenship: a 3-letter country code"),
    (entry(home_bound="yes"), r"home_bound: must be true or false"),
    (entry(favourite_colour="blue"), r"unknown key\(s\) favourite_colour"),
    (entry(nemid={"number": "12345"}), r"nemid\.number: a NemID number is 9 digits"),
    (
        entry(nemid={"number": "987654321", "active_since": "2027-01-01"}),
        r"nemid\.active_since: 2027-01-01 is after today",
    ),
    (
        entry(nemid={"number": "987654321", "active_days_ago": -3}),
        r"nemid\.active_days_ago: must be a whole number of days",
    ),
    (
        entry(nemid={"number": "987654321", "code_card": {"00x2": "318224"}}),
        r"nemid\.code_card: key '00x2' must be digits",
    ),
    (
        entry(nemid={"number": "987654321", "code_card": ["318224"]}),
        r"nemid\.code_card: must be an object",
    ),
    (entry(nemid={"number": "987654321", "pin": "1"}), r"nemid: unknown key\(s\) pin"),
    ("Karen Sørensen", r"register\[0\]: must be an object"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_ENTRIES)
def test_a_malformed_entry_is_named_and_nothing_is_written(
    db: Database, bad: Any, message: str
) -> None:
    with pytest.raises(ScenarioError, match=message):
        seed_register(db, [bad], TODAY, KEYS)
    assert SqliteCprRegister(db).count() == 0


def test_the_register_must_be_a_list(db: Database) -> None:
    with pytest.raises(ScenarioError, match="register: must be a list"):
        seed_register(db, {"cpr": "2811901234"}, TODAY, KEYS)  # type: ignore[arg-type]


def test_duplicate_cpr_and_nemid_numbers_are_refused(db: Database) -> None:
    with pytest.raises(ScenarioError, match=r"register\[1\]: CPR 281190-XXXX appears twice"):
        seed_register(db, [entry(), entry()], TODAY, KEYS)
    twin = entry(cpr="0102034005")
    with pytest.raises(ScenarioError, match=r"register\[1\]\.nemid\.number: 987654321 twice"):
        seed_register(db, [entry(), twin], TODAY, KEYS)
    assert SqliteCprRegister(db).count() == 0


def test_a_nemid_number_of_someone_already_seeded_is_refused(db: Database) -> None:
    seed_register(db, [entry()], TODAY, KEYS)
    with pytest.raises(ScenarioError, match="already belongs to 281190-XXXX"):
        seed_register(db, [entry(cpr="0102034005")], TODAY, KEYS)
    assert SqliteCprRegister(db).find("0102034005") is None
