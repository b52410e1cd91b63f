"""Where issuance keeps its state: the authority's credential registry and this kiosk's journal.

:class:`CredentialRegistry` is the part of the NemID authority the issuance transaction needs
(reserve as ``printing``, activate, void, uniqueness checks, the code-HMAC key); the embedded
implementation adapts the authority's holdings (``kiosk.storage.repositories.NemIdHoldings``).
:class:`IssuanceJournal` is the kiosk database's ``credential_issuances`` table: one row per
credential this kiosk began, with its owner (``kiosk_id``), channel, which parts were delivered
whole, and the outcome. It holds no CPR number (``cpr_ref`` and the masked form only), no
password and no code.
"""

from __future__ import annotations

from typing import Protocol

from kiosk.clock import Clock
from kiosk.issuance.credentials import StoredSecrets
from kiosk.storage.repositories import NemIdHoldings
from kiosk.storage.sqlite.database import Database
from kiosk.storage.timestamps import to_db_time

PART_COLUMNS = {"password": "password_delivered", "code_card": "code_card_delivered"}
OPEN_STATUS = "reserved"
FINAL_STATUSES = ("activated", "voided")
PRINTING = "printing"


class CredentialRegistry(Protocol):
    def number_exists(self, number: str) -> bool: ...

    def serial_exists(self, serial: str) -> bool: ...

    def code_key(self) -> bytes:
        """The secret key of the code HMACs (the authority's)."""

    def reserve(self, cpr: str, number: str, card_serial: str, hashed: StoredSecrets) -> None:
        """Store a new credential as ``printing``; only hashes are given."""

    def activate(self, number: str) -> None: ...

    def void(self, number: str) -> None: ...

    def numbers_in_status(self, status: str) -> list[str]: ...

    def status_of(self, number: str) -> str | None: ...


class IssuanceJournal:
    """The ``credential_issuances`` rows of one kiosk database, written as ``kiosk_id``."""

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


class AuthorityCredentials:
    """:class:`CredentialRegistry` over the authority's NemIdHoldings (a thin adapter).

    It narrows the authority's issuing calls to what issuance needs and makes ``void``
    idempotent (the authority refuses to void a voided holding; recovery may ask twice).
    """

    def __init__(self, authority: NemIdHoldings) -> None:
        self._authority = authority

    def number_exists(self, number: str) -> bool:
        return self._authority.number_exists(number)

    def serial_exists(self, serial: str) -> bool:
        return self._authority.serial_exists(serial)

    def code_key(self) -> bytes:
        return self._authority.code_key

    def reserve(self, cpr: str, number: str, card_serial: str, hashed: StoredSecrets) -> None:
        self._authority.reserve(cpr, number, hashed.password_hash, card_serial, hashed.code_hashes)

    def activate(self, number: str) -> None:
        self._authority.activate(number)

    def void(self, number: str) -> None:
        """``printing`` -> ``voided``; an unknown, active or voided number is left alone."""
        if self.status_of(number) == PRINTING:
            self._authority.void(number)

    def numbers_in_status(self, status: str) -> list[str]:
        return [record.number for record in self._authority.holdings_in_status(status)]

    def status_of(self, number: str) -> str | None:
        if not self._authority.number_exists(number):
            return None
        return self._authority.record(number).status
