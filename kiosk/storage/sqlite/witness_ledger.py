"""The witness ledger: every time a witness vouched for an applicant (R7, R7b).

The vouching limit (at most ``rules.witness_limit`` citizens per witness in
``rules.witness_window_days``) is counted from here, across every kiosk on the database. Both
people are stored as ``cpr_ref`` with the masked CPR for staff; the signature is stored as a
hash with the version of the solemn declaration it was given on.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.clock import Clock
from kiosk.errors import StorageError
from kiosk.rules.witness import VouchingMethod, WitnessLimitReached
from kiosk.storage.cpr_ref import CprPseudonyms
from kiosk.storage.records import VOUCHING_METHODS, Vouching
from kiosk.storage.sqlite.database import Database
from kiosk.storage.timestamps import from_db_time, to_db_time


class SqliteWitnessLedger:
    """The WitnessLedger port over the kiosk database's ``witness_vouchings``."""

    def __init__(self, db: Database, clock: Clock, pseudonyms: CprPseudonyms) -> None:
        self._db = db
        self._clock = clock
        self._pseudonyms = pseudonyms

    def record(
        self,
        witness_cpr: str,
        applicant_cpr: str,
        method: VouchingMethod,
        declaration_version: str,
        signature_hash: str,
    ) -> Vouching:
        """Record one vouching at the clock's time (inside the caller's transaction if any).

        ``signature_hash`` is a hash of the touch signature or of the NemID signing, never the
        signature itself. Raises StorageError for an unknown method or a self-vouching.
        """
        if method not in VOUCHING_METHODS:
            raise StorageError(f"unknown vouching method {method!r}")
        witness_ref = self._pseudonyms.ref(witness_cpr)
        applicant_ref = self._pseudonyms.ref(applicant_cpr)
        if witness_ref == applicant_ref:
            raise StorageError("a witness cannot vouch for themself")  # R7
        now = self._clock.now()
        with self._db.transaction() as connection:
            cursor = connection.execute(
                "INSERT INTO witness_vouchings (witness_ref, witness_masked, applicant_ref,"
                " applicant_masked, method, declaration_version, signature_hash, time)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    witness_ref,
                    self._pseudonyms.masked(witness_cpr),
                    applicant_ref,
                    self._pseudonyms.masked(applicant_cpr),
                    method,
                    declaration_version,
                    signature_hash,
                    to_db_time(now),
                ),
            )
            row_id = int(cursor.lastrowid or 0)
        return Vouching(
            row_id,
            self._pseudonyms.masked(witness_cpr),
            self._pseudonyms.masked(applicant_cpr),
            method,
            declaration_version,
            signature_hash,
            now,
        )

    def record_within_limit(
        self,
        witness_cpr: str,
        applicant_cpr: str,
        method: VouchingMethod,
        declaration_version: str,
        signature_hash: str,
        *,
        since: datetime,
        limit: int,
    ) -> Vouching:
        """R7: :meth:`record` only while the witness has vouched fewer than ``limit`` times since
        ``since``; the count and the insert share one write transaction, so kiosks racing for the
        same witness's last place cannot together pass the limit. Raises WitnessLimitReached.
        """
        with self._db.transaction():
            if self.count_since(witness_cpr, since) >= limit:
                raise WitnessLimitReached(f"the witness has vouched {limit} times since {since}")
            return self.record(
                witness_cpr, applicant_cpr, method, declaration_version, signature_hash
            )

    def count_since(self, witness_cpr: str, since: datetime) -> int:
        """How many citizens this witness vouched for at or after ``since``."""
        row = self._db.query_one(
            "SELECT count(*) FROM witness_vouchings WHERE witness_ref = ? AND time >= ?",
            (self._pseudonyms.ref(witness_cpr), to_db_time(since)),
        )
        return int(row[0]) if row else 0

    def vouchings_by(self, witness_cpr: str) -> list[Vouching]:
        rows = self._db.query(
            "SELECT id, witness_masked, applicant_masked, method, declaration_version,"
            " signature_hash, time FROM witness_vouchings WHERE witness_ref = ? ORDER BY time",
            (self._pseudonyms.ref(witness_cpr),),
        )
        return [
            Vouching(row[0], row[1], row[2], row[3], row[4], row[5], from_db_time(row[6]))
            for row in rows
        ]
