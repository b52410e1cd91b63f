"""Seeding the register database with synthetic persons, from the persona file or a scenario.

:func:`seed_register` checks every entry before it writes any (a malformed one raises
ScenarioError and leaves the register as it was), then writes them in one transaction. An entry
whose CPR is already in the register replaces that person and their NemIDs, so a scenario can
adjust a built-in persona. Test-data secrets are hashed on the way in under the authority's
keys (:mod:`kiosk.storage.authority_keys`); the plain values are never written.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from kiosk.errors import ScenarioError
from kiosk.storage.authority_keys import AuthorityKeys
from kiosk.storage.cpr_ref import mask_cpr
from kiosk.storage.register_entries import RegisterEntry, parse_entries
from kiosk.storage.sqlite.database import Database
from kiosk.storage.timestamps import to_db_date, to_db_time


def seed_register(register_db: Database, entries: object, today: date, keys: AuthorityKeys) -> int:
    """Add (or replace) the persons of ``entries`` (parsed JSON: a list of objects, checked
    here); returns how many were written.

    Relative dates (``active_days_ago``, ``in_denmark_since_days_ago``) count back from
    ``today``. Raises ScenarioError for a malformed entry or a NemID number or card serial
    that belongs to someone else already.
    """
    parsed = parse_entries(entries, today)
    write_entries(register_db, parsed, today, keys)
    return len(parsed)


def write_entries(
    register_db: Database, entries: list[RegisterEntry], today: date, keys: AuthorityKeys
) -> None:
    hashed = [_hash_secrets(keys, entry) for entry in entries]
    stamp = to_db_time(_noon_utc(today))
    with register_db.transaction() as connection:
        for entry, secrets in zip(entries, hashed, strict=True):
            person = entry.person
            connection.execute("DELETE FROM nemid_holdings WHERE cpr = ?", (person.cpr,))
            connection.execute(
                "INSERT OR REPLACE INTO persons (cpr, given_names, surname, address,"
                " previous_addresses, mother, father, spouse, children, birth_place,"
                " citizenship, in_denmark_since, danish_passport, danish_driving_licence,"
                " home_bound) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    person.cpr,
                    person.given_names,
                    person.surname,
                    person.address,
                    json.dumps(list(person.previous_addresses), ensure_ascii=False),
                    person.mother,
                    person.father,
                    person.spouse,
                    json.dumps(list(person.children), ensure_ascii=False),
                    person.birth_place,
                    person.citizenship,
                    to_db_date(person.in_denmark_since),
                    int(person.danish_passport),
                    int(person.danish_driving_licence),
                    int(person.home_bound),
                ),
            )
            if entry.nemid is None or secrets is None:
                continue
            nemid = entry.nemid
            taken = connection.execute(
                "SELECT cpr FROM nemid_holdings WHERE number = ? OR card_serial = ?",
                (nemid.number, nemid.card_serial),
            ).fetchone()
            if taken:
                raise ScenarioError(
                    f"NemID {nemid.number} (card {nemid.card_serial}) already belongs to "
                    f"{mask_cpr(taken[0])}"
                )
            connection.execute(
                "INSERT INTO nemid_holdings (number, cpr, status, active_since, password_hash,"
                " card_serial, created_at, status_changed_at)"
                " VALUES (?, ?, 'active', ?, ?, ?, ?, ?)",
                (
                    nemid.number,
                    person.cpr,
                    to_db_date(nemid.active_since),
                    secrets[0],
                    nemid.card_serial,
                    stamp,
                    stamp,
                ),
            )
            connection.executemany(
                "INSERT INTO code_card_codes (card_serial, key, code_hmac) VALUES (?, ?, ?)",
                [(nemid.card_serial, key, digest) for key, digest in secrets[1]],
            )


def _hash_secrets(
    keys: AuthorityKeys, entry: RegisterEntry
) -> tuple[str, list[tuple[str, str]]] | None:
    if entry.nemid is None:
        return None
    nemid = entry.nemid
    password_hash = keys.hash_password(nemid.password)
    codes = [
        (card_key, keys.hash_code(nemid.card_serial, card_key, code))
        for card_key, code in sorted(nemid.code_card.items())
    ]
    return password_hash, codes


def _noon_utc(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
