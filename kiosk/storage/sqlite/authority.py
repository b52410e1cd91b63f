"""``SqliteNemIdAuthority``: the NemIdAuthority port, and issuing, over the register database.

The stand-in for the NemID authority. A holding (a NemID: number, password and code card, R12)
moves ``printing`` -> ``active`` or ``printing`` -> ``voided`` (and ``active`` -> ``voided`` when
replaced or revoked). Only hashes are stored: the password under scrypt and each code as an
HMAC under the authority's own key (kept in the register database, never in the kiosk's), both
made under the authority's versioned keys (:mod:`kiosk.storage.authority_keys`), which live in
their key file, never in this database.

Issuing, as the issuance transaction of DESIGN.md uses it::

    secrets = credentials.stored_secrets(new, authority.keys)
    authority.reserve(cpr, new.nemid_number, secrets.password_hash, new.card_serial,
                      dict(secrets.code_hashes))          # status printing
    ... print the password slip and the code card ...
    authority.activate(new.nemid_number)                  # or authority.void(...) on failure

On start-up, ``holdings_in_status("printing")`` lists what a crash left half-issued, to void.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from sqlite3 import Row

from kiosk.clock import Clock
from kiosk.errors import StorageError
from kiosk.identity.people import NemIdHolding
from kiosk.storage.authority_keys import AuthorityKeys
from kiosk.storage.cpr_ref import cpr_digits, mask_cpr
from kiosk.storage.records import HOLDING_STATUSES, HoldingRecord
from kiosk.storage.sqlite.database import Database
from kiosk.storage.timestamps import from_db_date, from_db_time, to_db_date, to_db_time

# The moves a holding may make; everything else is refused.
TRANSITIONS: dict[str, tuple[str, ...]] = {"printing": ("active", "voided"), "active": ("voided",)}


class SqliteNemIdAuthority:
    """Implements :class:`kiosk.ports.NemIdAuthority` plus the issuing calls."""

    def __init__(self, db: Database, clock: Clock, keys: AuthorityKeys) -> None:
        self._db = db
        self._clock = clock
        self._keys = keys

    @property
    def keys(self) -> AuthorityKeys:
        """The authority's keys: pass them to ``credentials.stored_secrets``."""
        return self._keys

    # --- the port -------------------------------------------------------------------------

    def holding(self, cpr: str) -> NemIdHolding | None:
        """The person's active NemID, if any."""
        row = self._db.query_one(
            "SELECT number, active_since, status FROM nemid_holdings"
            " WHERE cpr = ? AND status = 'active'",
            (cpr_digits(cpr),),
        )
        active_since = from_db_date(row[1]) if row else None
        return NemIdHolding(row[0], active_since, row[2]) if row and active_since else None

    def verify_password(self, nemid_number: str, password: str) -> bool:
        """True when the active NemID ``nemid_number`` has this password (scrypt, ~50 ms)."""
        row = self._db.query_one(
            "SELECT password_hash FROM nemid_holdings WHERE number = ? AND status = 'active'",
            (nemid_number,),
        )
        return row is not None and self._keys.verify_password(password, row[0])

    def verify_code(self, nemid_number: str, key: str, code: str) -> bool:
        """True when ``code`` stands beside ``key`` on the active NemID's code card."""
        row = self._db.query_one(
            "SELECT h.card_serial, c.code_hmac FROM nemid_holdings h"
            " JOIN code_card_codes c ON c.card_serial = h.card_serial"
            " WHERE h.number = ? AND h.status = 'active' AND c.key = ?",
            (nemid_number, key),
        )
        return row is not None and self._keys.verify_code(row[0], key, code, row[1])

    def card_keys(self, nemid_number: str) -> list[str]:
        """The keys of the active NemID's code card, in order (empty for no such NemID)."""
        rows = self._db.query(
            "SELECT c.key FROM nemid_holdings h"
            " JOIN code_card_codes c ON c.card_serial = h.card_serial"
            " WHERE h.number = ? AND h.status = 'active' ORDER BY c.key",
            (nemid_number,),
        )
        return [row[0] for row in rows]

    # --- issuing ----------------------------------------------------------------------------

    def reserve(
        self,
        cpr: str,
        nemid_number: str,
        password_hash: str,
        card_serial: str,
        code_hmacs: Mapping[str, str] | Iterable[tuple[str, str]],
    ) -> HoldingRecord:
        """Store a new holding in status ``printing`` with its hashes, in one transaction.

        ``password_hash`` and ``code_hmacs`` (key ->
        stored code, or (key, code) pairs) from :attr:`keys`.
        Raises StorageError when the number or serial is taken or the person is not in the
        register. Joins the caller's transaction on this database when there is one.
        """
        digits = cpr_digits(cpr)
        pairs = list(code_hmacs.items() if isinstance(code_hmacs, Mapping) else code_hmacs)
        now = to_db_time(self._clock.now())
        with self._db.transaction() as connection:
            if not connection.execute("SELECT 1 FROM persons WHERE cpr = ?", (digits,)).fetchone():
                raise StorageError(f"{mask_cpr(digits)} is not in the register")
            if self.number_exists(nemid_number):
                raise StorageError(f"NemID number {nemid_number} is already issued")
            if self.serial_exists(card_serial):
                raise StorageError(f"code card serial {card_serial} is already issued")
            connection.execute(
                "INSERT INTO nemid_holdings (number, cpr, status, active_since, password_hash,"
                " card_serial, created_at, status_changed_at)"
                " VALUES (?, ?, 'printing', NULL, ?, ?, ?, ?)",
                (nemid_number, digits, password_hash, card_serial, now, now),
            )
            connection.executemany(
                "INSERT INTO code_card_codes (card_serial, key, code_hmac) VALUES (?, ?, ?)",
                [(card_serial, key, digest) for key, digest in pairs],
            )
        return self.record(nemid_number)

    def activate(self, nemid_number: str) -> HoldingRecord:
        """``printing`` -> ``active`` from today; the person's previous active NemID, if any,
        is voided in the same transaction (a replacement). Raises StorageError otherwise."""
        with self._db.transaction() as connection:
            record = self.record(nemid_number)
            self._check_move(record, "active")
            now = to_db_time(self._clock.now())
            connection.execute(
                "UPDATE nemid_holdings SET status = 'voided', status_changed_at = ?"
                " WHERE cpr = (SELECT cpr FROM nemid_holdings WHERE number = ?)"
                " AND status = 'active'",
                (now, nemid_number),
            )
            connection.execute(
                "UPDATE nemid_holdings SET status = 'active', active_since = ?,"
                " status_changed_at = ? WHERE number = ?",
                (to_db_date(self._clock.today()), now, nemid_number),
            )
        return self.record(nemid_number)

    def void(self, nemid_number: str) -> HoldingRecord:
        """``printing`` or ``active`` -> ``voided``; its code card stops working at once.

        Voiding a voided holding is refused (StorageError), so a recovery run can tell.
        """
        with self._db.transaction() as connection:
            self._check_move(self.record(nemid_number), "voided")
            connection.execute(
                "UPDATE nemid_holdings SET status = 'voided', status_changed_at = ?"
                " WHERE number = ?",
                (to_db_time(self._clock.now()), nemid_number),
            )
        return self.record(nemid_number)

    def holdings_in_status(self, status: str) -> list[HoldingRecord]:
        """Every holding in ``status`` (oldest first): ``printing`` ones are left by a crash."""
        if status not in HOLDING_STATUSES:
            raise StorageError(f"unknown NemID status {status!r}")
        rows = self._db.query(
            f"SELECT {_RECORD_COLUMNS} FROM nemid_holdings WHERE status = ?"
            " ORDER BY created_at, number",
            (status,),
        )
        return [_record(row) for row in rows]

    def number_exists(self, nemid_number: str) -> bool:
        """True when the number was ever issued (voided ones included: never reused)."""
        return bool(
            self._db.query_one("SELECT 1 FROM nemid_holdings WHERE number = ?", (nemid_number,))
        )

    def serial_exists(self, card_serial: str) -> bool:
        return bool(
            self._db.query_one("SELECT 1 FROM nemid_holdings WHERE card_serial = ?", (card_serial,))
        )

    def record(self, nemid_number: str) -> HoldingRecord:
        """The holding ``nemid_number``; raises StorageError when there is none."""
        row = self._db.query_one(
            f"SELECT {_RECORD_COLUMNS} FROM nemid_holdings WHERE number = ?", (nemid_number,)
        )
        if row is None:
            raise StorageError(f"no NemID {nemid_number}")
        return _record(row)

    @staticmethod
    def _check_move(record: HoldingRecord, target: str) -> None:
        if target not in TRANSITIONS.get(record.status, ()):
            raise StorageError(f"NemID {record.number} is {record.status}; it cannot be {target}")


_RECORD_COLUMNS = "number, cpr, status, card_serial, active_since, created_at, status_changed_at"


def _record(row: Row) -> HoldingRecord:
    return HoldingRecord(
        number=row[0],
        masked_cpr=mask_cpr(row[1]),
        status=row[2],
        card_serial=row[3],
        active_since=from_db_date(row[4]),
        created_at=from_db_time(row[5]),
        status_changed_at=from_db_time(row[6]),
    )
