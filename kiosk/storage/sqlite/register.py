"""``SqliteCprRegister``: the CprRegister port over the embedded register database.

The register database is the stand-in for the national CPR register (and, in
:mod:`kiosk.storage.sqlite.authority`, the NemID authority); it holds plain CPR numbers because it
is the register. It answers with :class:`kiosk.identity.people.Person`, the person's active NemID
filled in.
The control questions (R5) are built from these fields; an entry with empty fields is a
person the register knows little about.
"""

from __future__ import annotations

import json
import sqlite3

from kiosk.errors import CprError
from kiosk.identity.people import NemIdHolding, Person
from kiosk.storage.cpr_ref import cpr_digits
from kiosk.storage.sqlite.database import Database
from kiosk.storage.timestamps import from_db_date

PERSON_COLUMNS = (
    "p.cpr, p.given_names, p.surname, p.address, p.previous_addresses, p.mother, p.father,"
    " p.spouse, p.children, p.birth_place, p.citizenship, p.in_denmark_since,"
    " p.danish_passport, p.danish_driving_licence, p.home_bound, h.number, h.active_since"
)
PERSON_QUERY = (
    f"SELECT {PERSON_COLUMNS} FROM persons p"
    " LEFT JOIN nemid_holdings h ON h.cpr = p.cpr AND h.status = 'active'"
)


class SqliteCprRegister:
    """Implements :class:`kiosk.ports.CprRegister`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def find(self, cpr: str) -> Person | None:
        """The register entry for ``cpr`` (with or without the hyphen), or None."""
        try:
            digits = cpr_digits(cpr)
        except CprError:
            return None
        row = self._db.query_one(PERSON_QUERY + " WHERE p.cpr = ?", (digits,))
        return person_from_row(row) if row else None

    def others(self, exclude_cpr: str, limit: int) -> list[Person]:
        """Up to ``limit`` other entries in random order, for control-question distractors."""
        rows = self._db.query(
            PERSON_QUERY + " WHERE p.cpr != ? ORDER BY random() LIMIT ?",
            (exclude_cpr.replace("-", ""), max(limit, 0)),
        )
        return [person_from_row(row) for row in rows]

    def count(self) -> int:
        row = self._db.query_one("SELECT count(*) FROM persons")
        return int(row[0]) if row else 0


def person_from_row(row: sqlite3.Row) -> Person:
    active_since = from_db_date(row["active_since"])
    holding = NemIdHolding(row["number"], active_since) if row["number"] and active_since else None
    return Person(
        cpr=row["cpr"],
        given_names=row["given_names"],
        surname=row["surname"],
        address=row["address"],
        previous_addresses=tuple(json.loads(row["previous_addresses"])),
        mother=row["mother"],
        father=row["father"],
        spouse=row["spouse"],
        children=tuple(json.loads(row["children"])),
        birth_place=row["birth_place"],
        citizenship=row["citizenship"],
        in_denmark_since=from_db_date(row["in_denmark_since"]),
        danish_passport=bool(row["danish_passport"]),
        danish_driving_licence=bool(row["danish_driving_licence"]),
        home_bound=bool(row["home_bound"]),
        nemid=holding,
    )
