"""``PgNemIdHoldings``: the fleet's NemID authority, and issuing, over PostgreSQL.

As in the embedded store a holding moves ``printing`` -> ``active`` or ``voided`` (and
``active`` -> ``voided``); only hashes are kept. Across the fleet: one active NemID and one in
the printer per CPR number (unique indexes), a reservation carries the reserving kiosk and a
lease, and a reservation not activated before its lease ends is voided by the service
(:meth:`PgNemIdHoldings.void_expired`). A kiosk's recovery sees only its own reservations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import TypeVar

from psycopg import errors as pg_errors

from kiosk.errors import StorageError
from kiosk.identity.people import NemIdHolding
from kiosk.storage.authority_keys import AuthorityKeys
from kiosk.storage.cpr_ref import cpr_digits, mask_cpr
from kiosk.storage.postgres.audit import audit
from kiosk.storage.postgres.context import AuthorityContext, authority_keys
from kiosk.storage.postgres.database import Connection, lock
from kiosk.storage.records import HOLDING_STATUSES, HoldingRecord

T = TypeVar("T")
TRANSITIONS: dict[str, tuple[str, ...]] = {"printing": ("active", "voided"), "active": ("voided",)}
_COLUMNS = "number, cpr, status, card_serial, active_since, created_at, status_changed_at"


class PgNemIdHoldings:
    """Implements :class:`kiosk.storage.repositories.NemIdHoldings` for one kiosk's requests."""

    def __init__(self, context: AuthorityContext) -> None:
        self._context = context

    @property
    def keys(self) -> AuthorityKeys:
        return authority_keys(self._context.db)

    def holding(self, cpr: str) -> NemIdHolding | None:
        row = self._context.db.query_one(
            "SELECT number, active_since, status FROM nemid_holdings"
            " WHERE cpr = %s AND status = 'active'",
            (cpr_digits(cpr),),
        )
        if row is None or not isinstance(row[1], date):
            return None
        return NemIdHolding(str(row[0]), row[1], str(row[2]))

    def verify_password(self, nemid_number: str, password: str) -> bool:
        row = self._context.db.query_one(
            "SELECT password_hash FROM nemid_holdings WHERE number = %s AND status = 'active'",
            (nemid_number,),
        )
        return row is not None and self.keys.verify_password(password, str(row[0]))

    def verify_code(self, nemid_number: str, key: str, code: str) -> bool:
        row = self._context.db.query_one(
            "SELECT h.card_serial, c.code_hmac FROM nemid_holdings h"
            " JOIN code_card_codes c ON c.card_serial = h.card_serial"
            " WHERE h.number = %s AND h.status = 'active' AND c.key = %s",
            (nemid_number, key),
        )
        return row is not None and self.keys.verify_code(str(row[0]), key, code, str(row[1]))

    def card_keys(self, nemid_number: str) -> list[str]:
        rows = self._context.db.query(
            "SELECT c.key FROM nemid_holdings h"
            " JOIN code_card_codes c ON c.card_serial = h.card_serial"
            " WHERE h.number = %s AND h.status = 'active' ORDER BY c.key",
            (nemid_number,),
        )
        return [str(row[0]) for row in rows]

    def reserve(
        self,
        cpr: str,
        nemid_number: str,
        password_hash: str,
        card_serial: str,
        code_hmacs: Mapping[str, str] | Iterable[tuple[str, str]],
    ) -> HoldingRecord:
        """A new holding in ``printing``, leased to this kiosk. Raises StorageError for a
        taken number or serial, a person not in the register, or a NemID already printing."""
        context = self._context
        digits = cpr_digits(cpr)
        pairs = list(code_hmacs.items() if isinstance(code_hmacs, Mapping) else code_hmacs)
        now = context.clock.now()

        # Its own transaction: a refusal below must not undo it.
        self._run(lambda connection: self._void_expired(connection, now, "cpr", digits))

        def work(connection: Connection) -> HoldingRecord:
            lock(connection, "nemid", digits)
            if not connection.execute("SELECT 1 FROM persons WHERE cpr = %s", (digits,)).fetchone():
                raise StorageError(f"{mask_cpr(digits)} is not in the register")
            taken = [
                what
                for what, sql, value in (
                    ("NemID number", "number = %s", nemid_number),
                    ("code card serial", "card_serial = %s", card_serial),
                    ("printing", "cpr = %s AND status = 'printing'", digits),
                )
                if connection.execute(
                    f"SELECT 1 FROM nemid_holdings WHERE {sql}", (value,)
                ).fetchone()
            ]  # three index lookups: narrow predicate locks, few conflicts between kiosks
            if "printing" in taken:
                raise StorageError(f"{mask_cpr(digits)} has a NemID being printed at another kiosk")
            if taken:
                raise StorageError(f"{taken[0]} is already issued")
            connection.execute(
                "INSERT INTO nemid_holdings (number, cpr, status, active_since, password_hash,"
                " card_serial, kiosk_id, lease_until, created_at, status_changed_at)"
                " VALUES (%s, %s, 'printing', NULL, %s, %s, %s, %s, %s, %s)",
                (
                    nemid_number,
                    digits,
                    password_hash,
                    card_serial,
                    context.kiosk_id,
                    now + timedelta(seconds=context.lease_seconds),
                    now,
                    now,
                ),
            )
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO code_card_codes (card_serial, key, code_hmac) VALUES (%s, %s, %s)",
                    [(card_serial, key, digest) for key, digest in pairs],
                )
            audit(
                connection,
                now,
                context.kiosk_id,
                "nemid.reserved",
                number=nemid_number,
                cpr=mask_cpr(digits),
            )
            return _fetch(connection, nemid_number)

        return self._run(work)

    def activate(self, nemid_number: str) -> HoldingRecord:
        """``printing`` -> ``active`` (within its lease); the person's previous active NemID is
        voided in the same transaction."""
        context = self._context
        now = context.clock.now()

        self._run(lambda connection: self._void_expired(connection, now, "number", nemid_number))

        def work(connection: Connection) -> HoldingRecord:
            owner = connection.execute(
                "SELECT cpr FROM nemid_holdings WHERE number = %s", (nemid_number,)
            ).fetchone()
            if owner:
                lock(connection, "nemid", str(owner[0]))
            record = _fetch(connection, nemid_number, for_update=True)
            _check_move(record, "active")
            connection.execute(
                "UPDATE nemid_holdings SET status = 'voided', status_changed_at = %s"
                " WHERE cpr = (SELECT cpr FROM nemid_holdings WHERE number = %s)"
                " AND status = 'active'",
                (now, nemid_number),
            )
            connection.execute(
                "UPDATE nemid_holdings SET status = 'active', active_since = %s,"
                " status_changed_at = %s, lease_until = NULL WHERE number = %s",
                (context.clock.today(), now, nemid_number),
            )
            audit(connection, now, context.kiosk_id, "nemid.activated", number=nemid_number)
            return _fetch(connection, nemid_number)

        return self._run(work)

    def void(self, nemid_number: str) -> HoldingRecord:
        context = self._context
        now = context.clock.now()

        def work(connection: Connection) -> HoldingRecord:
            _check_move(_fetch(connection, nemid_number, for_update=True), "voided")
            connection.execute(
                "UPDATE nemid_holdings SET status = 'voided', status_changed_at = %s,"
                " lease_until = NULL WHERE number = %s",
                (now, nemid_number),
            )
            audit(connection, now, context.kiosk_id, "nemid.voided", number=nemid_number)
            return _fetch(connection, nemid_number)

        return self._run(work)

    def void_expired(self) -> int:
        """Void every reservation whose lease ran out (any kiosk's); how many."""
        now = self._context.clock.now()
        return self._run(lambda connection: self._void_expired(connection, now))

    def holdings_in_status(self, status: str) -> list[HoldingRecord]:
        """Holdings in ``status``; ``printing`` ones are this kiosk's only (its recovery)."""
        if status not in HOLDING_STATUSES:
            raise StorageError(f"unknown NemID status {status!r}")
        mine = status == "printing"
        rows = self._context.db.query(
            f"SELECT {_COLUMNS} FROM nemid_holdings WHERE status = %s"
            " AND (NOT %s OR kiosk_id = %s) ORDER BY created_at, number",
            (status, mine, self._context.kiosk_id),
        )
        return [_record(row) for row in rows]

    def number_exists(self, nemid_number: str) -> bool:
        return bool(
            self._context.db.query_one(
                "SELECT 1 FROM nemid_holdings WHERE number = %s", (nemid_number,)
            )
        )

    def serial_exists(self, card_serial: str) -> bool:
        return bool(
            self._context.db.query_one(
                "SELECT 1 FROM nemid_holdings WHERE card_serial = %s", (card_serial,)
            )
        )

    def record(self, nemid_number: str) -> HoldingRecord:
        return self._context.db.run(lambda connection: _fetch(connection, nemid_number))

    def _void_expired(
        self, connection: Connection, now: datetime, column: str = "", value: str = ""
    ) -> int:
        """Void lapsed reservations: all, or those whose ``column`` (cpr, number) is ``value``
        (a narrow sweep, so concurrent issuances do not conflict over each other's rows)."""
        narrow = f" AND {column} = %s" if column in ("cpr", "number") else ""
        rows = connection.execute(
            "UPDATE nemid_holdings SET status = 'voided', status_changed_at = %s,"
            " lease_until = NULL WHERE status = 'printing' AND lease_until < %s"
            + narrow
            + " RETURNING number, kiosk_id",
            (now, now, value) if narrow else (now, now),
        ).fetchall()
        for number, kiosk_id in rows:
            audit(connection, now, str(kiosk_id), "nemid.lease_expired", number=str(number))
        return len(rows)

    def _run(self, work: Callable[[Connection], T]) -> T:
        try:
            return self._context.db.run(work)
        except pg_errors.UniqueViolation as exc:
            raise StorageError(f"refused by the register: {exc.diag.constraint_name}") from exc


def _fetch(connection: Connection, number: str, *, for_update: bool = False) -> HoldingRecord:
    row = connection.execute(
        f"SELECT {_COLUMNS} FROM nemid_holdings WHERE number = %s"
        + (" FOR UPDATE" if for_update else ""),
        (number,),
    ).fetchone()
    if row is None:
        raise StorageError(f"no NemID {number}")
    return _record(row)


def _check_move(record: HoldingRecord, target: str) -> None:
    if target not in TRANSITIONS.get(record.status, ()):
        raise StorageError(f"NemID {record.number} is {record.status}; it cannot be {target}")


def _record(row: tuple[object, ...]) -> HoldingRecord:
    active_since, created, changed = row[4], row[5], row[6]
    assert isinstance(created, datetime) and isinstance(changed, datetime)
    return HoldingRecord(
        number=str(row[0]),
        masked_cpr=mask_cpr(str(row[1])),
        status=str(row[2]),
        card_serial=str(row[3]),
        active_since=active_since if isinstance(active_since, date) else None,
        created_at=created,
        status_changed_at=changed,
    )
