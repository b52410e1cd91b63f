"""``PgCprRegister``: the CPR register the fleet shares, and loading entries into it.

Loading takes the ``register`` entries of a journey scenario (checked by
:mod:`kiosk.storage.register_entries`); a NemID's password and code card are hashed on the way
in. Loading a person again updates them and replaces their NemIDs, never duplicates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from psycopg.types.json import Jsonb

from kiosk.errors import CprError, ScenarioError
from kiosk.identity.people import NemIdHolding, Person
from kiosk.storage.authority_keys import AuthorityKeys
from kiosk.storage.cpr_ref import cpr_digits, mask_cpr
from kiosk.storage.postgres.audit import audit
from kiosk.storage.postgres.context import AuthorityContext, authority_keys
from kiosk.storage.postgres.database import Connection
from kiosk.storage.register_entries import RegisterEntry, parse_entries

PERSON_QUERY = (
    "SELECT p.cpr, p.given_names, p.surname, p.address, p.previous_addresses, p.mother,"
    " p.father, p.spouse, p.children, p.birth_place, p.citizenship, p.in_denmark_since,"
    " p.danish_passport, p.danish_driving_licence, p.home_bound, h.number, h.active_since"
    " FROM persons p LEFT JOIN nemid_holdings h ON h.cpr = p.cpr AND h.status = 'active'"
)


class PgCprRegister:
    """Implements :class:`kiosk.storage.repositories.Register` over the authority database."""

    def __init__(self, context: AuthorityContext) -> None:
        self._context = context

    def find(self, cpr: str) -> Person | None:
        try:
            digits = cpr_digits(cpr)
        except CprError:
            return None
        row = self._context.db.query_one(PERSON_QUERY + " WHERE p.cpr = %s", (digits,))
        return person_from_row(row) if row else None

    def others(self, exclude_cpr: str, limit: int) -> list[Person]:
        rows = self._context.db.query(
            PERSON_QUERY + " WHERE p.cpr <> %s ORDER BY random() LIMIT %s",
            (exclude_cpr.replace("-", ""), max(limit, 0)),
        )
        return [person_from_row(row) for row in rows]

    def count(self) -> int:
        row = self._context.db.query_one("SELECT count(*) FROM persons")
        return int(str(row[0])) if row else 0

    def load(self, entries: object, today: date | None = None) -> int:
        """Add or update every entry of ``entries`` (a parsed JSON list) in one transaction.

        Raises ScenarioError for a malformed entry, or a NemID number or card serial that
        belongs to someone else.
        """
        context = self._context
        parsed = parse_entries(entries, today or context.clock.today())
        keys = authority_keys(context.db)
        hashed = [_hash_secrets(keys, entry) for entry in parsed]

        def work(connection: Connection) -> int:
            now = context.clock.now()
            for entry, secrets in zip(parsed, hashed, strict=True):
                _write_entry(connection, entry, secrets, now)
            audit(connection, now, context.kiosk_id, "register.loaded", persons=len(parsed))
            return len(parsed)

        return context.db.run(work)


def _hash_secrets(keys: AuthorityKeys, entry: RegisterEntry) -> tuple[str, list[tuple[str, str]]]:
    if entry.nemid is None:
        return "", []
    nemid = entry.nemid
    codes = [
        (key, keys.hash_code(nemid.card_serial, key, code))
        for key, code in sorted(nemid.code_card.items())
    ]
    return keys.hash_password(nemid.password), codes


def _write_entry(
    connection: Connection,
    entry: RegisterEntry,
    secrets: tuple[str, list[tuple[str, str]]],
    now: datetime,
) -> None:
    person = entry.person
    connection.execute(
        "INSERT INTO persons (cpr, given_names, surname, address, previous_addresses, mother,"
        " father, spouse, children, birth_place, citizenship, in_denmark_since,"
        " danish_passport, danish_driving_licence, home_bound, updated_at) VALUES"
        " (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
        " ON CONFLICT (cpr) DO UPDATE SET given_names = excluded.given_names,"
        " surname = excluded.surname, address = excluded.address,"
        " previous_addresses = excluded.previous_addresses, mother = excluded.mother,"
        " father = excluded.father, spouse = excluded.spouse, children = excluded.children,"
        " birth_place = excluded.birth_place, citizenship = excluded.citizenship,"
        " in_denmark_since = excluded.in_denmark_since,"
        " danish_passport = excluded.danish_passport,"
        " danish_driving_licence = excluded.danish_driving_licence,"
        " home_bound = excluded.home_bound, updated_at = excluded.updated_at",
        (
            person.cpr,
            person.given_names,
            person.surname,
            person.address,
            Jsonb(list(person.previous_addresses)),
            person.mother,
            person.father,
            person.spouse,
            Jsonb(list(person.children)),
            person.birth_place,
            person.citizenship,
            person.in_denmark_since,
            person.danish_passport,
            person.danish_driving_licence,
            person.home_bound,
            now,
        ),
    )
    connection.execute("DELETE FROM nemid_holdings WHERE cpr = %s", (person.cpr,))
    if entry.nemid is None:
        return
    nemid = entry.nemid
    taken = connection.execute(
        "SELECT cpr FROM nemid_holdings WHERE number = %s OR card_serial = %s",
        (nemid.number, nemid.card_serial),
    ).fetchone()
    if taken:
        raise ScenarioError(
            f"NemID {nemid.number} (card {nemid.card_serial}) already belongs to"
            f" {mask_cpr(str(taken[0]))}"
        )
    stamp = datetime(
        nemid.active_since.year, nemid.active_since.month, nemid.active_since.day, 12, tzinfo=UTC
    )
    connection.execute(
        "INSERT INTO nemid_holdings (number, cpr, status, active_since, password_hash,"
        " card_serial, created_at, status_changed_at) VALUES"
        " (%s, %s, 'active', %s, %s, %s, %s, %s)",
        (nemid.number, person.cpr, nemid.active_since, secrets[0], nemid.card_serial, stamp, stamp),
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO code_card_codes (card_serial, key, code_hmac) VALUES (%s, %s, %s)",
            [(nemid.card_serial, key, digest) for key, digest in secrets[1]],
        )


def person_from_row(row: tuple[object, ...]) -> Person:
    number, active_since = row[15], row[16]
    holding = (
        NemIdHolding(str(number), active_since)
        if number and isinstance(active_since, date)
        else None
    )
    in_denmark = row[11]
    return Person(
        cpr=str(row[0]),
        given_names=str(row[1]),
        surname=str(row[2]),
        address=str(row[3]),
        previous_addresses=tuple(str(item) for item in _list(row[4])),
        mother=str(row[5]),
        father=str(row[6]),
        spouse=str(row[7]),
        children=tuple(str(item) for item in _list(row[8])),
        birth_place=str(row[9]),
        citizenship=str(row[10]),
        in_denmark_since=in_denmark if isinstance(in_denmark, date) else None,
        danish_passport=bool(row[12]),
        danish_driving_licence=bool(row[13]),
        home_bound=bool(row[14]),
        nemid=holding,
    )


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []
