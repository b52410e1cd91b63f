"""``SqliteIssuanceJournal``: the IssuanceJournal port over the kiosk's ``credential_issuances``.

One row per credential this kiosk began, with its owner (``kiosk_id``), channel, which parts
were delivered whole, and the outcome (``reserved`` -> ``activated`` or ``voided``). It holds
no CPR number (``cpr_ref`` and the masked form only), no password and no code. Each write joins
the caller's transaction when there is one (the unit of work of the issuance transaction).
"""

from __future__ import annotations

from kiosk.clock import Clock
from kiosk.storage.sqlite.database import Database
from kiosk.storage.timestamps import to_db_time

PART_COLUMNS = {"password": "password_delivered", "code_card": "code_card_delivered"}
OPEN_STATUS = "reserved"
FINAL_STATUSES = ("activated", "voided")


class SqliteIssuanceJournal:
    """The IssuanceJournal port: ``credential_issuances`` rows, written as ``kiosk_id``."""

    def __init__(self, db: Database, clock: Clock, kiosk_id: str) -> None:
        self._db = db
        self._clock = clock
        self._kiosk_id = kiosk_id

    def open(
        self, number: str, card_serial: str, cpr_ref: str, masked_cpr: str, channel: str
    ) -> None:
        now = to_db_time(self._clock.now())
        with self._db.transaction() as connection:
            connection.execute(
                "INSERT INTO credential_issuances (nemid_number, card_serial, kiosk_id, cpr_ref,"
                " masked_cpr, channel, status, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    *(number, card_serial, self._kiosk_id, cpr_ref, masked_cpr, channel),
                    *(OPEN_STATUS, now, now),
                ),
            )

    def mark(self, number: str, part: str) -> None:
        """Record that ``part`` ("password" or "code_card") was delivered whole."""
        column = PART_COLUMNS[part]
        with self._db.transaction() as connection:
            connection.execute(
                f"UPDATE credential_issuances SET {column} = 1, updated_at = ?"
                " WHERE nemid_number = ?",
                (to_db_time(self._clock.now()), number),
            )

    def set_status(self, number: str, status: str, reason: str | None = None) -> None:
        with self._db.transaction() as connection:
            connection.execute(
                "UPDATE credential_issuances SET status = ?, void_reason = ?, updated_at = ?"
                " WHERE nemid_number = ?",
                (status, reason, to_db_time(self._clock.now()), number),
            )

    def exists(self, number: str) -> bool:
        return (
            self._db.query_one(
                "SELECT 1 FROM credential_issuances WHERE nemid_number = ?", (number,)
            )
            is not None
        )

    def serial_exists(self, serial: str) -> bool:
        row = self._db.query_one(
            "SELECT 1 FROM credential_issuances WHERE card_serial = ?", (serial,)
        )
        return row is not None

    def owner(self, number: str) -> str | None:
        row = self._db.query_one(
            "SELECT kiosk_id FROM credential_issuances WHERE nemid_number = ?", (number,)
        )
        return None if row is None else str(row[0])

    def unfinished(self, kiosk_id: str) -> list[str]:
        rows = self._db.query(
            "SELECT nemid_number FROM credential_issuances WHERE kiosk_id = ?"
            " AND status NOT IN (?, ?) ORDER BY created_at",
            (kiosk_id, *FINAL_STATUSES),
        )
        return [str(row[0]) for row in rows]

    def delivered(self, number: str) -> tuple[bool, bool]:
        """(password delivered whole, code card delivered whole)."""
        row = self._db.query_one(
            "SELECT password_delivered, code_card_delivered FROM credential_issuances"
            " WHERE nemid_number = ?",
            (number,),
        )
        return (False, False) if row is None else (bool(row[0]), bool(row[1]))
