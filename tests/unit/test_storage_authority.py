"""The NemID authority over the register database: the port, and reserve/activate/void."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk.clock import FixedClock
from kiosk.config import RuleSettings
from kiosk.errors import StorageError
from kiosk.issuance import credentials
from kiosk.storage.authority_keys import AuthorityKeys
from kiosk.storage.personas import persona, seed_personas
from kiosk.storage.sqlite.authority import SqliteNemIdAuthority
from kiosk.storage.sqlite.database import Database
from kiosk.storage.sqlite.register import SqliteCprRegister
from tests.keys import cheap_keys

TODAY = date(2026, 11, 23)
APPLICANT = persona("rich_register")
HOLDER = persona("has_nemid")


@pytest.fixture
def keys() -> AuthorityKeys:
    return cheap_keys()


@pytest.fixture
def db(tmp_path: Path, keys: AuthorityKeys) -> Database:
    database = Database.open(tmp_path / "register.sqlite", "register")
    seed_personas(database, TODAY, keys)
    yield database
    database.close()


@pytest.fixture
def authority(db: Database, keys: AuthorityKeys) -> SqliteNemIdAuthority:
    return SqliteNemIdAuthority(db, FixedClock.on(TODAY), keys)


def reserve_new(authority: SqliteNemIdAuthority, cpr: str) -> credentials.NewCredential:
    """What the issuance code does: make, hash with the authority's key, reserve (R12)."""
    new = credentials.new_credential(
        RuleSettings(),
        number_exists=authority.number_exists,
        serial_exists=authority.serial_exists,
    )
    hashed = credentials.stored_secrets(new, authority.keys)
    authority.reserve(
        cpr, new.nemid_number, hashed.password_hash, new.card_serial, hashed.code_hashes
    )
    return new


def test_the_port_answers_for_a_seeded_holder(authority: SqliteNemIdAuthority) -> None:
    holding = authority.holding(HOLDER.cpr)
    assert holding is not None and holding.status == "active"
    assert holding.number == HOLDER.entry["nemid"]["number"]
    assert authority.verify_password(holding.number, HOLDER.nemid_password or "")
    key, code = next(iter(HOLDER.code_card.items()))
    assert authority.verify_code(holding.number, key, code)
    assert not authority.verify_code(holding.number, key, "000000")
    assert not authority.verify_code(holding.number, "9876", code)
    assert authority.card_keys(holding.number) == sorted(HOLDER.code_card)
    assert authority.holding(APPLICANT.cpr) is None
    assert not authority.verify_password("111111111", "123456")


def test_a_reserved_nemid_is_printing_and_not_usable(authority: SqliteNemIdAuthority) -> None:
    new = reserve_new(authority, APPLICANT.cpr)
    record = authority.record(new.nemid_number)
    assert (record.status, record.masked_cpr, record.active_since) == (
        "printing",
        "150368-XXXX",
        None,
    )
    assert authority.holding(APPLICANT.cpr) is None
    assert not authority.verify_password(new.nemid_number, new.temporary_password)
    assert [r.number for r in authority.holdings_in_status("printing")] == [new.nemid_number]
    assert authority.number_exists(new.nemid_number)
    assert authority.serial_exists(new.card_serial)


def test_an_activated_nemid_verifies_its_password_and_codes(
    authority: SqliteNemIdAuthority, db: Database
) -> None:
    new = reserve_new(authority, APPLICANT.cpr)
    record = authority.activate(new.nemid_number)
    assert (record.status, record.active_since) == ("active", TODAY)
    assert authority.verify_password(new.nemid_number, new.temporary_password)
    key, code = new.code_pairs[17]
    assert authority.verify_code(new.nemid_number, key, code)
    assert len(authority.card_keys(new.nemid_number)) == RuleSettings().code_card_size
    person = SqliteCprRegister(db).find(APPLICANT.cpr)
    assert person is not None and person.nemid is not None
    assert person.nemid.number == new.nemid_number


def test_activating_a_replacement_voids_the_old_nemid(authority: SqliteNemIdAuthority) -> None:
    old_number = HOLDER.entry["nemid"]["number"]
    new = reserve_new(authority, HOLDER.cpr)
    authority.activate(new.nemid_number)
    assert authority.record(old_number).status == "voided"
    holding = authority.holding(HOLDER.cpr)
    assert holding is not None and holding.number == new.nemid_number
    assert not authority.verify_password(old_number, HOLDER.nemid_password or "")


def test_a_voided_reservation_never_works_and_its_number_is_not_reused(
    authority: SqliteNemIdAuthority,
) -> None:
    new = reserve_new(authority, APPLICANT.cpr)
    assert authority.void(new.nemid_number).status == "voided"
    assert authority.holdings_in_status("printing") == []
    assert authority.holding(APPLICANT.cpr) is None
    assert authority.number_exists(new.nemid_number)
    with pytest.raises(StorageError, match="is voided; it cannot be active"):
        authority.activate(new.nemid_number)
    with pytest.raises(StorageError, match="is voided; it cannot be voided"):
        authority.void(new.nemid_number)


def test_an_active_nemid_cannot_be_activated_again(authority: SqliteNemIdAuthority) -> None:
    number = HOLDER.entry["nemid"]["number"]
    with pytest.raises(StorageError, match="is active; it cannot be active"):
        authority.activate(number)


def test_reserve_refuses_taken_numbers_and_serials_and_unknown_people(
    authority: SqliteNemIdAuthority,
) -> None:
    new = reserve_new(authority, APPLICANT.cpr)
    with pytest.raises(StorageError, match="already issued"):
        authority.reserve(APPLICANT.cpr, new.nemid_number, "scrypt$x", "NK999", {})
    with pytest.raises(StorageError, match=r"serial .* already issued"):
        authority.reserve(APPLICANT.cpr, "222222222", "scrypt$x", new.card_serial, {})
    with pytest.raises(StorageError, match="170690-XXXX is not in the register"):
        authority.reserve("1706902846", "333333333", "scrypt$x", "NK1", {})
    assert len(authority.holdings_in_status("printing")) == 1


def test_unknown_numbers_and_statuses_are_refused(authority: SqliteNemIdAuthority) -> None:
    with pytest.raises(StorageError, match="no NemID 000000000"):
        authority.void("000000000")
    with pytest.raises(StorageError, match="unknown NemID status"):
        authority.holdings_in_status("lost")


def test_a_reservation_rolls_back_with_the_callers_transaction(
    authority: SqliteNemIdAuthority, db: Database
) -> None:
    codes_before = db.query_one("SELECT count(*) FROM code_card_codes")[0]
    with pytest.raises(RuntimeError), db.transaction():
        reserve_new(authority, APPLICANT.cpr)
        raise RuntimeError("crash before commit")
    assert authority.holdings_in_status("printing") == []
    assert db.query_one("SELECT count(*) FROM code_card_codes")[0] == codes_before
